"""Expected turns for the OpenOffice.org editorial interviews (html/ooo-interview-*.html), read with the standard
library's html.parser (no interview_dataset import).

Source: apache/openoffice-org, `content/editorial/*.html` (the openoffice.org website, Apache License 2.0 unless a
page says otherwise; see SOURCES.md). Each page is a full HTML page with server-side includes (`<!--#include
virtual=... -->`, comments here); the interview is inside `<div id="content">`, which ends before the footer include.
Only that part is read. Blocks are paragraphs, list items, headings and stray text (a bare link); `&nbsp;`-only
paragraphs are empty and skipped; entities are decoded the HTML5 way (`&#151;` -> an em dash, `&#133;` -> an
ellipsis, as browsers show them).

Layouts (read from the three files):
- `dozza-losselli-2004`: questions are paragraphs wholly in `<i>`, with no label: turns of the interviewer as the
  byline names him (`-Louis Suárez-Potts` -> `Louis Suárez-Potts`); answers open with a plain capitals label
  (`DAVIDE:`, `RICCARDO:`), speaker as written; an unlabelled paragraph continues the answer before it. The editor's
  bracket inside an answer (`[<i>Editor: ...</i>]`) stays as written. Not speech: everything before the first
  question (title, byline, date, introduction) and the navigation link `Back to Editorial Index`.
- `peterlin-williams-2002`: labels in bold, `<strong>Ed:</strong>`, `<strong>Dan:</strong>`, and the interviewer's
  initials `<strong>LSP:</strong>` before an italic question; speaker = the label without its colon. Not speech:
  everything before the first label (the introduction and the profiles `The People`, whose quotations sit under
  name headings `Ed Peterlin` / `Dan Williams` and are narrated by the author), the headings (`About the Port`, `The
  Group`), and after the last answer the author's closing paragraph (`The new version, ... Thanks Ed, Dan, ...`,
  unquoted, while every answer paragraph here is in quotation marks) and the navigation link `Other Articles`. The
  bracket `[it's just been released—LSP]` inside an answer stays.
- `bauer-schmidt-2006`: questions wholly in `<i>` (or `<em>`), no labels: turns of `Louis Suárez-Potts` (byline); a
  paragraph wholly in `<em>` that is the interviewer's own remark (`I would add that ...`, `Thanks! ...`) is his turn
  too, by the same rule; with no label to start a new turn, his remark and the next question (`Another question:
  ...`) run on as one turn. The answers carry no label and are the joint answers of the two interviewees the title
  names: speaker `Mathias Bauer and Jürgen Schmidt` (the page does not say who wrote which). List items are answer
  paragraphs; brackets inside an answer (`[Note: ... -Ed.]`, `[The programme ...]`) stay. Not speech: everything
  before the first question and the navigation link `Return to Articles` after the `<hr />`.
Usage: python ooo_editorial.py
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser

from common import REDTEAM, write_expected

BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6"}
ITALIC = {"i", "em"}
BOLD = {"b", "strong"}

CASES = {
    "ooo-interview-dozza-losselli-2004": {
        "italic_questions": True,
        "labels": r"(DAVIDE|RICCARDO):\s*",
        "answerer": None,
        "closing": ["Back to Editorial Index"],
    },
    "ooo-interview-peterlin-williams-2002": {
        "italic_questions": False,
        "labels": None,  # bold labels
        "answerer": None,
        "closing": ["The new version, OpenOffice.org 1.0 for Mac OS X", "Other Articles"],
    },
    "ooo-interview-bauer-schmidt-2006": {
        "italic_questions": True,
        "labels": None,
        "answerer": "Mathias Bauer and Jürgen Schmidt",
        "closing": ["Return to Articles"],
    },
}


class Blocks(HTMLParser):
    """Blocks of the content div: dicts with text, heading, italic (all text italic), label (leading bold text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[dict] = []
        self.parts: list[tuple[str, bool, bool]] = []
        self.tag = "stray"
        self.italic = 0
        self.bold = 0

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.flush()
            self.tag = tag
        elif tag in ITALIC:
            self.italic += 1
        elif tag in BOLD:
            self.bold += 1
        elif tag == "hr":
            self.flush()

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.flush()
        elif tag in ITALIC:
            self.italic -= 1
        elif tag in BOLD:
            self.bold -= 1
        elif tag in ("ul", "div"):
            self.flush()

    def handle_data(self, data):
        self.parts.append((data, self.italic > 0, self.bold > 0))

    def flush(self):
        text = re.sub(r"\s+", " ", "".join(t for t, _, _ in self.parts).replace("\u00a0", " ")).strip()
        if text:
            visible = [(t, it, bd) for t, it, bd in self.parts if t.strip()]
            label = ""
            for t, _, bd in visible:
                if not bd:
                    break
                label += t
            self.blocks.append(
                {
                    "text": text,
                    "heading": self.tag.startswith("h"),
                    "italic": all(it for _, it, _ in visible),
                    "label": re.sub(r"\s+", " ", label).strip(),
                }
            )
        self.parts = []
        self.tag = "stray"


def content_of(source: str) -> str:
    start = source.index('<div id="content">') + len('<div id="content">')
    return source[start : source.index('<!--#include virtual="/footer.html"')]


def byline(blocks: list[dict]) -> str:
    return next(b["text"][1:].strip() for b in blocks if b["text"].startswith("-"))


def turns_of(source: str, cfg: dict) -> list[dict]:
    parser = Blocks()
    parser.feed(content_of(source))
    parser.close()
    parser.flush()
    blocks = parser.blocks
    interviewer = byline(blocks) if cfg["italic_questions"] else None
    turns: list[dict] = []
    for block in blocks:
        text = block["text"]
        if any(text.startswith(c) for c in cfg["closing"]):
            break
        if block["heading"]:
            continue
        speaker = None
        if cfg["italic_questions"] and block["italic"]:
            if turns and turns[-1]["speaker"] == interviewer:  # no label starts a new turn: one remark runs on
                turns[-1]["text"] += "\n\n" + text
                continue
            speaker = interviewer
        elif cfg["labels"] and (m := re.match(cfg["labels"], text)):
            speaker, text = m.group(1), text[m.end() :]
        elif not cfg["labels"] and not cfg["italic_questions"] and block["label"].endswith(":"):
            speaker = block["label"][:-1]
            text = text[len(block["label"]) :].strip()
        elif cfg["answerer"] and turns and turns[-1]["speaker"] == interviewer:
            speaker = cfg["answerer"]
        if speaker is not None:
            turns.append({"speaker": speaker, "text": text})
        elif turns:  # before the first turn: title, byline, introduction
            turns[-1]["text"] += "\n\n" + text
    return turns


def main() -> None:
    for case, cfg in CASES.items():
        source = (REDTEAM / "html" / f"{case}.html").read_text(encoding="utf-8")
        turns = turns_of(source, cfg)
        write_expected("html", case, turns)
        print(case, len(turns), "turns", file=sys.stderr)


if __name__ == "__main__":
    main()
