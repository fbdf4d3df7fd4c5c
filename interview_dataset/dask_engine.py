"""The write stage's jobs on a Dask distributed cluster (the optional `dask` extra).

The same job as on this machine (`parallel.process_chunk`, interview folders -> Arrow tables),
the same chunks, and the results consumed in submission order by the driver, which stays the
only writer: the published bytes are those of the local build. The driver

* connects to the scheduler at `scheduler` (or starts a `LocalCluster` of `workers` processes,
  one thread each, when no address is given),
* sends the job's context (taxonomy, splits) to the workers once, then submits one task per
  chunk with at most `2 x` the cluster's threads in flight, and gathers the results in order,
* cancels what is left and closes its client (and its own cluster) when it stops, on success,
  error or interruption.

A worker, before its first task, checks that it runs the driver's code (a fingerprint of the
package's source and of the libraries that shape the tables) and sees the shared folders
(`raw/`) at the driver's paths; a mismatch is an `EngineError` naming the worker and the fix.
Tasks run in the driver's working directory where the worker has it, so problems name files
exactly as the local build does.
"""

from __future__ import annotations

import gc
import hashlib
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from .errors import EngineError
from .memory import GC_THRESHOLDS, freeze_young

#: Libraries whose versions shape the tables a job returns (the package's own source is hashed).
OUTPUT_LIBRARIES = ("pyarrow", "pydantic", "pydantic-core", "spacy", "PyYAML", "numpy")
SOURCE_SUFFIXES = (".py", ".j2", ".md", ".json", ".yaml")  # the package's code and templates
INSTALL_HINT = "pip install 'interview-dataset[dask]' (dask and distributed), or use the local engine"
WORKER_HINT = "on each machine: `dask worker SCHEDULER_ADDRESS --nworkers N --nthreads 1` (see README.md)"


def _import_distributed():
    try:
        import distributed
    except ImportError as exc:
        raise EngineError(f"the dask engine needs the packages dask and distributed: {exc}", INSTALL_HINT) from None
    return distributed


@lru_cache(maxsize=1)
def code_facts() -> tuple[tuple[str, str], ...]:
    """What must be the same on the driver and every worker: a SHA-256 of the package's files,
    the Python version and the versions of `OUTPUT_LIBRARIES`."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.suffix in SOURCE_SUFFIXES and "__pycache__" not in p.parts):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    facts = [("interview_dataset source", digest.hexdigest()[:16]), ("python", "{}.{}".format(*sys.version_info[:2]))]
    for name in OUTPUT_LIBRARIES:
        try:
            facts.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            facts.append((name, "not installed"))
    return tuple(facts)


@dataclass(frozen=True)
class WorkerSetup:
    """Sent with every task: what the driver expects of the worker."""

    facts: tuple[tuple[str, str], ...]
    shared: tuple[str, ...]  # folders every worker must see at the same path (raw/)
    cwd: str  # the driver's working directory (messages name files relative to it)


def check_worker(setup: WorkerSetup, where: str = "this worker") -> None:
    """`EngineError` when this process runs other code or does not see the shared folders."""
    mine = dict(code_facts())
    different = [f"{name} {mine.get(name)} (driver: {value})" for name, value in setup.facts if mine.get(name) != value]
    if different:
        raise EngineError(
            f"{where} runs other code than the driver: {'; '.join(different)}",
            "install the same commit of interview-dataset with the same lock (constraints.txt) on every machine",
        )
    missing = [folder for folder in setup.shared if not os.path.isdir(folder)]
    if missing:
        raise EngineError(
            f"{where} does not see {', '.join(missing)}",
            "put raw/ (and dist/) on storage shared by every machine, mounted at the same path as on the driver",
        )


_PROCESS: dict[str, Any] = {}  # per worker process: checked setups, whether a job ran


def _worker_address() -> str:
    try:
        from distributed import get_worker

        return f"worker {get_worker().address}"
    except ValueError:  # not inside a worker
        return "this process"


def run_task(job: Callable[[Any, Any, bool], Any], item: Any, context: Any, setup: WorkerSetup) -> Any:
    """On a worker: the checks (once per process and setup), then `job(item, context, True)`."""
    if setup not in _PROCESS.setdefault("checked", set()):
        check_worker(setup, _worker_address())
        _PROCESS["checked"].add(setup)
    if os.path.isdir(setup.cwd) and os.getcwd() != setup.cwd:
        os.chdir(setup.cwd)
    first = not _PROCESS.get("ran")
    if first:
        gc.set_threshold(*GC_THRESHOLDS)  # as in the local pool's workers (memory.py)
    result = job(item, context, True)
    if first:
        freeze_young()
        _PROCESS["ran"] = True
    return result


@dataclass(frozen=True)
class DaskEngine:
    """Jobs on the Dask scheduler at `scheduler` (e.g. `tcp://10.0.0.5:8786`), or on a
    `LocalCluster` of `workers` processes started for the run when `scheduler` is None.

    `connect_timeout`: seconds to reach the scheduler (None: Dask's `distributed.comm.timeouts.connect`,
    30 s unless configured); `worker_timeout`: seconds to wait for a first worker to join it."""

    scheduler: str | None = None
    workers: int = 1
    connect_timeout: float | None = None
    worker_timeout: float = 60.0

    def __post_init__(self) -> None:
        _import_distributed()  # a missing install is reported before any work starts

    def _client(self):
        distributed = _import_distributed()
        if self.scheduler is None:
            cluster = distributed.LocalCluster(
                n_workers=max(1, self.workers), threads_per_worker=1, processes=True, dashboard_address=":0"
            )
            try:
                return distributed.Client(cluster, set_as_default=False), cluster
            except BaseException:
                cluster.close()
                raise
        timeout = {} if self.connect_timeout is None else {"timeout": self.connect_timeout}
        try:
            client = distributed.Client(self.scheduler, set_as_default=False, **timeout)
        except Exception as exc:  # OSError (refused, timed out), ValueError (a malformed address), ...
            raise EngineError(
                f"cannot reach the Dask scheduler at {self.scheduler}: {type(exc).__name__}: {exc}",
                "start it with `dask scheduler` (it prints its address) and pass that address",
            ) from None
        return client, None

    def map_ordered(
        self, job: Callable[[Any, Any, bool], Any], items: Iterable, context: Any, shared: tuple[Path, ...] = ()
    ) -> Iterator:
        items = list(items)
        if not items:
            return
        setup = WorkerSetup(code_facts(), tuple(str(Path(p).absolute()) for p in shared), os.getcwd())
        check_worker(setup, "the driver")  # the shared folders exist here too
        from distributed.exceptions import WorkerStartTimeoutError

        client, cluster = self._client()
        pending: deque = deque()
        try:
            try:
                client.wait_for_workers(1, timeout=self.worker_timeout)
            except WorkerStartTimeoutError:
                raise EngineError(
                    f"no Dask worker joined the scheduler at {self.scheduler} within {self.worker_timeout:.0f} s",
                    WORKER_HINT,
                ) from None
            in_flight = 2 * max(1, sum(client.nthreads().values()))
            context_data = client.scatter(context, broadcast=True, hash=False)  # sent once, not with every task
            todo = iter(items)
            for item in todo:
                pending.append(client.submit(run_task, job, item, context_data, setup, pure=False))
                if len(pending) >= in_flight:
                    break
            while pending:
                result = pending.popleft().result()
                item = next(todo, None)
                if item is not None:
                    pending.append(client.submit(run_task, job, item, context_data, setup, pure=False))
                yield result
        finally:
            if pending:
                client.cancel(list(pending))
            client.close()
            if cluster is not None:
                cluster.close()
