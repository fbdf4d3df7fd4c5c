"""The command line: a thin layer that parses arguments and calls the library.

Exit codes: 0 success; 1 findings (lint findings, stale generated files, a tampered dist);
2 bad input (the message names the file, the line and the fix); 3 an unexpected internal error;
4 the environment refused (a full disk, a read-only folder, a permission error; the dask engine's
missing install or unreachable scheduler): the message names the path or the address and what to do.
Output piped into a command that stops reading (`| head`) ends quietly.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import sys
import traceback
from pathlib import Path

from .errors import DatasetError, EngineError

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_ENVIRONMENT = 0, 1, 2, 3, 4

#: OS errors that are the environment's doing, not a bug: what happened, and what to do about it.
_ENVIRONMENT_ERRORS = {
    errno.ENOSPC: (
        "the disk is full",
        "free disk space (the build needs room for a second copy of dist/), then run again",
    ),
    errno.EDQUOT: ("the disk quota is exceeded", "free space within your quota, then run again"),
    errno.EROFS: ("the file system is read-only", "run from a writable copy of the project (see --root)"),
    errno.EACCES: ("permission denied", "make the folder writable for your user, or run from a copy you own (--root)"),
    errno.EPERM: (
        "operation not permitted",
        "make the folder writable for your user, or run from a copy you own (--root)",
    ),
}
#: The same errors as some libraries (pyarrow) report them: a message without an errno.
_ENVIRONMENT_MESSAGES = {
    "No space left on device": errno.ENOSPC,
    "Disk quota exceeded": errno.EDQUOT,
    "Read-only file system": errno.EROFS,
    "Permission denied": errno.EACCES,
    "Operation not permitted": errno.EPERM,
}


def environment_error(exc: BaseException, folder: str | Path | None = None) -> str | None:
    """A message for an OS error caused by the environment (full disk, read-only, permissions), else None.

    The path is the error's own; an error without one (a write to an open file) names `folder`, the
    folder the command was writing in."""
    if not isinstance(exc, OSError):
        return None
    code = exc.errno if exc.errno in _ENVIRONMENT_ERRORS else None
    if code is None:
        text = str(exc)
        code = next((c for m, c in _ENVIRONMENT_MESSAGES.items() if m in text), None)
    if code is None:
        return None
    what, fix = _ENVIRONMENT_ERRORS[code]
    path = exc.filename or _path_in_message(str(exc)) or folder
    where = f"{path}: " if path else ""
    return f"{where}{what}\n  how to fix: {fix}"


def _path_in_message(text: str) -> str | None:
    """pyarrow puts the path in its message ("Failed to open local file '/x/y'. Detail: ...")."""
    start = text.find("'")
    end = text.find("'", start + 1)
    return text[start + 1 : end] if 0 <= start < end else None


def _stdout_gone() -> None:
    """The reader of our output has gone (`| head`): send the rest to /dev/null and end quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _project_paths(args) -> tuple[Path, Path, Path]:
    root = Path(args.root).resolve()
    return root / "raw", root / "dist", root / "DATASET_CARD.md"


def cmd_build(args) -> int:
    from .pipeline import BuildOptions, build_dataset

    raw, dist, card = _project_paths(args)
    options = BuildOptions(
        allow_draft=args.allow_draft,
        workers=args.workers or (os.cpu_count() or 1),
        engine=args.engine,
        scheduler=args.scheduler,
        progress=not args.quiet and sys.stderr.isatty(),  # no progress bar in captured logs
    )
    result = build_dataset(raw, dist, options, card_path=card)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if not args.quiet:
        print(
            f"built {result.dist}: {result.interviews} interview(s), {result.turns} turns "
            f"in {result.timings['total']:.2f} s; card written to {card.name}"
        )
    return EXIT_OK


def cmd_check(args) -> int:
    from .check import check_generated_files

    raw, _, card = _project_paths(args)
    differences = check_generated_files(Path(args.root).resolve())
    if differences:
        for d in differences:
            print(f"stale: {d}", file=sys.stderr)
        print("run `python build.py` and commit the regenerated files", file=sys.stderr)
        return EXIT_FINDINGS
    if not args.quiet:
        print("generated files are up to date")
    return EXIT_OK


