"""Property tests for every reader: rendered transcripts parse back; garbage never crashes.

Transcripts are rendered from random turns (speakers drawn from pools of name-like labels,
1-3 paragraphs of random Unicode words mixed with label-looking punctuation such as
`Note: `, `10:30`, URLs, `he said:` and `CEO:` in mid-line) in each reader's format, then
read back: the speakers and texts must come back as rendered, after the normalisation the
format defines (paragraphs joined with a blank line for text formats; one space for the
subtitle/ASR formats, whose consecutive same-speaker cues merge).
"""

from __future__ import annotations

import html as htmllib
import json
import os
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from interview_dataset.readers import (
    READERS,
    ReaderOptions,
    TranscriptFormatError,
    detect_format,
)
from interview_dataset.readers.base import clean_text, join_paragraphs
from interview_dataset.readers.grammars import period

# the named formats (container + grammar) as readers
article = READERS["article"]
hearing = READERS["hearing"]
html = READERS["html"]
inline = READERS["inline"]
markdown = READERS["markdown"]
qa = READERS["qa"]
srt = READERS["srt"]
webvtt = READERS["webvtt"]
whisperx = READERS["whisperx"]

#: READER_PROPERTY_EXAMPLES=2000 for a deep local run; the suite default stays at most 100 per property.
EXAMPLES = int(os.environ.get("READER_PROPERTY_EXAMPLES", "0")) or None
SETTINGS = settings(max_examples=EXAMPLES or 50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GARBAGE = settings(max_examples=EXAMPLES or 100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- random text -----------------------------------------------------------------------------

_letters = st.characters(categories=("Ll", "Lo", "Nd"))
plain_word = st.text(_letters, min_size=1, max_size=8)
#: label-looking tokens that may start a line: never speaker labels
SAFE_TRICKY = ["Note:", "10:30", "12:05pm", "“quoted”", "it’s", "50%", "—", "wait...", "ok?", "a&b", "x<y"]
#: tokens that would be labels or markup at a line start, so only used mid-line
MID_TRICKY = [
    "he said:",
    "https://example.org/a:b",
    "(aside)",
    "[sic]",
    "*",
    "_",
    "#1",
    "CEO:",
    "Q:",
    "A.",
    "THE PRESIDENT:",
    "\\",
    "**bold**",
    "[00:01:23]",
    "&amp;",
    "-->",
]


def word(mid: bool = True):
    return st.one_of(plain_word, plain_word, st.sampled_from(SAFE_TRICKY + (MID_TRICKY if mid else [])))


@st.composite
def line(draw, mid: bool = True) -> str:
    first = draw(st.one_of(plain_word, st.sampled_from(["Note:", "10:30", "“quoted”", "it’s"])))
    rest = draw(st.lists(word(mid), min_size=1, max_size=7))
    return " ".join([first, *rest]) + "."


@st.composite
def paragraph(draw, mid: bool = True) -> list[str]:
    """A paragraph as its lines (hard-wrapped paragraphs have two)."""
    return draw(st.lists(line(mid), min_size=1, max_size=2))


def turns(pool: list[str], max_turns: int = 6, mid: bool = True):
    return st.lists(
        st.tuples(st.sampled_from(pool), st.lists(paragraph(mid), min_size=1, max_size=3)),
        min_size=1,
        max_size=max_turns,
    )


def para_text(paras: list[list[str]]) -> str:
    return join_paragraphs(["\n".join(lines) for lines in paras])


def flat_text(paras: list[list[str]]) -> str:
    return " ".join(" ".join(lines) for lines in paras)


def check(parsed, expected: list[tuple[str, str]], text: str) -> None:
    assert [(s.speaker, s.text) for s in parsed.segments] == expected
    for seg in parsed.segments:
        assert 0 <= seg.source_start < seg.source_end <= len(text)


def merged(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Consecutive same-speaker items joined with one space (the subtitle/ASR rule)."""
    out: list[tuple[str, str]] = []
    for speaker, text in items:
        if out and out[-1][0] == speaker:
            out[-1] = (speaker, out[-1][1] + " " + text)
        else:
            out.append((speaker, text))
    return [(s, clean_text(" ".join(t.split()))) for s, t in out]


# --- round trips, one per reader --------------------------------------------------------------

ARTICLE_POOL = ["Sasha Talaver", "Taras Bilous", "THE PRESIDENT", "María José Pérez", "Q"]


BOM = "\ufeff"  # a UTF-8 byte-order mark decoded as a character: it must change nothing


@SETTINGS
@given(turns(ARTICLE_POOL), st.booleans(), st.booleans(), st.booleans())
def test_article_round_trip(data, declare, standfirst, bom):
    if not declare:  # discovery needs every label to recur
        data = data + data
    text = (
        (BOM if bom else "")
        + ("A standfirst that introduces the interview.\n\n" if standfirst else "")
        + "".join(f"{speaker}\n\n" + "".join("\n".join(lines) + "\n\n" for lines in paras) for speaker, paras in data)
    )
    options = ReaderOptions(speaker_labels=frozenset(ARTICLE_POOL) if declare else None)
    check(article.read(text, options), [(s, para_text(p)) for s, p in data], text)


INLINE_STRONG = [
    "THE PRESIDENT",
    "DR. STOKES",
    "Mr. LIMAN",
    "Senator WARREN",
    "SPEAKER_01",
    "MADELEINE BRAND, HOST",
    "JOSÉ ÁLVAREZ",
    "Ms. O'BRIEN-SMITH",
]
INLINE_WEAK = ["Ana Ruiz", "Ben van der Berg", "Zoë Ng", "Interviewer"]


@SETTINGS
@given(st.data(), st.booleans())
def test_inline_round_trip(data, declare):
    pool = INLINE_STRONG + (INLINE_WEAK if declare else [])
    items = data.draw(turns(pool))
    out = [data.draw(st.sampled_from(["", BOM])) + "Remarks on the harbour, 10:30 A.M.\n\n"]
    for speaker, paras in items:
        sep = data.draw(st.sampled_from([" ", "\u00a0", "  ", "\u00a0\u00a0", "\t"]))
        indent = data.draw(st.sampled_from(["", "  ", "\t"]))
        first, *more = paras
        out.append(f"{indent}{speaker}:{sep}" + "\n".join(first) + "\n")
        for lines in more:
            out.append("\n" + "\n".join(indent + ln for ln in lines) + "\n")
        out.append(data.draw(st.sampled_from(["\n", "", "\n(LAUGHTER)\n\n"])))
    text = "".join(out)
    options = ReaderOptions(speaker_labels=frozenset(pool) if declare else None)
    parsed = inline.read(text, options)
    check(parsed, [(s, para_text(p)) for s, p in items], text)
    assert [b.text for b in parsed.preamble] == ["Remarks on the harbour, 10:30 A.M."]


HEARING_POOL = [
    "The CHAIRMAN",
    "Mr. GARCIA of Illinois",
    "Senator WARREN",
    "Ms. O'BRIEN-SMITH",
    "Chairwoman LEE",
    "Dr. STOKES",
]


@SETTINGS
@given(st.data(), st.booleans())
def test_hearing_round_trip(data, declare):
    items = data.draw(turns(HEARING_POOL))
    # A line in capitals only is a heading in this format, not speech.
    assume(not any(period._HEADING.match(line.strip()) for _, paras in items for lines in paras for line in lines))
    out = ["HEARING BEFORE THE COMMITTEE\n\n"]
    for speaker, paras in items:
        first, *more = paras
        out.append(f"{speaker}. " + "\n".join(first) + "\n")
        for lines in more:
            out.append("\n    " + "\n    ".join(lines) + "\n")
        out.append(data.draw(st.sampled_from(["\n", "\n    [Witness conferring with counsel.]\n\n"])))
    text = "".join(out)
    options = ReaderOptions(speaker_labels=frozenset(HEARING_POOL) if declare else None)
    parsed = hearing.read(text, options)
    check(parsed, [(s, para_text(p)) for s, p in items], text)
    assert [b.text for b in parsed.preamble] == ["HEARING BEFORE THE COMMITTEE"]


QA_POOL = ["Q", "A", "THE PRESIDENT", "MS. ALVAREZ"]
QA_MARKS = {"Q": ["Q: ", "Q. ", "Q    ", "Q\t", "Q:\u00a0"], "A": ["A: ", "A. ", "A  "]}


@SETTINGS
@given(st.data(), st.booleans())
def test_qa_round_trip(data, declare):
    items = data.draw(turns(QA_POOL))
    out = [
        data.draw(st.sampled_from(["", BOM])) + data.draw(st.sampled_from(["", "PRESS BRIEFING\n1:15 P.M. EST\n\n"]))
    ]
    for speaker, paras in items:
        mark = data.draw(st.sampled_from(QA_MARKS.get(speaker, [f"{speaker}: ", f"{speaker}:  "])))
        out.append(mark + "\n\n".join("\n".join(lines) for lines in paras) + "\n\n")
    out.append("END 1:42 P.M. EST\n")
    text = "".join(out)
    parsed = qa.read(text, ReaderOptions(speaker_labels=frozenset(QA_POOL) if declare else None))
    check(parsed, [(s, para_text(p)) for s, p in items], text)
    assert parsed.skipped[-1].reason == "end-of-transcript marker"


MD_POOL = ["Ana Ruiz", "Ben Okafor", "Speaker 1", "SPEAKER_01", "Dr. Zoë Ng", "María"]


def md_escape(value: str) -> str:
    """`value` written in Markdown: markup characters escaped, and `&` (CommonMark decodes `&amp;`)."""
    return "".join("\\" + ch if ch in "\\*_[]#&" else ch for ch in value)


@SETTINGS
@given(st.data(), st.booleans())
def test_markdown_round_trip(data, declare):
    items = data.draw(turns(MD_POOL))
    out = [
        data.draw(st.sampled_from(["", BOM]))
        + data.draw(st.sampled_from(['---\ntitle: "Episode: 1"\n---\n\n# Episode 1\n\n', ""]))
    ]
    expected = []
    for speaker, paras in items:
        form = data.draw(st.sampled_from(["**{}:** ", "**{}**: "]))
        stamp = data.draw(st.sampled_from(["", "[00:01:23] ", "(12:05) "]))
        first, *more = paras
        out.append(form.format(speaker) + stamp + "\n".join(md_escape(ln) for ln in first) + "\n\n")
        out.extend("\n".join(md_escape(ln) for ln in lines) + "\n\n" for lines in more)
        out.append(data.draw(st.sampled_from(["", "**Break:**\n\n"])))
        expected.append((speaker, join_paragraphs([stamp + "\n".join(first)] + ["\n".join(lines) for lines in more])))
    text = "".join(out)
    parsed = markdown.read(text, ReaderOptions(speaker_labels=frozenset(MD_POOL) if declare else None))
    check(parsed, expected, text)


SUB_POOL = ["Ana Ruiz", "BEN OKAFOR", "SPEAKER_00", "Zoë Ng"]


def cue_chunks(data, paras: list[list[str]]) -> list[str]:
    words = flat_text(paras).split()
    cuts = sorted(data.draw(st.sets(st.integers(1, max(1, len(words) - 1)), max_size=2)))
    bounds = [0, *[c for c in cuts if c < len(words)], len(words)]
    return [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:], strict=False) if a < b]


def vtt_time(seconds: float, hours: bool) -> str:
    m, s = divmod(seconds, 60)
    return (f"{int(m // 60):02d}:" if hours else "") + f"{int(m % 60):02d}:{s:06.3f}"


@SETTINGS
@given(st.data())
def test_webvtt_round_trip(data):
    items = data.draw(turns(SUB_POOL, mid=False))
    hours = data.draw(st.booleans())
    out, t, expected = [data.draw(st.sampled_from(["", BOM])) + "WEBVTT\n\nNOTE a note\n\n"], 0.0, []
    for speaker, paras in items:
        for chunk in cue_chunks(data, paras):
            ident = data.draw(st.sampled_from(["", f"cue-{int(t)}\n"]))
            voice = data.draw(st.sampled_from([f"<v {speaker}>", f"<v.loud {speaker}>"]))
            close = data.draw(st.sampled_from(["", "</v>"]))
            payload = htmllib.escape(chunk, quote=False)
            if " " in payload and data.draw(st.booleans()):
                payload = payload.replace(" ", "\n", 1)  # a line break inside the cue
            out.append(
                f"{ident}{vtt_time(t, hours)} --> {vtt_time(t + 1.5, hours)} align:start\n{voice}{payload}{close}\n\n"
            )
            expected.append((speaker, chunk, t, t + 1.5))
            t += 2
    text = "".join(out)
    parsed = webvtt.read(text)
    check(parsed, merged([(s, c) for s, c, _, _ in expected]), text)
    assert parsed.segments[0].start_seconds == 0.0 and parsed.segments[-1].end_seconds == expected[-1][3]


def srt_time(seconds: float) -> str:
    m, s = divmod(seconds, 60)
    return f"{int(m // 60):02d}:{int(m % 60):02d}:{s:06.3f}".replace(".", ",")


@SETTINGS
@given(st.data(), st.booleans())
def test_srt_round_trip(data, declare):
    items = data.draw(turns(SUB_POOL, mid=False))
    out, t, n, expected = [data.draw(st.sampled_from(["", BOM]))], 0.0, 1, []
    for speaker, paras in items:
        for i, chunk in enumerate(cue_chunks(data, paras)):
            prefix = ""
            if i == 0:
                prefix = data.draw(st.sampled_from([f"{speaker}: ", f"[{speaker}]: "])) if declare else f"[{speaker}]: "
            out.append(f"{n}\n{srt_time(t)} --> {srt_time(t + 1.5)}\n{prefix}{chunk}\n\n")
            expected.append((speaker, chunk))
            t, n = t + 2, n + 1
    text = "".join(out)
    parsed = srt.read(text, ReaderOptions(speaker_labels=frozenset(SUB_POOL) if declare else None))
    check(parsed, merged(expected), text)


@SETTINGS
@given(st.data())
def test_whisperx_round_trip(data):
    items = data.draw(
        st.lists(
            st.tuples(st.one_of(st.none(), st.sampled_from(["SPEAKER_00", "SPEAKER_01", "SPEAKER_02"])), line()),
            min_size=1,
            max_size=8,
        )
    )
    if all(s is None for s, _ in items):
        items[0] = ("SPEAKER_00", items[0][1])
    segments = []
    for i, (speaker, value) in enumerate(items):
        seg = {"start": i * 2.0, "end": i * 2.0 + 1.5, "text": " " + value}
        if speaker is not None:
            seg["speaker"] = speaker
        segments.append(seg)
    text = data.draw(st.sampled_from(["", BOM])) + json.dumps(
        {"segments": segments, "language": "en"},
        ensure_ascii=data.draw(st.booleans()),
        indent=data.draw(st.sampled_from([None, 2])),
    )
    resolved, previous = [], None
    for speaker, value in items:  # attach to the previous speaker; before the first one, to the next
        previous = speaker or previous
        resolved.append([previous, value])
    following = None
    for pair in reversed(resolved):
        pair[0] = pair[0] or following
        following = pair[0]
    parsed = whisperx.read(text)
    check(parsed, merged([tuple(p) for p in resolved]), text)
    assert sum(1 for s, _ in items if s is None) == (int(parsed.notes[0].split()[0]) if parsed.notes else 0)


HTML_POOL = ["Ana Ruiz", "BEN OKAFOR", "Dr. Zoë Ng", "SPEAKER_01"]
HTML_LABELS = [
    "<strong>{}:</strong>",
    "<b>{}</b>:",
    "<cite>{}</cite>",
    '<span class="speaker">{}</span>',
    "<strong>{}:</strong>&nbsp;",
]


@SETTINGS
@given(st.data())
def test_html_round_trip(data):
    items = data.draw(turns(HTML_POOL))

    def body(lines: list[str]) -> str:
        return "<br>\n".join(htmllib.escape(ln, quote=False) for ln in lines)

    bom = data.draw(st.sampled_from(["", BOM]))
    head = data.draw(st.booleans())
    out = [
        bom
        + (
            "<!DOCTYPE html>\n<html><head><title>A talk</title>"
            "<script>var x = '<p>ANA: no</p>';</script></head>\n<body>\n"
            if head
            else ""
        )
    ]
    for speaker, paras in items:
        label = data.draw(st.sampled_from(HTML_LABELS)).format(htmllib.escape(speaker))
        first, *more = paras
        out.append(f"<p>{label} {body(first)}</p>\n")
        out.extend(f"<p>\n  {body(lines)}\n</p>\n" for lines in more)
    out.append("<footer><p>&copy; Example</p></footer></body></html>\n")
    text = "".join(out)
    parsed = html.read(text, ReaderOptions(speaker_labels=frozenset(HTML_POOL)))
    check(parsed, [(s, para_text(p)) for s, p in items], text)
    assert parsed.preamble == []  # the <title> is the page's title (metadata), not text before the first label
    assert [s.text for s in parsed.skipped if s.reason == "page title"] == (["A talk"] if head else [])


# --- garbage in, only TranscriptFormatError out ------------------------------------------------

_FORMAT_CHARS = list('WEBVTTNOTE\n\n\r-->:0123456789.,<>/v QA*#[](){}"\\ \t\u00a0\ufeff&;_') + [
    "WEBVTT\n\n",
    " --> ",
    "00:01.000",
    "00:00:01,000",
    "<v Ana>",
    "</v>",
    "**Ana:**",
    "THE PRESIDENT: ",
    "Q  ",
    '{"segments": [',
    '{"text": " hi", "speaker": "S"}',
    "<p><strong>ANA:</strong>",
    "&amp;",
    "&#",
    "---\n",
    "\n1\n",
]
messy_text = st.lists(st.one_of(st.characters(), st.sampled_from(_FORMAT_CHARS)), max_size=120).map("".join)
OPTIONS = [
    ReaderOptions(),
    ReaderOptions(speaker_labels=frozenset({"ANA", "Q", "A", "Ana"}), boilerplate=frozenset({"x"})),
]


def survives(text: str) -> None:
    for name, reader in READERS.items():
        score = reader.detect(text)
        assert 0.0 <= score <= 1.0, name
        for options in OPTIONS:
            try:
                parsed = reader.read(text, options)
            except TranscriptFormatError as exc:
                assert exc.line is None or exc.line >= 1
                continue
            for seg in parsed.segments:
                assert seg.speaker and seg.text == clean_text(seg.text) and seg.text
                assert 0 <= seg.source_start <= seg.source_end <= len(text), name
    try:
        detect_format(text)
    except TranscriptFormatError:
        pass


@GARBAGE
@given(messy_text)
def test_arbitrary_text_only_raises_format_errors(text):
    survives(text)


@GARBAGE
@given(st.binary(max_size=300))
def test_arbitrary_bytes_only_raise_format_errors(raw):
    survives(raw.decode("utf-8", errors="replace"))


FIXTURE_TEXTS = sorted(
    p.read_text(encoding="utf-8")
    for p in Path(__file__).parent.glob("*/*")
    if p.suffix not in {".jsonl", ".py"}
    and p.parent.name in {"html", "inline", "markdown", "qa", "srt", "webvtt", "whisperx", "hearing", "ambiguous"}
)


@GARBAGE
@given(st.sampled_from(FIXTURE_TEXTS), st.data())
def test_mutilated_fixtures_only_raise_format_errors(text, data):
    """Cut, duplicate or splice real-looking input: readers must fail cleanly, never crash."""
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, min(len(text), a + 200)))
    insert = data.draw(st.one_of(st.just(""), messy_text.map(lambda s: s[:20]), st.just(text[a:b])))
    survives(text[:a] + insert + text[b:])
