"""Line grammars reading a text-bearing container through its lines view (`readers/toolkit/lines_view.py`):
hearing labels, `Q.`/`A.`, `NAME:` lines and court transcripts inside HTML pages.

The golden folders `tests/readers/<format>+<grammar>/` hold the cases; here: detection reads each as its
folder does, every turn keeps its exact raw source span (the raw HTML between `source_start` and
`source_end` holds the turn's text once markup, footnote markers and white space are set aside), label
lines point at the label in the raw file, and what a reading skips is listed at raw lines.
"""

from __future__ import annotations

import html as htmllib
import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_golden import folder_reading, read_golden
from test_properties import SETTINGS, check, para_text, turns

from interview_dataset.compile import decode_transcript
from interview_dataset.readers import (
    GRAMMARS,
    ReaderOptions,
    Reading,
    TranscriptFormatError,
    candidates,
    detect_reading,
    read_transcript,
    read_with,
)
from interview_dataset.readers.explain import explain

HERE = Path(__file__).resolve().parent
VIEW_CASES = sorted(
    p
    for p in HERE.glob("*+*/*")
    if not p.name.endswith(".expected.jsonl") and p.suffix not in {".md", ".py"} and p.name != "README.md"
)


def _text(path: Path) -> str:
    return decode_transcript(path.read_bytes(), path, check_lines=False)


def _expected(path: Path) -> list[tuple[str, str]]:
    rows = path.with_name(path.name.split(".")[0] + ".expected.jsonl").read_text(encoding="utf-8").splitlines()
    return [(w["speaker"], " ".join(w["text"].split())) for w in map(json.loads, rows) if w]


def test_there_are_view_cases():
    assert {p.parent.name for p in VIEW_CASES} >= {"html+period", "html+qa", "html+colon", "html+court"}


@pytest.mark.parametrize("source", VIEW_CASES, ids=[f"{p.parent.name}/{p.stem}" for p in VIEW_CASES])
def test_detection_reads_the_case_as_its_folder_does(source):
    text = _text(source)
    reading = detect_reading(text)
    fmt, grammar = folder_reading(source.parent.name)
    assert reading.container == "html"
    if grammar != "colon":  # unstyled `NAME:` paragraphs: the styled grammar reads them as the colon grammar does
        assert reading == Reading("html", grammar)
    got = read_with(text, reading)
    assert [(s.speaker, " ".join(s.text.split())) for s in got.segments] == _expected(source)


_FOOTNOTE = re.compile(r"<sup>[^<]{1,6}</sup>")
_TAG = re.compile(r"<[^>]*>")


def _visible(raw: str) -> str:
    """Raw HTML as a reader sees it: footnote markers and tags gone, entities decoded, white space collapsed."""
    return " ".join(unicodedata.normalize("NFC", htmllib.unescape(_TAG.sub(" ", _FOOTNOTE.sub("", raw)))).split())


@pytest.mark.parametrize("source", VIEW_CASES, ids=[f"{p.parent.name}/{p.stem}" for p in VIEW_CASES])
def test_every_turn_keeps_its_raw_source_span(source):
    text = _text(source)
    parsed = read_golden(source)
    raw_lines = text.splitlines()
    previous = 0
    for seg in parsed.segments:
        assert previous <= seg.source_start < seg.source_end <= len(text)
        previous = seg.source_end
        span = _visible(text[seg.source_start : seg.source_end])
        words = seg.text.split()
        # the span starts with the turn's first word and ends with its last (the label is outside it)
        assert span.split()[0] == words[0] and span.split()[-1] == words[-1], (seg.text, span)
        # the turn's words are the span's words in order, with only non-speech between them (bracketed
        # notes, page furniture: a subsequence)
        rest = iter(span.split())
        assert all(any(w == x for x in rest) for w in words), (seg.text, span)
        # the label line holds the speaker's label, in the raw file
        assert " ".join(seg.speaker.split(",")[0].split()[-1:]) in raw_lines[seg.line - 1], seg
    for block in parsed.preamble:
        assert 0 <= block.start < block.end <= len(text)
        assert " ".join(block.text.split()) in _visible(text[block.start : block.end])


