"""Publish a finished folder in one atomic step.

The build writes everything into a staging folder next to the destination, then swaps the
two with `renameat2(RENAME_EXCHANGE)` (Linux), so at every moment `dist/` is either the old
complete tree or the new one. Where the exchange is unavailable, two renames are used and the
window between them is a few microseconds. Leftover staging folders from killed builds are
removed by the next build into the same parent folder. A staging folder is named after the
machine and the process that builds in it, so that a build never removes the staging folder of
another build still running beside it (into a sibling folder, or into the same one): only those
whose process has ended on this machine, and those of an older name that records no process,
are removed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import os
import shutil
import socket
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
    owner = f"{_host_tag()}-{os.getpid()}-"
    return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX + owner, dir=destination.parent))


def remove_stale_staging(destination: Path) -> None:
    """Remove the staging folders next to `destination` that no running build owns."""
    for stale in destination.parent.glob(STAGING_PREFIX + "*"):
        if not _owned_by_a_running_build(stale.name):
            shutil.rmtree(stale, ignore_errors=True)


def _host_tag() -> str:
    """This machine, in a staging folder's name (eight hex digits of its host name's hash)."""
    return hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def _owned_by_a_running_build(name: str) -> bool:
    """Whether the staging folder `name` (`{STAGING_PREFIX}{host}-{pid}-{random}`) belongs to a
    build that may still be running: its process is alive here, or it was made on another
    machine (sharing the folder), whose processes cannot be checked from here."""
    host, _, rest = name[len(STAGING_PREFIX) :].partition("-")
    pid, _, _ = rest.partition("-")
    if len(host) != 8 or not pid.isdigit():
        return False  # an older name, which records no owner
    if host != _host_tag():
        return True
    return _process_alive(int(pid))


def _process_alive(pid: int) -> bool:
    """Whether process `pid` exists on this machine and has not ended (a zombie has)."""
    if os.name != "posix":  # no harmless signal 0 elsewhere (on Windows os.kill would end the process)
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    try:  # Linux: a process that has ended but was not waited for yet still answers signal 0
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


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
