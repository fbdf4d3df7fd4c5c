"""Staging folders: a build removes the ones that killed builds left behind, never the one of a
build still running beside it (into a sibling folder or the same one)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from interview_dataset.publish import atomic
from interview_dataset.publish.atomic import STAGING_PREFIX, make_staging_dir, remove_stale_staging


def _sleeper() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])


def _staging_of(parent: Path, pid: int, host: str | None = None) -> Path:
    folder = parent / f"{STAGING_PREFIX}{host or atomic._host_tag()}-{pid}-abc123"
    (folder / "hf").mkdir(parents=True)
    return folder


def test_a_running_builds_staging_folder_is_kept_and_an_ended_ones_removed(tmp_path):
    running, ended = _sleeper(), _sleeper()
    ended.kill()
    ended.wait()
    try:
        alive = _staging_of(tmp_path, running.pid)
        dead = _staging_of(tmp_path, ended.pid)
        older = tmp_path / f"{STAGING_PREFIX}x1y2z3"  # the name builds gave before owners were recorded
        older.mkdir()
        elsewhere = _staging_of(tmp_path, ended.pid, host="0123abcd")  # another machine sharing the folder
        remove_stale_staging(tmp_path / "dist")
        assert alive.is_dir() and elsewhere.is_dir()
        assert not dead.exists() and not older.exists()
    finally:
        running.kill()
        running.wait()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="zombies are told apart by /proc")
def test_a_killed_build_not_yet_waited_for_counts_as_ended(tmp_path):
    zombie = _sleeper()
    os.kill(zombie.pid, signal.SIGKILL)
    try:
        for _ in range(200):  # until the kernel has made it a zombie
            state = Path(f"/proc/{zombie.pid}/stat").read_text().rpartition(")")[2].split()[0]
            if state == "Z":
                break
            os.sched_yield()
        folder = _staging_of(tmp_path, zombie.pid)
        remove_stale_staging(tmp_path / "dist")
        assert not folder.exists()
    finally:
        zombie.wait()


def test_builds_into_sibling_folders_keep_each_others_staging(tmp_path):
    first = make_staging_dir(tmp_path / "dist-a")
    second = make_staging_dir(tmp_path / "dist-b")  # this process is alive: the first folder is not stale
    assert first.is_dir() and second.is_dir() and first != second
    assert first.name.startswith(f"{STAGING_PREFIX}{atomic._host_tag()}-{os.getpid()}-")
