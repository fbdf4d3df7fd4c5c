"""One interview as a self-contained HTML review page (`interview-dataset review ID`).

The interview is compiled exactly as the build compiles it (drafts allowed), the corpus lint
runs over every interview that compiles, and the page shows, turn by turn: the speaker, the
text with its entities highlighted by label (spaCy's displaCy renderer in manual mode), the
topics with their taxonomy labels, whether the annotations are gold or an automatic draft, and
the lint findings about that turn. Interview-level findings, the metadata and the counts are at
the top.

The page is one file: inline CSS, no script, no font, image or style sheet fetched from anywhere
(a Content-Security-Policy says so to the browser as well). Every text from the inputs is
HTML-escaped. The same inputs give the same bytes; the file is replaced atomically.

The three functions at the top (`_compile`, `_corpus_folders`, `_lint`) are the only places that
call the build's stages: adjust them there when those stages change.
"""

from __future__ import annotations

import html
import re
import warnings
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import __version__
from .annotations import INTRODUCTION
from .compile import CompiledInterview, compile_interview, decode_transcript
from .errors import DatasetError, Problem
from .publish.atomic import write_file_atomically
from .schema import ENTITY_LABELS, Entity, Turn
from .taxonomy import Taxonomy, load_taxonomy

# --- adapters to the build's stages (the one place to adjust when they change) ---


def _compile(folder: Path, taxonomy: Taxonomy) -> CompiledInterview:
    """Compile one interview folder as the build does, accepting draft annotations."""
    return compile_interview(folder, taxonomy, allow_draft=True)


def _corpus_folders(raw_dir: Path) -> list[Path]:
    """The interview folders of the corpus, in the build's order."""
    from .pipeline import interview_folders

    return interview_folders(raw_dir)


def _lint(compiled: list[CompiledInterview], taxonomy: Taxonomy) -> list[Problem]:
    """The corpus lint's findings (`interview-dataset lint`)."""
    from .lint import lint_corpus

    return list(lint_corpus(compiled, taxonomy))


# --- end of adapters ---

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*[a-z0-9]$|^[a-z0-9]$")
#: Entity colours by label: displaCy's defaults, with the labels displaCy colours alike
#: (DATE/TIME, LAW/LANGUAGE and the five numeric ones) made distinguishable.
ENTITY_COLORS: dict[str, str] = {
    "PERSON": "#aa9cfc",
    "NORP": "#c887fb",
    "FAC": "#9cc9cc",
    "ORG": "#7aecec",
    "GPE": "#feca74",
    "LOC": "#ff9561",
    "PRODUCT": "#bfeeb7",
    "EVENT": "#ffeb80",
    "WORK_OF_ART": "#f0d0ff",
    "LAW": "#ff8197",
    "LANGUAGE": "#ffb3c6",
    "DATE": "#bfe1d9",
    "TIME": "#a3d5f7",
    "PERCENT": "#e4e7d2",
    "MONEY": "#d8f0a8",
    "QUANTITY": "#eadbc8",
    "ORDINAL": "#d9d9d9",
    "CARDINAL": "#f5e6a3",
}
assert set(ENTITY_COLORS) == set(ENTITY_LABELS)

_TURN_MESSAGE = re.compile(r"^turn (\d+)\b")
_INTRO_MESSAGE = re.compile(r"^introduction\b")


@dataclass
class ReviewFinding:
    problem: Problem
    unit: int | str | None  # turn index, "introduction", or None (about the whole interview)


@dataclass
class ReviewData:
    """Everything the page shows, gathered from `raw/`."""

    compiled: CompiledInterview
    taxonomy: Taxonomy
    transcript_text: str
    findings: list[ReviewFinding]
    #: Interviews of the corpus that did not compile, so the lint could not compare them.
    skipped_context: list[tuple[str, int]] = field(default_factory=list)
    #: Lint findings about other interviews or the corpus as a whole (not shown).
    other_findings: int = 0


@dataclass
class ReviewResult:
    path: Path
    turns: int
    entities: int
    findings: int
    status: str


