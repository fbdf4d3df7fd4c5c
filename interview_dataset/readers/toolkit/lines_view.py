"""The text of a paragraphs stream as lines, so the line grammars read any container whose stream is
text (hearing labels, `Q.`/`A.`, `NAME:` lines or a court transcript inside an HTML page).

`render(decoded)` turns the HTML container's paragraphs into a `lines` `Decoded`: each paragraph
is one line (its `<br>` breaks are line breaks), indented by four spaces as a printed paragraph
is (GPO's mixed-case `Mr. Koo.` labels and the Record's narration rules look at indentation);
paragraphs are separated by a blank line; a `<pre>` element keeps its lines and indentation as
written; a heading is written `# Heading` (a Markdown heading, which the line grammars know: after
the last answer it starts the closing matter); `<hr>` is a `---` rule. The rendered text is then
prepared as the plain-text container prepares a file (header blocks; pages converted from PDF:
form feeds, line numbers, running headers and footers, word index), so a court transcript in
`<pre>` reads as it does from a `.txt` file.

Every rendered character keeps the raw source span of the character it renders (indentation,
separators and heading marks are synthetic: they have none). `to_source(parsed, view)` maps a
grammar's reading of the rendered text back to the source: segment and preamble offsets to raw
code points, label and skipped lines to raw source lines (a skipped line is listed on every raw
line it spans, so `--explain` accounts for each), the container's own non-speech (page title,
removed elements, footnote markers, time stamps) is added, and a heading inside a turn leaves the
turn's text and is listed as non-speech. Published text is the text a reader sees in the page.
"""

from __future__ import annotations

import bisect
import dataclasses

from ..base import Block, ParsedTranscript, Skipped, iter_lines, join_paragraphs, publish_paragraph

#: Indentation of a rendered paragraph's first line.
INDENT = "    "
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


@dataclasses.dataclass
class _Map:
    """Raw spans of the rendered characters (None: synthetic) and the rendered line table."""

    spans: list[tuple[int, int] | None]
    line_starts: list[int]  # rendered offset of each rendered line (as `iter_lines` counts them)
    raw_line_of: object  # raw offset -> raw line (the container's own line count)
    headings: dict[str, list[tuple[int, int]]]  # heading text -> rendered spans of its `# heading` lines

    def start(self, i: int) -> int:
        """Raw start of rendered offset `i` (a synthetic character: the next real one's)."""
        for k in range(i, len(self.spans)):
            if self.spans[k] is not None:
                return self.spans[k][0]
        return self.end(i)

    def end(self, j: int) -> int:
        """Raw end of the rendered text ending at exclusive offset `j`."""
        for k in range(min(j, len(self.spans)) - 1, -1, -1):
            if self.spans[k] is not None:
                return self.spans[k][1]
        return 0

    def line_span(self, line: int) -> tuple[int, int]:
        start = self.line_starts[line - 1] if 0 < line <= len(self.line_starts) else len(self.spans)
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.spans)
        return start, end

    def raw_lines(self, line: int) -> list[int]:
        """The raw lines a rendered line's real characters come from, in order."""
        start, end = self.line_span(line)
        real = [self.spans[k] for k in range(start, end) if self.spans[k] is not None]
        if not real:
            return []
        first, last = self.raw_line_of(real[0][0]), self.raw_line_of(max(real[0][0], real[-1][1] - 1))
        return list(range(first, max(first, last) + 1))

    def real_text(self, rendered: str, start: int, end: int) -> str:
        """The rendered text between two offsets without its synthetic characters (line breaks kept)."""
        return "".join(ch for k, ch in enumerate(rendered[start:end], start) if self.spans[k] is not None or ch == "\n")


