"""Structured, human-readable errors for bad input.

Every problem names the file, the line where there is one, what is wrong and how to fix it,
in the spirit of frictionless' validation reports. Several problems can be collected and
raised together, so a build that finds three bad annotations names all three.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input."""

    file: str
    message: str
    hint: str = ""
    line: int | None = None

    def render(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f"\n  how to fix: {self.hint}"
        return text


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
    def at(cls, file: str | Path, message: str, hint: str = "", line: int | None = None) -> DatasetError:
        return cls([Problem(display_path(file), message, hint, line)])

    def render(self) -> str:
        head = "" if len(self.problems) == 1 else f"{len(self.problems)} problems:\n"
        return head + "\n".join(p.render() for p in self.problems)


class ProblemCollector:
    """Collects problems so that all of them are reported at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str | Path, message: str, hint: str = "", line: int | None = None) -> None:
        self.problems.append(Problem(display_path(file), message, hint, line))

    def extend(self, error: DatasetError) -> None:
        self.problems.extend(error.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise DatasetError(self.problems)


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
