"""The per-interview work of the build, in-process or in worker processes, in folder order.

Interviews are processed in *chunks* of a few consecutive folders (`chunk_size`, a function of
the number of folders only). For every chunk a worker compiles each interview, builds its NER
sentences, turns the records of the chunk into Arrow tables (one per config and split, rows in
folder order) and counts a partial `CorpusStats`; the parent receives the chunks in folder
order and writes them. Because neither the chunks nor the tables depend on the number of
workers, the published bytes are the same for any `--workers`.

Memory stays flat: at most `2 * workers` chunks are in flight, tables cross the process
boundary as Arrow IPC bytes, and only a light summary of each interview (no turns) is kept
unless the corpus is small (`keep_turns`).

Problems (bad input) from every interview are collected and raised together as one
`DatasetError`; any other exception in a worker propagates.
"""

from __future__ import annotations

import gc
import pickle
import time
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyarrow as pa

from .compile import CompiledInterview, compile_interview
from .errors import DatasetError, Problem
from .publish.arrow_tables import table_from_models
from .schema import Interview, NerSentence, Turn
from .stats import CorpusStats
from .taxonomy import Taxonomy

#: Largest number of interviews in one chunk (fewer for small corpora, so workers share them).
MAX_CHUNK_INTERVIEWS = 8
#: GC thresholds during the build. The long-lived heap (modules, schemas, spaCy's vocabulary) is
#: frozen first, so collections only scan the young objects of the current chunk; the high
#: first threshold makes them rare (see perf-baselines.md, "Cyclic GC on vs off").
GC_THRESHOLDS = (100_000, 50, 1000)
# With these thresholds a full collection almost never runs by itself, so `process_chunk` ends
# with an explicit `gc.collect()`: ~40 cyclic objects per interview would otherwise pile up.

RECORDS = (("turns", Turn), ("interviews", Interview), ("ner", NerSentence))


