"""Reading and re-checking a published `dist/` folder.

`read_config` reads the Parquet shards of one config back into validated pydantic models
(ClassLabel indexes decoded to their names with the features embedded in each file).
`validate_dist` re-checks a whole published folder and returns every problem found, each
naming the file and, where there is one, the row (0-based, within that file):

* `SHA256SUMS` verifies (no missing, extra or changed file);
* the README front matter parses; its `configs` match the folders under `data/`, its
  `dataset_info` splits count as many rows as the Parquet files hold, and its features are
  the schema's;
* shard names are `<split>-NNNNN-of-NNNNN.parquet`, numbered without gaps;
* each Parquet file embeds the schema's Hugging Face features and every row validates
  against the schema (entity offsets against the text are checked by the models);
* across configs: turn ids are unique, every interview's `num_turns` equals its turns, every
  `ner` row belongs to an existing turn, each turn's `ner` rows carry one B- tag per entity
  and their tokens spell the turn's text.
"""

from __future__ import annotations

import fnmatch
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel, ValidationError

from .errors import DatasetError, Problem, display_path
from .features import CONFIG_MODELS, features_for, topic_names, uses_topics
from .publish.arrow_tables import LabelIndexError, arrow_schema, row_decoder
from .publish.checksums import CHECKSUMS_FILE, verify_checksums
from .schema import SPLITS

SHARD_NAME = re.compile(r"^(?P<split>[A-Za-z0-9_]+)-(?P<index>\d{5})-of-(?P<total>\d{5})\.parquet$")
#: Row problems reported per file before the rest are summarised.
MAX_ROW_PROBLEMS = 20
_REBUILD_HINT = (
    "the published files are damaged or were edited by hand: rebuild with `interview-dataset build` (never edit dist/)"
)


class _RowError(ValueError):
    pass


# --- reading ---------------------------------------------------------------------------------


def _embedded_features(schema: pa.Schema):
    """The Hugging Face features stored in a Parquet file's schema metadata, or None."""
    from datasets import Features

    metadata = schema.metadata or {}
    if b"huggingface" not in metadata:
        return None
    try:
        info = json.loads(metadata[b"huggingface"])
        return Features.from_dict(info["info"]["features"])
    except Exception as exc:
        raise _RowError(f"the embedded `huggingface` features cannot be read ({type(exc).__name__}: {exc})") from None


