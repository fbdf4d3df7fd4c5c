"""Containers: how a file is encoded, decoded into what the label grammars read.

Each container module exports `NAME`, `DESCRIPTION`, `KIND`, `detect(text) -> float` (its own
evidence that the file is in this container, in [0, 1]) and `read(text, options) -> Decoded`.
`KIND` says what the decoded stream holds, and so which grammars can read it:

* `lines`: the text of the file, same length as the source, with what is not transcript blanked
  (front matter, header blocks, page furniture, markup); grammars match labels at line starts.
  Containers: `text`, `markdown`.
* `paragraphs`: block elements of an HTML page, each a run of characters that know their raw
  source span and their styling (bold/strong/cite/speaker class, italic, line breaks).
* `cues`: timed pieces of text (WebVTT and SRT cues, JSON segments) with their seconds and, where
  the container marks it (a `<v Name>` voice, a JSON `speaker` field), an explicit speaker.

A `paragraphs` stream is text too: the line grammars read it through its lines view
(`toolkit/lines_view.py`, registered in `readers/__init__.py` `VIEWS`), which maps their reading
back to the raw source.

Registration is in `readers/__init__.py` (`CONTAINERS`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..base import Skipped


@dataclass
class Decoded:
    """A file as its container decoded it: the input of a label grammar."""

    container: str
    kind: str  # "lines" | "paragraphs" | "cues"
    source: str  # the decoded file; every offset points into it
    text: str = ""  # lines: the source with non-transcript material blanked (same length)
    units: list[Any] = field(default_factory=list)  # paragraphs or cue pieces, in source order
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)  # front matter / header block fields (for `new`)
    paged: bool = False  # lines: text converted from PDF pages
    markdown: bool = False  # lines: Markdown markup, rendered in the published text
    extra: dict[str, Any] = field(default_factory=dict)  # container-specific state a grammar may use
