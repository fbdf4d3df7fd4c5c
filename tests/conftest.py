"""Shared fixtures: the repository paths and one build of the real corpus per test session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED_ID = "bilous-talaver-2026"
SEED = REPO / "raw" / SEED_ID / "000_e6669b1306f91eec.txt"

os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """A copy of the project's raw/ and docs/, built once: returns the project root."""
    from interview_dataset.pipeline import BuildOptions, build_dataset

    root = tmp_path_factory.mktemp("project")
    shutil.copytree(REPO / "raw", root / "raw")
    if (REPO / "docs").exists():
        shutil.copytree(REPO / "docs", root / "docs")
    build_dataset(root / "raw", root / "dist", BuildOptions(), card_path=root / "DATASET_CARD.md")
    return root
