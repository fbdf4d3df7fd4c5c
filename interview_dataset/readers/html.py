"""HTML transcripts: a speaker element at the start of a paragraph starts a turn.

::

    <p><strong>ANA RUIZ:</strong> Welcome back &amp; thanks.</p>
    <p>Unlabelled paragraphs continue Ana's turn.</p>
    <p><cite>Ben Okafor</cite>: Thanks.</p>
    <div class="turn"><span class="speaker">Ben Okafor</span><p>...</p></div>

Text is extracted with the standard library's `html.parser` (no tree is needed): block
elements (`p`, `div`, `li`, `h1`-`h6`, `blockquote`, `dt`/`dd`, `td`, `br` = line break, ...)
delimit paragraphs; white space collapses as a browser would; entities (`&amp;`, `&nbsp;`,
`&#8217;`) are decoded (`&nbsp;` stays U+00A0 inside the text). `<script>`, `<style>`,
`<nav>`, `<footer>`, `<aside>`, `<form>`, `<noscript>`, `<template>`, `<svg>`, `<iframe>`,
`<button>` and `<select>` elements are dropped and listed in `skipped` (one entry per
element, reason `<tag> element removed`); so is page furniture: `<figure>` / `<figcaption>`
and any element whose class or id mentions `share`, `social`, `comment`, `ad-`, `advert`,
`related`, `newsletter` or `timestamp` (`<p class="timestamp">00:14:22</p>`).

Labels: the first text of a paragraph inside `<cite>`, `<dt>` or any element whose class
mentions `speaker` is a label (explicit markup). Inside `<strong>` / `<b>` it is a label when
it ends with a colon (inside or just after the element) or fills the paragraph, and is
name-like as in the `inline` reader (strong, or recurring). A paragraph with no label
element may still start with an inline `NAME: ` label (rules of `inline`). The colon is
dropped; text after the label element is the turn's first paragraph; following paragraphs
without a label continue the turn; a label filling its paragraph takes its speech from the
following paragraphs. A `<br>` followed by a bold label with a colon splits its paragraph, so
`<p><b>HOST:</b> Hi.<br><b>GOV. HALE:</b> Hello.</p>` is two turns. A bold paragraph that is
itself an inline label and text (`<p><strong>Q: Where are you?</strong></p>`) is read as the
inline label `Q` with the text `Where are you?`. With declared labels, undeclared labels are an error. Paragraphs before
the first label are the preamble (`Block.text` is the extracted text); headings after it,
`END`/footer paragraphs, standalone bracketed non-speech and declared boilerplate are skipped.
For HTML the "every non-blank line" rule applies to extracted paragraphs: each lands in a
segment, the preamble or `skipped`.

Offsets: `source_start`/`source_end` (and `Block.start`/`end`) are code-point offsets into the
RAW HTML source. The parser runs with `convert_charrefs=False`, so every data chunk and every
character reference arrives separately, and `HTMLParser.getpos()` (line, column) at each
callback is mapped to an offset through a table of line starts (lines counted at `\\n`, as
the parser does). Every extracted character thus knows its raw span: a turn runs from the
first raw character of its first text to the end of the raw text (or entity) of its last.
`Segment.line` is the 1-based source line of the label.
"""

from __future__ import annotations

import bisect
import html
import re
from html.parser import HTMLParser

from .base import ParsedTranscript, ReaderOptions, Skipped, TranscriptFormatError, with_starts
from .containers.text import pre_wrapped
from .toolkit.labels import LABEL_RE, LabelRules, label_kind, normalize_label
from .toolkit.nonspeech import NONSPEECH_RE, nonspeech_reason
from .toolkit.turns import TurnAssembler

NAME = "html"
DESCRIPTION = 'HTML transcripts with speaker labels in <strong>, <b>, <cite> or class="speaker" elements'

