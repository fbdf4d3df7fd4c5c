"""Expected turns for Congressional Record floor debates (court/crec-*.htm in <pre>; plain/crec-*.txt).

Read from the file: a paragraph opens with two spaces; wrapped lines start at column 0, also after a
`[[Page S5552]]` page marker (the paragraph goes on across the page break). Turns open with `Mr. ISAKSON.`,
`Mrs. LINCOLN.`, `The ACTING PRESIDENT pro tempore.`, `The PRESIDING OFFICER (Mr. Cornyn).`. Non-speech:
page markers, the bracketed header lines, headings in capitals, underscores, a parenthesised note alone
(`(See exhibit 1.)`), the clerk's narration (`The bill clerk proceeded to call the roll.`, `Mr. D'AMATO
addressed the Chair.`) and what is read or printed after it (indented material after `... as follows:`).
Quotations indented 7/5 spaces are part of the speech.
Usage: python congressional_record.py
"""

from __future__ import annotations

import html
import re
import sys

from common import REDTEAM, write_expected

LABEL = re.compile(
    r"^(?P<label>(?:Mr|Mrs|Ms)\. [A-Z][A-Z'\-]+(?: [A-Z][A-Z'\-]+)*(?: of [A-Z][a-z]+(?: [A-Z][a-z]+)?)?"
    r"|The (?:ACTING |VICE )?PRESIDENT(?: pro tempore)?|The PRESIDING OFFICER(?: \([^)]*\))?"
    r"|The SPEAKER(?: pro tempore)?(?: \([^)]*\))?|The CHAIR)\. (?P<rest>.*)$",
    re.S,
)
NARRATION = re.compile(
    r"^(?:The (?:bill|legislative|assistant legislative) clerk|There being no objection|The Senate resumed"
    r"|There was no objection\.$)"
    r"|^(?:Mr|Mrs|Ms)\. [A-Z'\-]+ addressed the Chair\.$"
    # the joint session of 2014-01-28 (read by hand): the Record's account of who entered, when, and in what order
    r"|^(?:The recess having expired|The Assistant to the Sergeant at Arms|The Acting Dean of the Diplomatic Corps"
    r"|The Chief Justice of the United States and the Associate Justices|The members of the (?:Cabinet|President's)"
    r"|At \d+ o'clock|The President of the United States, escorted|Accordingly, at|The Members of the Senate retired)"
)


def paragraphs(pre: str) -> list[tuple[bool, str]]:
    """(is a quotation, text) for every paragraph."""
    paras: list[list[str]] = []
    quote: list[bool] = []
    blank = True
    for line in pre.split("\n"):
        previous_blank, blank = blank, not line.strip()
        if not line.strip() or re.fullmatch(r"\[\[Page [HSE]\d+\]\]|\{time\}\s+\d+", line.strip()):
            continue
        if re.fullmatch(r"\s*_+\s*", line):
            continue
        if line.startswith(" " * 10) and (not paras or previous_blank):
            continue  # a centred heading (`General Leave`, titles in capitals)
        if line.startswith("  ") and not line.startswith("   "):  # a new paragraph
            paras.append([line.strip()])
            quote.append(False)
        elif line.startswith("       ") and not line.strip()[0].isupper() or line.startswith("     ") and paras:
            if line.startswith("       ") and line[7] != " ":  # a quotation paragraph opens at 7 spaces
                paras.append([line.strip()])
                quote.append(True)
            else:
                paras[-1].append(line.strip())
        elif paras:
            paras[-1].append(line.strip())
        else:
            paras.append([line.strip()])
            quote.append(False)
    return [(q, " ".join(p)) for q, p in zip(quote, paras, strict=True)]


def turns_of(text: str) -> list[dict]:
    if "<pre>" in text:  # the HTML page: text inside <pre>
        text = html.unescape(re.sub(r"<[^>]+>", "", text.split("<pre>", 1)[1].split("</pre>", 1)[0]))
    turns: list[dict] = []
    after_narration = False
    for is_quote, para in paragraphs(text):
        if is_quote and after_narration:
            continue  # what the clerk reads out (`The legislative clerk read as follows:`)
        after_narration = False
        if not re.search(r"[a-z]", para) or para.startswith("[") or para.startswith("From the Congressional Record"):
            continue
        if re.fullmatch(r"\([^()]*\)", para):
            continue  # (See exhibit 1.)
        if NARRATION.match(para):
            after_narration = True
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
    for path in sorted((REDTEAM / "court").glob("crec-*.htm")) + sorted((REDTEAM / "plain").glob("crec-*.txt")):
        turns = turns_of(path.read_text(encoding="utf-8"))
        write_expected(path.parent.name, path.stem, turns)
        print(path.name, len(turns), file=sys.stderr)


if __name__ == "__main__":
    main()