def load_review(raw_dir: Path, interview_id: str) -> ReviewData:
    """Compile `raw/<interview_id>/` (drafts allowed) and lint it in the context of the corpus.

    Errors in this interview raise `DatasetError` (as the build would); other interviews that
    fail to compile are left out of the lint and named on the page.
    """
    if not _ID.match(interview_id):
        raise DatasetError.at(
            raw_dir,
            f"{interview_id!r} is not an interview id",
            "give the name of a folder under raw/: lowercase letters, digits and dashes",
        )
    taxonomy, _ = load_taxonomy(raw_dir)
    folder = raw_dir / interview_id
    folders = _corpus_folders(raw_dir)
    if folder not in folders:
        known = ", ".join(f.name for f in folders[:10]) + (", …" if len(folders) > 10 else "")
        raise DatasetError.at(folder, f"no interview {interview_id!r} in raw/", f"use one of: {known}")
    compiled = _compile(folder, taxonomy)
    corpus: list[CompiledInterview] = []
    skipped: list[tuple[str, int]] = []
    for other in folders:
        if other == folder:
            corpus.append(compiled)
            continue
        try:
            corpus.append(_compile(other, taxonomy))
        except DatasetError as exc:
            skipped.append((other.name, len(exc.problems)))
    findings: list[ReviewFinding] = []
    others = 0
    root = raw_dir.resolve().parent
    for problem in _lint(corpus, taxonomy):
        problem = replace(problem, file=_project_relative(problem.file, root))
        placed = _place_finding(problem, compiled, folder)
        if placed is None:
            others += 1
        else:
            findings.append(placed)
    path = folder / compiled.interview.source_file
    text = decode_transcript(path.read_bytes(), path)
    return ReviewData(compiled, taxonomy, text, findings, skipped, others)


def _project_relative(file: str, root: Path) -> str:
    """A finding's file relative to the project root (messages give it relative to the working folder)."""
    try:
        return Path(file).resolve().relative_to(root).as_posix()
    except (ValueError, OSError):
        return file


def _place_finding(problem: Problem, compiled: CompiledInterview, folder: Path) -> ReviewFinding | None:
    """The turn (or the introduction) a finding is about; None if it is not about this interview."""
    interview_id = compiled.interview.id
    in_folder = problem.file == f"raw/{interview_id}" or problem.file.startswith(f"raw/{interview_id}/")
    if not in_folder:
        # A corpus-wide finding (e.g. one surface, two labels) that names this interview's units.
        if re.search(rf"(?<![\w-]){re.escape(interview_id)}/(?:\d+|{INTRODUCTION})\b", problem.message):
            return ReviewFinding(problem, None)
        return None
    match = _TURN_MESSAGE.match(problem.message)
    if match and int(match.group(1)) < len(compiled.turns):
        return ReviewFinding(problem, int(match.group(1)))
    if _INTRO_MESSAGE.match(problem.message):
        return ReviewFinding(problem, INTRODUCTION)
    return ReviewFinding(problem, _unit_at_line(compiled, problem))


def _unit_at_line(compiled: CompiledInterview, problem: Problem) -> int | str | None:
    """The annotation unit whose block in annotations.yaml holds the finding's line."""
    ann = compiled.annotations
    if ann is None or problem.line is None or Path(problem.file).name != ann.path.name:
        return None
    starts = sorted((u.line, key) for key, u in ann.units.items() if u.line is not None)
    unit = None
    for line, key in starts:
        if line <= problem.line:
            unit = key
    return unit


def write_review(raw_dir: Path, interview_id: str, out: Path) -> ReviewResult:
    """Write the review page of one interview to `out` (atomically); return what it holds."""
    data = load_review(raw_dir, interview_id)
    page = render_review(data)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_file_atomically(out, page.encode("utf-8"))
    c = data.compiled
    return ReviewResult(
        out,
        len(c.turns),
        sum(len(t.entities) for t in c.turns) + len(c.interview.introduction_entities),
        len(data.findings),
        _status(c),
    )


# --- rendering ---


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _or_unknown(value: object) -> str:
    return "unknown" if value is None or value == "" else str(value)


def _status(c: CompiledInterview) -> str:
    return "none" if c.annotations is None else ("gold" if c.annotations.status == "gold" else "automatic")


