"""Score the project's readers on the red-team set: `python tests/redteam/score.py [-v] [FAMILY_OR_FILE ...]`.

For every `tests/redteam/<family>/<case>.<ext>` with a `<case>.expected.jsonl` beside it, the file is read the
way `interview-dataset parse --format auto` reads it (the transcript is decoded with the package's decoder and
given to `interview_dataset.readers.read_transcript` with no format), and the turns are compared with the
expected ones. A file is *exact* when it has the same number of turns, the same speakers and the same text
once whitespace runs (no-break spaces included) are collapsed to one space. Start/end times are compared
separately (to 0.01 s), only for expected turns that carry them. Prints per file and per family figures;
exit status 0 whatever the score (this is a measurement, not a test).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # the repository root, so the working tree's package is scored

TIME_TOLERANCE = 0.01


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def read_with_package(path: Path) -> list[dict]:
    """The turns the package reads from `path`, as `parse --format auto` would; raises on refusal."""
    from interview_dataset.readers import read_transcript

    data = path.read_bytes()
    try:
        from interview_dataset.compile import decode_transcript
    except ImportError:  # the decoder moved: fall back to plain strict UTF-8 with the BOM removed
        text = data.decode("utf-8-sig")
    else:
        text = decode_transcript(data, path)
    parsed = read_transcript(text, None)
    return [
        {"speaker": s.speaker, "text": s.text, "start": s.start_seconds, "end": s.end_seconds} for s in parsed.segments
    ]


def cases(selectors: list[str]) -> list[tuple[str, Path, Path]]:
    found = []
    for expected in sorted(HERE.glob("*/*.expected.jsonl")):
        family = expected.parent.name
        if family.startswith("_"):
            continue
        stem = expected.name[: -len(".expected.jsonl")]
        sources = [p for p in expected.parent.glob(stem + ".*") if not p.name.endswith(".expected.jsonl")]
        if len(sources) != 1:
            raise SystemExit(f"{expected}: expected exactly one source file beside it, found {sources}")
        if selectors and not any(s in (family, stem, sources[0].name, str(sources[0])) for s in selectors):
            continue
        found.append((family, sources[0], expected))
    return found


def compare(got: list[dict], want: list[dict]) -> tuple[str | None, int]:
    """(first difference or None, number of time mismatches)."""
    problem = None
    if len(got) != len(want):
        problem = f"{len(got)} turns, expected {len(want)}"
    for i, (g, w) in enumerate(zip(got, want, strict=False)):
        if problem is None and g["speaker"] != w["speaker"]:
            problem = f"turn {i + 1}: speaker {g['speaker']!r}, expected {w['speaker']!r}"
        elif problem is None and collapse(g["text"]) != collapse(w["text"]):
            a, b = collapse(g["text"]), collapse(w["text"])
            k = next((j for j in range(min(len(a), len(b))) if a[j] != b[j]), min(len(a), len(b)))
            problem = f"turn {i + 1} ({w['speaker']}): text differs at char {k}: {a[k : k + 50]!r} vs {b[k : k + 50]!r}"
    time_misses = 0
    for g, w in zip(got, want, strict=False):
        for key in ("start", "end"):
            if key in w and (g.get(key) is None or abs(float(g[key]) - w[key]) > TIME_TOLERANCE):
                time_misses += 1
    return problem, time_misses


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("selectors", nargs="*", help="families, case names or files to score (default: all)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every file's result")
    args = ap.parse_args(argv)
    per_family: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # exact, total, files with time misses
    for family, source, expected in cases(args.selectors):
        want = [json.loads(line) for line in expected.read_text(encoding="utf-8").splitlines() if line.strip()]
        try:
            got = read_with_package(source)
        except Exception as exc:  # a refusal or a crash is a miss, reported with its message
            problem, time_misses = f"refused: {type(exc).__name__}: {getattr(exc, 'message', exc)}", 0
        else:
            problem, time_misses = compare(got, want)
        stats = per_family[family]
        stats[1] += 1
        stats[0] += problem is None
        stats[2] += time_misses > 0
        if args.verbose or problem or time_misses:
            status = "exact" if problem is None else "MISS "
            times = f" [{time_misses} start/end mismatches]" if time_misses else ""
            print(f"{status} {family}/{source.name}{times}" + (f": {problem}" if problem else ""))
    print()
    print(f"{'family':<10} {'exact':>5} / {'total':<5} files with start/end mismatches")
    total = [0, 0, 0]
    for family in sorted(per_family):
        exact, n, timed = per_family[family]
        total = [total[0] + exact, total[1] + n, total[2] + timed]
        print(f"{family:<10} {exact:>5} / {n:<5} {timed}")
    print(f"{'all':<10} {total[0]:>5} / {total[1]:<5} {total[2]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
