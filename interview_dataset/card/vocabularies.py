"""The Hugging Face Hub's vocabularies for dataset-card metadata, as offline allow-lists.

`huggingface_hub` does no local validation of card metadata (`RepoCard.validate` needs the
network), so the build and the tests check the front matter against these lists:

- licences: hub-docs `docs/hub/repositories-licenses.md` (the "License identifier" column);
- task categories and task ids: huggingface.js `packages/tasks/src/pipelines.ts`
  (`PIPELINE_DATA` keys and their `subtasks`);
- size categories, creators, multilinguality: `datasets/utils/resources/*.json` and the
  `DatasetCardData` docstring;
- languages: ISO 639-1/3 codes from `datasets/utils/resources/languages.json` (shipped with
  `datasets`), plus the ISO 639-1 codes and the ISO 639-2 codes of common languages.

`front_matter_problems` returns every value outside these vocabularies (empty when all pass).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

LICENSES: frozenset[str] = frozenset(
    """
apache-2.0 mit openrail bigscience-openrail-m creativeml-openrail-m bigscience-bloom-rail-1.0
bigcode-openrail-m afl-3.0 artistic-2.0 bsl-1.0 bsd bsd-2-clause bsd-3-clause bsd-3-clause-clear
c-uda cc cc0-1.0 cc-by-2.0 cc-by-2.5 cc-by-3.0 cc-by-4.0 cc-by-sa-3.0 cc-by-sa-4.0 cc-by-nc-2.0
cc-by-nc-3.0 cc-by-nc-4.0 cc-by-nd-4.0 cc-by-nc-nd-3.0 cc-by-nc-nd-4.0 cc-by-nc-sa-2.0
cc-by-nc-sa-3.0 cc-by-nc-sa-4.0 cdla-sharing-1.0 cdla-permissive-1.0 cdla-permissive-2.0 wtfpl
ecl-2.0 epl-1.0 epl-2.0 etalab-2.0 eupl-1.1 agpl-3.0 gfdl gpl gpl-2.0 gpl-3.0 lgpl lgpl-2.1
lgpl-3.0 isc lppl-1.3c ms-pl mpl-2.0 odc-by odbl openrail++ osl-3.0 postgresql ofl-1.1 ncsa
unlicense zlib pddl lgpl-lr deepfloyd-if-license llama2 gemma unknown other
""".split()
)

#: task category -> its task ids (subtasks). Categories without subtasks map to ().
TASKS: dict[str, tuple[str, ...]] = {
    "text-classification": (
        "acceptability-classification",
        "entity-linking-classification",
        "fact-checking",
        "intent-classification",
        "language-identification",
        "multi-class-classification",
        "multi-label-classification",
        "multi-input-text-classification",
        "natural-language-inference",
        "semantic-similarity-classification",
        "sentiment-classification",
        "topic-classification",
        "semantic-similarity-scoring",
        "sentiment-scoring",
        "sentiment-analysis",
        "hate-speech-detection",
        "text-scoring",
    ),
    "token-classification": (
        "named-entity-recognition",
        "part-of-speech",
        "parsing",
        "lemmatization",
        "word-sense-disambiguation",
        "coreference-resolution",
    ),
    "table-question-answering": (),
    "question-answering": ("extractive-qa", "open-domain-qa", "closed-domain-qa"),
    "zero-shot-classification": (),
    "translation": (),
    "summarization": ("news-articles-summarization", "news-articles-headline-generation"),
    "feature-extraction": (),
    "text-generation": ("dialogue-modeling", "dialogue-generation", "conversational", "language-modeling"),
    "text2text-generation": (
        "text-simplification",
        "explanation-generation",
        "abstractive-qa",
        "open-domain-abstractive-qa",
        "closed-domain-qa",
        "open-book-qa",
        "closed-book-qa",
    ),
    "fill-mask": ("slot-filling", "masked-language-modeling"),
    "sentence-similarity": (),
    "text-to-speech": (),
    "text-to-audio": (),
    "automatic-speech-recognition": (),
    "audio-to-audio": (),
    "audio-classification": (
        "keyword-spotting",
        "speaker-identification",
        "audio-intent-classification",
        "audio-emotion-recognition",
        "audio-language-identification",
    ),
    "voice-activity-detection": (),
    "depth-estimation": (),
    "image-classification": ("multi-label-image-classification", "multi-class-image-classification"),
    "object-detection": ("face-detection", "vehicle-detection"),
    "image-segmentation": ("instance-segmentation", "semantic-segmentation", "panoptic-segmentation"),
    "text-to-image": (),
    "image-to-text": ("image-captioning",),
    "image-to-image": ("image-inpainting", "image-colorization", "super-resolution"),
    "image-to-video": (),
    "unconditional-image-generation": (),
    "video-classification": (),
    "reinforcement-learning": (),
    "robotics": ("grasping", "task-planning"),
    "tabular-classification": ("tabular-multi-class-classification", "tabular-multi-label-classification"),
    "tabular-regression": ("tabular-single-column-regression",),
    "tabular-to-text": ("rdf-to-text",),
    "table-to-text": (),
    "multiple-choice": ("multiple-choice-qa", "multiple-choice-coreference-resolution"),
    "text-ranking": (),
    "text-retrieval": (
        "document-retrieval",
        "utterance-retrieval",
        "entity-linking-retrieval",
        "fact-checking-retrieval",
    ),
    "time-series-forecasting": ("univariate-time-series-forecasting", "multivariate-time-series-forecasting"),
    "text-to-video": (),
    "visual-question-answering": ("visual-question-answering",),
    "zero-shot-image-classification": (),
    "graph-ml": (),
    "mask-generation": (),
    "zero-shot-object-detection": (),
    "text-to-3d": (),
    "image-to-3d": (),
    "image-feature-extraction": (),
    "video-text-to-text": (),
    "other": (),
}
#: Categories hidden in the Hub's dataset filters (`hideInDatasets: true`): valid, but useless there.
HIDDEN_IN_DATASETS: frozenset[str] = frozenset({"other"})

SIZE_CATEGORIES: tuple[str, ...] = (
    "n<1K",
    "1K<n<10K",
    "10K<n<100K",
    "100K<n<1M",
    "1M<n<10M",
    "10M<n<100M",
    "100M<n<1B",
    "1B<n<10B",
    "10B<n<100B",
    "100B<n<1T",
    "n>1T",
    "unknown",
    "other",
)
ANNOTATIONS_CREATORS: frozenset[str] = frozenset(
    {"found", "crowdsourced", "expert-generated", "machine-generated", "no-annotation", "other"}
)
LANGUAGE_CREATORS: frozenset[str] = frozenset(
    {"found", "crowdsourced", "expert-generated", "machine-generated", "other"}
)
MULTILINGUALITY: frozenset[str] = frozenset({"monolingual", "multilingual", "translation", "other"})
#: `original`, `extended`, or `extended|<hub dataset id>` (the form used by older cards).
SOURCE_DATASET = re.compile(r"^(original|extended|extended\|[A-Za-z0-9][\w.\-/]*)$")
#: `license_name` for `license: other`: an id such as `my-license-1.0` (hub-docs modelcard.md).
LICENSE_NAME = re.compile(r"^[a-z0-9][a-z0-9.+\-]*$")

_COMMON_ISO_639_1 = frozenset(
    """