_BLOCK = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "section",
    "article",
    "main",
    "header",
    "table",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "pre",
    "figure",
    "figcaption",
    "hr",
    "body",
    "html",
    "head",
    "title",
    "address",
    "center",
    "caption",
}
_DROP = {
    "script",
    "style",
    "nav",
    "footer",
    "aside",
    "form",
    "noscript",
    "template",
    "svg",
    "iframe",
    "button",
    "select",
    "object",
    "canvas",
    "audio",
    "video",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_LABEL_TAGS = {"cite", "strong", "b", "dt"}
_EXPLICIT_TAGS = {"cite", "dt"}
_SPEAKER_CLASS = re.compile(r"speaker|interlocutor|spkr", re.IGNORECASE)
#: Page furniture around an article, by element (`figure`) or by class / id.
_NOISE_TAGS = {"figure", "figcaption"}
_NOISE_CLASS = re.compile(
    r"share|social|comment|(?<![a-z])ad-|advert|related|newsletter|(?<![a-z])timestamp(?![a-z])", re.IGNORECASE
)
_HTML_WS = " \t\n\r\f"
#: What a footnote marker in `<sup>` looks like: a number, a bracketed number, a symbol.
_FOOTNOTE = re.compile(r"^\[?(?:\d{1,3}|[a-z]|[*†‡§¶]{1,3})\]?$")
_CLOCK = re.compile(r"^(?:PT)?(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:[.,]\d+)?)$|^(\d+(?:\.\d+)?)s?$")
#: Paragraphs that start the closing matter of a web page after the last answer.
_CLOSING = re.compile(
    r"^(?:about the (?:author|authors|interviewer|contributors?)\b|updates?\b|(?:\d+ )?comments?\b|"
    r"leave a (?:comment|reply)|share this|related (?:posts|articles|stories)|read more\b|more from\b|"
    r"tags?:|filed under\b|subscribe\b|sign up\b|previous (?:post|article)|next (?:post|article))",
    re.IGNORECASE,
)


def _clock_seconds(value: str) -> float | None:
    """Seconds of a `<time>` element's text or `datetime` (`0:00`, `1:02:03.5`, `12.5s`)."""
    m = _CLOCK.match(value.strip())
    if not m:
        return None
    if m.group(4) is not None:
        return float(m.group(4))
    return int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3).replace(",", "."))


class _Char:
    __slots__ = ("ch", "start", "end", "label", "br", "italic")

    def __init__(self, ch: str, start: int, end: int, label: int | None, br: bool = False, italic: bool = False):
        self.ch, self.start, self.end, self.label, self.br, self.italic = ch, start, end, label, br, italic


