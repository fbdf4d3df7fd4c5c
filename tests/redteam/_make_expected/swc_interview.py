"""Expected turns for the Software Carpentry 2010 sponsor interviews (html/swc-interview-*.html), read with the
standard library's html.parser (no interview_dataset import).

Layout (read from the four files): Jekyll front matter (`---` ... `---`), then a post body in HTML:
- `<p><b>This post originally appeared on ...</b></p>` and one introduction paragraph by the interviewer: not speech
  (everything before the first question);
- a question is a paragraph set wholly in italics, `<p><em>Tell us a bit about ...?</em></p>`; an `<em>` inside a
  paragraph of other text (`a labor <em>saving</em> device`) is emphasis, not a question;
- the answer is every paragraph and list item up to the next question (`<ul><li>`: the bullets are dropped, each item
  is a paragraph).
There are no speaker labels: the speakers are written as the page names them. The questions are turns of the post's
author (front matter `authors: ["Greg Wilson"]`, who writes "I'll be interviewing ..."); the answers are turns of
the interviewee as the title names them (`Interview: Jim Graham of Scimatic` -> `Jim Graham`). Entities are decoded
(`&mdash;` -> an em dash); `(laughs)` inside an answer is kept as written.
Usage: python swc_interview.py
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser

from common import REDTEAM, write_expected

INTERVIEWEE = {
    "swc-interview-scimatic-2010": "Jim Graham",
    "swc-interview-uk-met-office-2010": "David Jackson",
    "swc-interview-lumsdaine-2010": "Andrew Lumsdaine",
    "swc-interview-langtangen-2010": "Hans Petter Langtangen",
}
BLOCKS = {"p", "li"}


class Blocks(HTMLParser):
    """Paragraph-level blocks: (text, whether all of the text sits inside <em>)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, bool]] = []
        self.parts: list[tuple[str, bool]] | None = None
        self.em = 0

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.flush()
            self.parts = []
        elif tag == "em":
            self.em += 1

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.flush()
        elif tag == "em":
            self.em -= 1

    def handle_data(self, data):
        if self.parts is not None:
            self.parts.append((data, self.em > 0))

    def flush(self):
        if self.parts:
            text = "".join(t for t, _ in self.parts).strip()
            if text:
                italic = all(em for t, em in self.parts if t.strip())
                self.blocks.append((text, italic))
        self.parts = None


def body_and_author(source: str) -> tuple[str, str]:
    m = re.match(r"---\n(.*?)\n---\n", source, re.S)
    front, body = m.group(1), source[m.end() :]
    author = re.search(r'^authors: \["([^"]+)"\]$', front, re.M).group(1)
    return body, author


def turns_of(source: str, interviewee: str) -> list[dict]:
    body, author = body_and_author(source)
    parser = Blocks()
    parser.feed(body)
    parser.close()
    parser.flush()
    turns: list[dict] = []
    for text, italic in parser.blocks:
        if italic:
            turns.append({"speaker": author, "text": text})
        elif turns:  # before the first question: the note and the introduction
            if turns[-1]["speaker"] == author:
                turns.append({"speaker": interviewee, "text": text})
            else:
                turns[-1]["text"] += "\n\n" + text
    return turns


def main() -> None:
    for case, interviewee in INTERVIEWEE.items():
        source = (REDTEAM / "html" / f"{case}.html").read_text(encoding="utf-8")
        turns = turns_of(source, interviewee)
        write_expected("html", case, turns)
        print(case, len(turns), "turns", file=sys.stderr)


if __name__ == "__main__":
    main()
