"""Expected turns for UK Covid-19 Inquiry hearing days in reStructuredText (court/ukci-*.rst).

Read from the file: a turn opens with `**Name**: text` (`**Lady Hallett**:`, `**Counsel Inquiry**:`); paragraphs
without a label continue the turn. Non-speech: the date title and section titles (a line underlined with
`=`, `-`, `^`), italic paragraphs alone (`*(10.00 am)*`, `*PROFESSOR STEVEN RILEY (sworn).*`, `*(Pause)*`).
Inline emphasis markers are removed from the text.
Usage: python ukci_rst.py
"""

from __future__ import annotations

import re
import sys

from common import REDTEAM, write_expected

LABEL = re.compile(r"^\*\*(?P<name>[^*]+)\*\*:\s*(?P<rest>.*)", re.S)


def turns_of(text: str) -> list[dict]:
    turns: list[dict] = []
    for para in re.split(r"\n\s*\n", text):
        para = para.strip()
        if not para:
            continue
        lines = para.split("\n")
        if len(lines) >= 2 and re.fullmatch(r"([=\-^~*])\1+", lines[-1].strip()):
            continue  # a title with its underline
        if re.fullmatch(r"\*[^*].*\*", para, re.S):
            continue  # an italic paragraph alone: time, oath, (Pause)
        m = LABEL.match(para)
        body = m.group("rest") if m else para
        body = re.sub(r"\*\*?([^*]+)\*\*?", r"\1", body)
        if m:
            turns.append({"speaker": m.group("name"), "text": body})
        elif turns:
            turns[-1]["text"] += "\n\n" + body
        else:
            print("  before first label:", para[:70], file=sys.stderr)
    return turns


def main() -> None:
    for path in sorted((REDTEAM / "court").glob("ukci-*.rst")):
        turns = turns_of(path.read_text(encoding="utf-8"))
        write_expected("court", path.stem, turns)
        print(path.name, len(turns), file=sys.stderr)


if __name__ == "__main__":
    main()
