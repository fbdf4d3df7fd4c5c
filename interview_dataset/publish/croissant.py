"""`croissant.json`: a Croissant 1.1 description of the published HF folder.

Everything here is derived, never hand-listed: one `cr:FileObject` (with SHA-256) per Parquet
shard and one `cr:FileSet` per config for reading them; one RecordSet per config whose fields
map the schema walk (`features.schema_tree`) of the record model, so a new schema field appears
here without editing this file. ClassLabel columns are `sc:Integer` with
`references` to an enumeration RecordSet holding the label names inline; list columns are
`isArray`; lists of nested models become `subField`s read with `transform.jsonPath`; the split
comes from the file path.

Paths are relative to `dist/hf/` (mlcroissant resolves them against the JSON file's folder).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import DATASET_VERSION
from ..features import CONFIG_MODELS, FieldNode, Node, schema_tree
from ..schema import ANNOTATION_SOURCES, CONLL_TAGS, ENTITY_LABELS, NER_TAGS, SPEAKER_ROLES, SPLITS
from .checksums import file_sha256

CROISSANT_FILE = "croissant.json"
CONFORMS_TO = "http://mlcommons.org/croissant/1.1"
PARQUET = "application/x-parquet"
DATASET_NAME = "interview-dataset"
CREATOR = "the interview-dataset project"
RIGHTS_FILE = "RIGHTS.md"
SPLITS_RECORD_SET = "splits"

#: The standard Croissant 1.1 JSON-LD @context (the keys of mlcroissant's `make_context` for
#: a 1.1 document, as in mlcommons/croissant `datasets/1.1`); a missing key makes mlcroissant
#: warn that the context is not standard.
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "arrayShape": "cr:arrayShape",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "containedIn": "cr:containedIn",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "description": {"@container": "@language"},
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isArray": "cr:isArray",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "name": {"@container": "@language"},
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

#: Enumeration RecordSets: id -> (label names in ClassLabel order, description). A ClassLabel
#: column references the enumeration whose names equal its own.
ENUMERATIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "speaker_roles": (SPEAKER_ROLES, "Speaker roles; `id` is the ClassLabel index stored in the data."),
    "entity_labels": (ENTITY_LABELS, "The 18 OntoNotes 5 entity labels; `id` is the ClassLabel index."),
    "ner_tags": (
        NER_TAGS,
        "IOB2 tags over the OntoNotes labels (`ner` config, `ner_tags`); `id` is the ClassLabel index.",
    ),
    "conll_tags": (
        CONLL_TAGS,
        "IOB2 tags over the CoNLL-2003 labels (`ner` config, `conll_tags`); `id` is the ClassLabel index.",
    ),
    "annotation_sources": (ANNOTATION_SOURCES, "Where a turn's annotations come from; `id` is the ClassLabel index."),
}


_DATA_TYPES = {
    "string": "sc:Text",
    "int32": "cr:Int32",
    "int64": "cr:Int64",
    "float64": "cr:Float64",
    "float32": "cr:Float32",
    "date32": "sc:Date",
    "bool": "sc:Boolean",
}


def _enumeration_for(node: Node, enumerations: dict) -> str:
    names = tuple(node.names)
    for enum_id, (labels, _) in enumerations.items():
        if labels == names:
            return enum_id
    raise TypeError(f"ClassLabel {names!r} has no enumeration RecordSet: add it to croissant.ENUMERATIONS")


def _record_set_fields(config: str, tree: Node, file_set: str, enumerations: dict) -> list[dict]:
    fields = [_split_field(config, file_set)]
    for f in tree.fields:
        fields.append(
            _field(
                f"{config}/{f.name}",
                f,
                {"fileSet": {"@id": file_set}, "extract": {"column": f.name}},
                in_list=False,
                enumerations=enumerations,
            )
        )
    return fields


def _field(field_id: str, f: FieldNode, source: dict, in_list: bool, enumerations: dict) -> dict:
    field: dict[str, Any] = {"@type": "cr:Field", "@id": field_id, "name": f.name}
    if f.description:
        field["description"] = f.description
    is_list = f.node.kind == "list"
    inner = f.node.item if is_list else f.node
    if inner.kind == "struct":
        # A (list of) nested model(s): one subField per model field, read from the same column
        # with a JSON path. For a list, the parent and its subFields are arrays, and mlcroissant
        # yields a list of {subField: value} dicts per record.
        if is_list or in_list:
            field["isArray"] = True
            field["arrayShape"] = "-1"
        field["subField"] = [
            _field(
                f"{field_id}/{sub.name}",
                sub,
                {
                    **{k: v for k, v in source.items() if k != "transform"},
                    "transform": {"jsonPath": _json_path(source, sub.name)},
                },
                in_list=in_list or is_list,
                enumerations=enumerations,
            )
            for sub in inner.fields
        ]
        return field
    if inner.kind == "list" or (is_list and in_list):
        raise TypeError(f"{field_id}: lists of lists are not supported")
    field["dataType"] = "sc:Integer" if inner.kind == "labels" else _DATA_TYPES[inner.kind]
    field["source"] = source
    if inner.kind == "labels":
        field["references"] = {"field": {"@id": f"{_enumeration_for(inner, enumerations)}/id"}}
    if is_list or in_list:
        field["isArray"] = True
        field["arrayShape"] = "-1"
    return field


def _json_path(source: dict, sub: str) -> str:
    parent = source.get("transform", {}).get("jsonPath")
    return f"{parent}.{sub}" if parent else sub


def _split_field(config: str, file_set: str) -> dict:
    """The first field of every data RecordSet. With mlcroissant 1.1.1 a RecordSet's `references`
    become a pandas join, and only the first field's join is carried out: keep this one first
    (a join on a list column, e.g. `ner_tags`, would fail)."""
    return {
        "@type": "cr:Field",
        "@id": f"{config}/split",
        "name": "split",
        "description": "The split, from the Parquet file name (`data/<config>/<split>-NNNNN-of-NNNNN.parquet`).",
        "dataType": "sc:Text",
        "source": {
            "fileSet": {"@id": file_set},
            "extract": {"fileProperty": "fullpath"},
            # Also matches the bare split name: mlcroissant applies the transform a second time
            # after joining with the `splits` RecordSet (and warns per row if it does not match).
            "transform": {"regex": rf"^(?:data/{config}/)?({'|'.join(SPLITS)})(?:-\d{{5}}-of-\d{{5}}\.parquet)?$"},
        },
        "references": {"field": {"@id": f"{SPLITS_RECORD_SET}/name"}},
    }


def _enumeration_record_set(enum_id: str, labels: tuple[str, ...], description: str) -> dict:
    return {
        "@type": "cr:RecordSet",
        "@id": enum_id,
        "name": enum_id,
        "description": description,
        "key": {"@id": f"{enum_id}/id"},
        "field": [
            {
                "@type": "cr:Field",
                "@id": f"{enum_id}/id",
                "name": "id",
                "description": "ClassLabel index.",
                "dataType": "sc:Integer",
            },
            {
                "@type": "cr:Field",
                "@id": f"{enum_id}/name",
                "name": "name",
                "description": "Label name.",
                "dataType": "sc:Text",
            },
        ],
        "data": [{f"{enum_id}/id": i, f"{enum_id}/name": label} for i, label in enumerate(labels)],
    }


def _splits_record_set() -> dict:
    return {
        "@type": "cr:RecordSet",
        "@id": SPLITS_RECORD_SET,
        "name": SPLITS_RECORD_SET,
        "dataType": "cr:Split",
        "description": "The splits. All rows of one interview share its split.",
        "key": {"@id": f"{SPLITS_RECORD_SET}/name"},
        "field": [{"@type": "cr:Field", "@id": f"{SPLITS_RECORD_SET}/name", "name": "name", "dataType": "sc:Text"}],
        "data": [{f"{SPLITS_RECORD_SET}/name": s} for s in SPLITS],
    }


def _description(stats, compiled: list) -> str:
    sources = ", ".join(
        f"{stats.annotation_sources[s]} {s}" for s in ANNOTATION_SOURCES if stats.annotation_sources.get(s)
    )
    return (
        "Published interviews compiled into typed, validated records: one row per speaker turn (speaker, role, "
        "text, topics from a versioned taxonomy, OntoNotes 5 named entities with character offsets, provenance "
        "into the byte-identical raw file), one row per interview (`interviews`), and one row per sentence with "
        f"IOB2 tags (`ner`). This release: {stats.interviews} interview(s), {stats.turns} turns (annotation source "
        f"per turn: {sources or 'none'}), {stats.ner_sentences} NER sentences. The interview texts are not openly "
        f"licensed: see {RIGHTS_FILE}."
    )


def _license(compiled: list) -> dict:
    """The licence statement: the mix of the interviews' licences, counted from their records."""
    counts: dict[str, int] = {}
    for c in compiled:
        counts[c.interview.license.id] = counts.get(c.interview.license.id, 0) + 1
    if not counts or set(counts) == {"none"}:
        return {
            "@type": "sc:CreativeWork",
            "name": "Source texts: all rights reserved (no open licence); annotations, metadata and build code: "
            "the project's own work",
            "description": "The interview texts are copyrighted by their authors and/or original publishers and are "
            "not openly licensed; they are included for research use only and no right to redistribute or reuse "
            f"them is granted. See {RIGHTS_FILE} in this folder.",
            "url": RIGHTS_FILE,
        }
    named = {"none": "without an open licence", "public-domain": "in the public domain"}
    parts = [f"{n} interview(s) {named.get(lid, 'under ' + lid)}" for lid, n in sorted(counts.items())]
    return {
        "@type": "sc:CreativeWork",
        "name": "Source texts: mixed licences, per interview (the `license` field of the `interviews` config)",
        "description": "The interview texts carry their own licences: "
        + "; ".join(parts)
        + f". Each interview's licence, attribution and share-alike terms are in its record. See {RIGHTS_FILE}.",
        "url": RIGHTS_FILE,
    }