class _Extractor(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(source) if ch == "\n"]
        self.paras: list[tuple[str | None, list[_Char]]] = []  # (block tag, characters)
        self.chars: list[_Char] = []
        self.block_tag: str | None = None
        self.labels: list[tuple[str, int]] = []  # open label elements: (tag, id)
        self.label_info: dict[int, tuple[str, bool, int]] = {}  # id -> (tag, explicit, offset)
        self.drop: list | None = None  # [tag, depth, offset, text parts]
        self.dropped: list[tuple[int, str, str]] = []
        self.times: list[tuple[int, float]] = []  # (raw offset, seconds) of <time> elements
        self.italic = 0  # depth of open <em>/<i>
        self.sup: tuple[int, int] | None = None  # (index in chars, raw offset) of an open <sup>

    def _raw_pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def _para_end(self) -> None:
        if any(not c.ch.isspace() for c in self.chars):
            self.paras.append((self.block_tag, self.chars))
        self.chars = []
        self.labels = []

    def _add(self, text: str, start: int, end: int | None = None, br: bool = False) -> None:
        label = self.labels[0][1] if self.labels else None
        it = self.italic > 0
        if end is None:  # raw data: one raw character per character (a byte-order mark is not text)
            self.chars.extend(
                _Char(ch, start + i, start + i + 1, label, False, it)
                for i, ch in enumerate(text)
                if ch not in "\ufeff\x1a"
            )
        else:  # a character reference: all its characters share its raw span
            self.chars.extend(_Char(ch, start, end, label, br, it) for ch in text)

    def handle_starttag(self, tag, attrs):
        pos = self._raw_pos()
        if self.drop is not None:
            if tag == self.drop[0]:
                self.drop[1] += 1
            return
        if tag in _DROP:
            self.drop = [tag, 1, pos, [], f"<{tag}> element removed"]
            return
        if tag == "time":
            self.drop = [tag, 1, pos, [], "time stamp", dict(attrs).get("datetime")]
            return
        if tag in {"em", "i"}:
            self.italic += 1
        if tag == "sup":
            self.sup = (len(self.chars), pos)
        if tag == "hr":
            self._para_end()
            self.paras.append(("hr", []))
            return
        noise = " ".join(v or "" for k, v in attrs if k in {"class", "id"})
        if tag in _NOISE_TAGS or _NOISE_CLASS.search(noise):
            what = f'<{tag} class="{noise}">' if tag not in _NOISE_TAGS and noise else f"<{tag}>"
            self.drop = [tag, 1, pos, [], f"{what} element removed (page furniture)"]
            return
        if tag == "br":
            raw = self.get_starttag_text() or "<br>"
            self._add("\n", pos, pos + len(raw), br=True)
            return
        if tag in _BLOCK:
            self._para_end()
            self.block_tag = tag
        classes = " ".join(v or "" for k, v in attrs if k == "class")
        explicit = tag in _EXPLICIT_TAGS or bool(_SPEAKER_CLASS.search(classes))
        if tag in _LABEL_TAGS or explicit:
            ident = len(self.label_info)
            self.label_info[ident] = (tag, explicit, pos)
            self.labels.append((tag, ident))
            if explicit and tag in _BLOCK:
                self.block_tag = tag

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _DROP and tag != "br":
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.drop is not None:
            if tag == self.drop[0]:
                self.drop[1] -= 1
                if self.drop[1] == 0:
                    name, _, start, parts, reason = self.drop[:5]
                    text = " ".join("".join(parts).split())
                    if name == "time":
                        seconds = _clock_seconds(self.drop[5] or "") or _clock_seconds(text)
                        if seconds is not None:
                            self.times.append((start, seconds))
                    self.dropped.append((self.line_of(start), text[:200] or f"<{name}>", reason))
                    self.drop = None
            return
        if tag in {"em", "i"} and self.italic:
            self.italic -= 1
        if tag == "sup" and self.sup is not None:
            index, pos = self.sup
            self.sup = None
            marker = "".join(c.ch for c in self.chars[index:]).strip()
            if _FOOTNOTE.match(marker):
                del self.chars[index:]
                self.dropped.append((self.line_of(pos), marker, "footnote marker"))
        if tag in _BLOCK:
            self._para_end()
            self.block_tag = None
        for i in range(len(self.labels) - 1, -1, -1):
            if self.labels[i][0] == tag:
                del self.labels[i:]
                break

    def handle_data(self, data):
        pos = self._raw_pos()
        if self.drop is not None:
            self.drop[3].append(data)
            return
        self._add(data, pos)

    def _ref(self, raw: str) -> None:
        pos = self._raw_pos()
        if self.source.startswith(raw + ";", pos):
            raw += ";"
        text = html.unescape(raw)
        if self.drop is not None:
            self.drop[3].append(text)
        else:
            self._add(text, pos, pos + len(raw))

    def handle_entityref(self, name):
        self._ref("&" + name)

    def handle_charref(self, name):
        self._ref("&#" + name)

    def close(self):
        super().close()
        if self.drop is not None:
            name, _, start, parts, reason = self.drop[:5]
            text = " ".join("".join(parts).split())
            self.dropped.append((self.line_of(start), text[:200] or f"<{name}>", f"{reason} (never closed)"))
            self.drop = None
        self._para_end()


def _collapse(chars: list[_Char]) -> list[_Char]:
    """Browser white space: runs of HTML white space become one space, trimmed around <br>."""
    out: list[_Char] = []
    for c in chars:
        if c.br:
            while out and out[-1].ch == " " and not out[-1].br:
                out.pop()
            out.append(c)
        elif c.ch in _HTML_WS:
            if out and (out[-1].ch == " " or out[-1].br):
                continue
            out.append(_Char(" ", c.start, c.end, c.label))
        else:
            out.append(c)
    while out and out[0].ch.isspace():
        out.pop(0)
    while out and out[-1].ch.isspace():
        out.pop()
    return out


def _text(chars: list[_Char]) -> str:
    return "".join(c.ch for c in chars)


def _strip(chars: list[_Char]) -> list[_Char]:
    lo, hi = 0, len(chars)
    while lo < hi and chars[lo].ch.isspace():
        lo += 1
    while hi > lo and chars[hi - 1].ch.isspace():
        hi -= 1
    return chars[lo:hi]


