"""Expected turns for a Free Software Magazine interview (markdown/fsm-*.md), read from the file.

CRLF line endings. After the front matter: the standfirst and introduction (not speech), then the interview:
a question is a level-1 heading opening with `Q.` (`# Q. Because ...`: speaker `Q`), answers open with a bold
initials label (`**TM:**`). The magazine's directives are not speech: `=IMAGE=file=caption=`, `=ZOOM=pull
quote=`, `=TABLE_CAPTION=...=`, and everything from `=TEXTBOX_START=` to `=TEXTBOX_END=` (sidebars, including a
glossary whose entries open with bold terms such as `**ASIC**`), HTML comments (`<!--break-->`). The rule `——`
ends the interview; the footnote after it is not speech. Text is rendered: links to their text, emphasis and
backticks removed.
Usage: python fsm_interview.py
"""

from __future__ import annotations

import re
import sys

from common import REDTEAM, write_expected

LABEL = re.compile(r"^\*\*(?P<name>[A-Z]{1,4}):\*\*\s*(?P<rest>.*)", re.S)
QUESTION = re.compile(r"^# Q\.\s*(?P<rest>.*)", re.S)


def render(md: str) -> str:
    md = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", md)
    md = re.sub(r"\*\*|`", "", md)
    return re.sub(r"(?<!\w)_([^_]+)_(?!\w)", r"\1", md)


def turns_of(text: str) -> list[dict]:
    text = text.replace("\r\n", "\n")
    text = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    text = re.sub(r"(?ms)^=TEXTBOX_START=.*?^=TEXTBOX_END=\s*$", "", text)
    text = text.split("\n——\n", 1)[0]
    turns: list[dict] = []
    for para in re.split(r"\n[ \t]*\n", text):
        para = para.strip()
        if not para or re.match(r"^=(?:IMAGE|ZOOM|TABLE_CAPTION)=", para) or re.fullmatch(r"<!--.*?-->", para):
            continue
        m = QUESTION.match(para)
        if m:
            turns.append({"speaker": "Q", "text": render(m.group("rest"))})
            continue
        m = LABEL.match(para)
        if m:
            turns.append({"speaker": m.group("name"), "text": render(m.group("rest"))})
        elif turns:
            turns[-1]["text"] += "\n\n" + render(para)
        else:
            print("  introduction:", para[:70], file=sys.stderr)
    return turns


def main() -> None:
    for path in sorted((REDTEAM / "markdown").glob("fsm-*.md")):
        turns = turns_of(path.read_text(encoding="utf-8"))
        write_expected("markdown", path.stem, turns)
        print(path.name, len(turns), file=sys.stderr)


if __name__ == "__main__":
    main()