def chunk_size(num_folders: int, max_chunk: int = MAX_CHUNK_INTERVIEWS) -> int:
    """Interviews per chunk: a function of the corpus size only (never of the worker count)."""
    return max(1, min(max_chunk, num_folders // 32))


@dataclass
class ChunkResult:
    """What a worker sends back for one chunk of consecutive interview folders."""

    tables: dict[tuple[str, str], pa.Table | bytes]  # (config, split) -> table, or IPC bytes across processes
    stats: CorpusStats
    compiled: list[CompiledInterview]  # whole records, or summaries without turns
    problems: list[Problem] = field(default_factory=list)
    interviews: int = 0
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds (wall time in the worker)

    def table(self, key: tuple[str, str]) -> pa.Table:
        value = self.tables[key]
        if isinstance(value, pa.Table):
            return value
        return pa.ipc.open_stream(value).read_all()


def summary(compiled: CompiledInterview) -> CompiledInterview:
    """A light copy for the card: the interview record, metadata and dropped lines, no turns."""
    return replace(compiled, turns=[], annotations=None)


class CompactRecords(Sequence):
    """A read-only list of interview summaries kept pickled (~2 KB each instead of ~7 KB of
    live pydantic objects); each access unpickles a fresh copy. Used for large corpora, where
    the card and the Croissant file only read a few fields of each interview."""

    def __init__(self) -> None:
        self._items: list[bytes] = []

    def append(self, record: CompiledInterview) -> None:
        self._items.append(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))

    def extend(self, records) -> None:
        for record in records:
            self.append(record)

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [pickle.loads(item) for item in self._items[index]]
        return pickle.loads(self._items[index])

    def __iter__(self):
        for item in self._items:
            yield pickle.loads(item)


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


def process_chunk(
    folders: list[Path],
    taxonomy: Taxonomy,
    allow_draft: bool,
    keep_turns: bool,
    serialize: bool = False,
    splits: dict[str, str] | None = None,
) -> ChunkResult:
    """Compile the interviews of `folders` (in order) into tables, partial stats and records."""
    clock = time.perf_counter
    timings = dict.fromkeys(("compile", "tokenize", "arrow", "stats", "ipc"), 0.0)
    rows: dict[tuple[str, str], list] = {}
    stats = CorpusStats()
    compiled_list: list[CompiledInterview] = []
    problems: list[Problem] = []
    for folder in folders:
        t0 = clock()
        try:
            compiled = compile_interview(
                folder, taxonomy, allow_draft=allow_draft, split=(splits or {}).get(folder.name)
            )
        except DatasetError as exc:
            problems.extend(exc.problems)
            timings["compile"] += clock() - t0
            continue
        t1 = clock()
        timings["compile"] += t1 - t0
        try:
            sentences = ner_sentences(compiled)
        except DatasetError as exc:
            problems.extend(exc.problems)
            timings["tokenize"] += clock() - t1
            continue
        t2 = clock()
        timings["tokenize"] += t2 - t1
        split = compiled.split
        rows.setdefault(("turns", split), []).extend(compiled.turns)
        rows.setdefault(("interviews", split), []).append(compiled.interview)
        rows.setdefault(("ner", split), []).extend(sentences)
        stats.add_interview(compiled.turns, split, compiled.interview, sentences)
        compiled_list.append(compiled if keep_turns else summary(compiled))
        timings["stats"] += clock() - t2
    tables: dict[tuple[str, str], pa.Table | bytes] = {}
    if not problems:
        for config, model in RECORDS:
            for key in sorted(k for k in rows if k[0] == config):
                t0 = clock()
                table = table_from_models(rows[key], model, taxonomy.topic_ids)
                t1 = clock()
                timings["arrow"] += t1 - t0
                if serialize:
                    sink = pa.BufferOutputStream()
                    with pa.ipc.new_stream(sink, table.schema) as writer:
                        writer.write_table(table)
                    tables[key] = sink.getvalue().to_pybytes()
                    timings["ipc"] += clock() - t1
                else:
                    tables[key] = table
    t0 = clock()
    rows.clear()  # drop the chunk's models first: the collection then scans almost nothing
    compiled = sentences = None
    gc.collect()  # the chunk's cyclic garbage (spaCy, pydantic); cheap: the long-lived heap is frozen
    release_arrow_memory()
    timings["gc"] = clock() - t0
    return ChunkResult(tables, stats, compiled_list, problems, len(folders), timings)


def release_arrow_memory() -> None:
    """Hand memory the Arrow pool has freed back to the OS (a ~20 µs call).

    pyarrow's default pool (mimalloc) keeps freed pages for reuse; with tables of varying sizes
    built and dropped chunk after chunk, the retained pages grow with the corpus (measured:
    +30 MB per 1,000 interviews). Releasing them after each chunk keeps RSS flat.
    """
    pa.default_memory_pool().release_unused()


# --- worker processes --------------------------------------------------------------------

_WORKER: dict = {}


def _init_worker(taxonomy: Taxonomy, allow_draft: bool, keep_turns: bool, splits: dict | None = None) -> None:
    _WORKER.update(taxonomy=taxonomy, allow_draft=allow_draft, keep_turns=keep_turns, splits=splits)
    gc.set_threshold(*GC_THRESHOLDS)


def _work(folders: list[Path]) -> ChunkResult:
    result = process_chunk(
        folders,
        _WORKER["taxonomy"],
        _WORKER["allow_draft"],
        _WORKER["keep_turns"],
        serialize=True,
        splits=_WORKER.get("splits"),
    )
    if not _WORKER.get("frozen"):
        _WORKER["frozen"] = True
        _freeze_young()
    return result


def _freeze_young() -> None:
    """After the first chunk: freeze what it initialised lazily (spaCy, pydantic, regex caches),
    so the per-chunk collections only scan the chunk's own objects."""
    if gc.get_threshold() == GC_THRESHOLDS:  # only inside `tuned_gc`
        gc.collect()
        gc.freeze()


def _warm_up() -> None:
    """Build what every worker needs once, before forking, so children inherit it."""
    from .ner import make_tokenizer
    from .publish.arrow_tables import arrow_schema

    make_tokenizer()
    for _, model in RECORDS:
        if model is not Turn:  # the Turn schema needs the taxonomy's topic ids
            arrow_schema(model)


@contextmanager
def tuned_gc() -> Iterator[None]:
    """Freeze the long-lived heap and raise the GC thresholds; restore both afterwards."""
    thresholds = gc.get_threshold()
    _warm_up()
    gc.freeze()  # no collection first: a full pass over the imported libraries costs ~0.1 s
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _mp_context():
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    # fork: workers inherit the imported libraries and the warmed-up tokenizer (no re-import).
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def iter_chunks(
    folders: list[Path],
    taxonomy: Taxonomy,
    *,
    workers: int = 1,
    allow_draft: bool = False,
    keep_turns: bool = True,
    max_chunk: int = MAX_CHUNK_INTERVIEWS,
    splits: dict[str, str] | None = None,
) -> Iterator[ChunkResult]:
    """Chunk results in folder order; with `workers > 1`, computed by a process pool.

    At most `2 * workers` chunks are in flight, so a slow consumer never lets results pile up.
    """
    size = chunk_size(len(folders), max_chunk)
    chunks = [folders[i : i + size] for i in range(0, len(folders), size)]
    workers = max(1, min(workers, len(chunks)))
    _warm_up()
    if workers == 1:
        for i, chunk in enumerate(chunks):
            result = process_chunk(chunk, taxonomy, allow_draft, keep_turns, splits=splits)
            if i == 0:
                _freeze_young()
            yield result
        return
    context = _mp_context()
    pool = context.Pool(workers, initializer=_init_worker, initargs=(taxonomy, allow_draft, keep_turns, splits))
    try:
        pending: deque = deque()
        todo = iter(chunks)
        for chunk in todo:
            pending.append(pool.apply_async(_work, (chunk,)))
            if len(pending) >= 2 * workers:
                break
        while pending:
            result = pending.popleft().get()
            chunk = next(todo, None)
            if chunk is not None:
                pending.append(pool.apply_async(_work, (chunk,)))
            yield result
        pool.close()
        pool.join()
    finally:
        pool.terminate()
