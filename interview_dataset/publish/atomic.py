"""Publish a finished folder in one atomic step.

The build writes everything into a staging folder next to the destination, then swaps the
two with `renameat2(RENAME_EXCHANGE)` (Linux), so at every moment `dist/` is either the old
complete tree or the new one. Where the exchange is unavailable, two renames are used and the
window between them is a few microseconds. Leftover staging folders from killed builds are
removed by the next build.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
STAGING_PREFIX = ".dist-build-"


def _renameat2_exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def make_staging_dir(destination: Path) -> Path:
    destination.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(destination)
    return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=destination.parent))


def remove_stale_staging(destination: Path) -> None:
    for stale in destination.parent.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(stale, ignore_errors=True)


def swap_into_place(staging: Path, destination: Path) -> None:
    """Make `staging` the new `destination`; the old tree is deleted afterwards."""
    _fsync_tree(staging)
    if destination.exists():
        if not _renameat2_exchange(staging, destination):
            old = staging.with_name(staging.name + "-old")
            os.rename(destination, old)
            os.rename(staging, destination)
            staging = old
        shutil.rmtree(staging, ignore_errors=True)
    else:
        os.rename(staging, destination)


def _fsync_tree(root: Path) -> None:
    for dirpath, _, filenames in os.walk(root):
        for name in filenames:
            fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def write_file_atomically(path: Path, data: bytes) -> None:
    """Write a single file via a temporary sibling and `os.replace`."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
