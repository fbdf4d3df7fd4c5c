"""Expected turns for the Prometheus blog's user interviews (holdout/prom-*.md): YAML front matter, no speaker
labels at all; each question is a `## ...?` heading and the answer is the unlabelled paragraphs under it.

Read from the files: the post's author (`author_name:` in the front matter) asks; the interviewee is the person
the italic introduction names ("... Kevin Burton from Scalefastr talks about ...", "Our first interview is with
Daniel from Life360"), written here per file, not invented. Like the unlabelled web pages of the red-team set
(html/swc-*), a question is a turn of the interviewer and the paragraphs after it one turn of the interviewee;
here the question is a heading, since the page has no other way of marking it (every `##` heading of these
files is a question ending in `?`). Not speech: the front matter, the italic introduction before the first
question, `<!-- more -->`, images (`![..](..)`, linked images, `<img>`), and the author's closing note set wholly
in italics after the last answer (`*Thank you Daniel! ...*`).
Usage: python prometheus_interview.py
"""

from __future__ import annotations

import re
import sys

from common import REDTEAM, write_expected
from holdout_md import front_matter, paragraphs, render, wholly_emphasised

INTERVIEWEE = {  # as the italic introduction of each post names them
    "prom-scalefastr-2018": "Kevin Burton",
    "prom-hostinger-2019": "Donatas Abraitis",
    "prom-forgerock-2019": "Ludovic Poitou",
    "prom-life360-2016": "Daniel",
}
IMAGE = re.compile(r"^(?:!\[|\[!\[|\[\s*<img|<img)")


def turns_of(case: str, text: str) -> list[dict]:
    meta, body = front_matter(text)
    author = re.search(r"(?m)^author_name:\s*(.+?)\s*$", meta).group(1)
    paras = paragraphs(body)
    last_answer = max(i for i, p in enumerate(paras) if not p.startswith("#") and not wholly_emphasised(p))
    turns: list[dict] = []
    for i, para in enumerate(paras):
        if para.startswith("## "):
            question = para[3:].strip()
            assert question.endswith("?"), question
            turns.append({"speaker": author, "text": render(question)})
            continue
        if not turns or para.strip() == "<!-- more -->" or IMAGE.match(para):
            print("  not speech:", para[:70].replace("\n", " "), file=sys.stderr)
            continue
        if i > last_answer and wholly_emphasised(para):
            print("  closing note:", para[:70].replace("\n", " "), file=sys.stderr)
            continue
        if turns[-1]["speaker"] == author:
            turns.append({"speaker": INTERVIEWEE[case], "text": render(para)})
        else:
            turns[-1]["text"] += "\n\n" + render(para)
    return turns


def main() -> None:
    for path in sorted((REDTEAM / "holdout").glob("prom-*.md")):
        turns = turns_of(path.stem, path.read_text(encoding="utf-8"))
        write_expected("holdout", path.stem, turns)
        print(path.name, len(turns), file=sys.stderr)


if __name__ == "__main__":
    main()
