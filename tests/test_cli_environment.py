"""The command line under ordinary hostility: a closed pipe, a full disk, a read-only folder, and
`python build.py` taking the same options as `interview-dataset build`.

The full-disk and read-only cases run against a real file system: a small tmpfs mounted for the
test where the user may mount (root, as in CI), otherwise a folder without write permission (an
ordinary user). The in-process case makes the Parquet writer itself fail with ENOSPC, which is
how a disk that fills up mid-build shows.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run(args: list[str], cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, cwd=cwd, timeout=300)


def project_copy(dest: Path) -> Path:
    """A project root holding a copy of raw/ (and docs/, which the card links)."""
    shutil.copytree(REPO / "raw", dest / "raw")
    shutil.copytree(REPO / "docs", dest / "docs")
    return dest


def assert_environment_error(result: subprocess.CompletedProcess, what: str) -> None:
    assert result.returncode == 4, (result.returncode, result.stderr[-2000:])
    assert what in result.stderr, result.stderr[-2000:]
    assert "how to fix:" in result.stderr
    assert "internal error" not in result.stderr and "please report" not in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def small_mount(tmp_path):
    """A small tmpfs (as root), or None where this user cannot mount."""
    if not IS_ROOT or shutil.which("mount") is None:
        yield None
        return
    point = tmp_path / "mnt"
    point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(point)], capture_output=True)
    if done.returncode != 0:
        yield None
        return
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def fill_up(mount: Path, leave: int) -> None:
    """Fill the file system at `mount` with one file, leaving `leave` bytes free."""
    stat = os.statvfs(mount)
    free = stat.f_bavail * stat.f_frsize
    with open(mount / "filler", "wb") as f:
        f.truncate(0)
        chunk = b"\0" * (1 << 20)
        remaining = free - leave
        while remaining > 0:
            remaining -= f.write(chunk[: min(len(chunk), remaining)])


def test_output_into_head_ends_quietly_with_exit_0(tmp_path):
    # Large enough that the output cannot fit in the pipe's buffer before the reader closes it.
    transcript = tmp_path / "long.txt"
    transcript.write_text(
        "".join(
            f"ALICE: Question number {i} about the harbour?\n\nBOB: Answer number {i}, at length.\n\n"
            for i in range(8000)
        ),
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "interview_dataset.cli", "parse", str(transcript), "--format", "inline"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    first = proc.stdout.readline()
    proc.stdout.close()  # what `| head -1` does
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, stderr
    assert first.startswith(b'{"speaker": "ALICE"')
    assert "BrokenPipe" not in stderr and "internal error" not in stderr and "Traceback" not in stderr


def test_build_py_accepts_the_build_options(tmp_path):
    root = project_copy(tmp_path / "project")
    result = run([sys.executable, str(REPO / "build.py"), "--root", str(root), "--workers", "1", "--quiet"])
    assert result.returncode == 0, result.stderr[-2000:]
    assert (root / "dist" / "hf" / "README.md").is_file() and (root / "DATASET_CARD.md").is_file()
    result = run([sys.executable, str(REPO / "build.py"), "--check", "--root", str(root), "--quiet"])
    assert result.returncode == 0, result.stderr[-2000:]


def test_missing_raw_hint_names_an_option_that_exists(tmp_path):
    result = run([sys.executable, str(REPO / "build.py"), "--root", str(tmp_path), "--quiet"])
    assert result.returncode == 2
    hints = [line for line in result.stderr.splitlines() if "how to fix" in line]
    assert hints and all("--raw" not in h for h in hints)


def test_full_disk_is_an_environment_error_and_dist_stays(tmp_path, small_mount):
    if small_mount is None:
        pytest.skip("needs a mountable tmpfs (root); the in-process ENOSPC case below runs everywhere")
    root = project_copy(small_mount / "project")
    fill_up(small_mount, leave=32 * 1024)  # room for a little of the build, not for dist/
    result = run(
        [sys.executable, "-m", "interview_dataset.cli", "--root", str(root), "build", "--workers", "1", "--quiet"]
    )
    assert_environment_error(result, "the disk is full")
    assert str(small_mount) in result.stderr  # the path it could not write
    assert not (root / "dist").exists()
    assert not list(root.glob(".dist-build-*")), "the staging folder must be removed"


def test_enospc_from_the_parquet_writer_mid_build(tmp_path, monkeypatch, capsys):
    import pyarrow.parquet as pq

    from interview_dataset.cli import main

    root = project_copy(tmp_path / "project")
    original = pq.ParquetWriter.write_table

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(root / "dist-shard.parquet"))

    monkeypatch.setattr(pq.ParquetWriter, "write_table", full)
    code = main(["--root", str(root), "build", "--workers", "1", "--quiet"])
    monkeypatch.setattr(pq.ParquetWriter, "write_table", original)
    err = capsys.readouterr().err
    assert code == 4, err
    assert "the disk is full" in err and "dist-shard.parquet" in err and "how to fix:" in err
    assert "internal error" not in err
    assert not (root / "dist").exists()


def test_read_only_folder_is_an_environment_error(tmp_path, small_mount):
    if small_mount is not None:
        root = project_copy(small_mount / "project")
        subprocess.run(["mount", "-o", "remount,ro", str(small_mount)], check=True)
        expected = "read-only"
    else:
        root = project_copy(tmp_path / "project")
        root.chmod(0o555)
        expected = "permission denied"
    try:
        result = run([sys.executable, str(REPO / "build.py"), "--root", str(root), "--workers", "1", "--quiet"])
    finally:
        if small_mount is not None:
            subprocess.run(["mount", "-o", "remount,rw", str(small_mount)], check=True)
        else:
            root.chmod(0o755)
    assert_environment_error(result, expected)
    assert str(root) in result.stderr
    assert not (root / "dist").exists()
