"""Expected turns for the Jenkins blog interview html/jenkins-loaderio-plugin-interview-2013.html, read with the
standard library's html.parser (no interview_dataset import).

Source: jenkins-infra/jenkins.io @ 02049be1ecfa, content/blog/2013/2013-09-09-loader-io-plugin-developer-interview.html
(a post imported from the old Drupal blog: awestruct front matter `:layout:` ... between `---` lines, then HTML in
which every line is wrapped in `<br>`s and `<p>` is never closed). The file was copied from the stored text of the
file index (read_file at that commit; 5,575 characters, the count the index reports), not from a git checkout: the
repository is too large to bring here.

Layout: questions are `Q: ...` set in bold (`<b>Q: ...</b>`, the `<b>` sometimes opened before the `<p>`'s first
`<br>` and once never closed); answers are plain paragraphs opening with `A: `. Not speech: the front matter, the
guest-post note and the image before the first `Q:`. The paragraphs after the last `A:` (two more paragraphs of the
answer and a `ps - ...` sign-off by the same guest author) carry no label and run on in the last answer, as every
turn runs to the next label. Speaker = the label without its colon (`Q`, `A`); text = the rest, entities decoded,
lines joined.
Usage: python jenkins_interview.py
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser

from common import REDTEAM, write_expected

CASE = "jenkins-loaderio-plugin-interview-2013"
BREAKS = {"p", "br", "div", "hr"}


class Paragraphs(HTMLParser):
    """Text with every <p>, <br>, <div>, <hr> as a break; paragraphs are runs of non-empty lines between breaks
    that leave a blank line (two breaks in a row, as this export writes them)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BREAKS:
            self.out.append("\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.out.append(data)

    def paragraphs(self) -> list[str]:
        text = "".join(self.out)
        blocks = re.split(r"\n[ \t]*\n", text)
        return [re.sub(r"\s+", " ", b).strip() for b in blocks if b.strip()]


def turns_of(source: str) -> list[dict]:
    body = re.match(r"---\n.*?\n---\n(.*)", source, re.S).group(1)
    parser = Paragraphs()
    parser.feed(body)
    parser.close()
    turns: list[dict] = []
    for para in parser.paragraphs():
        m = re.match(r"(Q|A): (.*)", para, re.S)
        if m:
            turns.append({"speaker": m.group(1), "text": m.group(2)})
        elif turns:
            turns[-1]["text"] += "\n\n" + para
    return turns


def main() -> None:
    source = (REDTEAM / "html" / f"{CASE}.html").read_text(encoding="utf-8")
    turns = turns_of(source)
    write_expected("html", CASE, turns)
    print(CASE, len(turns), "turns", file=sys.stderr)


if __name__ == "__main__":
    main()
