"""Expected turns for the 18F blog and digital.gov interview posts (holdout/18f-*.md, holdout/digitalgov-*.md):
Markdown with YAML front matter, bold speaker labels.

Read from the files: a label is bold at the start of a line, in four spellings: `**Gray Brooks:**`,
`**Kate Garklavs**:`, a bold question that carries its label (`**Melody Kramer: You work ...?**`, `**MK: ...**`),
and `**Holly**: **question**`; `**Q:**`/`**A:**` are labels `Q` and `A`. A label may stand alone on its line with
the speech in the paragraphs below (`**Anastasia**:`), and two labels may sit on consecutive lines of one
paragraph (`**Stephanie**: _question_` then `**Shannon**: answer`): each starts a turn. Once a name has been a
bold label in a file, the same name with a colon at the start of a paragraph is a label too (`Andrew Lee: Took
several ...`, the one unbolded label of digitalgov-smartpay-2023). Bold lead-ins without a colon
(`**The Internet of Postal Things.** We're ...`, `1\\. **The Community Hub** — ...`) are not labels.
Not speech: front matter and everything before the first label; headings (they end the turn: paragraphs after a
heading and before the next label are not speech); everything after a thematic break (`***`, `---`, `-----`)
that follows the first turn (the closing notes, "Register ...", "Disclaimer", "Read part 1 ..."); images
(`{% image %}`, `{{< img >}}`, `[{% image %}](..)` with the italic caption under it); Hugo shortcode blocks
(`{{< quote-block >}}` pull quotes, `{{< box >}}`, `{{< note >}}` closing boxes); Markdown blockquotes (the one
in 18f-tanf is a pull quote repeating a later answer); editorial notes set wholly in italics
(`*(Editor's note: ...)*`, `_**Editor’s note**: ..._`, `_&#42; Note: ..._`); and in 18f-tanf the authors' closing
note after the last answer ("Shout-out and kudos to the many, many team members ..." and the italic invitation
after it), which thanks the team in the third person (the README's "author's closing note after the last
answer"). Text is the rendered text (holdout_md.render).
Usage: python gov_bold_labels.py
"""

from __future__ import annotations

import re
import sys

from common import REDTEAM, write_expected
from holdout_md import front_matter, paragraphs, render, wholly_emphasised

LABELS = [
    re.compile(r"^\*\*(?P<name>[A-Z][^*:\n]{0,40}?)\*\*:[ \t]*(?P<rest>.*)", re.S),  # **Name**: text
    re.compile(r"^\*\*(?P<name>[A-Z][^*:\n]{0,40}?):\*\*[ \t]*(?P<rest>.*)", re.S),  # **Name:** text
    re.compile(r"^\*\*(?P<name>[A-Z][^*:\n]{0,30}?):[ \t]+(?P<rest>.*)", re.S),  # **Name: question ...**
]
RULE = re.compile(r"^(?:\*{3,}|-{3,}|_{3,})\s*$")
IMAGE = re.compile(r"^(?:\{%\s*image|\[\{%\s*image|\{\{<\s*img|!\[|\[!\[)")
CLOSING = {"18f-tanf-data-portal-2023": "Shout-out and kudos"}  # the authors' closing note starts here


def label_of(line: str, known: set[str]) -> tuple[str, str] | None:
    for pattern in LABELS:
        m = pattern.match(line)
        if m:
            return m.group("name").strip(), m.group("rest")
    m = re.match(r"^(?P<name>[A-Z][^:\n]{0,40}?):[ \t]+(?P<rest>.*)", line, re.S)
    if m and m.group("name") in known:
        return m.group("name"), m.group("rest")
    return None


def editorial_note(para: str) -> bool:
    return wholly_emphasised(para) and re.search(r"(?i)\bnote\b", render(para)[:20]) is not None


def turns_of(case: str, text: str) -> list[dict]:
    _, body = front_matter(text)
    known = {m.group(1).strip() for m in re.finditer(r"(?m)^\*\*([A-Z][^*:\n]{0,40}?)(?:\*\*:|:\*\*)", body)}
    turns: list[dict] = []
    open_turn = False
    in_box = None
    for para in paragraphs(body):
        stripped = para.strip()
        if in_box:
            if in_box in stripped:
                in_box = None
            continue
        box = re.match(r"^\{\{<\s*(box|note)\b", stripped)
        if box:
            closing = "{{< /" + box.group(1) + " >}}"
            if closing not in stripped:
                in_box = closing
            print("  shortcode block:", stripped[:60].replace("\n", " "), file=sys.stderr)
            continue
        if stripped.startswith("#"):
            open_turn = False
            continue
        if RULE.match(stripped):
            if turns:
                break
            continue
        if case in CLOSING and stripped.startswith(CLOSING[case]):
            break
        if IMAGE.match(stripped) or stripped.startswith("{{<") or stripped.startswith(">") or editorial_note(stripped):
            print("  not speech:", stripped[:60].replace("\n", " "), file=sys.stderr)
            continue
        pending: list[str] = []
        started_here = False  # a label in this paragraph: lines after it continue the same paragraph
        for line in stripped.split("\n"):
            found = label_of(line, known)
            if found:
                if pending and open_turn:
                    turns[-1]["text"] += "\n" + "\n".join(pending)
                elif pending:
                    print("  not speech:", " ".join(pending)[:60], file=sys.stderr)
                pending = []
                turns.append({"speaker": found[0], "text": found[1]})
                open_turn = started_here = True
            else:
                pending.append(line)
        if pending:
            if open_turn:
                turns[-1]["text"] += ("\n" if started_here else "\n\n") + "\n".join(pending)
            else:
                print("  not speech:", " ".join(pending)[:60].replace("\n", " "), file=sys.stderr)
    for turn in turns:
        turn["text"] = "\n\n".join(render(p) for p in turn["text"].split("\n\n"))
    return turns


def main() -> None:
    paths = sorted((REDTEAM / "holdout").glob("18f-*.md")) + sorted((REDTEAM / "holdout").glob("digitalgov-*.md"))
    for path in paths:
        turns = turns_of(path.stem, path.read_text(encoding="utf-8"))
        write_expected("holdout", path.stem, turns)
        print(path.name, len(turns), file=sys.stderr)


if __name__ == "__main__":
    main()
