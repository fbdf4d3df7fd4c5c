"""Expected turns for GPO hearing pages (HTML, text inside <pre>): turns start at a 4-space-indented
paragraph opening with an honorific/title + name and a period (`Mr. Cox.`, `The Chairman.`, `Senator Reed.`).

Read by hand from the files: paragraphs open with 4 spaces, wrapped lines start at column 0; paragraphs in
capitals (STATEMENT OF ..., indented 2+ spaces) are headings; `[Laughter.]`-style bracketed paragraphs are
non-speech; everything before the first label (title page, contents, `The committee met ...`) is front
matter. Footnote markers (`Exhibit 1g,\\1\\ shows`) are removed and footnote paragraphs (`\\1\\ See Exhibit
No. 1g, ...`) are not speech.
Usage: python gpo_hearing.py  (rewrites every court/gpo-*.expected.jsonl)
"""

from __future__ import annotations

import html
import re
import sys

from common import REDTEAM, write_expected

NAME = r"[A-Z][A-Za-z'\-]+"
LABEL = re.compile(
    r"^    (?P<label>(?:The )?(?:Chairman|Chairwoman|CHAIRMAN|Acting Chairman)"
    rf"|(?:Mr|Mrs|Ms|Dr)\. (?:Mc|Mac)?{NAME}(?: of (?:New |North |South |West )?[A-Z][a-z]+)?"
    rf"|(?:Chairman|Chairwoman|Senator|Secretary|Governor|Representative|Ambassador|General) {NAME})\. (?P<rest>.*)$"
)


FOOTNOTE_MARK = re.compile(r"\\\d+\\")  # `Exhibit 1g,\1\ shows`


def paragraphs(pre: str):
    para: list[str] = []
    for line in pre.split("\n"):
        opens = line.startswith("    ") and not line.startswith("     ")
        if opens or not line.strip() or line.startswith("          "):
            if para:
                yield para
            para = []
            if line.strip() and not line.startswith("          "):
                para = [line]
            elif line.strip():
                yield [line]  # centred heading, a paragraph of its own
        else:
            para.append(line)
    if para:
        yield para


def turns_of(text: str) -> list[dict]:
    pre = text.split("<pre>", 1)[1].split("</pre>", 1)[0]
    pre = html.unescape(pre)
    turns: list[dict] = []
    for para in paragraphs(pre):
        first = para[0]
        if first.startswith("          "):
            continue  # centred heading
        body = " ".join(line.strip() for line in para)
        if re.match(r"\\\d+\\ ", body.strip()):
            continue  # a footnote: `\1\ See Exhibit No. 1g, which appears in the Appendix ...`
        if re.fullmatch(r"\[.*\]", body.strip()):
            continue  # [Laughter.], [Whereupon ...], [The prepared statement ... ]
        if not re.search(r"[a-z]", body):
            continue  # heading in capitals: STATEMENT OF ..., OPENING STATEMENT OF ...
        m = LABEL.match(first)
        if m:
            rest = " ".join([m.group("rest")] + [line.strip() for line in para[1:]])
            turns.append({"speaker": m.group("label"), "text": FOOTNOTE_MARK.sub("", rest)})
        elif turns:
            turns[-1]["text"] += "\n\n" + FOOTNOTE_MARK.sub("", body)
    return turns


def main() -> None:
    for path in sorted((REDTEAM / "court").glob("gpo-*.htm")):
        turns = turns_of(path.read_text(encoding="utf-8", errors="strict"))
        write_expected("court", path.stem, turns)
        print(path.name, len(turns), file=sys.stderr)


if __name__ == "__main__":
    main()
