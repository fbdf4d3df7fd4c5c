"""Markdown inline markup rendered as a reader sees it, for the published text of turns read
from Markdown: links and images give their text, emphasis and code markers go, backslash
escapes are undone (`\\[sic\\]` -> `[sic]`), entities are decoded (`&mdash;` -> `—`, as CommonMark
does), list bullets at a paragraph's start go. The source span keeps the text as written."""

from __future__ import annotations

import html
import re

_ESC = re.compile(r"\\([!-/:-@\[-`{-~])")
_IMG = re.compile(r"!\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_LINK = re.compile(r"\[([^\]\n]+)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_REFLINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_CODE = re.compile(r"(`+)(.+?)\1")
_STRONG = re.compile(r"(\*\*\*|\*\*|___|__)(?=\S)(.+?)(?<=\S)\1")
_EM = re.compile(r"(?<![\w*\\])([*_])(?=[^\s*_])(.+?)(?<=[^\s\\])\1(?![\w*])")
_BULLET = re.compile(r"^(?:[-*+]|\d{1,3}[.)])[ \t]+")
#: An entity or numeric character reference, as CommonMark decodes them in text (`&mdash;`, `&#42;`).
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
#: Private-use characters stand in for escaped punctuation while markup is rendered.
_BASE = 0xF0000


def render_markdown(text: str) -> str:
    """One paragraph of Markdown as plain text."""
    text = _ESC.sub(lambda m: chr(_BASE + ord(m.group(1))), text)
    text = _CODE.sub(lambda m: m.group(2).strip(), text)
    text = _IMG.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _REFLINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    for _ in range(3):
        text = _STRONG.sub(r"\2", text)
        text = _EM.sub(r"\2", text)
    text = _BULLET.sub("", text)
    if "&" in text:  # after the markup is gone: a decoded `&#42;` is a literal `*`
        text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    return "".join(chr(ord(ch) - _BASE) if ord(ch) >= _BASE else ch for ch in text).strip()
