"""Every ```python block of the generated data card (and of README.md, if it has any) runs
without error, offline, from a folder holding a freshly built `dist/`.

The blocks of one document run in order in one interpreter with a shared namespace, like a
notebook, so a later block may use what an earlier one defined.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from interview_dataset.pipeline import CARD_FILE, BuildOptions, build_dataset

ROOT = Path(__file__).resolve().parents[1]
#: The corpus to build; overridable to try the tests on another raw/ folder.
RAW = Path(os.environ.get("INTERVIEW_DATASET_TEST_RAW", ROOT / "raw"))
FENCE = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)
RUNNER = r"""
import json, sys, traceback
blocks = json.loads(sys.stdin.read())
namespace = {"__name__": "__main__"}
for number, block in enumerate(blocks, start=1):
    try:
        exec(compile(block, f"<python block {number}>", "exec"), namespace)
    except BaseException:
        print(f"python block {number} of {len(blocks)} failed:\n{block}", file=sys.stderr)
        traceback.print_exc()
        sys.exit(1)
"""


def python_blocks(markdown: str) -> list[str]:
    return [m.group(1) for m in FENCE.finditer(markdown)]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A folder holding a built `dist/` (and the card written beside it)."""
    work = tmp_path_factory.mktemp("snippets")
    build_dataset(RAW, work / "dist", BuildOptions(), card_path=work / CARD_FILE)
    return work


def run_blocks(blocks: list[str], cwd: Path, python: str = sys.executable) -> subprocess.CompletedProcess:
    """Run the blocks in order in one interpreter (`python`: another environment's, for old stacks)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGINGFACE_"))}
    env.update(
        HF_DATASETS_OFFLINE="1",
        HF_HUB_OFFLINE="1",
        HF_HOME=str(cwd / ".hf-home"),
        HF_DATASETS_CACHE=str(cwd / ".hf-cache"),
        MPLBACKEND="Agg",
        PYTHONUTF8="1",
    )
    return subprocess.run(
        [python, "-c", RUNNER],
        input=json.dumps(blocks),
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_block_extraction():
    text = "intro\n```python\nx = 1\n```\n\n```bash\nls\n```\n```python\nprint(x)\n```\n"
    assert python_blocks(text) == ["x = 1\n", "print(x)\n"]


def test_card_python_blocks_run(workdir):
    blocks = python_blocks((workdir / CARD_FILE).read_text(encoding="utf-8"))
    assert blocks, "the data card has no python example"
    result = run_blocks(blocks, workdir)
    assert result.returncode == 0, result.stderr[-4000:]


def test_readme_python_blocks_run(workdir):
    readme = ROOT / "README.md"
    blocks = python_blocks(readme.read_text(encoding="utf-8"))
    assert blocks, "README.md has no python blocks to run"
    result = run_blocks(blocks, workdir)
    assert result.returncode == 0, result.stderr[-4000:]
