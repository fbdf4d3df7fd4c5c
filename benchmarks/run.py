#!/usr/bin/env python3
"""Build benchmark: our pipeline against the pyarrow-only limit and the `datasets` path.

    .venv/bin/python benchmarks/run.py                        # 5,000 interviews x 40 turns = 200,000 turns
    .venv/bin/python benchmarks/run.py --interviews 500       # a quick run

In one run, on the same synthetic corpus (benchmarks/synthetic.py, generated into a temporary
folder), it measures and prints:

- our full build, 1 worker and N workers (turns/s, MB/s of raw input, peak RSS), each in a
  fresh process, and the time per stage (read, parse, annotate, validate, tokenize, write) from
  an instrumented 1-worker build of the 10x smaller corpus;
- the limit: `pa.Table.from_pylist` + `ParquetWriter` (same zstd options, same row groups) of
  the same turn rows, already in memory as dicts, without validation;
- the peer: `datasets.Dataset.from_generator(gen, features=F).to_parquet()` of the same rows;
- peak RSS of a 1-worker build at two corpus sizes 10x apart;
- spaCy's bare `nlp.tokenizer.pipe` against our `ner` tokenization on the same texts;
- the full build's floor, on the same rows: bare spaCy tokenization of every turn text, bare
  pyarrow writes (`from_pylist` + `ParquetWriter`, the build's options and row groups) of all
  three configs (rows read back from our own output; reading is not timed), and reading and
  SHA-256 hashing every raw file;
- the seed build (the project's own raw/, whole process) against a whole process that only
  imports pydantic, pyarrow.parquet and spacy (and, as extra lines, against importing every
  library the seed build loads, and against `import interview_dataset`);
- if dask and distributed are installed and the build has an `engine` option: a build on a Dask
  `LocalCluster` of 2 workers, its wall time and whether its output is byte-identical;

then the issue 14 targets with PASS/FAIL. Ratios are measured side by side in this one run, which
matters on a shared, noisy machine: the load average is sampled at every phase.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import hashlib
import importlib.util
import inspect
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

#: The targets of issue 14, in the order of its table: key -> (goal, "min" or "max").
TARGETS = {
    "turns_vs_limit": (0.5, "min"),  # turns path (parse + validate + write), 1 worker, x the pyarrow-only limit
    "turns_vs_hf": (3.0, "min"),  # x the datasets from_generator path
    "tokenize_vs_spacy": (0.8, "min"),  # ner tokenization x bare nlp.tokenizer.pipe
    "build_vs_floor": (2.0, "max"),  # full build (1 worker) / its floor, wall time
    "rss_10x": (1.2, "max"),  # peak RSS at 10x the corpus / at 1x
    "workers_speedup": (1.7, "min"),  # 2 workers vs 1, wall time
    "seed_vs_import": (1.5, "max"),  # seed build / bare import of pydantic, pyarrow.parquet, spacy (whole processes)
}
#: The bare import the seed build is compared with (issue 14).
BARE_IMPORT = "import pydantic, pyarrow.parquet, spacy"


# ----------------------------------------------------------------------------------------
# Child processes: each build runs in a fresh interpreter, so peak RSS is its own.
# ----------------------------------------------------------------------------------------


class _Stages:
    """Exclusive time per stage, for wrapped functions (nested stages are subtracted)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.missing: list[str] = []  # instrumentation points this version of the code does not have
        self._stack: list[float] = []

    def wrap(self, stage, fn):
        clock = time.perf_counter
        stack = self._stack
        seconds = self.seconds
        calls = self.calls

        def wrapper(*args, **kwargs):
            name = stage(args) if callable(stage) else stage
            start = clock()
            stack.append(0.0)
            try:
                return fn(*args, **kwargs)
            finally:
                elapsed = clock() - start
                inner = stack.pop()
                seconds[name] = seconds.get(name, 0.0) + elapsed - inner
                calls[name] = calls.get(name, 0) + 1
                if stack:
                    stack[-1] += elapsed

        wrapper.__wrapped__ = fn
        return wrapper

    def patch(self, owner, name: str, stage) -> None:
        """Wrap `owner.name` if this version of the code has it; otherwise note it as missing."""
        fn = getattr(owner, name, None)
        if fn is None:
            self.missing.append(f"{getattr(owner, '__name__', owner)}.{name}")
            return
        setattr(owner, name, self.wrap(stage, fn))


def _instrument() -> _Stages:
    """Wrap the stage functions the build calls (in this process only; 1 worker).

    These are internal names of `interview_dataset`: when the code moves work elsewhere, the
    missing points are listed in the report and a ratio that needs them is not computed."""
    import importlib

    st = _Stages()

    def module(name):
        try:
            return importlib.import_module(name)
        except ImportError:
            st.missing.append(name)
            return None

    C = module("interview_dataset.compile")
    N = module("interview_dataset.ner")
    P = module("interview_dataset.parallel")
    S = module("interview_dataset.publish.parquet_shards")
    stats = module("interview_dataset.stats")
    if C is not None:
        for name in ("load_metadata", "transcript_path", "verify_transcript_hash", "decode_transcript"):
            st.patch(C, name, "read")
        # the reader: detection and reading (`resolve_reading` + `read_with` since the two-layer readers)
        parse_points = [
            n for n in ("read_transcript", "detect_format", "resolve_reading", "read_with") if hasattr(C, n)
        ]
        for name in parse_points or ["read_transcript"]:
            st.patch(C, name, "parse")
        for name in ("load_annotations", "resolve_entities", "resolve_spans", "_check_annotation_targets"):
            if hasattr(C, name):
                st.patch(C, name, "annotate")
        if hasattr(C, "validate_records"):  # turns validated as columns, a whole interview at once
            st.patch(C, "validate_records", "validate_turns")
        else:
            st.patch(C, "Turn", "validate_turns")
        for name in ("Interview", "Speaker", "Republication"):
            st.patch(C, name, "validate_interviews")
    if P is not None:
        # The compile's own glue (speaker lookup, duplicate check, front matter) counts as read: the job
        # calls compile_interview (older code) or load_inputs + compile_inputs (since the describe work
        # moved into the jobs).
        glue = [n for n in ("compile_interview", "load_inputs", "compile_inputs") if hasattr(P, n)]
        for name in glue or ["compile_interview"]:
            st.patch(P, name, "read")
        if hasattr(P, "describe_interview"):  # per-interview description work done in the job
            st.patch(P, "describe_interview", "describe_in_job")
        st.patch(P, "table_from_models", lambda a: f"arrow_{a[1].__name__}")
        if hasattr(P, "table_from_records"):
            st.patch(P, "table_from_records", lambda a: f"arrow_{a[1].__name__}")
        if hasattr(P, "ner_table"):  # the build's ner path: arrays, no NerSentence per row
            st.patch(P, "ner_table", lambda a: "arrow_NerSentence")
    if N is not None:
        st.patch(N, "sentences_for_turns", "tokenize")
        if hasattr(N, "ner_columns"):
            st.patch(N, "ner_columns", "tokenize")
        st.patch(N, "NerSentence", "validate_ner")
    if S is not None and hasattr(S, "ShardedParquetWriter"):
        W = S.ShardedParquetWriter
        st.patch(W, "write", lambda a: f"parquet_{a[0].directory.name}")
        st.patch(W, "close", lambda a: f"parquet_{a[0].directory.name}")
    if stats is not None and hasattr(stats, "CorpusStats"):
        # The statistics are counted from the read-back since the describe stage reads the Parquet.
        where = "describe_stats" if hasattr(stats.CorpusStats, "add_written") else "stats"
        st.patch(stats.CorpusStats, "add_turns", where)
        st.patch(stats.CorpusStats, "merge", where)
    _instrument_describe(st, module)
    return st