def _extract(text: str) -> _Extractor:
    parser = _Extractor(text)
    try:
        parser.feed(text)
        parser.close()
    except TranscriptFormatError:
        raise
    except Exception as exc:  # html.parser gives up on some malformed input (e.g. a bare `<![`)
        raise TranscriptFormatError(
            f"the HTML parser could not read the file: {exc}", None, "check the file is HTML (or pick another format)"
        ) from None
    return parser


def _label_of(chars: list[_Char], parser: _Extractor):
    """(label, explicit, label start offset, rest characters, had colon) or None."""
    if not chars or chars[0].label is None:
        return None
    ident = chars[0].label
    n = 0
    while n < len(chars) and chars[n].label == ident:
        n += 1
    label = _text(chars[:n]).strip()
    rest = _strip(chars[n:])
    had_colon = False
    if label.endswith(":"):
        label, had_colon = label[:-1].rstrip(), True
    elif rest and rest[0].ch == ":":
        rest, had_colon = _strip(rest[1:]), True
    tag, explicit, start = parser.label_info[ident]
    if not label or "\n" in label or len(label) > 64:
        return None
    return label, explicit, start, rest, had_colon


_HTML_HINT = re.compile(r"<(?:p|div|html|body|br|span|strong|b|cite|h[1-6]|li|!doctype)\b", re.IGNORECASE)


def detect(text: str) -> float:
    if pre_wrapped(text):
        return 0.1  # a text transcript in <pre>: the text container reads it
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("WEBVTT") or head.startswith("{"):
        return 0.0
    tags = len(_HTML_HINT.findall(text[:100000]))
    structural = re.search(r"<(?:p|div|html|body|!doctype)\b", text[:100000], re.IGNORECASE)
    if not structural:
        return 0.0
    if head.startswith("<") and tags >= 3:
        return 0.9
    return 0.7 if tags >= 5 else 0.3


def _split_at_br_labels(chars: list[_Char], parser: _Extractor) -> list[list[_Char]]:
    """Split a paragraph at each `<br>` followed by a `<b>`/`<strong>` label ending in a colon
    (`<p><b>HOST:</b> Welcome.<br><b>GOV. HALE:</b> Thanks.</p>`): each part is a paragraph."""
    parts: list[list[_Char]] = []
    begin = 0
    for i, c in enumerate(chars):
        if not c.br or i <= begin:
            continue
        after = _strip(chars[i + 1 :])
        found = _label_of(after, parser)
        if found and found[4]:
            if _strip(chars[begin:i]):
                parts.append(_strip(chars[begin:i]))
            begin = i + 1
    if _strip(chars[begin:]):
        parts.append(_strip(chars[begin:]))
    return parts


def _candidate(chars: list[_Char], parser: _Extractor) -> str | None:
    found = _label_of(chars, parser)
    m = LABEL_RE.match(_text(chars))
    if found and not (m and len(m.group("label")) < len(found[0])):
        return found[0]
    return m.group("label") if m else None


def _drop_bracket_lines(chars: list[_Char], parser: _Extractor, skipped: list[Skipped]) -> list[_Char]:
    """Remove the lines (between `<br>`s) of a paragraph that are only a bracketed note
    (`[Witness conferring with counsel.]`, `(LAUGHTER)`): non-speech, listed in `skipped`."""
    if not any(c.br for c in chars):
        return chars
    out: list[_Char] = []
    line: list[_Char] = []
    for c in [*chars, None]:
        if c is None or c.br:
            body = _text(_strip(line))
            if body and NONSPEECH_RE.match(body):
                skipped.append(Skipped(parser.line_of(line[0].start), body, "standalone non-speech annotation"))
            else:
                out.extend(line)
                if c is not None:
                    out.append(c)
            line = []
        else:
            line.append(c)
    return _strip(out)


def _label_decision(chars, body, rules: LabelRules, parser: _Extractor):
    """(speaker, label line, rest characters) when the paragraph starts with a label, else None."""
    found = _label_of(chars, parser)
    if found:
        label, explicit, start, after, had_colon = found
        line = parser.line_of(start)
        if explicit:
            rules.check_explicit(label, line, "is marked up as a speaker")
            return normalize_label(label), line, after
        if (had_colon or not after) and label_kind(label) is not None and rules.is_label(label, line):
            return normalize_label(label), line, after
        if rules.is_declared(label):
            return normalize_label(label), line, after
        if (
            rules.declared is None
            and after
            and label_kind(label) is not None
            and rules.counts[normalize_label(label)] >= 2
        ):
            # a bold name without a colon, then the answer (`<b>Name</b> text`), recurring
            return normalize_label(label), line, after
    m = LABEL_RE.match(body)
    if m and rules.is_label(m.group("label"), parser.line_of(chars[0].start)):
        return normalize_label(m.group("label")), parser.line_of(chars[0].start), _strip(chars[m.end() :])
    return None


