"""The Markdown container: a text file with Markdown markup (YAML front matter, ATX headings,
links, bold lines, backslash escapes). Decoded as the plain-text container decodes it (front
matter and header blocks blanked, inline HTML removed, offsets into the source), and the
published text of every turn is rendered: links give their text, emphasis and code markers go,
escapes are undone (see `toolkit/markdown_render.py`).

Site generators' template code is markup, never speech, and is blanked like inline HTML (each tag
listed among the skipped lines): Liquid tags `{% image ... %}` and output tags `{{ page.x }}`
(a tag that is a link's destination is replaced by `#` signs: the link renders to its text), Hugo shortcodes
`{{< img src="..." >}}` / `{{% ... %}}` and their closing forms. A link left with no text once its
tag is blanked (`[{% image ... %}](url)`, a linked image) goes with it. A paired Hugo shortcode that
opens a paragraph (`{{< box >}}`, `{{< note >}}` ... `{{< /note >}}`) sets a block apart from the
article (a box, a note, an aside): its content is not the interview and is skipped with the tags,
unless it holds a bold speaker label (then only the tags go)."""

from __future__ import annotations

import re

from ..base import ParsedTranscript, ReaderOptions, Skipped
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
    if "{%" in text or "{{" in text:
        decoded.text = _blank_templates(text, decoded.text, decoded.skipped)
        decoded.skipped.sort(key=lambda s: s.line)
    return decoded


#: One template tag, within a paragraph: a Hugo shortcode (`{{< x >}}`, `{{% x %}}`), a Liquid tag
#: (`{% x %}`, `{%- x -%}`) or an output tag (`{{ x }}`).
_NOT_BLANK_LINE = r"(?:(?!\n[ \t]*\n)[^\x00])"
_TEMPLATE = re.compile(
    rf"\{{\{{<{_NOT_BLANK_LINE}*?>\}}\}}|\{{\{{%{_NOT_BLANK_LINE}*?%\}}\}}"
    rf"|\{{%{_NOT_BLANK_LINE}*?%\}}|\{{\{{{_NOT_BLANK_LINE}*?\}}\}}"
)
#: A Hugo shortcode's name and whether it is a closing form: `{{< /note >}}`.
_SHORTCODE = re.compile(r"^\{\{[<%]\s*(?P<close>/)?\s*(?P<name>[\w.-]+)")
#: A link whose text was only template code (a linked image): `[  ](https://...)`.
_EMPTY_LINK = re.compile(r"\[[ \t\u200b]*\]\((?:[^()\s]|\([^()\s]*\))*\)")
#: A bold speaker label at a line start (`**Name:**`, `**Name**:`): such a block is the interview.
_BOLD_LABEL = re.compile(r"(?m)^[ \t]*\*\*[^*\n]{1,64}?(?::\*\*|\*\*:)")


def _blank_templates(source: str, text: str, skipped: list[Skipped]) -> str:
    """`text` (the container's decoded lines, same length as `source`) with template tags blanked."""
    chars = list(text)

    def line_of(at: int) -> int:
        return source.count("\n", 0, at) + 1

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if chars[i] not in "\n\r":
                chars[i] = " "

    def listed(m: re.Match) -> None:
        """A tag among the skipped lines: each of its lines (a tag may be wrapped over several)."""
        for number, part in enumerate(m.group().split("\n"), start=line_of(m.start())):
            if part.strip():
                skipped.append(Skipped(number, part.strip()[:200], "site template tag (markup)"))

    tags = [m for m in _TEMPLATE.finditer(source) if chars[m.start()] == source[m.start()]]
    done = -1
    for k, m in enumerate(tags):
        if m.start() < done:
            continue
        if source[max(0, m.start() - 8) : m.start()].rstrip(" \t").endswith("]("):
            # `[text]({{ "/path/" | url }})`, `[text]({{< ref "x" >}})`: the tag is the link's destination, which
            # the published text does not show; a placeholder without spaces keeps it a link, rendered to its text
            listed(m)
            for i in range(m.start(), m.end()):
                chars[i] = "#" if chars[i] not in "\n\r" else chars[i]
            continue
        sc = _SHORTCODE.match(m.group())
        at_paragraph_start = m.start() == 0 or source[m.start() - 1] == "\n"
        if sc and not sc.group("close") and at_paragraph_start:
            closing = next(
                (
                    c
                    for c in tags[k + 1 :]
                    if (cm := _SHORTCODE.match(c.group()))
                    and cm.group("close")
                    and cm.group("name") == sc.group("name")
                ),
                None,
            )
            if closing is not None and not _BOLD_LABEL.search(source, m.end(), closing.start()):
                name = sc.group("name")
                for number, line in enumerate(source[m.start() : closing.end()].split("\n"), start=line_of(m.start())):
                    if line.strip():
                        skipped.append(
                            Skipped(number, line.strip()[:200], f"site template block ({name}), not the interview")
                        )
                blank(m.start(), closing.end())
                done = closing.end()
                continue
        listed(m)
        line_start = source.rfind("\n", 0, m.start()) + 1
        line_end = source.find("\n", m.end())
        line_end = len(source) if line_end < 0 else line_end
        blank(m.start(), m.end())
        if "".join(chars[line_start:line_end]).strip():
            # a tag among words (`there{% endraw %}.`): zero-width spaces, which the published text drops
            chars[m.start() : m.end()] = ["\u200b" if ch not in "\n\r" else ch for ch in chars[m.start() : m.end()]]
    out = "".join(chars)
    for m in _EMPTY_LINK.finditer(out):
        if m.group() != source[m.start() : m.end()]:  # only links emptied here
            skipped.append(
                Skipped(line_of(m.start()), source[m.start() : m.end()][:200], "linked image (template tag)")
            )
            blank(m.start(), m.end())
    return "".join(chars)


def finish(parsed: ParsedTranscript, decoded) -> ParsedTranscript:
    return text_container.finish(parsed, decoded, render_markdown_text=True)
