"""Expected turns for Kubernetes spotlight posts and the OpenTelemetry "Humans of OTel" transcripts
(markdown/k8s-*-spotlight-*.md, markdown/otel-*.md): YAML front matter, bold labels.

Read from the files: labels are bold at the start of a paragraph, in three spellings: `**Arpit:**`,
`**Arpit**:` and a bold question that carries its own label, `**SK: question?**` (the question is the text).
Headings are non-speech and end the turn: unlabelled paragraphs after a heading and before the next label
(the author's conclusion) are not speech; paragraphs before the first label are the author's introduction.
An image paragraph (`![..](..)` plus its italic caption) is not speech. Text is the rendered text: link
targets, emphasis markers, backticks and list markers removed.
Usage: python k8s_markdown.py
"""

from __future__ import annotations

import re
import sys

from common import REDTEAM, write_expected

LABELS = [
    re.compile(r"^\*\*(?P<name>[^*:\n]+?):\*\*\s*(?P<rest>.*)", re.S),  # **Arpit:** text
    re.compile(r"^\*\*(?P<name>[^*:\n]+?)\*\*:\s*(?P<rest>.*)", re.S),  # **Arpit**: text
    # **SK: question?** (one question leaves its bold unclosed: `**Sandipan: And how is Steering different ...`)
    re.compile(r"^\*\*(?P<name>[^*:\n]+?):\s+(?P<rest>[^*]+?)(?:\*\*)?\s*$", re.S),
]


def render(md: str) -> str:
    md = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", md)
    md = re.sub(r"\{\{<[^>]*>\}\}|<br\s*/?>", "", md)  # Hugo shortcodes, line breaks
    md = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", md)
    md = re.sub(r"(?m)^\s*(?:[-*]|\d+\.)\s+", "", md)  # list markers
    md = re.sub(r"`+", "", md)
    md = re.sub(r"\*{1,3}", "", md)
    md = re.sub(r"(?<![\w])_([^_]+)_(?![\w])", r"\1", md)
    return md


def turns_of(text: str) -> list[dict]:
    text = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    text = re.sub(r"(?m)^(#{1,6} .*)$", r"\n\1\n", text)  # a heading is a block of its own
    turns: list[dict] = []
    open_turn = False
    for para in re.split(r"\n[ \t]*\n", text):
        para = para.strip()
        if not para or para == "---":
            continue
        if para.startswith("#"):
            open_turn = False
            continue
        if para.startswith("!["):
            continue
        for pattern in LABELS:
            m = pattern.match(para)
            if m:
                turns.append({"speaker": m.group("name").strip(), "text": render(m.group("rest"))})
                open_turn = True
                break
        else:
            if open_turn:
                turns[-1]["text"] += "\n\n" + render(para)
            else:
                print("  not speech:", para[:70].replace("\n", " "), file=sys.stderr)
    return turns


def main() -> None:
    paths = sorted((REDTEAM / "markdown").glob("k8s-*spotlight*.md")) + sorted((REDTEAM / "markdown").glob("otel-*.md"))
    for path in paths:
        turns = turns_of(path.read_text(encoding="utf-8"))
        write_expected("markdown", path.stem, turns)
        print(path.name, len(turns), file=sys.stderr)


if __name__ == "__main__":
    main()