@pytest.mark.parametrize("source", VIEW_CASES, ids=[f"{p.parent.name}/{p.stem}" for p in VIEW_CASES])
def test_skipped_material_is_listed_at_its_raw_lines(source):
    text = _text(source)
    parsed = read_golden(source)
    lines = text.splitlines()
    for item in parsed.skipped:
        words = item.text.split()
        if item.reason.endswith("(continued)") or not words:
            continue
        assert words[0] in htmllib.unescape(lines[item.line - 1]) or item.reason.endswith("element removed"), item
    rows = explain(text, parsed)
    assert [r for r in rows if r.role == "unaccounted"] == []


def test_footnotes_brackets_and_headings_in_a_hearing_page():
    source = HERE / "html+period" / "senate_hearing_caps.html"
    parsed = read_golden(source)
    reasons = {(s.text, s.reason) for s in parsed.skipped}
    assert ("1", "footnote marker") in reasons
    assert ("[Witness conferring with counsel.]", "standalone non-speech annotation") in reasons
    assert ("[Laughter.]", "standalone non-speech annotation") in reasons
    assert ("Prepared Statement of Hon. Jane Roe, U.S. Senator from Iowa", "heading") in reasons
    assert all("Prepared Statement" not in s.text and "Public Law" not in s.text for s in parsed.segments)
    assert "Program, which" in parsed.segments[0].text  # the marker `<sup>1</sup>` is not glued to a word
    # the heading between two turns is not inside either turn's span
    heading = source.read_text(encoding="utf-8").index("<h3>")
    assert not any(s.source_start <= heading < s.source_end for s in parsed.segments)


def test_styled_labels_win_over_a_plain_text_reading():
    # bold labels that a line grammar also reads (`Mr. SMITH.`): the page's markup marks the speakers
    page = "".join(
        f"<p><b>{who}.</b> {what}</p>\n"
        for who, what in [
            ("The CHAIRMAN", "We will hear Mr. Smith."),
            ("Mr. SMITH", "Thank you."),
            ("The CHAIRMAN", "Proceed."),
            ("Mr. SMITH", "Our program <em>works</em>."),
        ]
    )
    assert detect_reading(page) == Reading("html", "styled")
    # the period delimits a bold hearing label as the colon does (inside or just after the element)
    for styled in (page, page.replace(".</b>", "</b>.")):
        speakers = [s.speaker for s in read_transcript(styled).segments]
        assert speakers == ["The CHAIRMAN", "Mr. SMITH", "The CHAIRMAN", "Mr. SMITH"]
    assert read_transcript(page).segments[3].text == "Our program works."
    # without the bold, the period grammar reads the same page
    assert detect_reading(page.replace("<b>", "").replace("</b>", "")) == Reading("html", "period")


def test_detection_still_refuses_between_close_readings():
    # name lines and `Q.`/`A.` paragraphs in one page: two readings, different turns
    page = "\n".join(
        ["<p>Ana Ruiz</p>", "<p>Q. Where were you born?</p>", "<p>Ben Okafor</p>", "<p>A. In Lagos.</p>"] * 3
    )
    scored = {r.grammar: s for s, r in candidates(page) if r.container == "html"}
    assert scored["qa"] >= 0.5 and scored["name-line"] >= 0.5
    with pytest.raises(TranscriptFormatError) as err:
        detect_reading(page)
    assert "refuses to guess" in err.value.message
    assert "--format html --grammar" in err.value.hint