#: Points of the describe stage (after the loop): (module, owner or None, name, stage).
DESCRIBE_POINTS = (
    ("interview_dataset.lint", "CorpusLint", "add", "describe_lint"),
    ("interview_dataset.lint", "CorpusLint", "finish", "describe_lint"),
    ("interview_dataset.baselines", "BaselineFigures", "add", "describe_baselines"),
    ("interview_dataset.baselines", "BaselineFigures", "result", "describe_baselines"),
    ("interview_dataset.card.benchmarks", None, "benchmarks_markdown", "describe_baselines"),
    ("interview_dataset.card.figure", "TopicFigure", "add", "describe_figure"),
    ("interview_dataset.card.figure", "TopicFigure", "render", "describe_figure"),
    ("interview_dataset.agreement", None, "agreement_markdown", "describe_card"),
    ("interview_dataset.card", None, "render_card", "describe_card"),
    ("interview_dataset.publish.croissant", None, "write_croissant", "describe_croissant"),
    ("interview_dataset.pipeline", None, "write_checksums", "describe_checksums"),
)


def _instrument_describe(st: _Stages, module) -> None:
    """Wrap the describe stage's parts (each is looked up at call time by the build)."""
    for module_name, owner_name, name, stage in DESCRIBE_POINTS:
        mod = module(module_name)
        if mod is None:
            continue
        owner = mod if owner_name is None else getattr(mod, owner_name, None)
        if owner is None:
            st.missing.append(f"{module_name}.{owner_name}")
            continue
        st.patch(owner, name, stage)


def _vm(field: str) -> float:
    """A /proc/self/status memory field in MB (Linux), else the max RSS so far."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _build_options(workers: int, engine: str):
    """BuildOptions for `workers` (and `engine` when not local), plus extra keywords for build_dataset."""
    from interview_dataset.pipeline import BuildOptions

    if engine == "local":
        return BuildOptions(workers=workers), {}
    if "engine" in {f.name for f in dataclasses.fields(BuildOptions)}:
        return BuildOptions(workers=workers, engine=engine), {}
    return BuildOptions(workers=workers), {"engine": engine}  # a build_dataset keyword (see dask_engine_missing)


def dask_engine_missing() -> str | None:
    """Why a Dask build cannot run here, or None if it can (dask is not imported here)."""
    missing = [m for m in ("dask", "distributed") if importlib.util.find_spec(m) is None]
    if missing:
        return f"{' and '.join(missing)} not installed (pip install 'interview-dataset[dask]')"
    from interview_dataset.pipeline import BuildOptions, build_dataset

    if "engine" in {f.name for f in dataclasses.fields(BuildOptions)}:
        return None
    if "engine" in inspect.signature(build_dataset).parameters:
        return None
    return "this version of interview_dataset.pipeline has no `engine` option (BuildOptions or build_dataset)"


def child_build(raw: str, dist: str, workers: int, instrument: bool, engine: str = "local") -> None:
    t_start = time.perf_counter()
    from interview_dataset.pipeline import build_dataset

    t_imported = time.perf_counter()
    own0 = resource.getrusage(resource.RUSAGE_SELF)
    stages = _instrument() if instrument else None
    marks: dict[str, float] = {}
    import interview_dataset.pipeline as pipeline

    original_write_stage = pipeline.write_stage

    def write_stage(*args, **kwargs):  # the compile-and-write loop; the high-water mark when it ends
        written = original_write_stage(*args, **kwargs)
        marks["loop_hwm_mb"] = _vm("VmHWM")
        return written

    pipeline.write_stage = write_stage
    options, extra = _build_options(workers, engine)
    result = build_dataset(Path(raw), Path(dist), options, **extra)
    t_end = time.perf_counter()
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    out = {
        "turns": result.turns,
        "interviews": result.interviews,
        "timings": result.timings,
        "import_s": t_imported - t_start,
        "build_s": t_end - t_imported,
        "rss_mb": own.ru_maxrss / 1024,
        "worker_rss_mb": kids.ru_maxrss / 1024,
        "cpu_s": cpu,  # the whole process, imports included
        "build_cpu_s": cpu - own0.ru_utime - own0.ru_stime,  # after the imports (own and children's)
        "stages": stages.seconds if stages else None,
        "stage_calls": stages.calls if stages else None,
        "missing_points": stages.missing if stages else None,
        **marks,
    }
    print("RESULT " + json.dumps(out))


def child_seed(raw: str, dist: str) -> None:
    from interview_dataset.pipeline import BuildOptions, build_dataset

    build_dataset(Path(raw), Path(dist), BuildOptions(workers=os.cpu_count() or 1))
    stdlib = set(sys.stdlib_module_names)
    third = sorted({m.split(".")[0] for m in list(sys.modules)} - stdlib - {"interview_dataset", "__main__", "run"})
    print("RESULT " + json.dumps({"modules": [m for m in third if not m.startswith("_")]}))


def child_import(modules: list[str]) -> None:
    import importlib

    for m in modules:
        try:
            importlib.import_module(m)
        except Exception:
            pass


def _children_cpu() -> float:
    """CPU seconds of the reaped child processes so far (their own reaped children included)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run_python(code: str, env: dict | None = None, cpu: list[float] | None = None) -> float:
    """Wall time of a whole `python -c CODE` process (its CPU time is appended to `cpu`)."""
    t, c = time.perf_counter(), _children_cpu()
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=str(REPO)
    )
    wall = time.perf_counter() - t
    if cpu is not None:
        cpu.append(_children_cpu() - c)
    if proc.returncode != 0:
        raise RuntimeError(f"python -c {code!r} failed:\n{proc.stderr[-3000:]}")
    return wall