def entity_html(text: str, entities: list[Entity] | tuple[Entity, ...]) -> str:
    """`text` with its entities marked, by spaCy's displaCy (manual mode; it escapes the text)."""
    from spacy import displacy

    doc = {"text": text, "ents": [{"start": e.start, "end": e.end, "label": e.label} for e in entities]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # displaCy warns about texts without entities
        rendered = displacy.render([doc], style="ent", manual=True, page=False, options={"colors": ENTITY_COLORS})
    return rendered.strip()


_BADGE_TEXT = {
    "gold": ("gold", "reviewed gold annotations"),
    "automatic": ("automatic", "machine-proposed draft: not reviewed"),
    "none": ("not annotated", "no annotations.yaml"),
}


def _badge(source: str) -> str:
    text, title = _BADGE_TEXT[source]
    return f'<span class="badge badge-{source}" title="{_e(title)}">{_e(text)}</span>'


def _finding_html(f: ReviewFinding) -> str:
    p = f.problem
    message = p.message
    where = p.file
    if isinstance(f.unit, int):  # beside its turn: the turn number and the folder go without saying
        message = re.sub(rf"^turn {f.unit}:\s*", "", message)
        where = Path(where).name
    where = where if p.line is None else f"{where}:{p.line}"
    hint = f'<div class="hint">how to fix: {_e(p.hint)}</div>' if p.hint else ""
    return (
        f'<div class="finding"><span class="finding-tag">lint</span> {_e(message)}{hint}'
        f'<div class="where">{_e(where)}</div></div>'
    )


def _topics_html(topics: list[str], taxonomy: Taxonomy) -> str:
    if not topics:
        return '<div class="topics"><span class="no-topics">no topics</span></div>'
    known = {t.id: t for t in taxonomy.topics}
    chips = []
    for rank, topic_id in enumerate(topics, start=1):
        topic = known.get(topic_id)
        if topic is None:  # the build refuses unknown topics; shown plainly should one slip through
            chips.append(f'<li class="topic unknown-topic"><span class="topic-id">{_e(topic_id)}</span></li>')
            continue
        # Where the topic sits: its IPTC code (taxonomy 2), its parent topic, its category.
        where = [topic_id]
        if getattr(topic, "medtop", None):
            where.append(topic.medtop)
        parent = known.get(getattr(topic, "parent", None) or "")
        if parent is not None:
            where.append(f"under {parent.label}")
        where.append(next((c.label for c in taxonomy.categories if c.id == topic.category), topic.category))
        chips.append(
            f'<li class="topic" title="{_e(topic.definition)}"><span class="rank">{rank}</span>'
            f'<span class="topic-label">{_e(topic.label)}</span>'
            f'<span class="topic-id">{" · ".join(_e(w) for w in where)}</span></li>'
        )
    return f'<ol class="topics">{"".join(chips)}</ol>'


def _seconds(value: float | None) -> str:
    if value is None:
        return ""
    total = int(value)
    return f"{total // 3600:d}:{total % 3600 // 60:02d}:{total % 60:02d}"


def _turn_html(data: ReviewData, turn: Turn, findings: list[ReviewFinding]) -> str:
    c = data.compiled
    line = data.transcript_text.count("\n", 0, turn.source_start) + 1
    source_file = c.interview.source_file
    refs = [f"{source_file}:{line}"]
    unit = c.annotations.units.get(turn.turn_index) if c.annotations else None
    if unit is not None and unit.line is not None:
        refs.append(f"annotations.yaml:{unit.line}")
    timing = ""
    if turn.start_seconds is not None:
        timing = f'<span class="timing">{_seconds(turn.start_seconds)}–{_seconds(turn.end_seconds)}</span>'
    side = _topics_html(turn.topics, data.taxonomy)
    if findings:
        side += "".join(_finding_html(f) for f in findings)
    classes = f"turn src-{turn.annotation_source} role-{turn.speaker_role}" + (" has-findings" if findings else "")
    return (
        f'<article class="{classes}" id="turn-{turn.turn_index}">'
        f'<div class="turn-head"><a class="turn-no" href="#turn-{turn.turn_index}">#{turn.turn_index}</a>'
        f'<span class="speaker">{_e(turn.speaker)}</span><span class="role">{_e(turn.speaker_role)}</span>'
        f"{timing}{_badge(turn.annotation_source)}"
        f'<span class="refs">{" · ".join(_e(r) for r in refs)}</span></div>'
        f'<div class="turn-text">{entity_html(turn.text, turn.entities)}</div>'
        f'<aside class="turn-side">{side}</aside></article>'
    )


def _counts(c: CompiledInterview, findings: list[ReviewFinding]) -> list[tuple[str, str]]:
    turns = c.turns
    labels = Counter(e.label for t in turns for e in t.entities)
    labels.update(e.label for e in c.interview.introduction_entities)
    by_speaker = Counter(t.speaker for t in turns)
    topics = Counter(topic for t in turns for topic in t.topics)
    no_topics = sum(1 for t in turns if not t.topics)
    at_turns = sum(1 for f in findings if isinstance(f.unit, int))
    at_intro = sum(1 for f in findings if f.unit == INTRODUCTION)
    at_top = len(findings) - at_turns - at_intro
    entities = f"{sum(labels.values())}"
    if labels:
        entities += f" ({', '.join(f'{label} {labels[label]}' for label in ENTITY_LABELS if labels[label])})"
    return [
        ("turns", f"{len(turns)} ({', '.join(f'{name} {n}' for name, n in by_speaker.items())})"),
        ("words", f"{sum(len(t.text.split()) for t in turns):,}"),
        (
            "entities",
            f"{sum(labels.values())}"
            + (
                f" ({', '.join(f'{label} {labels[label]}' for label in ENTITY_LABELS if labels[label])})"
                if labels
                else ""
            ),
        ),
        ("topics", f"{sum(topics.values())} assignments, {len(topics)} distinct; {no_topics} turn(s) without a topic"),
        (
            "lint findings",
            f"{len(findings)} ({at_turns} beside turns, "
            + (f"{at_intro} beside the introduction, " if at_intro else "")
            + f"{at_top} about the interview)",
        ),
    ]


def _link_or_text(url: str | None) -> str:
    """A web address as a link (http/https only; anything else, e.g. `javascript:`, stays text)."""
    if url and re.match(r"^https?://", url):
        return f'<a href="{_e(url)}" rel="noreferrer noopener">{_e(url)}</a>'
    return _e(_or_unknown(url))


def _licence_rows(interview) -> list[tuple[str, str]]:
    """The licence as the interview record states it (id, share-alike, address, attribution, reasoning).

    Read by attribute, so that it works with and without the structured `license` record.
    """
    licence = getattr(interview, "license", None)
    if licence is None:
        return [("licence", "unknown")]
    if isinstance(licence, str):
        return [("licence", _e(licence))]
    text = _e(_or_unknown(getattr(licence, "id", None)))
    if getattr(licence, "share_alike", False):
        text += " · share-alike"
    if getattr(licence, "url", None):
        text += f" · {_link_or_text(licence.url)}"
    rows = [("licence", text)]
    for name, attr in (("attribution", "attribution"), ("licence basis", "reasoning")):
        value = getattr(licence, attr, None)
        if value:
            rows.append((name, _e(value)))
    return rows


def _source_rows(interview) -> list[tuple[str, str]]:
    """Where the transcript was taken from (repository, commit, path, date) and what was excerpted."""
    rows = []
    source = getattr(interview, "source", None)
    if source is not None:
        parts = [
            f"{label} {_e(value)}"
            for label, value in (
                ("repository", getattr(source, "repository", None)),
                ("commit", getattr(source, "commit", None)),
                ("path", getattr(source, "path", None)),
                ("retrieved", getattr(source, "retrieved", None)),
            )
            if value
        ]
        if parts:
            rows.append(("taken from", " · ".join(parts)))
    excerpt = getattr(interview, "excerpt", None)
    if excerpt:
        rows.append(("excerpt", _e(excerpt)))
    return rows


def _header_html(data: ReviewData) -> str:
    c = data.compiled
    i = c.interview
    source = _link_or_text(i.source_url)
    status = _status(c)
    status_text = {
        "gold": "gold: reviewed by a person",
        "automatic": (
            "draft (status: draft): machine-proposed, not reviewed; published only with --allow-draft, marked automatic"
        ),
        "none": "none: no annotations.yaml",
    }[status]
    rows = [
        ("id", _e(i.id)),
        *([] if i.title else [("title", "unknown")]),
        ("date", _e(_or_unknown(i.date))),
        ("publisher", _e(_or_unknown(i.publisher))),
        *_licence_rows(i),
        ("rights", _e(i.rights)),
        ("source", source),
        *_source_rows(i),
        (
            "transcript",
            f"raw/{_e(i.id)}/{_e(i.source_file)} · format {_e(i.source_format)} · "
            f'SHA-256 <code class="sha">{_e(i.source_sha256)}</code>',
        ),
        ("language", _e(i.language)),
        ("split", _e(c.split)),
        ("annotations", f"{_badge(status)} {_e(status_text)}"),
    ]
    for rep in i.republications:
        rows.append(
            (
                "republished",
                _e(
                    f"{rep.publisher}, {_or_unknown(rep.date)}, {_or_unknown(rep.url)}"
                    + (f": {rep.note}" if rep.note else "")
                ),
            )
        )
    speakers = "".join(
        f"<li><b>{_e(s.name)}</b> <span class='role'>{_e(s.role)}</span> {_e(s.description)}</li>" for s in i.speakers
    )
    rows.append(("speakers", f'<ul class="speakers">{speakers}</ul>'))
    rows.extend((name, _e(value)) for name, value in _counts(c, data.findings))
    table = "".join(f"<tr><th>{_e(k)}</th><td>{v}</td></tr>" for k, v in rows)
    title = i.title or i.id
    return (
        f'<header><p class="kicker">Review page · {_e(i.id)}</p><h1>{_e(title)}</h1>'
        f'<table class="meta">{table}</table></header>'
    )


def _legend_html(c: CompiledInterview) -> str:
    used = {e.label for t in c.turns for e in t.entities} | {e.label for e in c.interview.introduction_entities}
    swatches = "".join(
        f'<span class="swatch{"" if label in used else " unused"}" style="background: {color}">{label}</span>'
        for label, color in ((label, ENTITY_COLORS[label]) for label in ENTITY_LABELS)
    )
    return (
        '<section class="legend"><h2>Legend</h2>'
        f'<p class="swatches">{swatches}</p>'
        '<p class="legend-sources">'
        f'<span class="legend-item src-gold">{_badge("gold")} <mark class="entity sample">solid border</mark>'
        " reviewed annotations</span>"
        f'<span class="legend-item src-automatic">{_badge("automatic")} '
        '<mark class="entity sample">dashed border</mark>'
        " machine-proposed draft, not reviewed</span>"
        f'<span class="legend-item">{_badge("none")} no annotations</span>'
        '<span class="legend-item"><span class="finding-tag">lint</span> a lint finding</span>'
        "</p><p class='legend-note'>Labels not used in this interview are faded. Topic chips: rank, taxonomy"
        " label, then id · IPTC code · parent topic · category, where the taxonomy has them (hover for the"
        " definition).</p></section>"
    )


def _front_matter_html(data: ReviewData, intro_findings: list[ReviewFinding]) -> str:
    i = data.compiled.interview
    parts = []
    if i.standfirst:
        parts.append(f'<h3>Standfirst</h3><p class="plain">{_e(i.standfirst)}</p>')
    if i.caption:
        parts.append(f'<h3>Caption</h3><p class="plain">{_e(i.caption)}</p>')
    if i.introduction:
        src = _status(data.compiled)
        parts.append(
            f'<h3>Introduction {_badge(src)}</h3><div class="intro src-{src}">'
            f"{entity_html(i.introduction, i.introduction_entities)}</div>"
        )
    parts.extend(_finding_html(f) for f in intro_findings)
    if not parts:
        return ""
    return f'<section class="front"><h2>Front matter</h2>{"".join(parts)}</section>'


def _notes_html(data: ReviewData) -> str:
    c = data.compiled
    parts = []
    if c.notes:
        parts.append("<ul>" + "".join(f"<li>{_e(n)}</li>" for n in c.notes) + "</ul>")
    if c.dropped_lines:
        rows = "".join(
            f"<tr><td>{line}</td><td>{_e(reason)}</td><td>{_e(text)}</td></tr>"
            for line, text, reason in c.dropped_lines
        )
        parts.append(
            f"<details{' open' if len(c.dropped_lines) <= 10 else ''}>"
            f"<summary>{len(c.dropped_lines)} line(s) of the transcript not read as speech</summary>"
            f'<table class="dropped"><tr><th>line</th><th>why</th><th>text</th></tr>{rows}</table></details>'
        )
    if data.skipped_context:
        names = ", ".join(f"{name} ({n} problem{'s' if n != 1 else ''})" for name, n in data.skipped_context)
        parts.append(
            f"<p class='context'>Not compared by the lint, because they do not compile: {_e(names)}. "
            "Run <code>interview-dataset build --allow-draft</code> to see their problems.</p>"
        )
    if data.other_findings:
        parts.append(
            f"<p class='context'>{data.other_findings} lint finding(s) about other interviews or the whole corpus "
            "are not shown: run <code>interview-dataset lint</code>.</p>"
        )
    return f'<section class="notes"><h2>Transcript and corpus notes</h2>{"".join(parts)}</section>' if parts else ""


def render_review(data: ReviewData) -> str:
    """The review page as one HTML document (a string; same data, same string)."""
    c = data.compiled
    by_unit: dict[int | str | None, list[ReviewFinding]] = {}
    for f in data.findings:
        by_unit.setdefault(f.unit, []).append(f)
    top = by_unit.get(None, [])
    top_html = (
        '<section class="interview-findings"><h2>Findings about the interview</h2>'
        + "".join(_finding_html(f) for f in top)
        + "</section>"
        if top
        else ""
    )
    flagged = sorted(k for k in by_unit if isinstance(k, int))
    jump = ""
    if flagged:
        links = " ".join(f'<a href="#turn-{k}">#{k}</a>' for k in flagged)
        jump = f'<p class="jump">Turns with lint findings ({len(flagged)}): {links}</p>'
    turns = "".join(_turn_html(data, t, by_unit.get(t.turn_index, [])) for t in c.turns)
    lang = _e(c.interview.language)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="interview-dataset {_e(__version__)} review">'
        f"<title>Review: {_e(c.interview.id)}</title><style>{_CSS}</style></head>\n<body>"
        f"{_header_html(data)}{_legend_html(c)}{top_html}{_notes_html(data)}"
        f"{_front_matter_html(data, by_unit.get(INTRODUCTION, []))}"
        f"<main><h2>Turns</h2>{jump}{turns}</main>"
        "<footer>Generated by <code>interview-dataset review</code> from raw/"
        f"{_e(c.interview.id)}/. Entities rendered with spaCy displaCy.</footer>"
        "</body></html>\n"
    )


