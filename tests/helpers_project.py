"""Small, self-contained project trees for tests that run the build end to end.

A project is `<root>/raw/` with one or more copies of the seed interview (its metadata and
transcript, copied from the repository), a tiny taxonomy and tiny annotations written here, so
the tests do not depend on the real (still evolving) taxonomy and annotations.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED_ID = "bilous-talaver-2026"
SEED_DIR = REPO / "raw" / SEED_ID
TRANSCRIPT = "000_e6669b1306f91eec.txt"

TAXONOMY_YAML = """\
# A tiny taxonomy for tests.
version: 1.0.0
categories:
  - id: war-military
    label: War and the military
  - id: civilians
    label: Civilians
topics:
  - id: soldiers-and-army-life
    label: Soldiers and army life
    category: war-military
    definition: The experience of serving soldiers.
  - id: energy-infrastructure
    label: Energy infrastructure
    category: civilians
    definition: Attacks on power plants and the grid.
"""

#: Line numbers below are used by the tests: keep them in sync when editing.
ANNOTATIONS_YAML = """\
status: gold
taxonomy_version: 1.0.0
introduction:
  entities:
    - Sasha Talaver: PERSON
turns:
  0:
    topics: [soldiers-and-army-life]
  1:
    topics: [soldiers-and-army-life]
    entities:
      - Kyiv: GPE
  2:
    topics: [energy-infrastructure]
    entities:
      - Kyiv: GPE
      - Russian: NORP
""" + "".join(f"  {i}:\n    topics: [soldiers-and-army-life]\n" for i in range(3, 48))
#: Gold means reviewed: every one of the seed's 48 turns has topics (turns 3-47 follow turn 2).
ANN_LINE = {
    "status": 1,
    "taxonomy_version": 2,
    "turn0": 7,
    "turn0_topics": 8,
    "turn1_kyiv": 12,
    "turn2_topics": 14,
    "turn2_russian": 17,
}


def make_project(root: Path, ids: tuple[str, ...] = (SEED_ID,), annotations: bool = True) -> Path:
    """A project at `root` with the seed interview copied under each id in `ids`."""
    raw = root / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    (raw / "taxonomy.yaml").write_text(TAXONOMY_YAML, encoding="utf-8")
    metadata = (SEED_DIR / "metadata.yaml").read_text(encoding="utf-8")
    for interview_id in ids:
        folder = raw / interview_id
        folder.mkdir()
        shutil.copyfile(SEED_DIR / TRANSCRIPT, folder / TRANSCRIPT)
        text = re.sub(r"(?m)^id: .*$", f"id: {interview_id}", metadata, count=1)
        (folder / "metadata.yaml").write_text(text, encoding="utf-8")
        if annotations:
            (folder / "annotations.yaml").write_text(ANNOTATIONS_YAML, encoding="utf-8")
    return root


def interview_dir(root: Path, interview_id: str = SEED_ID) -> Path:
    return root / "raw" / interview_id


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("HF_DATASETS_OFFLINE", "1")
    env.setdefault("HF_HUB_OFFLINE", "1")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def cli_command(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "interview_dataset.cli", "--root", str(root), *args]


def run_cli(root: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the command line as a user would, from the project root."""
    return subprocess.run(
        cli_command(root, *args), capture_output=True, text=True, cwd=root, env=cli_env(), timeout=timeout
    )


def build(root: Path, *extra: str) -> subprocess.CompletedProcess:
    result = run_cli(root, "build", "--quiet", "--workers", "1", *extra)
    assert result.returncode == 0, result.stderr
    return result


def tree_hashes(root: Path) -> dict[str, str]:
    """SHA-256 of every file below `root`, by relative path (empty folders listed too)."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if p.is_file():
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
        elif p.is_dir() and not any(p.iterdir()):
            out[rel] = "<empty dir>"
    return out


def set_transcript(root: Path, data: bytes, interview_id: str = SEED_ID, update_hash: bool = True) -> Path:
    """Replace the transcript's bytes (and, by default, the SHA-256 recorded in the metadata)."""
    folder = interview_dir(root, interview_id)
    path = folder / TRANSCRIPT
    path.write_bytes(data)
    if update_hash:
        set_recorded_hash(folder, hashlib.sha256(data).hexdigest())
    return path


def set_recorded_hash(folder: Path, digest: str) -> None:
    meta = folder / "metadata.yaml"
    text = meta.read_text(encoding="utf-8")
    new, n = re.subn(r"(?m)^(\s+sha256:\s*)[0-9a-f]{64}\s*$", lambda m: m.group(1) + digest, text)
    assert n == 1, "metadata.yaml has no transcript.sha256 line"
    meta.write_text(new, encoding="utf-8")


def transcript_text(root: Path, interview_id: str = SEED_ID) -> str:
    return (interview_dir(root, interview_id) / TRANSCRIPT).read_text(encoding="utf-8")


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line number of the nth line equal to `needle` (after stripping)."""
    seen = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip() == needle:
            seen += 1
            if seen == nth:
                return number
    raise AssertionError(f"no line {needle!r} (#{nth})")


def replace_line(text: str, number: int, new: str) -> str:
    lines = text.split("\n")
    lines[number - 1] = new
    return "\n".join(lines)


def edit_file(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def file_line(path: Path, needle: str) -> int:
    """1-based line of the first line of a file that contains `needle`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")