aa ab af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv
dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie
ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv
mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm
rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts
tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
""".split()
)

#: ISO 639-2 (T and B) codes of common languages: `languages.json` lists ISO 639-3 codes only
#: where no ISO 639-1 code exists, so e.g. `eng` must come from here.
_COMMON_ISO_639_2 = frozenset(
    """
afr alb amh ara arm aze baq bel ben bod bos bul bur cat ces chi cym cze dan deu dut ell eng epo
est eus fas fin fra fre geo ger gla gle glg gre guj hau heb hin hrv hun hye ibo ice ind isl ita
jpn kan kat kaz khm kor lao lat lav lit ltz mac mal mar may mkd mon msa mya nep nld nno nob nor
pan per pol por ron rum rus sin slk slo slv som spa sqi srp swa swe tam tel tgl tha tib tur ukr
urd uzb vie wel xho yid yor zho zul
""".split()
)


@lru_cache(maxsize=1)
def language_codes() -> frozenset[str]:
    """ISO 639-1/2/3 codes: the list shipped with `datasets`, plus the lists above."""
    codes = set(_COMMON_ISO_639_1) | _COMMON_ISO_639_2
    try:
        from importlib.util import find_spec

        spec = find_spec("datasets")  # the file's location only: `import datasets` is slow
        if spec is None or not spec.submodule_search_locations:
            raise ImportError("datasets is not installed")
        path = Path(next(iter(spec.submodule_search_locations))) / "utils" / "resources" / "languages.json"
        codes.update(k for k in json.loads(path.read_text(encoding="utf-8")) if re.fullmatch(r"[a-z]{2,3}", k))
    except (ImportError, OSError, ValueError):
        pass
    return frozenset(codes)


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def front_matter_problems(meta: dict, hf_dir: Path | None = None) -> list[str]:
    """Every metadata value outside the Hub's vocabularies. `hf_dir`: check linked files exist."""
    problems: list[str] = []

    def check_list(key: str, allowed, required: bool = True) -> list:
        values = _as_list(meta.get(key))
        if required and not values:
            problems.append(f"{key}: missing")
        if key in meta and not isinstance(meta[key], list):
            problems.append(f"{key}: should be a YAML list, not {type(meta[key]).__name__}")
        for value in values:
            ok = allowed(value) if callable(allowed) else value in allowed
            if not isinstance(value, str) or not ok:
                problems.append(f"{key}: {value!r} is not in the Hub's vocabulary")
        if len(set(map(str, values))) != len(values):
            problems.append(f"{key}: values repeat")
        return values

    for plural in ("languages", "licenses"):
        if plural in meta:
            problems.append(f"{plural}: use the singular key `{plural[:-1]}`")
    check_list("language", lambda v: isinstance(v, str) and v in language_codes())
    license_ = meta.get("license")
    # One identifier, or a list when the texts carry different licences (the Hub accepts both).
    licenses = license_ if isinstance(license_, list) else [license_]
    if not licenses:
        problems.append("license: missing")
    for value in licenses:
        if value not in LICENSES:
            problems.append(f"license: {value!r} is not a Hub licence identifier")
    if len(set(map(str, licenses))) != len(licenses):
        problems.append("license: values repeat")
    if "other" in licenses:
        name, link = meta.get("license_name"), meta.get("license_link")
        if not isinstance(name, str) or not LICENSE_NAME.match(name):
            problems.append(
                f"license_name: {name!r} should be an id such as `my-license-1.0` (required with license: other)"
            )
        if not isinstance(link, str) or not link:
            problems.append("license_link: required with license: other (a file in the repo, or a URL)")
        elif hf_dir is not None and not re.match(r"^https?://", link) and not (hf_dir / link).is_file():
            problems.append(f"license_link: {link!r} does not exist in the published folder")
    categories = check_list("task_categories", TASKS)
    for category in categories:
        if category in HIDDEN_IN_DATASETS:
            problems.append(f"task_categories: {category!r} is hidden in the Hub's dataset filters")
    declared = {sub for c in categories for sub in TASKS.get(c, ())}
    for task_id in check_list("task_ids", {s for subs in TASKS.values() for s in subs}, required=False):
        if task_id not in declared:
            problems.append(f"task_ids: {task_id!r} is not a subtask of the declared task_categories {categories}")
    sizes = check_list("size_categories", SIZE_CATEGORIES)
    if len(sizes) > 1:
        problems.append("size_categories: give one category")
    check_list("annotations_creators", ANNOTATIONS_CREATORS)
    check_list("language_creators", LANGUAGE_CREATORS)
    check_list("multilinguality", MULTILINGUALITY)
    check_list("source_datasets", lambda v: isinstance(v, str) and bool(SOURCE_DATASET.match(v)))
    for key in ("pretty_name",):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            problems.append(f"{key}: missing")
    tags = _as_list(meta.get("tags"))
    for tag in tags:
        if not isinstance(tag, str) or not tag.strip():
            problems.append(f"tags: {tag!r} is not a non-empty string")
    return problems