def _run_child(*args: str, env: dict | None = None, cpu: list[float] | None = None) -> tuple[dict, float]:
    t, c = time.perf_counter(), _children_cpu()
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=str(REPO),
    )
    wall = time.perf_counter() - t
    if cpu is not None:
        cpu.append(_children_cpu() - c)
    if proc.returncode != 0:
        raise RuntimeError(f"child {args} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}")
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:]), wall
    return {}, wall


# ----------------------------------------------------------------------------------------
# In-process measurements
# ----------------------------------------------------------------------------------------


def load_rows(turn_files: list[Path]) -> list[list[dict]]:
    """The published turn rows as Python dicts, one list per row group (the same records)."""
    import pyarrow.parquet as pq

    groups = []
    for path in turn_files:
        pf = pq.ParquetFile(path)
        for i in range(pf.num_row_groups):
            groups.append(pf.read_row_group(i).to_pylist())
    return groups


#: The topic ids of the built corpus (the Turn schema's topic ClassLabel names).
TURN_TOPICS: list[str] = []


def shard_files(hf: Path, config: str) -> list[Path]:
    """The Parquet shards of one config, every split."""
    return sorted((hf / "data" / config).glob("*.parquet"))


def stored_schema(path: Path):
    """The Arrow schema the build wrote a shard with (its `ARROW:schema` footer entry, metadata
    included). `ParquetFile.schema_arrow` would name list items `element` rather than the build's
    `item`; with this schema the bare writes below give our shards' exact bytes."""
    import base64

    import pyarrow as pa
    import pyarrow.parquet as pq

    stored = (pq.ParquetFile(path).metadata.metadata or {}).get(b"ARROW:schema")
    if stored is None:
        return pq.read_schema(path)
    return pa.ipc.read_schema(pa.py_buffer(base64.b64decode(stored)))


def measure_limit(groups: list[list[dict]], schema, out: Path) -> float:
    """pyarrow only: from_pylist + ParquetWriter (the build's zstd options), no validation.
    `schema` is the Arrow schema of our own turns shards (with their metadata)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from interview_dataset.publish.parquet_shards import WRITER_OPTIONS

    t = time.perf_counter()
    with pq.ParquetWriter(str(out), schema, **WRITER_OPTIONS) as writer:
        for rows in groups:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema), row_group_size=len(rows))
    return time.perf_counter() - t


def measure_hf(groups: list[list[dict]], schema, work: Path) -> float:
    """The peer: Dataset.from_generator(gen, features=F).to_parquet() on the same rows, F read from
    our turns shards' schema (the features `datasets` would load)."""
    from datasets import Dataset, Features
    from datasets.utils.logging import disable_progress_bar

    disable_progress_bar()
    features = Features.from_arrow_schema(schema)

    def gen():
        for rows in groups:
            yield from rows

    t = time.perf_counter()
    ds = Dataset.from_generator(
        gen, features=features, cache_dir=str(work / "hf-cache"), fingerprint=f"bench-{os.getpid()}-{time.time_ns()}"
    )
    ds.to_parquet(str(work / "hf-turns.parquet"))
    elapsed = time.perf_counter() - t
    del ds
    return elapsed


