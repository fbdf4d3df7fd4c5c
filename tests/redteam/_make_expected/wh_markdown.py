"""Expected turns for White House transcripts in Markdown with YAML front matter (markdown/wh-*.md).

Read from the files: the front matter is metadata; paragraphs are separated by lines holding only spaces or
no-break spaces; a turn starts at a paragraph opening (after optional spaces/no-break spaces) with an
upper-case label and a colon (`MR. FRIEDLANDER:`, `THE VICE PRESIDENT:`) or with `Q` and spaces (reporters).
Non-speech paragraphs: clock times (`8:37 A.M. EDT`), `END ...`, a parenthesised stage direction alone
(`(Laughter.)`), `\\###`, and lines of no-break spaces. Markdown backslash escapes are rendered (`\\[` -> `[`)
and inline HTML tags removed, their text kept (`<s>Majorie</s> [Marjorie]` -> `Majorie [Marjorie]`).
Usage: python wh_markdown.py
"""

from __future__ import annotations

import re
import sys

from common import REDTEAM, write_expected

WS = "[ \u00a0\t]"
LABEL = re.compile(rf"^{WS}*(?:(?P<q>Q)(?={WS}|$)|(?P<name>[A-Z][A-Z.'\u2019\- ]*[A-Z.]):)")
NON_SPEECH = re.compile(
    r"^(?:\d{1,2}:\d{2} [AP]\.M\. E[SD]T|END(?: \d{1,2}:\d{2} [AP]\.M\. E[SD]T)?|\([^()]*\)|#+|\*+)$"
)


def unescape(text: str) -> str:
    text = re.sub(r"</?(?:s|b|i|em|strong|sub|sup)>", "", text)  # inline HTML: `<s>Majorie</s> [Marjorie]`
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!<>|$~])", r"\1", text)


def turns_of(text: str) -> list[dict]:
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    # a label at the start of any line opens a turn, even without a blank line before it (one file does that)
    text = re.sub(r"\n(?=" + LABEL.pattern.lstrip("^") + ")", "\n\n", text)
    paras = re.split(rf"\n(?:{WS}*\n)+", text)
    turns: list[dict] = []
    for para in paras:
        body = " ".join(line.strip(" \u00a0\t") for line in para.split("\n")).strip(" \u00a0\t")
        body = unescape(body)
        if not body.replace("\u00a0", "").strip() or NON_SPEECH.match(re.sub(r"\s+", " ", body).strip()):
            continue
        m = LABEL.match(body)
        if m:
            speaker = "Q" if m.group("q") else m.group("name")
            turns.append({"speaker": speaker, "text": body[m.end() :]})
        elif turns:
            turns[-1]["text"] += "\n\n" + body
        else:
            print("  before first label:", body[:80], file=sys.stderr)
    return turns


def main() -> None:
    for path in sorted((REDTEAM / "markdown").glob("wh-*.md")):
        turns = turns_of(path.read_text(encoding="utf-8"))
        write_expected("markdown", path.stem, turns)
        print(path.name, len(turns), file=sys.stderr)


if __name__ == "__main__":
    main()
