"""Structured, human-readable errors for bad input.

Every problem names the file, the line where there is one, what is wrong and how to fix it,
in the spirit of frictionless' validation reports. Several problems can be collected and
raised together, so a build that finds three bad annotations names all three.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: Longest excerpt of a bad value quoted in a message (a 5 MB value is never echoed whole).
MAX_EXCERPT = 80


def excerpt(value: object, limit: int = MAX_EXCERPT) -> str:
    """`repr` of a value for a message, cut to `limit` characters with `…` (and its length)."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) <= limit:
        return repr(text) if isinstance(value, str) else text
    shown = repr(text[:limit]) if isinstance(value, str) else text[:limit]
    return f"{shown}… ({len(text):,} characters)"


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the closest choice (difflib), or `` when none is close."""
    if not isinstance(value, str) or len(value) > 200:
        return ""
    close = difflib.get_close_matches(value, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: the file to edit, the line, what is wrong, how to fix it,
    and where useful a concrete example of a valid value."""

    file: str
    message: str
    hint: str = ""
    line: int | None = None
    example: str = ""

    def render(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f"\n  how to fix: {self.hint}"
        if self.example:
            text += f"\n  example: {self.example}"
        return text

    def __str__(self) -> str:
        return self.render()


class DatasetError(Exception):
    """Bad input: one or more problems, each with file, line, message and fix.

    The command line prints them and exits with code 2.
    """

    def __init__(self, problems: list[Problem]):
        if not problems:
            raise ValueError("DatasetError needs at least one problem")
        self.problems = list(problems)
        super().__init__(self.render())

    @classmethod
    def at(
        cls, file: str | Path, message: str, hint: str = "", line: int | None = None, example: str = ""
    ) -> DatasetError:
        return cls([Problem(display_path(file), message, hint, line, example)])

    def render(self) -> str:
        head = "" if len(self.problems) == 1 else f"{len(self.problems)} problems:\n"
        return head + "\n".join(p.render() for p in self.problems)


class ProblemCollector:
    """Collects problems so that all of them are reported at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str | Path, message: str, hint: str = "", line: int | None = None, example: str = "") -> None:
        self.problems.append(Problem(display_path(file), message, hint, line, example))

    def extend(self, error: DatasetError) -> None:
        self.problems.extend(error.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise DatasetError(self.problems)


def problem_from_reader_error(
    error,
    transcript: str | Path,
    metadata: str | Path | None = None,
    labels: Iterable[str] = (),
    metadata_line: int | None = None,
) -> DatasetError:
    """A reader's `TranscriptFormatError` as a `DatasetError`: the one place where reader errors
    become Problems. Blamed on the file the user must edit: a speaker label the metadata does not
    declare (or misspells) is fixed in `metadata.yaml` (`labels`: its declared names and aliases),
    never in the transcript, which is kept byte-identical; everything else is reported at the
    transcript's line."""
    message = getattr(error, "message", str(error))
    hint = getattr(error, "hint", "")
    line = getattr(error, "line", None)
    if getattr(error, "detection", False):
        return _detection_problem(error, transcript, metadata, metadata_line)
    if metadata is not None and "metadata" in f"{message} {hint}".lower():
        quoted = re.match(r"^(['\"])(.*?)\1", message)
        label = quoted.group(2) if quoted else ""
        where = f"{display_path(transcript)}:{line}" if line else display_path(transcript)
        return DatasetError.at(
            metadata,
            f"the transcript has a speaker label this file does not declare (at {where}): {message}"
            + did_you_mean(label, labels),
            "correct the spelling of the speaker's `name` or `aliases` here, or add the label to a speaker's "
            "`aliases` (the transcript is never edited)",
            metadata_line,
            example=f"speakers: [{{name: Jane Doe, role: interviewee, aliases: [{label or 'DOE'}]}}]",
        )
    return DatasetError.at(transcript, message, hint, line)


def _detection_problem(error, transcript, metadata, metadata_line) -> DatasetError:
    """Detection refused to choose a format: the fix is a declaration, in metadata.yaml when the
    interview has one (the build), else on the command line (`parse`, `new`)."""
    candidates = getattr(error, "candidates", [])
    if metadata is not None:
        choices = [f"`format: {fmt}`" + (f" and `grammar: {g}`" if g else "") for _, _, fmt, g in candidates]
        if not choices:
            from .readers import FORMATS

            choices = [f"`format: NAME` ({', '.join(sorted(FORMATS))})"]
        return DatasetError.at(
            metadata,
            f"{display_path(transcript)}: {error.message}",
            "declare how to read the transcript under `transcript:` here: "
            + " or ".join(choices)
            + " (README, Transcript formats)",
            metadata_line,
        )
    choices = [f"`--format {fmt}`" + (f" `--grammar {g}`" if g else "") for _, _, fmt, g in candidates]
    if not choices:
        from .readers import FORMATS

        choices = [f"`--format NAME` ({', '.join(sorted(FORMATS))})"]
    return DatasetError.at(
        transcript,
        error.message,
        "choose the reading on the command line: "
        + " or ".join(choices)
        + "; or edit the transcript so its speaker labels follow one layout (README, Transcript formats)",
    )


def read_input_bytes(path: str | Path, what: str, missing_hint: str) -> bytes:
    """The bytes of an input file; DatasetError (not an OSError) when it cannot be read."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise DatasetError.at(path, f"{what} not found", missing_hint) from None
    except OSError as exc:
        raise DatasetError.at(
            path, f"cannot read the {what}: {exc.strerror}", "check the path and its permissions"
        ) from None


def display_path(path: str | Path) -> str:
    """A path as shown in messages: relative to the working directory when it is below it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class EngineError(Exception):
    """The engine cannot run here: a missing optional install, an unreachable scheduler, a worker
    that does not see the same code or the same files. The environment's fault, not the input's
    (the command line exits with code 4); `hint` says what to do."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message, hint)  # both in `args`: the error pickles across processes
        self.message, self.hint = message, hint

    def render(self) -> str:
        return self.message + (f"\n  how to fix: {self.hint}" if self.hint else "")

    def __str__(self) -> str:
        return self.render()