def measure_floor(hf: Path, raw: Path, work: Path) -> dict:
    """The full build's floor, on the same rows: bare spaCy tokenization of every turn text +
    bare pyarrow writes (from_pylist + ParquetWriter, the build's options, the same row groups and
    schema) of every shard of every config + reading and SHA-256 hashing every file under raw/.

    Rows are read back from our own output one row group at a time (memory stays flat); reading
    them is not timed. Wall and CPU time of the timed parts are kept apart, so a busy machine
    shows (CPU s / wall s < 1). Also checks whether the bare writes give our shards' bytes."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    import spacy

    from interview_dataset.publish.parquet_shards import WRITER_OPTIONS

    clock, cpu = time.perf_counter, time.process_time
    wall_s: dict[str, float] = {}
    cpu_s: dict[str, float] = {}

    def timed(part: str, fn, *args):
        t, c = clock(), cpu()
        value = fn(*args)
        wall_s[part] = wall_s.get(part, 0.0) + clock() - t
        cpu_s[part] = cpu_s.get(part, 0.0) + cpu() - c
        return value

    # 1. Tokenization: spaCy's bare English tokenizer over every turn text.
    tokenizer = spacy.blank("en").tokenizer
    texts_n = chars = tokens = 0
    for path in shard_files(hf, "turns"):
        pf = pq.ParquetFile(path)
        for i in range(pf.num_row_groups):
            texts = pf.read_row_group(i, columns=["text"]).column("text").to_pylist()
            tokens += timed("tokenize", lambda x: sum(len(doc) for doc in tokenizer.pipe(x, batch_size=256)), texts)
            texts_n += len(texts)
            chars += sum(map(len, texts))

    # 2. Writes: every shard of every config, rebuilt from Python rows with from_pylist.
    def write_group(writer, group, schema):
        writer.write_table(pa.Table.from_pylist(group, schema=schema), row_group_size=len(group))

    rows: dict[str, int] = {}
    identical = True
    out = work / "floor.parquet"
    for config in ("turns", "interviews", "ner"):
        part = f"write_{config}"
        wall_s[part] = cpu_s[part] = 0.0
        for path in shard_files(hf, config):
            pf = pq.ParquetFile(path)
            schema = stored_schema(path)
            writer = timed(part, functools.partial(pq.ParquetWriter, str(out), schema, **WRITER_OPTIONS))
            for i in range(pf.num_row_groups):
                group = pf.read_row_group(i).to_pylist()
                timed(part, write_group, writer, group, schema)
                rows[config] = rows.get(config, 0) + len(group)
                del group
            timed(part, writer.close)
            identical = identical and out.read_bytes() == path.read_bytes()
    out.unlink(missing_ok=True)

    # 3. Reading and hashing every raw file (transcripts, metadata.yaml, annotations.yaml, taxonomy).
    files = sorted(p for p in raw.rglob("*") if p.is_file())
    raw_bytes = sum(p.stat().st_size for p in files)

    def read_and_hash():
        for p in files:
            hashlib.sha256(p.read_bytes()).digest()

    timed("read_hash", read_and_hash)
    return {
        "wall_s": wall_s,
        "cpu_s": cpu_s,
        "total_s": sum(wall_s.values()),
        "total_cpu_s": sum(cpu_s.values()),
        "texts": texts_n,
        "chars": chars,
        "tokens": tokens,
        "rows": rows,
        "raw_files": len(files),
        "raw_bytes": raw_bytes,
        "writes_identical": identical,
    }


def measure_tokenize(groups: list[list[dict]], max_turns: int) -> dict:
    """spaCy's bare tokenizer vs our ner tokenization (ner_columns + the Arrow ner table), same texts."""
    import pyarrow as pa

    from interview_dataset.ner import make_tokenizer, ner_columns
    from interview_dataset.publish.arrow_tables import arrow_schema, models_from_table, ner_table
    from interview_dataset.schema import Turn

    turns = []
    schema = arrow_schema(Turn, TURN_TOPICS)
    for rows in groups:
        table = pa.Table.from_pylist(rows, schema=schema)
        turns.extend(models_from_table(table, Turn, TURN_TOPICS))
        if len(turns) >= max_turns:
            break
    turns = turns[:max_turns]
    by_interview: dict[str, list] = {}
    for t in turns:
        by_interview.setdefault(t.interview_id, []).append(t)
    batches = list(by_interview.values())
    texts = [t.text for t in turns]
    nlp = make_tokenizer()
    bare, ours = [], []
    tokens = sentences = 0
    for _ in range(3):  # interleaved, best of 3
        t = time.perf_counter()
        tokens = sum(len(doc) for doc in nlp.tokenizer.pipe(texts, batch_size=256))
        bare.append(time.perf_counter() - t)
        t = time.perf_counter()
        sentences = sum(ner_table(ner_columns(b)).num_rows for b in batches)
        ours.append(time.perf_counter() - t)
    return {
        "turns": len(turns),
        "chars": sum(map(len, texts)),
        "tokens": tokens,
        "sentences": sentences,
        "bare_s": min(bare),
        "ours_s": min(ours),
    }


def _tree_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


# ----------------------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------------------


def _fmt(n: float, digits: int = 0) -> str:
    return f"{n:,.{digits}f}"


_T0 = time.perf_counter()
#: (phase, 1-minute load average when it started), for the report.
_LOAD: list[tuple[str, float]] = []


