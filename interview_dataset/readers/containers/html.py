"""The HTML container: block elements of a page as paragraphs of characters that know their raw
source span and styling.

Text is extracted with the standard library's `html.parser` (no tree is needed): block
elements (`p`, `div`, `li`, `h1`-`h6`, `blockquote`, `dt`/`dd`, `td`, `br` = line break, ...)
delimit paragraphs; white space collapses as a browser would; entities (`&amp;`, `&nbsp;`,
`&#8217;`) are decoded (`&nbsp;` stays U+00A0 inside the text). `<script>`, `<style>`,
`<nav>`, `<footer>`, `<aside>`, `<form>`, `<noscript>`, `<template>`, `<svg>`, `<iframe>`,
`<button>` and `<select>` elements are dropped and listed in `skipped` (one entry per
element, reason `<tag> element removed`); so is page furniture: `<figure>` / `<figcaption>`
and any element whose class or id mentions `share`, `social`, `comment`, `ad-`, `advert`,
`related`, `newsletter` or `timestamp` (`<p class="timestamp">00:14:22</p>`). Footnote markers
in `<sup>` are dropped; `<time>` elements give seconds (`times`), not text. A `<pre>` element is
one paragraph that keeps its lines and spaces (its line breaks are breaks, as `<br>` is), so a
transcript laid out as text inside a page can be read line by line.

Styling: characters inside `<cite>`, `<dt>`, an element whose class mentions `speaker`, or
`<strong>`/`<b>` carry the id of that element (`label`), so a grammar can tell a styled label
from the text after it (`grammars/styled.py`); italics and `<br>` line breaks are kept too.

Offsets: every extracted character knows its raw span. The parser runs with
`convert_charrefs=False`, so every data chunk and every character reference arrives
separately, and `HTMLParser.getpos()` (line, column) at each callback is mapped to an offset
through a table of line starts (lines counted at `\\n`, as the parser does).
"""

from __future__ import annotations

import bisect
import html
import re
from html.parser import HTMLParser

from ..base import ReaderOptions, Skipped, TranscriptFormatError
from . import Decoded
from .text import pre_wrapped

NAME = "html"
DESCRIPTION = "HTML pages: block elements as paragraphs, with bold/cite/speaker-class styling and <time> seconds"
KIND = "paragraphs"

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
    r"tags?:|filed under\b|subscribe\b|sign up\b|previous (?:post|article)|next (?:post|article)|"
    r"back to (?:the )?(?:\w+ )?(?:index|home|top|articles|contents)\b|return to\b|other articles\b)",
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
        if any(not c.ch.isspace() for c in self.chars) or any(c.ch == "\u00a0" for c in self.chars):
            self.paras.append((self.block_tag, self.chars))  # `<p>&nbsp;</p>` too: listed as spacing
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


def _preformatted(chars: list[_Char]) -> list[_Char]:
    """`<pre>` text keeps its lines and spaces: each line break is a `<br>`-like break (a CR before
    it is dropped); blank lines before the first text line and white space after the last go (the
    first text line keeps its indentation)."""
    out: list[_Char] = []
    for i, c in enumerate(chars):
        if c.ch == "\r" and i + 1 < len(chars) and chars[i + 1].ch == "\n":
            continue
        if c.ch in "\r\n" and not c.br:
            out.append(_Char("\n", c.start, c.end, c.label, True, c.italic))
        else:
            out.append(c)
    first = next((i for i, c in enumerate(out) if not c.ch.isspace()), len(out))
    cut = max((i + 1 for i in range(first) if out[i].br), default=0)
    out = out[cut:]
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


_HTML_HINT = re.compile(r"<(?:p|div|html|body|br|span|strong|b|cite|h[1-6]|li|!doctype)\b", re.IGNORECASE)


#: The root of a TTML/DFXP document, after an XML declaration and comments.
_TT_ROOT = re.compile(r"(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:\w+:)?tt\b", re.DOTALL)


def detect(text: str) -> float:
    """Markup that structures the visible text into paragraphs. A page whose text is all inside
    `<pre>` has no such structure (its text is laid out as plain text): weak evidence."""
    if pre_wrapped(text):
        return 0.1
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("WEBVTT") or head.startswith("{") or _TT_ROOT.match(head):
        return 0.0  # WebVTT, JSON, or a TTML/DFXP document (XML whose root is <tt>: captions, not a page)
    tags = len(_HTML_HINT.findall(text[:100000]))
    structural = re.search(r"<(?:p|div|html|body|!doctype)\b", text[:100000], re.IGNORECASE)
    if not structural:
        return 0.0
    if head.startswith("<") and tags >= 3:
        return 0.9
    return 0.7 if tags >= 5 else 0.3


def read(text: str, options: ReaderOptions = ReaderOptions()) -> Decoded:
    parser = _extract(text)
    decoded = Decoded(NAME, KIND, text)
    front_end = _front_matter(text, decoded)
    for tag, raw in parser.paras:
        chars = (_preformatted(raw) if tag == "pre" else _collapse(raw)) if raw else []
        if raw and not _text(chars).strip() and tag != "hr":  # `<p>&nbsp;</p>`: spacing, no text
            decoded.skipped.append(Skipped(parser.line_of(raw[0].start), "(blank)", "empty paragraph (spacing)"))
            chars = []
        if front_end and chars and chars[0].start < front_end:
            chars = [c for c in chars if c.start >= front_end]
            while chars and chars[0].ch.isspace():
                chars = chars[1:]
        if tag == "title":  # the page's title (in <head>): metadata, never a turn
            if _text(chars).strip():
                decoded.skipped.append(Skipped(parser.line_of(chars[0].start), _text(chars).strip(), "page title"))
                decoded.fields.setdefault("title", _text(chars).strip())
            continue
        decoded.units.append((tag, chars))
    decoded.extra["parser"] = parser
    parser.rawdata_lines = text.split("\n")  # the parser counts lines at `\n`
    return decoded


_FRONT = re.compile(r"\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)", re.DOTALL)


def _front_matter(text: str, decoded: Decoded) -> int:
    """YAML front matter before the markup (static-site pages): its fields go to `fields`, its
    lines are non-speech; the offset where the page proper starts (0 without front matter)."""
    m = _FRONT.match(text)
    if not m:
        return 0
    import yaml

    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return 0
    if not isinstance(data, dict):
        return 0
    for key, value in data.items():
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if isinstance(key, str) and (isinstance(value, (str, int, float)) or hasattr(value, "isoformat")):
            decoded.fields[key.strip().lower()] = str(value)
    for number, line in enumerate(text[: m.end()].splitlines(), start=1):
        if line.strip():
            decoded.skipped.append(Skipped(number, line.strip().lstrip("\ufeff"), "front matter"))
    return m.end()
