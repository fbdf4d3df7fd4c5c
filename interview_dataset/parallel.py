"""The write stage's per-interview work, and the small ordered parallel map that runs it.

Two parts, kept apart as in `datasets` (`_prepare_split_single`, the job, versus
`iflatmap_unordered`, the scheduler):

* the job, `process_chunk`: compile a few consecutive interview folders, build their NER
  sentences and turn the records into Arrow tables (one per config and split, rows in folder
  order). It returns tables and problems only; nothing about the corpus is counted here (the
  describe stage reads what was written).
* the scheduler, `ordered_map`: applies a job to items in order, in-process or in a process
  pool, with at most `2 * workers` items in flight, yielding results in input order.

Chunks depend only on the number of folders (`chunk_size`), never on the worker count, so the
published bytes are the same for any `--workers`. Memory tuning (GC thresholds, freezing the
long-lived heap, returning Arrow's freed pages) lives in `memory.py`, in one place.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from .compile import CompiledInterview, compile_interview
from .errors import DatasetError, Problem
from .memory import GC_THRESHOLDS, after_job, freeze_young, memory_tuning
from .publish.arrow_tables import table_from_models, table_from_records
from .schema import Interview, NerSentence, Turn
from .taxonomy import Taxonomy

#: Largest number of interviews in one chunk (fewer for small corpora, so workers share them).
MAX_CHUNK_INTERVIEWS = 8

RECORDS = (("turns", Turn), ("interviews", Interview), ("ner", NerSentence))
__all__ = ["ChunkContext", "ChunkResult", "iter_chunks", "memory_tuning", "ordered_map", "process_chunk", "warm_up"]


# --- the scheduler: an ordered parallel map ------------------------------------------------

_WORKER: dict = {}


def _init_worker(job: Callable, context: Any) -> None:
    import gc

    _WORKER.update(job=job, context=context, first=True)
    gc.set_threshold(*GC_THRESHOLDS)


def _run_in_worker(item: Any) -> Any:
    result = _WORKER["job"](item, _WORKER["context"], True)
    if _WORKER.pop("first", False):
        freeze_young()
    return result


def _mp_context():
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    # fork: workers inherit the imported libraries and the warmed-up tokenizer (no re-import).
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def ordered_map(job: Callable[[Any, Any, bool], Any], items: Iterable, context: Any, workers: int = 1) -> Iterator:
    """`job(item, context, in_worker)` for every item, results yielded in input order.

    With `workers > 1` a process pool runs the jobs; at most `2 * workers` are in flight, so a
    slow consumer never lets results pile up. Closing the iterator stops the pool at once.
    """
    items = list(items)
    workers = max(1, min(workers, len(items)))
    if workers == 1:
        for i, item in enumerate(items):
            result = job(item, context, False)
            if i == 0:
                freeze_young()
            yield result
        return
    pool = _mp_context().Pool(workers, initializer=_init_worker, initargs=(job, context))
    try:
        pending: deque = deque()
        todo = iter(items)
        for item in todo:
            pending.append(pool.apply_async(_run_in_worker, (item,)))
            if len(pending) >= 2 * workers:
                break
        while pending:
            result = pending.popleft().get()
            item = next(todo, None)
            if item is not None:
                pending.append(pool.apply_async(_run_in_worker, (item,)))
            yield result
        pool.close()
        pool.join()
    finally:
        pool.terminate()


# --- the job: compile a chunk of interviews into tables --------------------------------------


def chunk_size(num_folders: int, max_chunk: int = MAX_CHUNK_INTERVIEWS) -> int:
    """Interviews per chunk: a function of the corpus size only (never of the worker count)."""
    return max(1, min(max_chunk, num_folders // 32))


@dataclass(frozen=True)
class ChunkContext:
    taxonomy: Taxonomy
    allow_draft: bool = False
    splits: dict[str, str] | None = None  # interview id -> split, assigned for the whole corpus


@dataclass
class ChunkResult:
    """What a job returns for one chunk of consecutive interview folders."""

    tables: dict[tuple[str, str], pa.Table | bytes]  # (config, split) -> table, or IPC bytes across processes
    problems: list[Problem] = field(default_factory=list)
    interviews: int = 0
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds (wall time in the job)

    def table(self, key: tuple[str, str]) -> pa.Table:
        value = self.tables[key]
        if isinstance(value, pa.Table):
            return value
        return pa.ipc.open_stream(value).read_all()


def ner_sentences(compiled: CompiledInterview) -> list[NerSentence]:
    """The `ner` rows of an interview; a gold span off token boundaries is bad input, named at
    its annotation entry."""
    from . import ner  # looked up at call time, so the benchmark can wrap the tokenizer stage

    try:
        return ner.sentences_for_turns(compiled.turns)
    except ner.MisalignedEntityError as exc:
        path = compiled.annotations.path if compiled.annotations else compiled.interview.source_file
        line = (
            compiled.annotations.entity_line(exc.turn_id, exc.entity.text, exc.entity.label)
            if compiled.annotations
            else None
        )
        raise DatasetError.at(
            path,
            str(exc),
            "annotate whole tokens: extend or shrink the surface to token boundaries (spaCy's English tokenizer)",
            line,
        ) from None


def _ipc_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def process_chunk(folders: list[Path], context: ChunkContext, serialize: bool = False) -> ChunkResult:
    """Compile the interviews of `folders` (in order) into one table per (config, split)."""
    clock = time.perf_counter
    timings = dict.fromkeys(("compile", "tokenize", "arrow", "ipc"), 0.0)
    rows: dict[tuple[str, str], list] = {}
    problems: list[Problem] = []
    for folder in folders:
        t0 = clock()
        try:
            compiled = compile_interview(
                folder,
                context.taxonomy,
                allow_draft=context.allow_draft,
                split=(context.splits or {}).get(folder.name),
                as_records=True,  # turns as validated records: Arrow columns without a model per turn
            )
            t1 = clock()
            timings["compile"] += t1 - t0
            sentences = ner_sentences(compiled)
            timings["tokenize"] += clock() - t1
        except DatasetError as exc:
            problems.extend(exc.problems)
            continue
        split = compiled.split
        rows.setdefault(("turns", split), []).extend(compiled.turns)
        rows.setdefault(("interviews", split), []).append(compiled.interview)
        rows.setdefault(("ner", split), []).extend(sentences)
    tables: dict[tuple[str, str], pa.Table | bytes] = {}
    if not problems:
        for config, model in RECORDS:
            for key in sorted(k for k in rows if k[0] == config):
                t0 = clock()
                to_table = table_from_records if model is Turn else table_from_models
                table = to_table(rows[key], model, context.taxonomy.topic_ids)
                t1 = clock()
                timings["arrow"] += t1 - t0
                tables[key] = _ipc_bytes(table) if serialize else table
                timings["ipc"] += clock() - t1 if serialize else 0.0
    t0 = clock()
    rows.clear()  # drop the chunk's models first: the collection then scans almost nothing
    compiled = sentences = None
    after_job()
    timings["gc"] = clock() - t0
    return ChunkResult(tables, problems, len(folders), timings)


def _chunk_job(folders: list[Path], context: ChunkContext, in_worker: bool) -> ChunkResult:
    return process_chunk(folders, context, serialize=in_worker)  # tables cross processes as IPC bytes


def warm_up() -> None:
    """Build what every job needs once, before forking, so workers inherit it."""
    from .ner import make_tokenizer
    from .publish.arrow_tables import arrow_schema

    make_tokenizer()
    for _, model in RECORDS:
        if model is not Turn:  # the Turn schema needs the taxonomy's topic ids
            arrow_schema(model)


def iter_chunks(
    folders: list[Path],
    taxonomy: Taxonomy,
    *,
    workers: int = 1,
    allow_draft: bool = False,
    max_chunk: int = MAX_CHUNK_INTERVIEWS,
    splits: dict[str, str] | None = None,
) -> Iterator[ChunkResult]:
    """Chunk results in folder order; with `workers > 1`, computed by a process pool."""
    size = chunk_size(len(folders), max_chunk)
    chunks = [folders[i : i + size] for i in range(0, len(folders), size)]
    warm_up()
    return ordered_map(_chunk_job, chunks, ChunkContext(taxonomy, allow_draft, splits), workers)