_CSS = """
*{box-sizing:border-box}
body{
  margin:0 auto;max-width:1180px;padding:16px 20px 40px;
  font:16px/1.5 "DejaVu Sans","Liberation Sans",Arial,sans-serif;color:#1d1d1f;background:#fff}
h1{font-size:26px;margin:4px 0 12px;line-height:1.25}
h2{font-size:19px;margin:22px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
h3{font-size:15px;margin:12px 0 4px}
code{font-family:"DejaVu Sans Mono",monospace;font-size:13px}
.kicker{margin:0;color:#666;font-size:13px;text-transform:uppercase;letter-spacing:.05em}
table.meta{border-collapse:collapse;width:100%;font-size:14px}
table.meta th{text-align:left;vertical-align:top;width:130px;padding:3px 10px 3px 0;color:#555;font-weight:600}
table.meta td{padding:3px 0;overflow-wrap:anywhere}
.sha{font-size:12px;color:#444}
ul.speakers{margin:0;padding-left:18px}
.role{display:inline-block;font-size:12px;color:#555;background:#f0f0f0;border-radius:3px;padding:0 5px;margin:0 4px}
.badge{
  display:inline-block;font-size:12px;font-weight:700;border-radius:10px;padding:1px 8px;margin:0 4px;
  white-space:nowrap;vertical-align:middle}
.badge-gold{background:#f2d16b;color:#3d2e00;border:1px solid #b8961f}
.badge-automatic{background:#fff;color:#a33c00;border:2px dashed #d9651a}
.badge-none{background:#eee;color:#555;border:1px solid #bbb}
.legend .swatches{display:flex;flex-wrap:wrap;gap:6px;margin:6px 0}
.swatch{font-size:12px;font-weight:700;padding:2px 8px;border-radius:4px}
.swatch.unused{opacity:.3}
.legend-sources{display:flex;flex-wrap:wrap;gap:10px 22px;font-size:14px;margin:6px 0}
.legend-note{font-size:13px;color:#666;margin:4px 0}
mark.entity.sample{background:#eee;padding:1px 6px;border-radius:4px;font-size:13px}
mark.entity{-webkit-box-decoration-break:clone;box-decoration-break:clone}
.src-gold mark.entity{border:1px solid rgba(0,0,0,.35)}
.src-automatic mark.entity{border:2px dashed #d9651a}
.finding{
  background:#fff4e0;border-left:4px solid #e08a00;padding:6px 8px;margin:6px 0;font-size:13px;
  line-height:1.4;overflow-wrap:anywhere}
.finding .hint{color:#5b4a2a;margin-top:2px}
.finding .where{color:#7a6a50;font-family:"DejaVu Sans Mono",monospace;font-size:12px;margin-top:2px}
.finding-tag{
  display:inline-block;background:#e08a00;color:#fff;font-size:11px;font-weight:700;border-radius:3px;
  padding:0 5px;text-transform:uppercase}
.interview-findings .finding{font-size:14px}
.context{font-size:13px;color:#555}
.notes h3{margin-top:8px}
details summary{cursor:pointer;font-size:14px;color:#333}
table.dropped{border-collapse:collapse;font-size:13px;margin:6px 0}
table.dropped td,table.dropped th{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}
.front .plain{margin:4px 0;color:#333}
.intro{margin:4px 0 8px}
.jump{font-size:13px;color:#555}
.jump a{margin-right:4px}
.turn{
  display:grid;grid-template-columns:minmax(0,1fr) 330px;column-gap:20px;padding:10px 12px 12px;
  margin:0 0 10px;border:1px solid #e2e2e2;border-left:5px solid #8aa4c8;border-radius:4px}
.turn.role-interviewer{background:#f6f8fb;border-left-color:#5b7db1}
.turn.role-interviewee{background:#fff;border-left-color:#3f9c6d}
.turn.role-other{background:#fbf8f3;border-left-color:#a08a5b}
.turn.src-automatic{border-style:dashed;border-left-style:solid}
.turn.has-findings{box-shadow:inset 0 0 0 1px #e08a00}
.turn-head{grid-column:1 / -1;display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 8px;margin-bottom:4px}
.turn-no{font-weight:700;color:#666;text-decoration:none;font-size:14px;min-width:34px}
.speaker{font-weight:700}
.timing{font-family:"DejaVu Sans Mono",monospace;font-size:12px;color:#555}
.refs{margin-left:auto;font-family:"DejaVu Sans Mono",monospace;font-size:12px;color:#888}
.turn-text{min-width:0;overflow-wrap:anywhere}
.turn-text .entities,.intro .entities{line-height:2.2 !important}
.turn-side{min-width:0}
ol.topics{list-style:none;margin:4px 0;padding:0}
.topic{
  display:block;border:1px solid #9db3d6;background:#eef3fb;border-radius:4px;padding:3px 6px;margin:0 0 4px;
  font-size:13px;line-height:1.3}
.src-automatic .topic{border:2px dashed #d9651a;background:#fff8f2}
.topic .rank{display:inline-block;min-width:16px;font-weight:700;color:#667}
.topic-label{font-weight:600}
.topic-id{display:block;color:#667;font-size:11px;padding-left:16px}
.no-topics{
  display:inline-block;font-size:13px;color:#a33c00;border:1px dashed #d9651a;border-radius:4px;
  padding:2px 6px}
footer{margin-top:24px;font-size:12px;color:#888}
@media (max-width:800px){.turn{grid-template-columns:1fr}.turn-side{margin-top:6px}}
"""
