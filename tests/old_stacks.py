#!/usr/bin/env python3
"""Older software stacks, each in an environment of its own (run by CI and by `make`):

- `readers`: the README's and the card's Python snippets run against the built `dist/` with the
  oldest `datasets` releases the README promises (3.x and 4.x; the lock has 5.x), as a researcher's
  own environment would have them.
- `build`: the build runs with the lowest version of every runtime dependency that pyproject.toml's
  ranges allow, so the ranges are known to work, not guessed. Its output is not compared byte for
  byte with the lock's (versions change bytes; the lock, constraints.txt, is what keeps them).

Usage: python tests/old_stacks.py readers|build   (from the project root; needs network access to
the package index for the installs, and for `readers` a built dist/).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

#: The oldest `datasets` of each supported major release (the README's promise: 3.x to 5.x).
READER_STACKS = {
    "datasets-3": ["datasets==3.0.0", "pandas", "polars", "duckdb"],
    "datasets-4": ["datasets==4.0.0", "pandas", "polars", "duckdb"],
}


def make_venv(name: str, requirements: list[str]) -> Path:
    venv = ROOT / f".venv-old-{name}"
    python = venv / "bin" / "python"
    stamp = venv / ".installed"
    wanted = "\n".join(requirements)
    if not (stamp.is_file() and stamp.read_text() == wanted):
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run(pip + requirements, check=True)
        stamp.write_text(wanted)
    return python


def readers() -> int:
    from test_snippets import python_blocks, run_blocks

    dist = ROOT / "dist" / "hf"
    if not (dist / "README.md").is_file():
        print("dist/hf is missing: run `make build` first", file=sys.stderr)
        return 2
    documents = {"README.md": ROOT / "README.md", "DATASET_CARD.md": ROOT / "DATASET_CARD.md"}
    failed = 0
    for name, requirements in READER_STACKS.items():
        python = make_venv(name, requirements)
        version = subprocess.run(
            [str(python), "-c", "import datasets; print(datasets.__version__)"], capture_output=True, text=True
        ).stdout.strip()
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            shutil.copytree(dist, work / "dist" / "hf")
            for doc, path in documents.items():
                result = run_blocks(python_blocks(path.read_text(encoding="utf-8")), work, python=str(python))
                status = "ok" if result.returncode == 0 else "FAILED"
                print(f"datasets {version}: {doc} snippets {status}")
                if result.returncode:
                    print(result.stderr[-4000:], file=sys.stderr)
                    failed += 1
    print(f"{len(READER_STACKS) * len(documents) - failed} passed, {failed} failed")
    return 1 if failed else 0


def lowest_requirements() -> list[str]:
    """`name==lower bound` for every runtime dependency (the lowest that its range allows)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = []
    for requirement in project["dependencies"]:
        match = re.match(r"^([A-Za-z0-9_.-]+)\s*>=\s*([0-9][^,;\s]*)", requirement)
        if not match:
            raise SystemExit(f"pyproject.toml: {requirement!r} has no lower bound (write NAME>=VERSION)")
        pins.append(f"{match.group(1)}=={match.group(2)}")
    return pins


def build() -> int:
    python = make_venv("lowest", lowest_requirements())
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "-e", str(ROOT)], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "raw", root / "raw")
        shutil.copytree(ROOT / "docs", root / "docs")
        result = subprocess.run(
            [str(python), str(ROOT / "build.py"), "--root", str(root), "--workers", "2", "--quiet"], cwd=root
        )
        if result.returncode == 0:
            result = subprocess.run([str(python), "-m", "interview_dataset.cli", "validate", str(root / "dist" / "hf")])
    versions = subprocess.run([str(python), "-m", "pip", "freeze"], capture_output=True, text=True).stdout
    wanted = {r.split("==")[0].lower().replace("_", "-") for r in lowest_requirements()}
    print(
        "lowest stack:", ", ".join(v for v in versions.split() if v.split("==")[0].lower().replace("_", "-") in wanted)
    )
    print("1 passed, 0 failed" if result.returncode == 0 else "0 passed, 1 failed")
    return result.returncode


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in {"readers", "build"}:
        raise SystemExit(__doc__)
    sys.exit(readers() if sys.argv[1] == "readers" else build())