def _closing_start(paras, decisions) -> int | None:
    """Index of the first paragraph of the closing matter after the last answer: a heading, a
    rule (`<hr>`), a paragraph wholly in italics, or an 'About the author' / 'Update' / comments
    / navigation paragraph, after the last label."""
    labelled = [i for i, d in enumerate(decisions) if d is not None]
    if not labelled:
        return None
    for i in range(labelled[-1] + 1, len(paras)):
        tag, chars = paras[i]
        if tag == "hr" or tag in _HEADINGS:
            return i
        letters = [c for c in chars if not c.ch.isspace()]
        if letters and all(c.italic for c in letters) and i > labelled[-1] + 1:
            return i
        if chars and _CLOSING.match(_text(chars)):
            return i
    return None


def read(text: str, options: ReaderOptions = ReaderOptions()) -> ParsedTranscript:
    parser = _extract(text)
    paras = [
        (tag, part)
        for tag, chars in parser.paras
        for part in (_split_at_br_labels(_collapse(chars), parser) if chars else [[]])
    ]
    dropped: list[Skipped] = [Skipped(line, removed, reason) for line, removed, reason in parser.dropped]
    paras = [(tag, _drop_bracket_lines(chars, parser, dropped) if chars else chars) for tag, chars in paras]
    paras = [(tag, chars) for tag, chars in paras if chars or tag == "hr"]

    candidates = [c for _, chars in paras if chars and (c := _candidate(chars, parser)) is not None]
    rules = LabelRules(candidates, options.speaker_labels)
    asm = TurnAssembler(NAME, text, blocks_from_source=False)
    asm.parsed.skipped.extend(dropped)

    decisions = []
    for tag, chars in paras:
        body = _text(chars)
        if not chars or nonspeech_reason(body, options.boilerplate) or (tag in _HEADINGS):
            decisions.append(None)
            continue
        decisions.append(_label_decision(chars, body, rules, parser))
    closing = _closing_start(paras, decisions)

    label_offsets: list[int] = []
    for index, ((tag, chars), decision) in enumerate(zip(paras, decisions, strict=True)):
        if not chars:
            continue
        body = _text(chars)
        line = parser.line_of(chars[0].start)
        if closing is not None and index >= closing:
            asm.skip(line, body, "closing matter (after the interview)")
            continue
        reason = nonspeech_reason(body, options.boilerplate)
        if reason:
            asm.skip(line, body, reason)
            continue
        if tag in _HEADINGS and asm.in_turn:
            asm.skip(line, body, "heading")
            continue
        rest = chars
        if decision is not None:
            speaker, label_line, rest = decision
            asm.start_turn(speaker, label_line)
            label_offsets.append(chars[0].start)
        asm.paragraph_break()
        if rest:
            asm.add_text(_text(rest), rest[0].start, rest[-1].end, parser.line_of(rest[0].start))
        asm.paragraph_break()
    parsed = asm.finish("mark each turn's speaker at the start of a paragraph: <p><strong>Name:</strong> text</p>")
    if parser.times:
        _apply_times(parsed, label_offsets, parser.times)
    parsed.skipped.sort(key=lambda s: s.line)
    return parsed


def _apply_times(parsed: ParsedTranscript, label_offsets: list[int], times: list[tuple[int, float]]) -> None:
    """`<time>` elements between a turn's label and its text give the turn's start; its end is
    the next turn's start (the last turn's end is not in the file, so it stays untimed)."""
    starts: list[float | None] = []
    for segment, label_at in zip(parsed.segments, label_offsets, strict=False):
        found = [sec for pos, sec in times if label_at <= pos <= segment.source_start]
        starts.append(found[0] if found else None)
    parsed.segments = with_starts(parsed.segments, starts)
    parsed.notes.append("start and end seconds come from <time> elements; the last turn's end is not given")