def _cite_as(compiled: list) -> str:
    years = sorted({c.interview.date.year for c in compiled if c.interview.date})
    year = f",\n  year = {{{years[-1]}}}" if years else ""
    return (
        f"@misc{{interview_dataset_{DATASET_VERSION.replace('.', '_')},\n"
        f"  title = {{Interview Dataset: turns, topics and entities of published interviews}},\n"
        f"  note = {{Version {DATASET_VERSION}. Built with the interview-dataset tool}}{year}\n}}"
    )


def croissant_document(hf_dir: Path, splits: dict, compiled: list, stats) -> dict:
    """The Croissant JSON-LD document (a dict), for the files already written under `hf_dir`.

    The topic label space is read from the written `turns` shards (their embedded features)."""
    from ..written import written_topic_ids

    topics = written_topic_ids(sorted((Path(hf_dir) / "data" / "turns").glob("*-*-of-*.parquet")))
    enumerations = {
        **ENUMERATIONS,
        "topics": (topics, "Topic ids of the taxonomy (`taxonomy.yaml`); `id` is the ClassLabel index."),
    }
    distribution: list[dict] = []
    record_sets: list[dict] = [_splits_record_set()]
    used_enums: list[str] = []
    data_sets: list[dict] = []
    for config, model in CONFIG_MODELS.items():
        files = sorted(p for (c, _), (_, _, paths) in splits.items() if c == config for p in paths)
        if not files:
            continue
        file_set = f"{config}-parquet"
        for path in files:
            rel = path.relative_to(hf_dir).as_posix()
            distribution.append(
                {
                    "@type": "cr:FileObject",
                    "@id": rel,
                    "name": rel,
                    "description": f"Parquet shard of the `{config}` config.",
                    "contentUrl": rel,
                    "encodingFormat": PARQUET,
                    "sha256": file_sha256(path),
                }
            )
        distribution.append(
            {
                "@type": "cr:FileSet",
                "@id": file_set,
                "name": file_set,
                "description": f"All Parquet shards of the `{config}` config (every split).",
                "encodingFormat": PARQUET,
                "includes": f"data/{config}/*.parquet",
            }
        )
        fields = _record_set_fields(config, schema_tree(model, topics), file_set, enumerations)
        for enum in _referenced_enumerations(fields, enumerations):
            if enum not in used_enums:
                used_enums.append(enum)
        record_set = {
            "@type": "cr:RecordSet",
            "@id": config,
            "name": config,
            "description": f"The `{config}` config: {(model.__doc__ or '').strip().splitlines()[0]}",
            "field": fields,
        }
        if "id" in model.model_fields:
            record_set["key"] = {"@id": f"{config}/id"}
        data_sets.append(record_set)
    for enum_id in enumerations:
        if enum_id in used_enums:
            labels, description = enumerations[enum_id]
            record_sets.append(_enumeration_record_set(enum_id, labels, description))
    record_sets.extend(data_sets)

    document: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": DATASET_NAME,
        "alternateName": "Interview Dataset: turns, topics and entities of published interviews",
        "description": _description(stats, compiled),
        "version": DATASET_VERSION,
        "license": _license(compiled),
        "citeAs": _cite_as(compiled),
        "inLanguage": sorted({c.interview.language for c in compiled}) or ["en"],
        "creator": {"@type": "sc:Organization", "name": CREATOR},
        "keywords": [
            "interviews",
            "dialogue",
            "transcripts",
            "named-entity-recognition",
            "topic-classification",
            "ontonotes",
        ],
        "distribution": distribution,
        "recordSet": record_sets,
    }
    # No `datePublished`: the dataset has no release date yet, and the interviews' publication
    # dates (in the records) are not the dataset's. Writing one would be invented metadata.
    return document


def _referenced_enumerations(fields: list[dict], enumerations: dict) -> list[str]:
    found = []
    for field in fields:
        ref = field.get("references", {}).get("field", {}).get("@id", "")
        enum_id = ref.split("/")[0]
        if enum_id in enumerations:
            found.append(enum_id)
        found.extend(_referenced_enumerations(field.get("subField", []), enumerations))
    return found


def write_croissant(hf_dir: Path, splits: dict, compiled: list, stats) -> Path:
    """Write `croissant.json` into `hf_dir` (deterministic: same files and data, same bytes)."""
    document = croissant_document(hf_dir, splits, compiled, stats)
    target = hf_dir / CROISSANT_FILE
    target.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return target
