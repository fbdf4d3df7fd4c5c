"""The Markdown container: a text file with Markdown markup (YAML front matter, ATX headings,
links, bold lines, backslash escapes). Decoded as the plain-text container decodes it (front
matter and header blocks blanked, inline HTML removed, offsets into the source), and the
published text of every turn is rendered: links give their text, emphasis and code markers go,
escapes are undone (see `toolkit/markdown_render.py`)."""

from __future__ import annotations

from ..base import ParsedTranscript, ReaderOptions
from . import text as text_container

NAME = "markdown"
DESCRIPTION = "Markdown text (front matter, headings, links, bold, escapes): rendered in the published text"
KIND = "lines"


def detect(text: str) -> float:
    """Markdown markup seen in the file (front matter, or two or more marks)."""
    if not text_container.detect(text):
        return 0.0
    prepared = text_container.prepare(text)
    front = any(s.reason == "front matter" for s in prepared.skipped)
    return 0.7 if text_container.looks_markdown(text, front) else 0.0


def read(text: str, options: ReaderOptions = ReaderOptions()):
    decoded = text_container.read(text, options)
    decoded.container, decoded.markdown = NAME, True
    return decoded


def finish(parsed: ParsedTranscript, decoded) -> ParsedTranscript:
    return text_container.finish(parsed, decoded, render_markdown_text=True)