def _say(message: str) -> None:
    load = os.getloadavg()[0]
    _LOAD.append((message, load))
    print(f"[{time.perf_counter() - _T0:6.1f} s, load {load:5.2f}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build benchmark (see the module docstring).")
    parser.add_argument("--interviews", type=int, default=5000)
    parser.add_argument("--turns-per-interview", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2, help="worker count compared with 1 worker")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tokenize-turns", type=int, default=20_000)
    parser.add_argument("--seed-runs", type=int, default=3, help="whole-process runs of the seed build (at least 3)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask LocalCluster build")
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one, removed afterwards)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)

    from synthetic import generate_corpus

    t_all = time.perf_counter()
    m: dict = {"load_start": os.getloadavg()}
    work = args.work or Path(tempfile.mkdtemp(prefix="interview-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {"HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "PYTHONHASHSEED": "0"}
    os.environ.update(env)
    try:
        small_n = max(1, args.interviews // 10)
        _say(f"generating {args.interviews} + {small_n} interviews x {args.turns_per_interview} turns in {work} ...")
        t = time.perf_counter()
        big = generate_corpus(
            work / "big", args.interviews, args.turns_per_interview, args.seed, workers=os.cpu_count() or 1
        )
        small = generate_corpus(
            work / "small", small_n, args.turns_per_interview, args.seed, workers=os.cpu_count() or 1
        )
        m["gen_s"] = time.perf_counter() - t

        _say("seed build and bare imports, interleaved whole processes ...")
        names = ("seed", "bare_import", "all_libraries", "package_import")
        runs: dict[str, list[float]] = {k: [] for k in names}
        cpu: dict[str, list[float]] = {k: [] for k in names}
        for _i in range(max(3, args.seed_runs)):
            shutil.rmtree(work / "seed-dist", ignore_errors=True)
            res, wall = _run_child("--_seed", str(REPO / "raw"), str(work / "seed-dist"), env=env, cpu=cpu["seed"])
            m["modules"] = res["modules"]
            runs["seed"].append(wall)
            runs["bare_import"].append(_run_python(BARE_IMPORT, env, cpu["bare_import"]))
            _, wall = _run_child("--_import", *m["modules"], env=env, cpu=cpu["all_libraries"])
            runs["all_libraries"].append(wall)
            runs["package_import"].append(_run_python("import interview_dataset", env, cpu["package_import"]))
        shutil.rmtree(work / "seed-dist", ignore_errors=True)
        m["seed_runs"], m["seed_cpu"] = runs, cpu
        m["python_s"] = _run_python("pass", env)

        _say("build, 1 worker ...")
        m["one"], _ = _run_child("--_build", str(big.raw_dir), str(work / "dist-1"), "1", env=env)
        _say(f"build, {args.workers} workers ...")
        m["many"], _ = _run_child(
            "--_build", str(big.raw_dir), str(work / f"dist-{args.workers}"), str(args.workers), env=env
        )
        m["identical"] = _same_tree(work / "dist-1", work / f"dist-{args.workers}")
        shutil.rmtree(work / f"dist-{args.workers}", ignore_errors=True)

        reason = "skipped (--no-dask)" if args.no_dask else dask_engine_missing()
        if reason is None:
            _say(f"build on a Dask LocalCluster of {args.workers} workers ...")
            try:
                dask_run, _ = _run_child(
                    "--_build",
                    str(big.raw_dir),
                    str(work / "dist-dask"),
                    str(args.workers),
                    "--engine",
                    "dask",
                    env=env,
                )
                dask_run["identical"] = _same_tree(work / "dist-1", work / "dist-dask")
                m["dask"] = dask_run
            except RuntimeError as exc:
                reason = "the Dask build failed: " + (str(exc).strip().splitlines() or ["?"])[-1]
            shutil.rmtree(work / "dist-dask", ignore_errors=True)
        m["dask_skipped"] = reason

        _say("build, 1 worker, 10x smaller corpus ...")
        m["small"], _ = _run_child("--_build", str(small.raw_dir), str(work / "dist-small"), "1", env=env)
        shutil.rmtree(work / "dist-small", ignore_errors=True)
        _say(f"1 vs {args.workers} workers on the 10x smaller corpus, interleaved (noise check) ...")
        pairs = []
        for _ in range(2):
            a, _ = _run_child("--_build", str(small.raw_dir), str(work / "dist-pair"), "1", env=env)
            b, _ = _run_child("--_build", str(small.raw_dir), str(work / "dist-pair"), str(args.workers), env=env)
            pairs.append(a["build_s"] / b["build_s"])
        shutil.rmtree(work / "dist-pair", ignore_errors=True)
        m["small_pairs"] = pairs
        _say("instrumented build (stages), 10x smaller corpus ...")
        m["inst"], _ = _run_child("--_build", str(small.raw_dir), str(work / "dist-inst"), "1", "--instrument", env=env)
        shutil.rmtree(work / "dist-inst", ignore_errors=True)

        _say("pyarrow limit and datasets peer on the same rows ...")
        from interview_dataset.published import written_topic_names

        hf1 = work / "dist-1" / "hf"
        turn_files = shard_files(hf1, "turns")
        schema = stored_schema(turn_files[0])
        groups = load_rows(turn_files)
        TURN_TOPICS[:] = written_topic_names(hf1)
        m["n_rows"] = sum(map(len, groups))
        limit_runs = [measure_limit(groups, schema, work / "limit.parquet")]
        m["hf_s"] = measure_hf(groups, schema, work)
        limit_runs.append(measure_limit(groups, schema, work / "limit.parquet"))
        m["limit_runs"] = limit_runs
        m["limit_mb"] = (work / "limit.parquet").stat().st_size / 1e6
        m["hf_mb"] = (work / "hf-turns.parquet").stat().st_size / 1e6
        m["ours_mb"] = sum(p.stat().st_size for p in turn_files) / 1e6
        shutil.rmtree(work / "hf-cache", ignore_errors=True)
        (work / "hf-turns.parquet").unlink(missing_ok=True)
        (work / "limit.parquet").unlink(missing_ok=True)

        _say("tokenization ...")
        try:
            m["tokenize"] = measure_tokenize(groups, args.tokenize_turns)
        except Exception as exc:  # an internal API the measure calls has changed: report it, measure the rest
            m["tokenize"] = {"error": f"{type(exc).__name__}: {exc}"}
        del groups

        _say("the full build's floor: bare tokenization, bare writes of all three configs, reading + hashing raw/ ...")
        m["floor"] = measure_floor(hf1, big.raw_dir, work)
        _say("done")
        m["total_s"] = time.perf_counter() - t_all

        report = _report(args, big, small, m)
        print(report["text"])
        if args.json:
            args.json.write_text(json.dumps(report["figures"], indent=2))
        return 0 if all(report["figures"]["pass"].values()) else 1
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


def _same_tree(a: Path, b: Path) -> bool:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    return files_a == files_b and all((a / f).read_bytes() == (b / f).read_bytes() for f in files_a)


def _runs(values: list[float]) -> str:
    return ", ".join(f"{x:.2f}" for x in values)


def compute_ratios(m: dict) -> tuple[dict[str, float | None], dict[str, str]]:
    """The issue 14 ratios from the measurements; a ratio that cannot be computed is None, with why."""
    ratios: dict[str, float | None] = {}
    why: dict[str, str] = {}
    inst, one, many, floor = m["inst"], m["one"], m["many"], m["floor"]
    st, calls = inst["stages"], inst.get("stage_calls") or {}
    n_small = inst["turns"]
    turns_parts = ("parse", "validate_turns", "arrow_Turn", "parquet_turns")
    unseen = [p for p in turns_parts if not calls.get(p)]
    if unseen:
        text = (
            f"stage(s) {', '.join(unseen)} not seen by the instrumentation (the code changed; update _instrument in "
            "benchmarks/run.py)"
        )
        ratios["turns_vs_limit"] = ratios["turns_vs_hf"] = None
        why["turns_vs_limit"] = why["turns_vs_hf"] = text
    else:
        turns_rate = n_small / sum(st[p] for p in turns_parts)
        ratios["turns_vs_limit"] = turns_rate / (m["n_rows"] / statistics.median(m["limit_runs"]))
        ratios["turns_vs_hf"] = turns_rate / (m["n_rows"] / m["hf_s"])
    tok = m["tokenize"]
    if "error" in tok:
        ratios["tokenize_vs_spacy"], why["tokenize_vs_spacy"] = None, tok["error"]
    else:
        ratios["tokenize_vs_spacy"] = tok["bare_s"] / tok["ours_s"]  # same texts: chars/s ratio = time ratio
    ratios["build_vs_floor"] = one["build_s"] / floor["total_s"]
    ratios["rss_10x"] = one["rss_mb"] / m["small"]["rss_mb"]
    ratios["workers_speedup"] = one["build_s"] / many["build_s"]
    ratios["seed_vs_import"] = statistics.median(m["seed_runs"]["seed"]) / statistics.median(
        m["seed_runs"]["bare_import"]
    )
    return ratios, why


def passes(key: str, value: float) -> bool:
    goal, kind = TARGETS[key]
    return value <= goal if kind == "max" else value >= goal


def _report(args, big, small, m: dict) -> dict:
    one, many, small_run, inst, floor, tok = m["one"], m["many"], m["small"], m["inst"], m["floor"], m["tokenize"]
    turns = one["turns"]
    n_rows = m["n_rows"]
    assert turns == n_rows == big.turns, (turns, n_rows, big.turns)
    raw_mb = big.raw_bytes / 1e6
    st = inst["stages"]
    calls = inst.get("stage_calls") or {}
    n_small = inst["turns"]
    limit_s = statistics.median(m["limit_runs"])
    hf_s = m["hf_s"]
    ratios, why = compute_ratios(m)

    def us(s):
        return 1e6 * s / n_small

    # Stages of the instrumented 1-worker build (exclusive seconds), grouped as the issue names them.
    validate = st.get("validate_turns", 0) + st.get("validate_interviews", 0) + st.get("validate_ner", 0)
    write = sum(v for k, v in st.items() if k.startswith(("arrow_", "parquet_")))
    grouped = {
        "read": st.get("read", 0),
        "parse": st.get("parse", 0),
        "annotate": st.get("annotate", 0),
        "validate": validate,
        "tokenize": st.get("tokenize", 0),
        "write": write,
        "stats": st.get("stats", 0),
        "describe in the jobs": st.get("describe_in_job", 0),
    }
    if not grouped["stats"]:
        del grouped["stats"]  # counted after the loop (`describe_stats`)
    loop_s = inst["timings"]["compile_and_write"]
    grouped["other (loop, GC, imports of the loop)"] = max(0.0, loop_s - sum(grouped.values()))
    turns_path_s = sum(st.get(p, 0) for p in ("parse", "validate_turns", "arrow_Turn", "parquet_turns"))
    turns_all_s = turns_path_s + st.get("read", 0) + st.get("annotate", 0)
    limit_rate = n_rows / limit_s
    hf_rate = n_rows / hf_s

    lines = []
    add = lines.append
    add(
        f"## Build benchmark: {big.interviews:,} interviews, {turns:,} turns ({raw_mb:.1f} MB raw), "
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}"
    )
    add("")
    load_start, load_end = m["load_start"], os.getloadavg()
    cpu_use = f"1 worker {one['build_cpu_s'] / one['build_s']:.2f}, {args.workers} workers " + (
        f"{many['build_cpu_s'] / many['build_s']:.2f}"
    )
    add(
        f"Corpus generated in {m['gen_s']:.1f} s (+ {small.turns:,} turns for the 10x smaller one). "
        f"Whole benchmark: {m['total_s']:.0f} s. "
        f"Load average (1 min) at start / end: {load_start[0]:.2f} / {load_end[0]:.2f} "
        f"(at each phase: {', '.join(f'{load:.1f}' for _, load in _LOAD)}); "
        f"CPU use (CPU s ÷ wall s, after imports): builds {cpu_use}, "
        f"floor {floor['total_cpu_s'] / floor['total_s']:.2f} "
        f"(a busy machine shows as < 1 and < {args.workers})."
    )
    add("")
    add("| path | wall s | turns/s | MB/s (raw in) | peak RSS MB | output MB |")
    add("|---|---:|---:|---:|---:|---:|")
    add(
        f"| our full build, 1 worker (3 configs, card) | {one['build_s']:.1f} | {_fmt(turns / one['build_s'])} | "
        f"{raw_mb / one['build_s']:.1f} | {one['rss_mb']:.0f} (loop {one.get('loop_hwm_mb', 0):.0f}) | "
        f"{m['ours_mb']:.1f} (turns) |"
    )
    add(
        f"| our full build, {args.workers} workers | {many['build_s']:.1f} | {_fmt(turns / many['build_s'])} | "
        f"{raw_mb / many['build_s']:.1f} | "
        f"{many['rss_mb']:.0f} parent + {many['worker_rss_mb']:.0f} per worker | "
        f"identical: {'yes' if m['identical'] else 'NO'} |"
    )
    dask = m.get("dask")
    if dask:
        add(
            f"| our full build, Dask LocalCluster of {args.workers} workers | {dask['build_s']:.1f} | "
            f"{_fmt(turns / dask['build_s'])} | {raw_mb / dask['build_s']:.1f} | {dask['rss_mb']:.0f} (driver) | "
            f"identical: {'yes' if dask['identical'] else 'NO'} |"
        )
    else:
        add(f"| our full build, Dask LocalCluster | – | – | – | – | not run: {m['dask_skipped']} |")
    add(
        f"| floor of the full build (tokenize + write 3 configs + read and hash raw/; below) | {floor['total_s']:.1f} "
        f"| {_fmt(turns / floor['total_s'])} | {raw_mb / floor['total_s']:.1f} | – | – |"
    )
    if turns_path_s:
        add(
            f"| our turns config on 1 worker (parse + validate + write; from stages) | – | "
            f"{_fmt(n_small / turns_path_s)} | – | – | – |"
        )
        add(f"| same, plus read + annotate (the whole turns path) | – | {_fmt(n_small / turns_all_s)} | – | – | – |")
    add(
        f"| limit: from_pylist + ParquetWriter zstd, no validation (runs {_runs(m['limit_runs'])} s) | "
        f"{limit_s:.2f} | {_fmt(limit_rate)} | – | – | {m['limit_mb']:.1f} |"
    )
    add(
        f"| peer: datasets from_generator(features) + to_parquet | {hf_s:.2f} | {_fmt(hf_rate)} | – | – | "
        f"{m['hf_mb']:.1f} |"
    )
    add(
        f"| our full build, 1 worker, 10x smaller ({small_run['turns']:,} turns) | {small_run['build_s']:.1f} | "
        f"{_fmt(small_run['turns'] / small_run['build_s'])} | – | "
        f"{small_run['rss_mb']:.0f} (loop {small_run.get('loop_hwm_mb', 0):.0f}) | – |"
    )
    add("")
    fw, fc = floor["wall_s"], floor["cpu_s"]
    add(
        f"The full build's floor, on the same {turns:,} turns (reading our own output back is not timed; "
        f"bare writes give our shards' bytes: {'yes' if floor['writes_identical'] else 'no'}):"
    )
    add("")
    add("| part | what | wall s | CPU s | µs/turn |")
    add("|---|---|---:|---:|---:|")
    parts = {
        "tokenize": (
            f"`spacy.blank('en').tokenizer.pipe` over {floor['texts']:,} turn texts "
            f"({floor['chars'] / 1e6:.1f} M chars, {floor['tokens']:,} tokens)"
        ),
        "write_turns": f"from_pylist + ParquetWriter, turns ({floor['rows'].get('turns', 0):,} rows)",
        "write_interviews": f"same, interviews ({floor['rows'].get('interviews', 0):,} rows)",
        "write_ner": f"same, ner ({floor['rows'].get('ner', 0):,} rows)",
        "read_hash": (
            f"read + SHA-256 of every raw/ file ({floor['raw_files']:,} files, {floor['raw_bytes'] / 1e6:.1f} MB)"
        ),
    }
    for part, what in parts.items():
        add(
            f"| {part} | {what} | {fw.get(part, 0):.2f} | {fc.get(part, 0):.2f} | {1e6 * fw.get(part, 0) / turns:.1f} |"
        )
    add(f"| floor | sum | {floor['total_s']:.2f} | {floor['total_cpu_s']:.2f} | {1e6 * floor['total_s'] / turns:.1f} |")
    add(
        f"| our full build, 1 worker | after imports | {one['build_s']:.2f} | {one['build_cpu_s']:.2f} | "
        f"{1e6 * one['build_s'] / turns:.1f} |"
    )
    add("")
    add(
        f"Full build ÷ floor: {one['build_s'] / floor['total_s']:.2f} by wall time (the target), "
        f"{one['build_cpu_s'] / floor['total_cpu_s']:.2f} by CPU time (less sensitive to load); "
        f"{args.workers} workers' wall time ÷ floor: {many['build_s'] / floor['total_s']:.2f}."
    )
    stage_tok = one["timings"].get("stage_tokenize")
    if stage_tok:
        add(
            f"In the 1-worker build itself, the ner stage (`process_chunk`'s `tokenize` timing) took {stage_tok:.2f} s "
            f"for the texts the bare tokenizer took {fw.get('tokenize', 0):.2f} s over "
            f"({fw.get('tokenize', 0) / stage_tok:.2f}x, a cross-check of the tokenization target)."
        )
    add("")
    add(f"Stages of a 1-worker build (instrumented, {n_small:,} turns; exclusive time; µs per turn):")
    add("")
    add("| stage | what | µs/turn | share |")
    add("|---|---|---:|---:|")
    what = {
        "read": "metadata.yaml (YAML + pydantic), transcript bytes, SHA-256, decode; compile glue",
        "parse": "transcript reader",
        "annotate": "annotations.yaml (YAML), entity offsets (Entity models)",
        "validate": (
            f"pydantic: Turn {us(st.get('validate_turns', 0)):.1f}, "
            f"NerSentence {us(st.get('validate_ner', 0)):.1f}, "
            f"Interview {us(st.get('validate_interviews', 0)):.1f}"
        ),
        "tokenize": "spaCy tokenizer, sentencizer rule, IOB tags, as arrays (ner.py `ner_columns`)",
        "write": "Arrow: "
        + ", ".join(f"{k[6:]} {us(v):.1f}" for k, v in sorted(st.items()) if k.startswith("arrow_"))
        + "; Parquet: "
        + ", ".join(f"{k[8:]} {us(v):.1f}" for k, v in sorted(st.items()) if k.startswith("parquet_")),
        "stats": "CorpusStats (add_turns, merge)",
        "describe in the jobs": "card facts, agreement of the annotation passes, lint facts (`describe_interview`)",
    }
    for name, seconds in grouped.items():
        add(f"| {name} | {what.get(name, '')} | {us(seconds):.1f} | {100 * seconds / loop_s:.0f}% |")
    add(f"| total (compile and write loop) | | {us(loop_s):.1f} | 100% |")
    add(f"| card, lint, checksums (after the loop) | | {us(inst['timings'].get('card', 0)):.1f} | |")
    describe_s = inst["timings"].get("card", 0)
    parts = {k: v for k, v in st.items() if k.startswith("describe_") and k != "describe_in_job"}
    if parts and describe_s:
        add("")
        add("The describe stage of the same build (after the loop; exclusive time; µs per turn):")
        add("")
        add("| describe part | what | µs/turn | share |")
        add("|---|---|---:|---:|")
        what_describe = {
            "describe_stats": "CorpusStats from the read-back",
            "describe_lint": "the lint's two passes (CorpusLint add, finish)",
            "describe_baselines": "baselines fed by the read-back, scored, rendered",
            "describe_figure": "the topic figure's counts and its drawing (matplotlib, PNG)",
            "describe_card": "agreement tables, card rendering (Jinja)",
            "describe_croissant": "Croissant metadata",
            "describe_checksums": "SHA-256 of every published file (twice: hf/ and dist/)",
        }
        for name in what_describe:
            if name in parts:
                add(
                    f"| {name[9:]} | {what_describe[name]} | {us(parts[name]):.1f} | "
                    f"{100 * parts[name] / describe_s:.0f}% |"
                )
        rest = max(0.0, describe_s - sum(parts.values()))
        add(
            f"| other | reading the Parquet back (records, ner counts), the agreement's merge | {us(rest):.1f} | "
            f"{100 * rest / describe_s:.0f}% |"
        )
    missing = inst.get("missing_points") or []
    unseen = sorted(k for k in ("read", "parse", "annotate", "validate_turns", "tokenize") if not calls.get(k))
    if missing or unseen:
        add("")
        add(
            f"Instrumentation: points not in this code: {', '.join(missing) or 'none'}; stages never called: "
            f"{', '.join(unseen) or 'none'} (their time is in 'other'; update `_instrument`)."
        )
    add("")
    if "error" in tok:
        add(f"Tokenization: not measured ({tok['error']}).")
    else:
        add(
            f"Tokenization, {tok['turns']:,} turns ({tok['chars'] / 1e6:.1f} M chars, {tok['tokens']:,} tokens, "
            f"{tok['sentences']:,} sentences), best of 3: "
            f"bare `nlp.tokenizer.pipe` {tok['bare_s']:.2f} s ({_fmt(tok['tokens'] / tok['bare_s'])} tokens/s); "
            f"our `ner_columns` + `ner_table` {tok['ours_s']:.2f} s ({_fmt(tok['tokens'] / tok['ours_s'])} tokens/s)."
        )
    add("")
    runs = m["seed_runs"]
    med = {k: statistics.median(v) for k, v in runs.items()}
    add(
        f"Seed build (raw/ of the project, {os.cpu_count()} workers requested, whole process, median of "
        f"{len(runs['seed'])}): {med['seed']:.2f} s (runs {_runs(runs['seed'])}); "
        f'`python -c "{BARE_IMPORT}"`: {med["bare_import"]:.2f} s (runs {_runs(runs["bare_import"])}); '
        f'`python -c "import interview_dataset"`: {med["package_import"]:.2f} s '
        f"(runs {_runs(runs['package_import'])}); importing the {len(m['modules'])} third-party libraries the "
        f"seed build loads: {med['all_libraries']:.2f} s (runs {_runs(runs['all_libraries'])}); bare `python`: "
        f"{m['python_s']:.2f} s. Seed build ÷ bare import of pydantic, pyarrow.parquet, spacy: "
        f"{med['seed'] / med['bare_import']:.2f}x (the target); ÷ `import interview_dataset`: "
        f"{med['seed'] / med['package_import']:.2f}x; ÷ importing all its libraries: "
        f"{med['seed'] / med['all_libraries']:.2f}x."
    )
    if m.get("seed_cpu"):
        cmed = {k: statistics.median(v) for k, v in m["seed_cpu"].items()}
        add("")
        add(
            f"The same processes by CPU time (user + system, children included; less sensitive to load), medians: "
            f"seed build {cmed['seed']:.2f} s, bare import {cmed['bare_import']:.2f} s, `import interview_dataset` "
            f"{cmed['package_import']:.2f} s, all its libraries {cmed['all_libraries']:.2f} s; seed ÷ bare import "
            f"{cmed['seed'] / cmed['bare_import']:.2f}x."
        )
    add("")
    add(
        f"Peak RSS during the compile-and-write loop alone (measured when the loop ends): "
        f"{one.get('loop_hwm_mb', 0):.0f} MB at "
        f"{turns:,} turns vs {small_run.get('loop_hwm_mb', 0):.0f} MB at {small_run['turns']:,} "
        f"({one.get('loop_hwm_mb', 0) / max(1, small_run.get('loop_hwm_mb', 1)):.2f}x); "
        f"the rest of the peak comes after the loop (card, lint, Croissant). "
        f"{args.workers} workers vs 1 on the 10x smaller corpus, interleaved pairs: "
        f"{', '.join(f'{x:.2f}x' for x in m['small_pairs'])}."
    )
    add("")
    add("| target (issue 14) | measured | goal | result |")
    add("|---|---:|---:|---|")
    labels = {
        "turns_vs_limit": "turns path (parse + validate + write), 1 worker ÷ bare pyarrow write",
        "turns_vs_hf": "turns path ÷ datasets from_generator + to_parquet",
        "tokenize_vs_spacy": "ner tokenization ÷ bare nlp.tokenizer.pipe (chars/s)",
        "build_vs_floor": "full build time (1 worker) ÷ its floor",
        "rss_10x": "peak RSS at 10× the corpus ÷ at 1× (whole process)",
        "workers_speedup": f"{args.workers} workers ÷ 1 worker, wall time",
        "seed_vs_import": "seed build ÷ bare import of pydantic, pyarrow.parquet, spacy (whole processes)",
    }
    passed: dict[str, bool] = {}
    for key, value in ratios.items():
        goal, kind = TARGETS[key]
        sign = "≤" if kind == "max" else "≥"
        if value is None:
            add(f"| {labels[key]} | n/a | {sign} {goal} | NOT MEASURED: {why[key]} |")
            continue
        passed[key] = passes(key, value)
        add(f"| {labels[key]} | {value:.2f} | {sign} {goal} | {'PASS' if passed[key] else 'FAIL'} |")
    if dask:
        passed["dask_identical"] = bool(dask["identical"])
        add(
            f"| Dask LocalCluster ({args.workers} workers) output vs local build | "
            f"{'identical' if dask['identical'] else 'DIFFERENT'} | byte-identical | "
            f"{'PASS' if dask['identical'] else 'FAIL'} |"
        )
    else:
        add(f"| Dask LocalCluster output vs local build | – | byte-identical | NOT RUN: {m['dask_skipped']} |")
    passed["identical"] = bool(m["identical"])
    add(
        f"| {args.workers}-worker output byte-identical to 1 worker | {'yes' if m['identical'] else 'no'} | yes | "
        f"{'PASS' if m['identical'] else 'FAIL'} |"
    )
    figures = {
        "turns": turns,
        "raw_mb": raw_mb,
        **{k: v for k, v in m.items() if k not in ("load_start",)},
        "limit_s": limit_s,
        "ratios": ratios,
        "not_measured": why,
        "targets": {k: {"goal": g, "kind": kind} for k, (g, kind) in TARGETS.items()},
        "pass": passed,
        "load_start": load_start,
        "load_end": load_end,
        "load_phases": _LOAD,
        "cpu_count": os.cpu_count(),
        "python": sys.version.split()[0],
        "argv": sys.argv[1:],
    }
    return {"text": "\n".join(lines), "figures": figures}


def _child_main(argv: list[str]) -> None:
    if argv[0] == "--_build":
        engine = argv[argv.index("--engine") + 1] if "--engine" in argv else "local"
        child_build(argv[1], argv[2], int(argv[3]), "--instrument" in argv[4:], engine)
    elif argv[0] == "--_seed":
        child_seed(argv[1], argv[2])
    elif argv[0] == "--_import":
        child_import(argv[1:])


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("--_build", "--_seed", "--_import"):
        _child_main(sys.argv[1:])
    else:
        sys.exit(main())
