"""The write stage's per-interview work, and the small ordered parallel map that runs it.

Two parts, kept apart as in `datasets` (`_prepare_split_single`, the job, versus
`iflatmap_unordered`, the scheduler):

* the job, `process_chunk`: compile a few consecutive interview folders, build their NER
  sentences and turn the records into Arrow tables (one per config and split, rows in folder
  order). It returns tables and problems only; nothing about the corpus is counted here (the
  describe stage reads what was written).
* the scheduler, an `Engine` whose `map_ordered` applies a job to items and yields the results
  in input order, with a bounded number of items in flight: `LocalEngine` (`ordered_map`:
  in-process or a process pool on this machine, the default) or `dask_engine.DaskEngine` (a
  Dask distributed cluster, the optional `dask` extra). The driver, the only writer, consumes
  the results in order, so the published bytes do not depend on the engine.

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
from typing import Any, Protocol

import pyarrow as pa

from .compile import CompiledInterview, InterviewInputs, compile_inputs, load_inputs
from .errors import DatasetError, EngineError, Problem
from .memory import GC_THRESHOLDS, after_job, freeze_young, memory_tuning
from .publish.arrow_tables import ner_table, table_from_models, table_from_records
from .schema import Interview, NerSentence, Turn
from .taxonomy import Taxonomy

#: Largest number of interviews in one chunk (fewer for small corpora, so workers share them).
MAX_CHUNK_INTERVIEWS = 8
#: A corpus of fewer interview folders is compiled in this process whatever the number of
#: workers asked for; with more than one, a background process started first computes the
#: agreement of the annotation passes and imports what the describe stage draws with, beside it
#: (`pipeline.build_dataset`). For the project's own 18 interviews (about 3 s of jobs) a pool of
#: 2 cost about 1 s more CPU in all than 1 worker (7.4 vs 6.5 s, a 2-core machine shared with
#: other work), and its workers wait for CPU on a busy machine. The bytes are the same either way.
POOL_MIN_INTERVIEWS = 32

RECORDS = (("turns", Turn), ("interviews", Interview), ("ner", NerSentence))
__all__ = [
    "ChunkContext",
    "ChunkResult",
    "Engine",
    "InterviewDescription",
    "EngineError",
    "LocalEngine",
    "iter_chunks",
    "local_workers",
    "make_engine",
    "memory_tuning",
    "ordered_map",
    "process_chunk",
    "run_beside",
    "warm_up",
]


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


def _send_result(conn, fn: Callable, args: tuple) -> None:
    try:
        result = fn(*args)
    except BaseException:
        conn.send(("error", None))  # the caller computes it again and raises it there, with its traceback
    else:
        conn.send(("ok", result))
    finally:
        conn.close()


def run_beside(fn: Callable[..., Any], args: tuple, here: Callable[[], None]) -> Any:
    """`fn(*args)`, computed in a forked process while this process runs `here()`; returns its
    result. Without fork, or when the forked process fails or raises, `fn(*args)` runs here
    afterwards (raising here what it raises): the result is the same either way.

    For the serial work before a pool starts (`pipeline.write_stage`: the corpus's splits while
    this process imports what the workers inherit), which would otherwise leave a core idle."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        here()
        return fn(*args)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_send_result, args=(send, fn, args), daemon=True)
    process.start()
    send.close()  # this process's copy: reading then ends with EOFError if the child dies without sending
    try:
        here()
        try:
            status, result = receive.recv()
        except (EOFError, OSError):
            status, result = "error", None
    finally:
        receive.close()
        process.join()
    return result if status == "ok" else fn(*args)


class Engine(Protocol):
    """Where the jobs run. `map_ordered` yields `job(item, context, in_worker)` for every item in
    input order, with a bounded number of items in flight (memory stays flat however slowly the
    results are consumed); closing the iterator stops the work. `shared`: paths every worker must
    see (checked by engines whose workers may be on other machines)."""

    def map_ordered(
        self, job: Callable[[Any, Any, bool], Any], items: Iterable, context: Any, shared: tuple[Path, ...] = ()
    ) -> Iterator: ...


@dataclass(frozen=True)
class LocalEngine:
    """This machine: in-process (`workers=1`) or a process pool (`ordered_map`)."""

    workers: int = 1

    def map_ordered(
        self, job: Callable[[Any, Any, bool], Any], items: Iterable, context: Any, shared: tuple[Path, ...] = ()
    ) -> Iterator:
        return ordered_map(job, items, context, self.workers)


ENGINES = ("local", "dask")


def local_workers(workers: int, num_folders: int) -> int:
    """The processes the local engine uses for `num_folders` interviews when `workers` are asked
    for: 1 (this process) below `POOL_MIN_INTERVIEWS`."""
    return workers if num_folders >= POOL_MIN_INTERVIEWS else 1