def _validation_message(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors(include_url=False):
        where = ".".join(str(k) for k in err["loc"])
        msg = str(err["msg"]).removeprefix("Value error, ")
        parts.append(f"{where}: {msg}" if where else msg)
    return "; ".join(parts)


def _row_label(index: int, row: Any) -> str:
    ident = row.get("id") if isinstance(row, dict) else None
    return f"row {index}" + (f" (id {ident!r})" if isinstance(ident, str) else "")


def _iter_validated(path: Path, model: type[BaseModel], features) -> Iterator[tuple[int, BaseModel | None, str | None]]:
    """(row index, model or None, problem or None) for every row of one Parquet file.

    Raises `_RowError` when the file itself cannot be read.
    """
    decode = row_decoder(model, topic_names(features) if uses_topics(model) else None)
    try:
        parquet = pq.ParquetFile(path)
        batches = parquet.iter_batches(batch_size=4096)
        index = 0
        for batch in batches:
            for row in batch.to_pylist():
                try:
                    yield index, model.model_validate(decode(row)), None
                except LabelIndexError as exc:
                    yield index, None, f"{_row_label(index, row)}: {exc}"
                except ValidationError as exc:
                    yield index, None, f"{_row_label(index, row)}: {_validation_message(exc)}"
                index += 1
    except (pa.ArrowException, OSError, ValueError) as exc:
        if isinstance(exc, _RowError):
            raise
        raise _RowError(f"cannot read the Parquet file (truncated, or not Parquet?): {exc}") from None


def _shard_paths(hf_dir: Path, config: str, split: str | None) -> list[Path]:
    folder = hf_dir / "data" / config
    pattern = f"{split}-*.parquet" if split else "*.parquet"
    return sorted(p for p in folder.glob(pattern) if p.is_file() and SHARD_NAME.match(p.name))


def written_features(path: Path):
    """The HF features embedded in a written Parquet shard."""
    features = _embedded_features(pq.read_schema(path))
    if features is None:
        raise DatasetError.at(path, "no embedded `huggingface` features in the schema metadata", _REBUILD_HINT)
    return features


def splits_present(hf_dir: Path, config: str) -> list[str]:
    """The splits that have shards of `config`, in `SPLITS` order."""
    found = {m.group("split") for p in _shard_paths(Path(hf_dir), config, None) if (m := SHARD_NAME.match(p.name))}
    return [s for s in SPLITS if s in found]


def read_config(hf_dir: Path, config: str, model: type[BaseModel], split: str | None = None) -> list:
    """Every row of `config` (only `split`'s, if given) as validated `model` instances.

    Shards are read in sorted file order. Raises DatasetError naming the file and the row
    (0-based within the file) on the first row that does not validate.
    """
    hf_dir = Path(hf_dir)
    paths = _shard_paths(hf_dir, config, split)
    if not paths:
        folder = hf_dir / "data" / config
        present = (
            sorted({m.group("split") for p in folder.glob("*.parquet") if (m := SHARD_NAME.match(p.name))})
            if folder.is_dir()
            else []
        )
        what = (
            f"no Parquet shards of split {split!r} for config {config!r}"
            if split
            else f"no Parquet shards for config {config!r}"
        )
        hint = (
            f"use one of the splits present: {', '.join(present)}"
            if present
            else "build the dataset first (`interview-dataset build`), or check the folder"
        )
        raise DatasetError.at(folder, what, hint)
    rows: list = []
    for path in paths:
        try:
            schema = pq.read_schema(path)
            features = _embedded_features(schema)
            if features is None:
                raise DatasetError.at(path, "no embedded `huggingface` features in the schema metadata", _REBUILD_HINT)
            expected = _expected_features(model, features)
            if features != expected:
                other = _config_of(features)
                detail = (
                    f"it holds rows of config `{other}`" if other else "they differ from the schema of this version"
                )
                raise DatasetError.at(
                    path, f"the embedded features are not those of {model.__name__} records: {detail}", _REBUILD_HINT
                )
            for _, item, problem in _iter_validated(path, model, features):
                if problem is not None:
                    raise DatasetError.at(path, f"{problem} does not validate as {model.__name__}", _REBUILD_HINT)
                rows.append(item)
        except _RowError as exc:
            raise DatasetError.at(path, str(exc), _REBUILD_HINT) from None
        except (pa.ArrowException, OSError) as exc:
            raise DatasetError.at(
                path, f"cannot read the Parquet file (truncated, or not Parquet?): {exc}", _REBUILD_HINT
            ) from None
    return rows


def _expected_features(model: type[BaseModel], found):
    """The schema's features for `model`, with the topic names found in the file (they travel
    with the data; `validate` checks them against `taxonomy.yaml`)."""
    if not uses_topics(model):
        return features_for(model)
    return features_for(model, (topic_names(found) if found is not None else None) or ())


def _config_of(features) -> str | None:
    """The config whose schema the features are (topic names taken from the features)."""
    return next((c for c, m in CONFIG_MODELS.items() if _expected_features(m, features) == features), None)


def hf_folder(path: Path) -> Path:
    """The Hugging Face folder: `path` itself when it holds the data (a downloaded or copied
    folder), else `path/hf` (a `dist/` built here)."""
    path = Path(path)
    if (path / "data").is_dir() or (path / "README.md").is_file() or not (path / "hf").is_dir():
        return path
    return path / "hf"


def written_topic_names(hf_dir: Path) -> tuple[str, ...]:
    """The topic label space of a published folder: the topic ClassLabel names embedded in its
    `turns` shards (empty when there is none)."""
    for path in _shard_paths(Path(hf_dir), "turns", None):
        try:
            features = _embedded_features(pq.read_schema(path))
        except (_RowError, pa.ArrowException, OSError):
            continue
        names = topic_names(features) if features is not None else None
        if names is not None:
            return names
    return ()


class _Problems(list):
    """Problems of a published folder, each a `Problem`; text of the form `FILE[:LINE]: what`
    is parsed into one (the file is the one that is wrong)."""

    _TEXT = re.compile(r"^(?P<file>[^\n]*?)(?::(?P<line>\d+))?: (?P<what>.*)$", re.DOTALL)

    def __init__(self, hint: str):
        super().__init__()
        self.hint = hint

    def append(self, item) -> None:
        if isinstance(item, str):
            m = self._TEXT.match(item)
            item = (
                Problem(m.group("file"), m.group("what"), self.hint, int(m.group("line")) if m.group("line") else None)
                if m
                else Problem("", item, self.hint)
            )
        super().append(item)

    def extend(self, items) -> None:
        for item in items:
            self.append(item)


# --- validating a published folder ----------------------------------------------------------


@dataclass
class _Row:
    path: Path
    index: int
    split: str
    item: Any


def _shown(path: Path) -> str:
    return display_path(path)


def validate_dist(dist: Path) -> list[Problem]:
    """Every problem found in a published folder, as `Problem`s; empty when valid.

    `dist` is the Hugging Face folder itself (e.g. a downloaded copy) or a `dist/` holding `hf/`.
    `SHA256SUMS` is read from the Hugging Face folder (or, for an older layout, from `dist/`)."""
    dist = Path(dist)
    problems = _Problems(_REBUILD_HINT)
    if not dist.is_dir():
        problems.append(
            Problem(_shown(dist), "not a folder", "build the dataset first, or give the path of the published folder")
        )
        return list(problems)
    hf = hf_folder(dist)
    # SHA256SUMS lives in the HF folder; a `dist/` given as such may hold it (an older layout).
    sums_root = hf if (hf / CHECKSUMS_FILE).is_file() or dist == hf or not (dist / CHECKSUMS_FILE).is_file() else dist
    problems.extend(f"{_shown(sums_root)}/{p}" for p in verify_checksums(sums_root))

    if not (hf / "README.md").is_file():
        problems.append(f"{_shown(hf / 'README.md')}: missing (the dataset card with the configs)")
        front: dict | None = None
    else:
        front = _front_matter(hf / "README.md", problems)

    data = hf / "data"
    folders = sorted(p.name for p in data.iterdir() if p.is_dir()) if data.is_dir() else []
    if not folders:
        problems.append(f"{_shown(data)}: no config folders (expected {', '.join(CONFIG_MODELS)})")
    if data.is_dir():
        for p in sorted(data.iterdir()):
            if not p.is_dir():
                problems.append(f"{_shown(p)}: unexpected file outside the config folders")
    for name in folders:
        if name not in CONFIG_MODELS:
            problems.append(f"{_shown(data / name)}: unknown config folder (known: {', '.join(CONFIG_MODELS)})")

    rows: dict[str, list[_Row]] = {}
    counts: dict[str, dict[str, int]] = {}
    files: dict[str, dict[str, list[Path]]] = {}
    for config in (c for c in CONFIG_MODELS if c in folders):
        rows[config], counts[config], files[config] = _check_config(
            data / config, config, CONFIG_MODELS[config], problems
        )

    croissant = hf / "croissant.json"
    if croissant.is_file():
        try:
            json.loads(croissant.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            problems.append(f"{_shown(croissant)}: not valid JSON ({exc})")

    if front is not None:
        _check_card(hf, front, folders, counts, files, problems)
    _check_taxonomy(hf, rows, problems)
    _check_cross_config(rows, problems)
    return list(problems)


def _check_taxonomy(hf: Path, rows: dict, problems: list) -> None:
    """The topic ClassLabel names embedded in the data equal the ids of `taxonomy.yaml` beside it."""
    from .taxonomy import TAXONOMY_FILE, load_taxonomy

    names = written_topic_names(hf) if "turns" in rows else ()
    if not (hf / TAXONOMY_FILE).is_file():
        if names:
            problems.append(
                Problem(
                    _shown(hf / TAXONOMY_FILE),
                    "missing: the topic label space (its definitions) does not travel with the data",
                    _REBUILD_HINT,
                )
            )
        return
    try:
        taxonomy, _ = load_taxonomy(hf)
    except DatasetError as exc:
        problems.extend(exc.problems)
        return
    if tuple(taxonomy.topic_ids) != tuple(names):
        problems.append(
            Problem(
                _shown(hf / TAXONOMY_FILE),
                f"its {len(taxonomy.topic_ids)} topic ids differ from the {len(names)} topic ClassLabel names "
                "in the data",
                _REBUILD_HINT,
            )
        )


def _front_matter(readme: Path, problems: list[str]) -> dict | None:
    from .yaml_loading import load_yaml

    try:
        text = readme.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{_shown(readme)}: cannot be read as UTF-8 text ({exc})")
        return None
    match = re.match(r"---\r?\n(.*?\r?\n)---\r?\n", text, re.DOTALL)
    if not match:
        problems.append(
            f"{_shown(readme)}: no YAML front matter (the file must start with `---`, the metadata, and `---`)"
        )
        return None
    try:
        doc = load_yaml(readme, text=match.group(1))
    except DatasetError as exc:
        for p in exc.problems:
            line = f":{p.line + 1}" if p.line is not None else ""
            problems.append(f"{_shown(readme)}{line}: front matter: {p.message}")
        return None
    if not isinstance(doc.data, dict):
        problems.append(f"{_shown(readme)}: the front matter is not a YAML mapping")
        return None
    return doc.data


def _check_config(folder: Path, config: str, model: type[BaseModel], problems: list[str]):
    """Shard names, embedded features and every row of one config folder."""
    topics = written_topic_names(folder.parent.parent) if uses_topics(model) else None
    expected_features = features_for(model, topics)
    expected_schema = arrow_schema(model, topics).remove_metadata()
    by_split: dict[str, list[tuple[int, int, Path]]] = defaultdict(list)
    for p in sorted(folder.iterdir()):
        m = SHARD_NAME.match(p.name)
        if not p.is_file() or not m:
            problems.append(
                f"{_shown(p)}: unexpected {'folder' if p.is_dir() else 'file'} "
                "(shards are named `<split>-NNNNN-of-NNNNN.parquet`)"
            )
            continue
        if m.group("split") not in SPLITS:
            problems.append(f"{_shown(p)}: unknown split {m.group('split')!r} (splits: {', '.join(SPLITS)})")
            continue
        by_split[m.group("split")].append((int(m.group("index")), int(m.group("total")), p))
    rows: list[_Row] = []
    counts: dict[str, int] = {}
    files: dict[str, list[Path]] = {}
    for split, shards in sorted(by_split.items()):
        totals = {t for _, t, _ in shards}
        indexes = sorted(i for i, _, _ in shards)
        if len(totals) != 1 or indexes != list(range(next(iter(totals)))):
            names = ", ".join(p.name for _, _, p in shards)
            problems.append(
                f"{_shown(folder)}: the shards of split {split!r} are not numbered 00000..N-1 of N ({names})"
            )
        files[split] = [p for _, _, p in sorted(shards)]
        counts[split] = 0
        for _, _, path in sorted(shards):
            try:
                schema = pq.read_schema(path)
                features = _embedded_features(schema)
            except _RowError as exc:
                problems.append(f"{_shown(path)}: {exc}")
                continue
            except (pa.ArrowException, OSError) as exc:
                problems.append(f"{_shown(path)}: cannot read the Parquet file (truncated, or not Parquet?): {exc}")
                continue
            if features is None:
                problems.append(f"{_shown(path)}: no embedded `huggingface` features in the schema metadata")
                features = expected_features
            elif features != expected_features:
                other = _config_of(features)
                detail = (
                    f"they are those of config `{other}`: a shard of `{other}` was put here"
                    if other
                    else "they differ from the schema"
                )
                problems.append(f"{_shown(path)}: the embedded features are not those of config `{config}`; {detail}")
                continue  # decoding with the wrong features would only add noise
            if not schema.remove_metadata().equals(expected_schema):
                problems.append(f"{_shown(path)}: the Arrow schema differs from the schema of config `{config}`")
                continue
            row_problems = 0
            try:
                for index, item, problem in _iter_validated(path, model, features):
                    counts[split] += 1
                    if problem is None:
                        rows.append(_Row(path, index, split, item))
                        continue
                    row_problems += 1
                    if row_problems <= MAX_ROW_PROBLEMS:
                        problems.append(f"{_shown(path)}: {problem}")
            except _RowError as exc:
                problems.append(f"{_shown(path)}: {exc}")
            if row_problems > MAX_ROW_PROBLEMS:
                problems.append(f"{_shown(path)}: … and {row_problems - MAX_ROW_PROBLEMS} more invalid row(s)")
    return rows, counts, files


def _as_config_list(value: Any) -> list:
    if isinstance(value, dict):
        return [value]
    return value if isinstance(value, list) else []


def _check_card(hf: Path, front: dict, folders: list[str], counts: dict, files: dict, problems: list[str]) -> None:
    from datasets import Features

    from .card.vocabularies import front_matter_problems

    readme = _shown(hf / "README.md")
    problems.extend(f"{readme}: {p}" for p in front_matter_problems(front, hf))
    configs = {}
    for entry in _as_config_list(front.get("configs")):
        if not isinstance(entry, dict) or not isinstance(entry.get("config_name"), str):
            problems.append(f"{readme}: a `configs` entry has no `config_name`")
            continue
        configs[entry["config_name"]] = entry
    for name in sorted(set(configs) - set(folders)):
        problems.append(f"{readme}: config `{name}` is listed under `configs` but data/{name}/ does not exist")
    for name in sorted(set(folders) - set(configs)):
        problems.append(f"{readme}: data/{name}/ exists but config `{name}` is not listed under `configs`")
    for name, entry in configs.items():
        if name not in files:
            continue
        declared = {}
        for df in entry.get("data_files") or []:
            if isinstance(df, dict) and "split" in df and "path" in df:
                declared[df["split"]] = str(df["path"])
            else:
                problems.append(f"{readme}: config `{name}`: a `data_files` entry lacks `split` or `path`")
        for split in sorted(set(declared) | set(files[name])):
            actual = sorted(p.relative_to(hf).as_posix() for p in files[name].get(split, []))
            if split not in declared:
                problems.append(
                    f"{readme}: config `{name}`: split `{split}` has shards but is not listed in `data_files`"
                )
                continue
            matched = sorted(
                p.relative_to(hf).as_posix()
                for p in (hf / "data" / name).iterdir()
                if fnmatch.fnmatch(p.relative_to(hf).as_posix(), declared[split])
            )
            if not matched:
                problems.append(
                    f"{readme}: config `{name}`: `data_files` path {declared[split]!r} "
                    f"of split `{split}` matches no file"
                )
            elif matched != actual:
                problems.append(
                    f"{readme}: config `{name}`: `data_files` path {declared[split]!r} matches {matched}, "
                    f"the shards of split `{split}` are {actual}"
                )

    infos = {}
    for entry in _as_config_list(front.get("dataset_info")):
        if isinstance(entry, dict):
            infos[entry.get("config_name", "default")] = entry
    for name in sorted(set(folders) & set(CONFIG_MODELS)):
        info = infos.get(name)
        if info is None:
            problems.append(f"{readme}: no `dataset_info` entry for config `{name}`")
            continue
        try:
            card_features = Features._from_yaml_list(info.get("features") or [])
        except Exception as exc:
            problems.append(
                f"{readme}: `dataset_info` of `{name}`: features cannot be read ({type(exc).__name__}: {exc})"
            )
        else:
            model = CONFIG_MODELS[name]
            if card_features != features_for(model, written_topic_names(hf) if uses_topics(model) else None):
                problems.append(f"{readme}: `dataset_info` of `{name}`: the features differ from the schema")
        declared_splits = {}
        for s in info.get("splits") or []:
            if isinstance(s, dict) and "name" in s:
                declared_splits[s["name"]] = s.get("num_examples")
        actual = counts.get(name, {})
        for split in sorted(set(declared_splits) | set(actual)):
            if split not in declared_splits:
                problems.append(
                    f"{readme}: `dataset_info` of `{name}` does not list split `{split}` "
                    f"({actual[split]} rows in the Parquet files)"
                )
            elif split not in actual:
                problems.append(
                    f"{readme}: `dataset_info` of `{name}` lists split `{split}`, which has no Parquet file"
                )
            elif declared_splits[split] != actual[split]:
                problems.append(
                    f"{readme}: `dataset_info` of `{name}`, split `{split}`: "
                    f"num_examples is {declared_splits[split]!r}, but the Parquet files hold {actual[split]} rows"
                )
    link = front.get("license_link")
    if isinstance(link, str) and "://" not in link and not (hf / link).is_file():
        problems.append(f"{readme}: license_link {link!r} names a file that does not exist")


def _where(row: _Row) -> str:
    return f"{_shown(row.path)}: row {row.index} (id {row.item.id!r})"


def _index_by_id(rows: list[_Row], what: str, problems: list[str]) -> dict[str, _Row]:
    """Rows by id; a repeated id is a problem (the first row is kept)."""
    by_id: dict[str, _Row] = {}
    for row in rows:
        if row.item.id in by_id:
            problems.append(f"{_where(row)}: {what} id repeats ({_where(by_id[row.item.id])})")
            continue
        by_id[row.item.id] = row
    return by_id


def _check_cross_config(rows: dict[str, list[_Row]], problems: list[str]) -> None:
    turns = rows.get("turns", [])
    interviews = rows.get("interviews", [])
    ner = rows.get("ner", [])

    turn_by_id = _index_by_id(turns, "turn", problems)
    # The build writes rows sorted by interview id, then turn index (sentence index for `ner`).
    for name, key in (
        ("turns", lambda r: (r.item.interview_id, r.item.turn_index)),
        ("ner", lambda r: (r.item.turn_id, r.item.sentence_index)),
    ):
        previous = None
        for row in rows.get(name, []):
            if previous is not None and row.path == previous.path and key(row) < key(previous):
                problems.append(
                    f"{_where(row)}: rows are out of order (after {_where(previous)}); the build writes them sorted"
                )
                break
            previous = row

    if "interviews" in rows and "turns" in rows:
        interview_by_id = _index_by_id(interviews, "interview", problems)
        indexes: dict[str, list[int]] = defaultdict(list)
        for row in turn_by_id.values():
            parent = interview_by_id.get(row.item.interview_id)
            if parent is None:
                problems.append(f"{_where(row)}: interview {row.item.interview_id!r} is not in the `interviews` config")
                continue
            indexes[row.item.interview_id].append(row.item.turn_index)
            if parent.split != row.split:
                problems.append(f"{_where(row)}: in split `{row.split}`, but its interview is in `{parent.split}`")
        for iid, row in interview_by_id.items():
            found = sorted(indexes.get(iid, []))
            if len(found) != row.item.num_turns:
                problems.append(
                    f"{_where(row)}: num_turns is {row.item.num_turns}, "
                    f"but the `turns` config holds {len(found)} turn(s) of this interview"
                )
            elif found != list(range(row.item.num_turns)):
                problems.append(
                    f"{_where(row)}: the turn indexes of this interview are not 0..{row.item.num_turns - 1}"
                )

    if "ner" in rows and "turns" in rows:
        by_turn: dict[str, list[_Row]] = defaultdict(list)
        for row in _index_by_id(ner, "sentence", problems).values():
            turn = turn_by_id.get(row.item.turn_id)
            if turn is None:
                problems.append(f"{_where(row)}: turn_id {row.item.turn_id!r} is not in the `turns` config")
                continue
            if row.item.interview_id != turn.item.interview_id or row.split != turn.split:
                problems.append(f"{_where(row)}: interview or split differs from its turn ({_where(turn)})")
            by_turn[row.item.turn_id].append(row)
        for turn_id, turn in turn_by_id.items():
            sentences = sorted(by_turn.get(turn_id, []), key=lambda r: r.item.sentence_index)
            if not sentences:
                problems.append(f"{_where(turn)}: the turn has no rows in the `ner` config")
                continue
            if [s.item.sentence_index for s in sentences] != list(range(len(sentences))):
                problems.append(f"{_where(turn)}: its `ner` sentence indexes are not 0..{len(sentences) - 1}")
            b_tags = sum(tag.startswith("B-") for s in sentences for tag in s.item.ner_tags)
            if b_tags != len(turn.item.entities):
                problems.append(
                    f"{_where(turn)}: {len(turn.item.entities)} entit(y/ies), "
                    f"but its `ner` rows carry {b_tags} B- tag(s)"
                )
            tokens = [tok for s in sentences for tok in s.item.tokens]
            spelled = "".join(ch for tok in tokens for ch in tok if not ch.isspace())
            text = "".join(ch for ch in turn.item.text if not ch.isspace())
            if spelled != text:
                problems.append(
                    f"{_where(turn)}: the text differs from its `ner` tokens ({_shown(sentences[0].path)}): "
                    f"{_first_difference(turn.item.text, tokens)}"
                )


def _first_difference(text: str, tokens: list[str]) -> str:
    """Where the turn's text and its tokens part ways (whitespace ignored), shown in context."""
    text_chars = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
    token_chars = [(k, ch) for k, tok in enumerate(tokens) for ch in tok if not ch.isspace()]
    at = next(
        (n for n, (a, b) in enumerate(zip(text_chars, token_chars, strict=False)) if a[1] != b[1]),
        min(len(text_chars), len(token_chars)),
    )
    pos = text_chars[at][0] if at < len(text_chars) else len(text)
    k = token_chars[at][0] if at < len(token_chars) else len(tokens)
    return (
        f"text at offset {pos}: {text[max(0, pos - 25) : pos + 25]!r}; "
        f"tokens {max(0, k - 3)}–{k + 3}: {' '.join(tokens[max(0, k - 3) : k + 4])!r}"
    )
