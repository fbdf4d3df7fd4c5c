"""The plain-text container: what a text file holds besides its turns, found before any label
grammar runs.

`prepare(text)` returns the text with everything that is not transcript BLANKED (each such
character replaced by a space, line breaks kept), so every offset still points into the source,
and lists what it blanked, line by line, with the reason:

* YAML front matter: `---` on the first non-blank line, up to the next `---` or `...` line
  (its fields are returned in `fields`, for `interview-dataset new`);
* a header block: the first paragraph, when every line is a `Key: value` field (plain or
  `**Key:** value`) and the keys are metadata keys (`Date`, `Interviewer`, `Persona`,
  `Location`, `Title`, `URL`, ...): it is metadata, not speakers;
* pages of text converted from PDF: form feeds (page breaks) become line breaks; when a page
  structure is seen (form feeds, or most lines numbered), court-reporter line numbers, running
  page headers and footers (a line repeated on many pages, digits aside) and lone page numbers
  are page furniture, and a word index at the end (`able 12:3 45:6`) is closing matter.

Nothing is dropped silently: every blanked line is in `skipped`.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from ..base import ParsedTranscript, ReaderOptions, Skipped, iter_lines

NAME = "text"
DESCRIPTION = "plain text (also text converted from PDF: form feeds, line numbers, page headers and footers)"
KIND = "lines"

#: Keys of a header block at the top of a transcript (compared case-insensitively).
META_KEYS = {
    "date",
    "dates",
    "interviewer",
    "interviewers",
    "interviewee",
    "interviewees",
    "narrator",
    "persona",
    "personas",
    "location",
    "place",
    "title",
    "subject",
    "url",
    "source",
    "link",
    "recorded",
    "recording date",
    "date recorded",
    "interview date",
    "transcriber",
    "transcribed by",
    "duration",
    "length",
    "language",
    "participants",
    "speakers",
    "guest",
    "guests",
    "host",
    "hosts",
    "author",
    "by",
    "published",
    "episode",
    "project",
    "collection",
    "time",
    "format",
    "tags",
    "description",
    "summary",
    "keywords",
}
_FIELD = re.compile(
    r"^\s*(?:(?:\*\*|<b>|<strong>)(?P<bk>[^*<\n:]{1,40}?)\s*(?::\*\*|\*\*\s*:|:</b>|</b>\s*:|:</strong>|</strong>\s*:)"
    r"|(?P<k>[A-Za-z][^:\n]{0,39}?)\s*:)(?:\s+(?P<v>.*))?$"
)
_FRONT_END = {"---", "..."}
_FF = "\x0c"
#: A court reporter's line number at the start of a line.
_LINE_NUMBER = re.compile(r"^([ \t]*)(\d{1,2})(?=[ \t]|$)")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s+of\s+\d{1,4})?$", re.IGNORECASE)
#: A line of a concordance index: a word, then page:line references (`able 12:3 45:6`).
_INDEX_LINE = re.compile(
    r"^(?:\S+(?:\s+\S+){0,3}\s+)?(?:\[?\d+\]?\s*)?(?:\d{1,3}:\d{1,2}(?:,\d{1,2})*[,;]?\s*)+$|^\S{1,25}$"
)


@dataclass
class Prepared:
    text: str
    skipped: list[Skipped] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    paged: bool = False  # text converted from PDF pages: turns are one paragraph each
    notes: list[str] = field(default_factory=list)
    markdown: bool = False  # Markdown markup seen: published text is rendered (links, emphasis, escapes)


#: Characters that end a line for `str.splitlines` (and so for `iter_lines`): blanking keeps them, so
#: the prepared text has the source's lines (a page number ending in a form feed, `4\f`, too).
_LINE_ENDS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


class _Chars(list):
    """The characters of a text being prepared, edited in place; `changed` is set by every edit, so
    that the text is joined again only when something was blanked (most files: never)."""

    __slots__ = ("source", "changed")

    def __init__(self, text: str):
        super().__init__(text)
        self.source = text
        self.changed = False


def _joined(chars: _Chars) -> str:
    """The current text of `chars`."""
    return "".join(chars) if chars.changed else chars.source


def _blank(chars: _Chars, start: int, end: int) -> None:
    chars.changed = True
    for i in range(start, end):
        if chars[i] not in _LINE_ENDS:
            chars[i] = " "


def _front_matter(lines, chars, out: Prepared) -> int:
    """Blank YAML front matter; the index of the first line after it (0 when there is none)."""
    first = next((i for i, (_, _, line) in enumerate(lines) if line.strip()), None)
    if first is None or lines[first][2].strip().lstrip("\ufeff") != "---":
        return 0
    close = next((i for i in range(first + 1, len(lines)) if lines[i][2].strip() in _FRONT_END), None)
    if close is None:
        return 0
    import yaml

    body = "\n".join(line for _, _, line in lines[first + 1 : close])
    try:
        data = yaml.safe_load(body)
    except yaml.YAMLError:
        data = None
    if not isinstance(data, dict):
        return 0  # not YAML: a rule, leave it to the readers
    for key, value in data.items():
        if isinstance(key, str) and (isinstance(value, (str, int, float)) or hasattr(value, "isoformat")):
            out.fields[str(key).strip().lower()] = str(value)
    for number, offset, line in lines[first : close + 1]:
        if line.strip():
            out.skipped.append(Skipped(number, line.strip(), "front matter"))
        _blank(chars, offset, offset + len(line))
    return close + 1


def _header_block(lines, start: int, chars, out: Prepared) -> None:
    """Blank the first paragraph when it is a block of `Key: value` metadata fields."""
    first = next((i for i in range(start, len(lines)) if lines[i][2].strip()), None)
    if first is None:
        return
    block = []
    for i in range(first, len(lines)):
        if not lines[i][2].strip():
            break
        block.append(lines[i])
    matches = [_FIELD.match(line) for _, _, line in block]
    if not all(matches):
        return
    keys = [(m.group("bk") or m.group("k")).strip().lower() for m in matches]
    known = sum(1 for k in keys if k in META_KEYS)
    single = {"date", "title", "url", "source", "author", "authors", "by", "published"}
    if known < max(1, len(keys) - 1) or (len(keys) == 1 and keys[0] not in single):
        return
    for (number, offset, line), m, key in zip(block, matches, keys, strict=True):
        value = (m.group("v") or "").strip().strip("*").strip()
        if value:
            out.fields.setdefault(key, value)
        out.skipped.append(Skipped(number, line.strip(), "header block (metadata field)"))
        _blank(chars, offset, offset + len(line))


def _pages(lines) -> list[list[int]]:
    pages: list[list[int]] = [[]]
    for index, (_, _, line) in enumerate(lines):
        pages[-1].append(index)
        if line.endswith(_FF) or _FF in line:
            pages.append([])
    return [p for p in pages if p]


def _line_numbers(lines, chars, out: Prepared) -> bool:
    """Blank court-reporter line numbers when most non-blank lines carry one, counting up."""
    text = _joined(chars)
    changed = chars.changed
    numbered = []
    nonblank = 0
    for number, offset, line in lines:
        current = text[offset : offset + len(line)] if changed else line
        if not current.strip():
            continue
        nonblank += 1
        m = _LINE_NUMBER.match(current)
        if m:
            numbered.append((number, offset, m))
    if nonblank < 5 or len(numbered) < 0.6 * nonblank:
        return False
    values = [int(m.group(2)) for _, _, m in numbered]
    rising = sum(1 for a, b in zip(values, values[1:], strict=False) if b == a + 1)
    if rising < 0.5 * len(values):
        return False
    for number, offset, m in numbered:
        _blank(chars, offset + m.start(2), offset + m.end(2))
        if not text[offset + m.end(2) : text.find("\n", offset) if "\n" in text[offset:] else len(text)].strip():
            out.skipped.append(Skipped(number, m.group(2), "line number (page furniture)"))
    out.notes.append(f"{len(numbered)} court-reporter line numbers at line starts were blanked (page furniture)")
    return True


def _furniture(lines, chars, out: Prepared, paged_hint: bool) -> None:
    """Running headers/footers (a line repeated on many pages, digits aside) and lone page numbers."""
    text = _joined(chars)
    pages = _pages(lines)
    if len(pages) < 3 and not paged_hint:
        return
    current = [text[o : o + len(line)] for _, o, line in lines]

    def key(i: int) -> str:
        return re.sub(r"\d+", "#", " ".join(current[i].split()))

    counts: Counter = Counter()
    for page in pages:
        counts.update({key(i) for i in page if current[i].strip()})
    threshold = max(3, len(pages) // 2)
    for index, (number, offset, line) in enumerate(lines):
        stripped = current[index].strip().strip(_FF)
        if not stripped:
            continue
        k = key(index)
        if (len(pages) >= 3 and counts[k] >= threshold and len(stripped) <= 80) or _PAGE_NUMBER.match(stripped):
            out.skipped.append(Skipped(number, stripped, "page furniture (header, footer or page number)"))
            _blank(chars, offset, offset + len(line))


def _index(lines, chars, out: Prepared) -> None:
    """A word index at the end of a transcript (each line a word and page:line references)."""
    text = _joined(chars)
    rows = [(i, text[o : o + len(line)].strip()) for i, (_, o, line) in enumerate(lines)]
    rows = [(i, s) for i, s in rows if s]
    refs = 0
    start = None
    for pos in range(len(rows) - 1, -1, -1):
        i, s = rows[pos]
        if not _INDEX_LINE.match(s):
            break
        if ":" in s:
            refs += 1
        start = pos
    if start is None or refs < 10:
        return
    for i, s in rows[start:]:
        number, offset, line = lines[i]
        out.skipped.append(Skipped(number, s, "closing matter (word index)"))
        _blank(chars, offset, offset + len(line))


_PRE = re.compile(r"<pre\b[^>]*>(.*?)(?:</pre\s*>|\Z)", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def pre_wrapped(text: str) -> bool:
    """An HTML page that is a text transcript in `<pre>` (GPO hearings, the Congressional Record):
    nearly all its visible text is inside `<pre>` elements."""
    head = text.lstrip("\ufeff \t\r\n")
    if not head.startswith("<") or "<pre" not in text[:5000].lower():
        return False
    inside = sum(len(m.group(1)) for m in _PRE.finditer(text))
    outside = len("".join(_TAG.sub("", _PRE.sub("", text)).split()))
    return inside > 0 and outside < 300


def _unwrap_pre(text: str, lines, chars, out: Prepared) -> None:
    """Blank the markup of a `<pre>`-wrapped page and the little text outside `<pre>`."""
    keep = [False] * len(text)
    for m in _PRE.finditer(text):
        for i in range(m.start(1), m.end(1)):
            keep[i] = True
    for m in _TAG.finditer(text):
        for i in range(m.start(), m.end()):
            keep[i] = False
    for number, offset, line in lines:
        outside = "".join(ch for i, ch in enumerate(line, start=offset) if not keep[i])
        body = _TAG.sub("", outside).strip()
        inside = "".join(ch for i, ch in enumerate(line, start=offset) if keep[i])
        if body:
            out.skipped.append(Skipped(number, body, "HTML outside <pre> (page title)"))
        elif outside.strip() and not inside.strip():
            out.skipped.append(Skipped(number, outside.strip()[:200], "HTML markup"))
    chars.changed = True
    for i, flag in enumerate(keep):
        if not flag and chars[i] not in "\n\r":
            chars[i] = " "


#: Inline HTML inside Markdown (`<b>Q: ...</b>`, `<s>typo</s>`, `<hr/>`, `<!--break-->`): markup, blanked.
_INLINE_HTML = re.compile(
    r"<!--.*?-->|</?(?:b|strong|i|em|s|u|del|ins|mark|small|sup|sub|span|br|hr|a|p|div|center)\b[^<>\n]*/?>",
    re.IGNORECASE | re.DOTALL,
)


#: Inline HTML in plain text too, when an element is opened and closed (`H<sub>2</sub>O`).
_PAIRED_INLINE = re.compile(r"<(sub|sup|b|i|em|strong|s|u)>[^<>\n]{1,200}</\1>", re.IGNORECASE)


def _inline_html(text: str, chars, out: Prepared) -> None:
    for m in _INLINE_HTML.finditer(text):
        if chars[m.start()] != text[m.start()]:
            continue  # already blanked (front matter, header block)
        _blank(chars, m.start(), m.end())
        if m.group().lower().startswith("<hr"):
            chars[m.start() : m.end()] = "-" * (m.end() - m.start())  # a rule, as the readers know it
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        if not "".join(chars[line_start:line_end]).strip():
            number = text.count("\n", 0, m.start()) + 1
            out.skipped.append(
                Skipped(number, text[m.start() : m.end()].strip()[:200], "markup (rule, break or comment)")
            )
        elif not text[m.start() : m.end()].lower().startswith(("<br", "<p", "<div", "<!--")):
            # a tag inside words (`O<sub>2</sub>`): a zero-width space, which the published text drops
            chars[m.start() : m.end()] = "\u200b" * (m.end() - m.start())
            chars.changed = True


_MARKDOWN = re.compile(r"^#{1,6} \S|\]\((?:https?:|/|#|\.)|^\*\*[^*\n]+\*\*|\\[\[\]*_#]", re.MULTILINE)


def looks_markdown(text: str, front_matter: bool) -> bool:
    """Markdown markup in a text file: front matter, ATX headings, links, bold lines, escapes."""
    if front_matter:
        return True
    head = text[:200000]
    # Every form of markup has a literal the text must hold (`#`, `](`, `**`, `\`): without any of
    # them nothing can match, and the scan of the whole text (most of a plain file's container
    # time) is skipped.
    if "#" not in head and "](" not in head and "**" not in head and "\\" not in head:
        return False
    found = _MARKDOWN.finditer(head)
    return next(found, None) is not None and next(found, None) is not None


@functools.lru_cache(maxsize=4)
def prepare(text: str, markup: bool = True) -> Prepared:
    """The text with front matter, header blocks and page furniture blanked (same length).
    `markup=False`: text that is already free of markup (the lines view of an HTML page,
    `toolkit/lines_view.py`): no `<pre>` unwrapping, inline HTML or Markdown.
    Cached (detection asks once per candidate): callers must not change what it returns."""
    out = Prepared(text)
    if not text:
        return out
    paged = _FF in text
    lines = list(iter_lines(text))
    chars = _Chars(text)
    if markup and pre_wrapped(text):
        _unwrap_pre(text, lines, chars, out)
    i = text.find("\x1a")
    while i >= 0:  # the DOS end-of-file mark
        chars[i] = " "
        chars.changed = True
        number = text.count("\n", 0, i) + 1
        out.skipped.append(Skipped(number, "U+001A", "end-of-file mark (U+001A)"))
        i = text.find("\x1a", i + 1)
    start = _front_matter(lines, chars, out) if markup else 0
    out.markdown = markup and looks_markdown(text, start > 0)
    if markup and (out.markdown or _PAIRED_INLINE.search(text)):
        _inline_html(text, chars, out)
    _header_block(lines, start, chars, out)
    numbered = _line_numbers(lines, chars, out)
    if paged or numbered:
        _furniture(lines, chars, out, paged)
        _index(lines, chars, out)
        if not numbered:  # numbers are easier to see once headers, footers and the index are gone
            _line_numbers(lines, chars, out)
        out.paged = True
    out.text = _joined(chars)
    if paged:
        out.text = out.text.replace(_FF, "\n")
    out.skipped.sort(key=lambda s: s.line)
    return out


# --- the container contract ----------------------------------------------------------------


def detect(text: str) -> float:
    """Any decoded text is text (the detector reads a file as text when no structured container
    is confident)."""
    return 0.5 if text.strip() else 0.0


def read(text: str, options: ReaderOptions = ReaderOptions()):
    from . import Decoded

    prepared = prepare(text)
    return Decoded(
        container=NAME,
        kind=KIND,
        source=text,
        text=prepared.text,
        skipped=list(prepared.skipped),
        notes=list(prepared.notes),
        fields=dict(prepared.fields),
        paged=prepared.paged,
        markdown=prepared.markdown,
    )


def finish(parsed: ParsedTranscript, decoded, render_markdown_text: bool = False) -> ParsedTranscript:
    """The container's share of the published text, after a grammar found the turns: what it
    blanked is listed among the skipped lines; Markdown is rendered; time-stamp lines before
    labels time the turns; GPO footnote markers and Spacelog link markup go; text from PDF
    pages is one paragraph per turn."""
    import dataclasses

    from ..base import join_paragraphs, publish_paragraph
    from ..toolkit.markdown_render import render_markdown

    if decoded.skipped:
        parsed.skipped = sorted(decoded.skipped + parsed.skipped, key=lambda s: s.line)
    parsed.notes[:0] = decoded.notes
    if decoded.markdown or render_markdown_text:
        parsed.segments = [
            dataclasses.replace(s, text=join_paragraphs([render_markdown(p) for p in s.text.split("\n\n")]))
            for s in parsed.segments
        ]
    _times_from_stamp_lines(parsed)
    if any("\\" in s.text for s in parsed.segments):
        # GPO footnote references (`rates \\1\\ shows`): markers, not words
        parsed.segments = [
            dataclasses.replace(s, text=join_paragraphs(_GPO_FOOTNOTE.sub("", s.text).split("\n\n")))
            if _GPO_FOOTNOTE.search(s.text)
            else s
            for s in parsed.segments
        ]
    if decoded.paged:
        parsed.segments = [dataclasses.replace(s, text=publish_paragraph(s.text)) for s in parsed.segments]
        parsed.notes.append("text converted from PDF pages: each turn is one paragraph (page layout is not kept)")
    parsed.segments = [
        dataclasses.replace(s, text=_LINK_MARK.sub(lambda m: m.group(2) or m.group(1), s.text)) if "[" in s.text else s
        for s in parsed.segments
    ]
    return parsed


_GPO_FOOTNOTE = re.compile(r"\\\d{1,3}\\")
#: Spacelog-style links in transcript text: `[glossary:MAX Q|max. Q]` reads `max. Q`.
_LINK_MARK = re.compile(r"\[(?:glossary|link|time|person):([^\]|\n]+)(?:\|([^\]\n]+))?\]")


def _clock(value: str) -> float:
    if value.startswith("-"):
        return -_clock(value[1:])
    seconds = 0.0
    parts = value.replace(",", ".").split(":")
    factors = [86400, 3600, 60, 1][-len(parts) :]  # d:h:m:s, h:m:s, m:s
    for part, factor in zip(parts, factors, strict=True):
        seconds += float(part) * factor
    return seconds


def _times_from_stamp_lines(parsed: ParsedTranscript) -> None:
    """A line holding only a time (`[00:01:02]`) just before a turn's label is that turn's start;
    its end is the next turn's start (the last turn's end is not in the file). Used when most
    untimed turns have one."""
    from ..base import with_starts
    from ..toolkit.nonspeech import CLOCK_LINE_RE

    if any(s.start_seconds is not None for s in parsed.segments):
        return
    stamps = {k.line: m.group("clock") for k in parsed.skipped if (m := CLOCK_LINE_RE.match(k.text))}
    if not stamps:
        return
    starts: list[float | None] = []
    previous_line = 0
    for seg in parsed.segments:
        found = [line for line in stamps if previous_line < line < seg.line]
        starts.append(_clock(stamps[max(found)]) if found else None)
        previous_line = seg.line
    if sum(s is not None for s in starts) < 0.5 * len(starts):
        return
    parsed.segments = with_starts(parsed.segments, starts)
    parsed.notes.append("start seconds from the time-stamp line before each label; end is the next turn's start")