def make_engine(name: str = "local", workers: int = 1, scheduler: str | None = None) -> Engine:
    """The engine called `name`: `local` (a process pool of `workers`) or `dask` (the Dask
    scheduler at `scheduler`, or a local cluster of `workers` processes when it is None)."""
    if name == "local":
        if scheduler:
            raise EngineError(
                f"a scheduler address ({scheduler}) is given for the local engine",
                "choose the dask engine to use a Dask scheduler, or leave the address out",
            )
        return LocalEngine(workers)
    if name == "dask":
        from .dask_engine import DaskEngine  # imports dask only here: it is an optional extra

        return DaskEngine(scheduler=scheduler, workers=workers)
    raise EngineError(f"unknown engine {name!r}", f"choose one of: {', '.join(ENGINES)}")


# --- the job: compile a chunk of interviews into tables --------------------------------------


def chunk_size(num_folders: int, max_chunk: int = MAX_CHUNK_INTERVIEWS) -> int:
    """Interviews per chunk: a function of the corpus size only (never of the worker count)."""
    return max(1, min(max_chunk, num_folders // 32))


@dataclass(frozen=True)
class ChunkContext:
    taxonomy: Taxonomy
    allow_draft: bool = False
    splits: dict[str, str] | None = None  # interview id -> split, assigned for the whole corpus
    describe: bool = False  # also describe each interview (`InterviewDescription`) from what the job read
    agreement: bool = True  # with `describe`: the agreement of its passes too (else computed elsewhere, None here)


@dataclass
class InterviewDescription:
    """What the describe stage needs of one interview that only its raw files hold, computed by
    the job that compiled it (so each file is read once per build): the card's facts, what the
    lint needs of its annotation file, and the agreement of its annotation passes (None when it
    has none)."""

    id: str
    facts: Any  # card.facts.InterviewFacts
    lint: Any = None  # lint.AnnotationFacts (None: no annotation file)
    agreement: Any = None  # agreement.InterviewAgreement


def describe_interview(
    folder: Path, inputs: InterviewInputs, compiled: CompiledInterview, taxonomy: Taxonomy, agreement: bool = True
) -> InterviewDescription:
    """One interview's description from its loaded inputs and its compilation (raises the
    `DatasetError` of a bad annotation pass); `agreement`: False leaves the agreement out (None)."""
    from .agreement import interview_agreement
    from .card.facts import facts_of
    from .lint import annotation_facts

    source = compiled.turns[0].annotation_source if compiled.turns else "none"
    facts = facts_of(compiled.interview, compiled.split, source, inputs.metadata_doc.data, compiled.annotations)
    reference = compiled if compiled.annotations is not None else None
    return InterviewDescription(
        compiled.interview.id,
        facts,
        annotation_facts(compiled),
        interview_agreement(folder, taxonomy, reference, inputs=inputs) if agreement else None,
    )


@dataclass
class ChunkResult:
    """What a job returns for one chunk of consecutive interview folders."""

    tables: dict[tuple[str, str], pa.Table | bytes]  # (config, split) -> table, or IPC bytes across processes
    problems: list[Problem] = field(default_factory=list)
    interviews: int = 0
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds (wall time in the job)
    descriptions: list[InterviewDescription] = field(default_factory=list)  # with `ChunkContext.describe`

    def table(self, key: tuple[str, str]) -> pa.Table:
        value = self.tables[key]
        if isinstance(value, pa.Table):
            return value
        return pa.ipc.open_stream(value).read_all()


def _misaligned_problem(compiled: CompiledInterview, exc) -> DatasetError:
    """A gold span off token boundaries is bad input, named at its annotation entry."""
    path = compiled.annotations.path if compiled.annotations else compiled.interview.source_file
    line = (
        compiled.annotations.entity_line(exc.turn_id, exc.entity.text, exc.entity.label)
        if compiled.annotations
        else None
    )
    return DatasetError.at(
        path,
        str(exc),
        "annotate whole tokens: extend or shrink the surface to token boundaries (spaCy's English tokenizer)",
        line,
    )


def ner_sentences(compiled: CompiledInterview) -> list[NerSentence]:
    """The `ner` rows of an interview as models; a gold span off token boundaries is bad input,
    named at its annotation entry."""
    from . import ner

    try:
        return ner.sentences_for_turns(compiled.turns)
    except ner.MisalignedEntityError as exc:
        raise _misaligned_problem(compiled, exc) from None


def ner_columns(interviews: list[CompiledInterview]) -> tuple[Any, dict[int, list[Problem]]]:
    """The `ner` rows of consecutive interviews as columns (`ner.NerColumns`), their turns
    tokenised together; or None and, for every interview (by position) with a gold span off
    token boundaries, its first such span as a problem (the same as one interview at a time)."""
    from . import ner  # looked up at call time, so the benchmark can wrap the tokenizer stage

    try:
        return ner.ner_columns([turn for compiled in interviews for turn in compiled.turns]), {}
    except ner.MisalignedEntityError as exc:
        if len(interviews) == 1:
            return None, {0: _misaligned_problem(interviews[0], exc).problems}
    problems: dict[int, list[Problem]] = {}
    for i, compiled in enumerate(interviews):  # rare: find each interview's own first problem
        try:
            ner.ner_columns(compiled.turns)
        except ner.MisalignedEntityError as exc:
            problems[i] = _misaligned_problem(compiled, exc).problems
    return None, problems


def _ipc_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def process_chunk(folders: list[Path], context: ChunkContext, serialize: bool = False) -> ChunkResult:
    """Compile the interviews of `folders` (in order) into one table per (config, split).

    The `ner` rows of each split's interviews are tokenised together, straight into columns."""
    clock = time.perf_counter
    timings = dict.fromkeys(("compile", "describe", "tokenize", "arrow", "ipc"), 0.0)
    rows: dict[tuple[str, str], list] = {}
    problems_at: dict[int, list[Problem]] = {}  # folder position -> its problems (reported in folder order)
    described_at: dict[int, list[Problem]] = {}  # folder position -> problems of its description (after those)
    descriptions: list[InterviewDescription] = []
    by_split: dict[str, list[tuple[int, CompiledInterview]]] = {}
    for position, folder in enumerate(folders):
        t0 = clock()
        try:
            inputs = load_inputs(folder)
            compiled = compile_inputs(
                inputs,
                context.taxonomy,
                allow_draft=context.allow_draft,
                split=(context.splits or {}).get(folder.name),
                as_records=True,  # turns as validated records: Arrow columns without a model per turn
            )
        except DatasetError as exc:
            problems_at[position] = list(exc.problems)
            continue
        finally:
            timings["compile"] += clock() - t0
        by_split.setdefault(compiled.split, []).append((position, compiled))
        if context.describe:  # right after the compile: the transcript's reading is reused (compile._read_once)
            t0 = clock()
            try:
                descriptions.append(describe_interview(folder, inputs, compiled, context.taxonomy, context.agreement))
            except DatasetError as exc:
                described_at[position] = list(exc.problems)
            timings["describe"] += clock() - t0
        inputs = None
    ner_by_split: dict[str, Any] = {}
    for split, group in by_split.items():
        t0 = clock()
        ner_by_split[split], ner_problems = ner_columns([compiled for _, compiled in group])
        for i, found in ner_problems.items():
            problems_at[group[i][0]] = found
        timings["tokenize"] += clock() - t0
        for _, compiled in group:
            rows.setdefault(("turns", split), []).extend(compiled.turns)
            rows.setdefault(("interviews", split), []).append(compiled.interview)
    problems = [
        problem
        for position in sorted(problems_at.keys() | described_at.keys())
        for problem in problems_at.get(position, []) + described_at.get(position, [])
    ]
    tables: dict[tuple[str, str], pa.Table | bytes] = {}
    if not problems:
        for config, model in RECORDS:
            for key in sorted((config, split) for split in by_split):
                t0 = clock()
                if config == "ner":
                    table = ner_table(ner_by_split[key[1]])
                else:
                    to_table = table_from_records if model is Turn else table_from_models
                    table = to_table(rows[key], model, context.taxonomy.topic_ids)
                t1 = clock()
                timings["arrow"] += t1 - t0
                tables[key] = _ipc_bytes(table) if serialize else table
                timings["ipc"] += clock() - t1 if serialize else 0.0
    t0 = clock()
    rows.clear()  # drop the chunk's models first: the collection then scans almost nothing
    by_split.clear()
    ner_by_split.clear()
    compiled = None
    after_job()
    timings["gc"] = clock() - t0
    return ChunkResult(tables, problems, len(folders), timings, descriptions if not problems else [])


def _chunk_job(folders: list[Path], context: ChunkContext, in_worker: bool) -> ChunkResult:
    return process_chunk(folders, context, serialize=in_worker)  # tables cross processes as IPC bytes


def warm_up() -> None:
    """Build what every job needs once, before forking, so workers inherit it."""
    import pyarrow as pa

    from .ner import make_tokenizer
    from .publish.arrow_tables import arrow_schema

    # pyarrow's first conversion of a Python sequence imports pandas when it is installed (to tell
    # pandas objects apart; ~0.7 s). Every process of the build converts sequences (workers, and
    # this one when the describe stage reads back): once here, before forking.
    pa.array([0])
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
    engine: Engine | None = None,
    describe: bool = False,
    agreement: bool = True,
) -> Iterator[ChunkResult]:
    """Chunk results in folder order, computed by `engine` (default: a local pool of `workers`).

    The chunks are the same for every engine and worker count, and so are the results' order."""
    size = chunk_size(len(folders), max_chunk)
    chunks = [folders[i : i + size] for i in range(0, len(folders), size)]
    engine = LocalEngine(workers) if engine is None else engine
    if isinstance(engine, LocalEngine):
        warm_up()  # before forking, so the pool's workers inherit it
    else:
        chunks = [[folder.absolute() for folder in chunk] for chunk in chunks]  # workers may run elsewhere
    shared = tuple(sorted({folder.parent for folder in folders}))  # raw/: every worker must see it
    context = ChunkContext(taxonomy, allow_draft, splits, describe, agreement)
    return engine.map_ordered(_chunk_job, chunks, context, shared)
