"""Expected turns for Congressional Record floor debate pages (court/crec-*.htm, text inside <pre>).

Read from the file: a paragraph opens with two spaces; wrapped lines start at column 0, also after a
`[[Page S5552]]` page marker (the paragraph goes on across the page break). Turns open with `Mr. ISAKSON.`,
`Mrs. LINCOLN.`, `The ACTING PRESIDENT pro tempore.`, `The PRESIDING OFFICER (Mr. Cornyn).`. Non-speech:
page markers, the bracketed header lines, headings in capitals, underscores, and the clerk's narration
(`The bill clerk proceeded to call the roll.`). Quotations indented 7/5 spaces are part of the speech.
Usage: python congressional_record.py
"""

from __future__ import annotations

import html
import re
import sys

from common import REDTEAM, write_expected

LABEL = re.compile(
    r"^(?P<label>(?:Mr|Mrs|Ms)\. [A-Z][A-Z'\-]+(?: of [A-Z][a-z]+(?: [A-Z][a-z]+)?)?"
    r"|The (?:ACTING )?PRESIDENT(?: pro tempore)?|The PRESIDING OFFICER(?: \([^)]*\))?"
    r"|The SPEAKER(?: pro tempore)?|The CHAIR)\. (?P<rest>.*)$",
    re.S,
)
NARRATION = re.compile(r"^(?:The (?:bill|legislative|assistant legislative) clerk|There being no objection)")


def paragraphs(pre: str) -> list[str]:
    paras: list[list[str]] = []
    for line in pre.split("\n"):
        if not line.strip() or re.fullmatch(r"\[\[Page [HSE]\d+\]\]", line.strip()):
            continue
        if re.fullmatch(r"\s*_+\s*", line):
            continue
        if line.startswith("  ") and not line.startswith("   "):  # a new paragraph
            paras.append([line.strip()])
        elif line.startswith("       ") and not line.strip()[0].isupper() or line.startswith("     ") and paras:
            if line.startswith("       ") and line[7] != " ":  # a quotation paragraph opens at 7 spaces
                paras.append([line.strip()])
            else:
                paras[-1].append(line.strip())
        elif paras:
            paras[-1].append(line.strip())
        else:
            paras.append([line.strip()])
    return [" ".join(p) for p in paras]


def turns_of(text: str) -> list[dict]:
    pre = text.split("<pre>", 1)[1].split("</pre>", 1)[0]
    pre = html.unescape(re.sub(r"<[^>]+>", "", pre))
    turns: list[dict] = []
    for para in paragraphs(pre):
        if not re.search(r"[a-z]", para) or para.startswith("[") or NARRATION.match(para):
            continue
        m = LABEL.match(para)
        if m:
            turns.append({"speaker": m.group("label"), "text": m.group("rest")})
        elif turns:
            turns[-1]["text"] += "\n\n" + para
        else:
            print("  before first label:", para[:70], file=sys.stderr)
    return turns


def main() -> None:
    for path in sorted((REDTEAM / "court").glob("crec-*.htm")):
        turns = turns_of(path.read_text(encoding="utf-8"))
        write_expected("court", path.stem, turns)
        print(path.name, len(turns), file=sys.stderr)


if __name__ == "__main__":
    main()