def render(decoded):
    """The lines view of a paragraphs `Decoded` (cached on it: detection and reading render once)."""
    cached = decoded.extra.get("lines_view")
    if cached is not None:
        return cached
    from ..containers import Decoded
    from ..containers import text as text_container

    chars: list[str] = []
    spans: list[tuple[int, int] | None] = []
    headings: dict[str, list[tuple[int, int]]] = {}

    def synthetic(text: str) -> None:
        chars.extend(text)
        spans.extend([None] * len(text))

    # A page whose transcript is a `<pre>` text (most of its text inside `<pre>`): what follows the
    # last `<pre>` is page matter (`Last updated ...`, links), set apart by a rule, as the line
    # grammars know closing matter after the last answer.
    sizes = [(tag, len(paragraph)) for tag, paragraph in decoded.units if paragraph]
    in_pre = sum(n for tag, n in sizes if tag == "pre")
    last_pre = max((i for i, (tag, paragraph) in enumerate(decoded.units) if tag == "pre" and paragraph), default=None)
    after_transcript = last_pre if in_pre and in_pre >= 0.7 * sum(n for _, n in sizes) else None
    for index, (tag, paragraph) in enumerate(decoded.units):
        if tag != "hr" and not paragraph:
            continue
        if chars:
            synthetic("\n\n")
        if after_transcript is not None and index > after_transcript:
            synthetic("---\n\n")
            after_transcript = None
        if tag == "hr":
            synthetic("---")
            continue
        begin = len(chars)
        if tag in _HEADINGS:
            synthetic("# ")
        elif tag != "pre":
            synthetic(INDENT)
        for c in paragraph:
            ch = "\n" if c.br else c.ch
            if tag in _HEADINGS and ch == "\n":
                ch = " "  # a heading is one line
            chars.append(ch)
            spans.append((c.start, c.end))
        if tag in _HEADINGS:
            headings.setdefault(publish_paragraph("".join(chars[begin + 2 :])), []).append((begin, len(chars)))
    rendered = "".join(chars)
    prepared = text_container.prepare(rendered, markup=False)
    raw_starts = [offset for _, offset, _ in iter_lines(decoded.source)]
    view = Decoded(
        container=decoded.container,
        kind="lines",
        source=rendered,
        text=prepared.text,
        skipped=list(prepared.skipped),  # rendered lines: mapped by `to_source`
        notes=list(prepared.notes),
        fields=dict(decoded.fields),
        paged=prepared.paged,
    )
    # raw lines as `iter_lines` (and `--explain`) count them: a form feed in a `<pre>` ends a line too
    view.extra["map"] = _Map(
        spans,
        [offset for _, offset, _ in iter_lines(rendered)],
        lambda offset: max(1, bisect.bisect_right(raw_starts, offset)),
        headings,
    )
    view.extra["origin"] = decoded
    decoded.extra["lines_view"] = view
    return view


def to_source(parsed: ParsedTranscript, view) -> ParsedTranscript:
    """A line grammar's reading of the view, in the source's terms (see the module docstring)."""
    from ..containers import text as text_container

    m: _Map = view.extra["map"]
    origin = view.extra["origin"]
    parser = origin.extra["parser"]
    rendered = view.source
    skipped = [
        Skipped(m.raw_line_of(parser.line_starts[min(line, len(parser.line_starts)) - 1]), removed, reason)
        for line, removed, reason in [(s.line, s.text, s.reason) for s in origin.skipped] + parser.dropped
    ]  # the container counts lines at `\n`: in the view's count
    for item in parsed.skipped + view.skipped:
        raw = m.raw_lines(item.line)
        if not raw:
            continue  # a synthetic line (a `<hr>` rule): markup, which `--explain` shows as structure
        start, end = m.line_span(item.line)
        text = " ".join(m.real_text(rendered, start, end).split()) or item.text
        skipped.append(Skipped(raw[0], text, item.reason))
        skipped.extend(Skipped(n, text, item.reason + " (continued)") for n in raw[1:])

    passed = {item.line for item in parsed.skipped + view.skipped}  # rendered lines that are not speech
    segments = []
    for seg in parsed.segments:
        text, end = seg.text, seg.source_end
        for heading, places in m.headings.items():
            inside = [(a, b) for a, b in places if seg.source_start <= a and b <= seg.source_end]
            if not inside or f"# {heading}" not in text.split("\n\n"):
                continue
            # a heading inside a turn (`<h3>Statement of ...</h3>`) is not speech
            text = join_paragraphs([p for p in text.split("\n\n") if p != f"# {heading}"])
            for a, b in inside:
                for n in dict.fromkeys(m.raw_line_of(s[0]) for s in m.spans[a:b] if s is not None):
                    skipped.append(Skipped(n, heading, "heading"))
                if b == end:  # the turn ends with its last text before the heading (skipped lines aside)
                    end = next(
                        (
                            k + 1
                            for k in range(a - 1, seg.source_start - 1, -1)
                            if not rendered[k].isspace() and bisect.bisect_right(m.line_starts, k) not in passed
                        ),
                        end,
                    )
        if not text:
            continue
        start = m.start(seg.source_start)
        line = m.raw_lines(seg.line)
        segments.append(
            dataclasses.replace(
                seg,
                text=text,
                source_start=start,
                source_end=m.end(end),
                line=line[0] if line else m.raw_line_of(start),
            )
        )
    preamble = []
    for block in parsed.preamble:
        start = m.start(block.start)
        line = m.raw_lines(block.line)
        preamble.append(
            Block(
                text=m.real_text(rendered, block.start, block.end).strip(),
                start=start,
                end=m.end(block.end),
                line=line[0] if line else m.raw_line_of(start),
            )
        )
    out = ParsedTranscript(parsed.format, segments, preamble, [], list(parsed.notes))
    shim = dataclasses.replace(view, skipped=sorted(skipped, key=lambda s: s.line), markdown=False)
    return text_container.finish(out, shim)
