"""Shared helpers for the per-source expected-turn scripts (no import of interview_dataset)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
REDTEAM = HERE.parent


def mirror(owner_name: str) -> str:
    """The git directory of a fetched snapshot, $REDTEAM_MIRROR/<owner>+<name>/repo (for the make_* scripts)."""
    root = os.environ.get("REDTEAM_MIRROR")
    if not root:
        raise SystemExit("set REDTEAM_MIRROR to the folder holding the snapshots (<owner>+<name>/repo git directories)")
    return str(Path(root) / owner_name.replace("/", "+") / "repo")


def clean(text: str) -> str:
    """Whitespace runs (including no-break spaces) collapsed to one space, paragraphs kept as a blank line."""
    paras = re.split(r"\n\s*\n", text.replace("\u00a0", " ").replace("\u202f", " "))
    paras = [re.sub(r"\s+", " ", p).strip() for p in paras]
    return "\n\n".join(p for p in paras if p)


def write_expected(family: str, case: str, turns: list[dict]) -> Path:
    path = REDTEAM / family / f"{case}.expected.jsonl"
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for turn in turns:
            row = {"speaker": turn["speaker"], "text": clean(turn["text"])}
            for key in ("start", "end"):
                if turn.get(key) is not None:
                    row[key] = round(float(turn[key]), 3)
            if not row["text"]:
                raise ValueError(f"{case}: empty turn {turn}")
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def write_excerpt(family: str, case: str, ext: str, data: bytes) -> Path:
    path = REDTEAM / family / f"{case}.{ext}"
    path.write_bytes(data)
    return path