def cmd_lint(args) -> int:
    from .pipeline import BuildOptions, describe_raw

    raw, _, _ = _project_paths(args)
    _, findings = describe_raw(raw, BuildOptions(allow_draft=True))  # the build's stream, in a temporary folder
    for f in findings:
        print(f.render())
    print(f"{len(findings)} finding(s)", file=sys.stderr)
    return EXIT_FINDINGS if findings else EXIT_OK


def cmd_parse(args) -> int:
    from .compile import check_line_lengths, decode_transcript
    from .errors import problem_from_reader_error
    from .readers import TEXT_CONTAINERS, TranscriptFormatError, read_with, resolve_reading
    from .readers.explain import render

    path = Path(args.file)
    if not path.is_file():
        raise DatasetError.at(path, "file not found", "give the path of a transcript file")
    text = decode_transcript(path.read_bytes(), path, check_lines=False)
    try:
        reading = resolve_reading(text, args.format, args.grammar)
        if reading.container in TEXT_CONTAINERS:
            check_line_lengths(text, path)
        parsed = read_with(text, reading)
    except TranscriptFormatError as exc:
        raise problem_from_reader_error(exc, path) from None
    out = sys.stdout
    if args.explain:
        out.write(render(str(path), text, parsed))
        return EXIT_OK
    for seg in parsed.segments:
        row = {"speaker": seg.speaker, "text": seg.text}
        if seg.start_seconds is not None:
            row["start"] = seg.start_seconds
            row["end"] = seg.end_seconds
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(
        f"{path}: format {parsed.format}, {len(parsed.segments)} turns, {len(parsed.skipped)} non-speech lines skipped"
        + "".join(f"\nnote: {n}" for n in parsed.notes),
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_stats(args) -> int:
    from .pipeline import BuildOptions, describe_raw

    raw, _, _ = _project_paths(args)
    stats, _ = describe_raw(raw, BuildOptions(allow_draft=True))  # the build's stream, in a temporary folder
    print(json.dumps(stats.as_json(), indent=2, ensure_ascii=False))
    return EXIT_OK


def cmd_evaluate(args) -> int:
    from .evaluate import load_gold, load_predictions, score, summary

    _, dist, _ = _project_paths(args)
    folder = Path(args.dist).resolve() if args.dist else dist
    gold = load_gold(folder, split=args.split, include_automatic=args.include_automatic, ner_rows=args.task == "ner")
    scheme = None if args.scheme == "auto" else args.scheme
    predictions = load_predictions(Path(args.predictions), args.task, gold, scheme=scheme)
    result = score(args.task, gold, predictions)
    result.update(split=gold.split, gold_only=not gold.include_automatic, ignored_lines=predictions.ignored)
    if args.json:
        print(json.dumps(result, indent=2, sort_keys=True))
    else:
        print(summary(result, gold, predictions))
    return EXIT_OK


def cmd_validate(args) -> int:
    from .published import validate_dist

    problems = validate_dist(Path(args.dist))
    for p in problems:
        print(p.render(), file=sys.stderr)
    if problems:
        print(f"{args.dist}: {len(problems)} problem(s)", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"{args.dist}: valid")
    return EXIT_OK


def cmd_new(args) -> int:
    from .scaffold import scaffold_interview

    raw, _, _ = _project_paths(args)
    folder = scaffold_interview(
        Path(args.file), args.id, raw, format=args.format, language=args.language, grammar=args.grammar
    )
    print(
        f"created {folder}: fill in every TODO in metadata.yaml, review annotations.yaml and set `status: gold`, "
        "then run the build (see docs/adding-an-interview.md)"
    )
    return EXIT_OK


def cmd_review(args) -> int:
    from .review import write_review

    raw, _, _ = _project_paths(args)
    out = Path(args.out) if args.out else Path(args.root).resolve() / "review" / f"{args.id}.html"
    result = write_review(raw, args.id, out)
    print(
        f"wrote {result.path}: {result.turns} turns, {result.entities} entities, "
        f"{result.findings} lint finding(s), annotations {result.status}"
    )
    return EXIT_OK


def _global_options(parser: argparse.ArgumentParser, defaults: bool) -> None:
    """--debug and --root, accepted before the command and after it (`python build.py --root X`)."""
    kw = {} if defaults else {"default": argparse.SUPPRESS}
    parser.add_argument("--debug", action="store_true", help="show tracebacks", **kw)
    parser.add_argument(
        "--root", help="project root holding raw/ (default: current folder)", **({"default": "."} if defaults else kw)
    )


#: `schema.SPLITS`, repeated so that `--help` and argument parsing import no pydantic model
#: (tests/test_startup.py checks they agree).
SPLITS = ("train", "validation", "test")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="interview-dataset", description="Compile interview transcripts into a validated, benchmark-ready dataset."
    )
    _global_options(parser, defaults=True)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="build dist/ from raw/ and write DATASET_CARD.md")
    p.add_argument(
        "--allow-draft", action="store_true", help="publish draft (machine-proposed) annotations, marked `automatic`"
    )
    p.add_argument("--workers", type=int, default=0, help="worker processes on this machine (default: the CPU count)")
    p.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="where interviews are compiled: local processes (default) or Dask distributed (extra `[dask]`)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="the Dask scheduler, e.g. tcp://10.0.0.5:8786 (--engine dask; default: a local cluster of --workers)",
    )
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("check", help="fail if committed generated files (DATASET_CARD.md) are stale")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("lint", help="check annotation consistency across the corpus")
    p.set_defaults(func=cmd_lint)

    p = sub.add_parser("parse", help="print a transcript's turns as JSON lines")
    p.add_argument("file")
    p.add_argument("--format", default=None, help="reader to use (default: detect)")
    p.add_argument(
        "--grammar", default=None, help="label grammar to read the speakers with (default: the format's, or detect)"
    )
    p.add_argument(
        "--explain", action="store_true", help="for every source line, what it became (turn, label, non-speech, ...)"
    )
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("stats", help="print corpus statistics as JSON")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("evaluate", help="score predictions against the gold of a published folder")
    p.add_argument("--task", required=True, choices=["ner", "topics", "role"])
    p.add_argument(
        "--predictions", required=True, help="JSON lines: one object per turn, or (ner) token tags per `ner` row"
    )
    p.add_argument(
        "--dist", default=None, help="the published Hugging Face folder, e.g. a downloaded copy (default: dist/hf)"
    )
    p.add_argument("--split", default="test", choices=[*SPLITS, "all"], help="what is scored (default: test)")
    p.add_argument("--include-automatic", action="store_true", help="also score automatic (unreviewed) turns")
    p.add_argument(
        "--scheme", default="auto", choices=["auto", "ontonotes", "conll"], help="NER labels (default: recognised)"
    )
    p.add_argument("--json", action="store_true", help="print the full result as JSON (per-label scores)")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("validate", help="re-check a published folder: schema, offsets, checksums, card")
    p.add_argument("dist", help="the published Hugging Face folder (dist/hf or a copy of it), or dist/")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("new", help="scaffold raw/<id>/ from a transcript, with draft annotations")
    p.add_argument("file")
    p.add_argument("--id", required=True)
    p.add_argument("--format", default=None, help="reader to use (default: detect)")
    p.add_argument(
        "--grammar", default=None, help="label grammar to read the speakers with (default: the format's, or detect)"
    )
    p.add_argument("--language", default=None, help="BCP-47 code of the text, e.g. en (default: left as a TODO)")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("review", help="write one interview as a self-contained HTML page for review")
    p.add_argument("id", help="the interview's id (its folder under raw/)")
    p.add_argument("--out", default=None, help="output file (default: review/ID.html under the project root)")
    p.set_defaults(func=cmd_review)

    for command_parser in sub.choices.values():
        _global_options(command_parser, defaults=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if getattr(args, "scheduler", None) and args.engine != "dask":
        parser.error("--scheduler ADDRESS needs --engine dask")
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except BrokenPipeError:
        _stdout_gone()
        return EXIT_OK
    except DatasetError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"error: {exc.render()}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except EngineError as exc:  # the engine cannot run here (a missing install, an unreachable scheduler)
        if args.debug:
            traceback.print_exc()
        print(f"error: {exc.render()}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # an internal error: say so plainly, traceback with --debug
        message = environment_error(exc, Path(args.root).resolve())
        if message is not None:
            if args.debug:
                traceback.print_exc()
            print(f"error: {message}", file=sys.stderr)
            return EXIT_ENVIRONMENT
        if args.debug:
            traceback.print_exc()
        print(
            f"internal error: {type(exc).__name__}: {exc}\n(run with --debug for the traceback, and please report it)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
