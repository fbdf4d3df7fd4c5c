"""Expected turns for the Kubernetes Podcast release interviews on the kubernetes.io blog (markdown/k8s-podcast-*).

Read from the files: after the front matter, an `Author` line (`<b>Author</b>: ...` or `**Author**: ...`) and
the author's introduction; a rule (`<hr/>` or `---`) opens the transcript and a second rule closes it (what
follows, in italics, is the guests' bios: closing matter, not speech). Questions are bold and carry their label
(`<b>CRAIG BOX: question</b>`, `**ADAM GLICK: question**`); answers start with an upper-case label and a colon
(`JOSH BERKUS: ...`); unlabelled paragraphs continue the turn. `[LAUGHTER]` alone on its line is not speech.
Text is rendered: HTML tags and Markdown emphasis removed, links reduced to their text.
Usage: python k8s_podcast.py
"""

from __future__ import annotations

import html
import re
import sys

from common import REDTEAM, write_expected

NAME = r"[A-Z][A-Z\u00c0-\u00de .'\-]*[A-Z\u00c0-\u00de]"
# a bold question may run over two paragraphs (`<b>CRAIG BOX: ...` then `First of all, what went well?</b>`)
BOLD_Q = re.compile(rf"^(?:<b>|\*\*)(?P<name>{NAME}): (?P<rest>.*)$", re.S)
PLAIN = re.compile(rf"^(?P<name>{NAME}): (?P<rest>.*)$", re.S)


def render(md: str) -> str:
    md = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", md)
    md = re.sub(r"</?(?:b|i|em|strong)>", "", md)
    md = re.sub(r"\*\*|(?<!\w)_|_(?!\w)", "", md)
    return html.unescape(md)


def turns_of(text: str) -> list[dict]:
    text = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    turns: list[dict] = []
    rules = 0
    for para in re.split(r"\n[ \t]*\n", text):
        para = para.strip()
        if not para:
            continue
        if para in ("<hr/>", "---"):
            rules += 1
            continue
        if rules != 1:
            continue  # the author line and introduction before the first rule, the bios after the second
        if re.fullmatch(r"\[[A-Z ]+\]", para):
            continue
        m = BOLD_Q.match(para) or PLAIN.match(para)
        if m:
            turns.append({"speaker": m.group("name"), "text": render(m.group("rest"))})
        elif turns:
            turns[-1]["text"] += "\n\n" + render(para)
        else:
            print("  unlabelled before the first turn:", para[:70], file=sys.stderr)
    return turns


def main() -> None:
    for path in sorted((REDTEAM / "markdown").glob("k8s-podcast-*.md")):
        turns = turns_of(path.read_text(encoding="utf-8"))
        write_expected("markdown", path.stem, turns)
        print(path.name, len(turns), file=sys.stderr)


if __name__ == "__main__":
    main()