def test_a_declared_grammar_reads_an_html_page():
    page = "<p>Q. Where were you born?</p>\n<p>A. In Lagos.</p>\n<p>Q. When?</p>\n<p>A. In 1950.</p>\n"
    parsed = read_transcript(page, "html", grammar="qa")
    assert parsed.format == "html+qa"
    assert [(s.speaker, s.text) for s in parsed.segments] == [
        ("Q", "Where were you born?"),
        ("A", "In Lagos."),
        ("Q", "When?"),
        ("A", "In 1950."),
    ]
    # declared labels are checked as in a text file
    with pytest.raises(TranscriptFormatError):
        read_transcript(page, "html", ReaderOptions(speaker_labels=frozenset({"Q"})), grammar="qa")


# --- round trip: hearing turns written as HTML paragraphs, read by the period grammar ---------------

HEARING_POOL = ["The CHAIRMAN", "Mr. GARCIA of Illinois", "Senator WARREN", "Ms. O'BRIEN-SMITH", "Dr. STOKES"]


@SETTINGS
@given(st.data(), st.booleans())
def test_hearing_page_round_trip(data, declare):
    items = data.draw(turns(HEARING_POOL))
    heading = re.compile(r"^[^a-z]*[A-Z]{2}[^a-z]*$")  # a line in capitals is a heading in this grammar
    if any(heading.match(line.strip()) for _, paras in items for lines in paras for line in lines):
        return
    out = ["<html><head><title>Hearing</title></head><body>\n<h1>HEARING BEFORE THE COMMITTEE</h1>\n"]
    for speaker, paras in items:
        first, *more = paras
        body = [htmllib.escape(line, quote=False) for line in first]
        out.append(f"<p>{htmllib.escape(speaker, quote=False)}. " + "<br>\n".join(body) + "</p>\n")
        out.extend("<p>" + "<br>\n".join(htmllib.escape(ln, quote=False) for ln in lines) + "</p>\n" for lines in more)
        out.append(data.draw(st.sampled_from(["", "<p>[Witness conferring with counsel.]</p>\n"])))
    out.append("</body></html>\n")
    text = "".join(out)
    options = ReaderOptions(speaker_labels=frozenset(HEARING_POOL) if declare else None)
    parsed = read_with(text, Reading("html", "period"), options)
    check(parsed, [(s, para_text(p)) for s, p in items], text)
    for seg in parsed.segments:
        assert _visible(text[seg.source_start : seg.source_end]).split() == seg.text.split()
    assert [b.text for b in parsed.preamble] == ["HEARING BEFORE THE COMMITTEE"]


@SETTINGS
@given(st.text(max_size=80), st.sampled_from(sorted(n for n, g in GRAMMARS.items() if g.KIND == "lines")))
def test_any_page_only_raises_format_errors(body, grammar):
    page = f"<html><body><p>{body}</p><pre>{body}\n\x0c{body}</pre><p>{body}</p></body></html>"
    try:
        parsed = read_with(page, Reading("html", grammar))
    except TranscriptFormatError:
        return
    for seg in parsed.segments:
        assert 0 <= seg.source_start <= seg.source_end <= len(page)


@SETTINGS
@given(st.sampled_from(VIEW_CASES), st.data())
def test_mutilated_pages_only_raise_format_errors(source, data):
    """Cut or splice a page (a `<pre>` left open, a paragraph cut in two): every line grammar reading it
    through the view fails cleanly or gives turns inside the file."""
    text = _text(source)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, min(len(text), a + 300)))
    text = text[:a] + data.draw(st.sampled_from(["", "<pre>", "</p>", "<br>", "<h2>", text[a:b]])) + text[b:]
    for grammar in sorted(n for n, g in GRAMMARS.items() if g.KIND == "lines" and n != "bold"):
        try:
            parsed = read_with(text, Reading("html", grammar))
        except TranscriptFormatError:
            continue
        previous = 0
        for seg in parsed.segments:
            assert previous <= seg.source_start < seg.source_end <= len(text) and seg.text
            previous = seg.source_end
