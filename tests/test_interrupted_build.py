"""A build killed (SIGKILL) at any moment leaves the published dist/ byte-identical; the next
build succeeds and removes the staging folders the killed builds left behind.

No test hooks in the library: the build runs as a subprocess on a corpus large enough to take
a few seconds, and is killed after fixed delays and when the staging folder reaches given
stages (watched from outside, as any observer could).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers_project import SEED_ID, build, cli_command, cli_env, make_project, tree_hashes

from interview_dataset.publish.atomic import STAGING_PREFIX
from interview_dataset.published import validate_dist

NUM_INTERVIEWS = 80


def _staging(root: Path) -> list[Path]:
    return sorted(root.glob(STAGING_PREFIX + "*"))


def _staging_has(pattern: str) -> Callable[[list[Path], float], bool]:
    def trigger(new_staging: list[Path], elapsed: float) -> bool:
        return any(next(s.rglob(pattern), None) is not None for s in new_staging)

    return trigger


def _after_staging(delay: float) -> Callable[[list[Path], float], bool]:
    first_seen: list[float] = []

    def trigger(new_staging: list[Path], elapsed: float) -> bool:
        if new_staging and not first_seen:
            first_seen.append(elapsed)
        return bool(first_seen) and elapsed - first_seen[0] >= delay

    return trigger


#: name -> trigger(staging folders made by this build, seconds since its start)
TRIGGERS: dict[str, Callable[[list[Path], float], bool]] = {
    "after 0.3 s (starting up)": lambda new, t: t >= 0.3,
    "after 1 s": lambda new, t: t >= 1.0,
    "staging folder created": lambda new, t: bool(new),
    "first Parquet shard being written": _staging_has("*.partial"),
    "one second after the staging folder appeared": _after_staging(1.0),
    "card written": _staging_has("README.md"),
    "checksums written (about to swap)": _staging_has("SHA256SUMS"),
}


def _build_and_kill(root: Path, trigger: Callable[[list[Path], float], bool]) -> tuple[bool, float]:
    """Start a build; SIGKILL it (and any worker it started) when `trigger` fires.

    Returns (killed, seconds after start)."""
    stale = set(_staging(root))
    proc = subprocess.Popen(
        cli_command(root, "build", "--quiet", "--workers", "1"),
        cwd=root,
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    start = time.perf_counter()
    try:
        while proc.poll() is None:
            elapsed = time.perf_counter() - start
            try:
                fired = trigger([p for p in _staging(root) if p not in stale], elapsed)
            except OSError:  # a folder renamed or removed while we looked
                fired = False
            if fired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=30)
                return True, elapsed
            if elapsed > 120:
                raise AssertionError("the build did not reach the trigger in 120 s")
            time.sleep(0.002)
        return False, time.perf_counter() - start
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A project whose dist/ holds one interview; raw/ has since grown to NUM_INTERVIEWS, so
    a new build would publish something different."""
    root = tmp_path_factory.mktemp("interrupted")
    ids = (SEED_ID,) + tuple(f"copy-{i:03d}" for i in range(1, NUM_INTERVIEWS))
    make_project(root, ids=ids[:1])
    build(root)
    before = tree_hashes(root / "dist")
    grown = tmp_path_factory.mktemp("grown")
    make_project(grown, ids=ids[1:], annotations=False)
    for folder in sorted((grown / "raw").iterdir()):
        if folder.is_dir():
            folder.rename(root / "raw" / folder.name)
    return root, before


def test_killed_builds_leave_dist_untouched_and_the_next_build_cleans_up(project):
    root, before = project
    outcomes = {}
    for name, trigger in TRIGGERS.items():
        killed, at = _build_and_kill(root, trigger)
        outcomes[name] = (killed, at, tree_hashes(root / "dist"))
        print(f"{name}: killed={killed} at {at:.2f} s, staging={[p.name for p in _staging(root)]}")
        assert not list(root.glob("*-old")), "a half-swapped folder was left"

    stale = _staging(root)
    assert stale, "the killed builds should have left staging folders behind"

    result = build(root)
    assert "Traceback" not in result.stderr
    after = tree_hashes(root / "dist")
    assert after != before
    assert not _staging(root), f"stale staging folders were not removed: {_staging(root)}"
    assert validate_dist(root / "dist") == []

    last = "checksums written (about to swap)"
    for name, (killed, at, hashes) in outcomes.items():
        if name == last:
            # Killed in the instant before or after the swap: the old tree or the new, never a mix.
            assert hashes in (before, after), f"{name}: dist/ is neither the old nor the new tree"
            continue
        assert killed, f"{name}: the build finished ({at:.2f} s) before it could be killed; make the corpus larger"
        assert hashes == before, f"killed {name} ({at:.2f} s): dist/ changed"
