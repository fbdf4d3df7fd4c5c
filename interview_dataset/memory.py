"""Memory tuning for the build, in one place: the GC thresholds and heap freezing used while
interviews are compiled, the per-job collection, returning Arrow's freed pages to the OS, and
pausing the collector while many acyclic objects are built."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pyarrow as pa

#: GC thresholds during the build. The long-lived heap (modules, schemas, spaCy's vocabulary) is
#: frozen first, so collections only scan the young objects of the current chunk; the high
#: first threshold makes them rare (see perf-baselines.md, "Cyclic GC on vs off"). With these
#: thresholds a collection of the older generations almost never runs by itself, so `after_job`
#: collects the young ones explicitly (the compile makes no reference cycles today: measured on
#: raw/ and a synthetic corpus; the collection is the safety net for any that appear).
GC_THRESHOLDS = (100_000, 50, 1000)


def release_arrow_memory() -> None:
    """Hand memory the Arrow pool has freed back to the OS (a ~20 µs call).

    pyarrow's default pool (mimalloc) keeps freed pages for reuse; with tables of varying sizes
    built and dropped chunk after chunk, the retained pages grow with the corpus (measured:
    +30 MB per 1,000 interviews). Releasing them after each chunk keeps RSS flat.
    """
    pa.default_memory_pool().release_unused()


def after_job() -> None:
    """After each job: collect its cyclic garbage and return Arrow's freed pages.

    The job's objects are young: generations 0 and 1 hold them (unless a collection of
    generation 1 ran during the job: rare with these thresholds). A full collection would also
    clear the interpreter's free lists (of tuples, lists, dicts, floats) after every job, which
    cost more than the collection itself (measured: a full collection took 1.7x as long per job)."""
    gc.collect(1)
    release_arrow_memory()


def freeze_young() -> None:
    """After the first job: freeze what it initialised lazily (spaCy, pydantic, regex caches),
    so the per-job collections only scan the job's own objects."""
    if gc.get_threshold() == GC_THRESHOLDS:  # only inside `memory_tuning`
        gc.collect()
        gc.freeze()


@contextmanager
def memory_tuning(warm_up: Callable[[], None] | None = None) -> Iterator[None]:
    """Warm up (so forked workers inherit it), freeze the long-lived heap and raise the GC
    thresholds; restore both afterwards. Processes forked inside inherit the freeze, so their
    collections do not touch (and copy) the pages they share with this one. A caller that has
    frozen objects itself keeps its freeze as it was (`gc.unfreeze` would undo all of it)."""
    thresholds = gc.get_threshold()
    if warm_up is not None:
        warm_up()
    frozen_here = not gc.get_freeze_count()
    if frozen_here:
        gc.freeze()  # no collection first: a full pass over the imported libraries costs ~0.1 s
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if frozen_here:
            gc.unfreeze()


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects.

    Building ~10^5 small containers otherwise triggers repeated full collections that
    traverse the whole heap (this more than doubled the cost of building the `ner` rows).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
