"""Markdown helpers for the held-out layout scripts (no import of interview_dataset).

`render` turns one block of Markdown into the text a reader of the rendered page sees: images, HTML comments,
Liquid/Hugo shortcodes and inline HTML tags removed; links and autolinks replaced by their text; emphasis and
code markers removed (code contents literal); list bullets dropped; backslash escapes and HTML entities decoded;
zero-width spaces (U+200B) removed: an odd space, which issue 15 says published text normalises (added after the
first scoring showed one in 18f-static-dynamic-websites-2016, `bios, \u200bplugins`; see README).
"""

from __future__ import annotations

import html
import re

ESCAPABLE = "\\`*_{}[]()#+-.!<>|~"
_PLACEHOLDER = {c: chr(0xE000 + i) for i, c in enumerate(ESCAPABLE)}
_RESTORE = {v: k for k, v in _PLACEHOLDER.items()}


def front_matter(text: str) -> tuple[str, str]:
    """(YAML front matter, body) of a file that opens with a `---` line."""
    if not text.startswith("---\n"):
        return "", text
    end = text.index("\n---\n", 4)
    return text[4:end], text[end + 5 :]


def paragraphs(body: str) -> list[str]:
    """Blocks separated by blank lines (lines of spaces count as blank); headings are blocks of their own."""
    body = re.sub(r"(?m)^(#{1,6} .*)$", r"\n\1\n", body)
    return [p.strip("\n") for p in re.split(r"\n[ \t\u00a0]*\n", body) if p.strip()]


def render(md: str) -> str:
    md = re.sub(r"\\(.)", lambda m: _PLACEHOLDER.get(m.group(1), m.group(0)), md)  # protect escapes
    md = re.sub(r"<!--.*?-->", "", md, flags=re.S)
    md = re.sub(r"\{%.*?%\}|\{\{<.*?>\}\}", "", md, flags=re.S)  # Liquid tags, Hugo shortcodes
    md = re.sub(r"\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)|!\[[^\]]*\]\([^)]*\)", "", md)  # images, linked images
    md = re.sub(r"\[\s*<img[^>]*>\s*\]\([^)]*\)|<img[^>]*>", "", md)
    md = re.sub(r"<(https?://[^>\s]+)>", r"\1", md)  # autolinks
    md = re.sub(r"</?[A-Za-z][^>]*>", "", md)  # inline HTML tags: text kept
    md = re.sub(r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\([^)]*\)", r"\1", md)  # links -> text
    md = re.sub(r"(?m)^[ \t]*(?:[-*+]|\d+\.)[ \t]+", "", md)  # list bullets
    md = re.sub(r"`+", "", md)
    md = re.sub(r"\*{1,3}", "", md)
    md = re.sub(r"(?<![\w])_{1,2}([^_\n](?:[^_]*?[^_\n])?)_{1,2}(?![\w])", r"\1", md)
    md = "".join(_RESTORE.get(c, c) for c in md)
    return html.unescape(md).replace("\u200b", "")


def wholly_emphasised(para: str) -> bool:
    """A paragraph set wholly in italics (or bold italics): `*...*` or `_..._`."""
    p = para.strip()
    return (p.startswith("*") and p.endswith("*")) or (p.startswith("_") and p.endswith("_"))
