"""`build.py --check`: build into a temporary place and compare what is committed."""

from __future__ import annotations

import difflib
import tempfile
from pathlib import Path

#: Files the build generates that are committed, and where the build writes them.
GENERATED_COMMITTED = ("DATASET_CARD.md",)


def check_generated_files(root: Path) -> list[str]:
    from .pipeline import BuildOptions, build_dataset

    differences = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        build_dataset(root / "raw", tmp_path / "dist", BuildOptions(), card_path=tmp_path / "DATASET_CARD.md")
        for name in GENERATED_COMMITTED:
            fresh = (tmp_path / name).read_text(encoding="utf-8")
            committed_path = root / name
            if not committed_path.exists():
                differences.append(f"{name} is missing")
                continue
            committed = committed_path.read_text(encoding="utf-8")
            if fresh != committed:
                diff = list(
                    difflib.unified_diff(
                        committed.splitlines(),
                        fresh.splitlines(),
                        f"{name} (committed)",
                        f"{name} (fresh build)",
                        lineterm="",
                        n=1,
                    )
                )
                differences.append(
                    f"{name} differs from a fresh build:\n" + "\n".join(diff[:40]) + ("\n…" if len(diff) > 40 else "")
                )
    return differences
