"""Expected turns for Spacelog transcript files (plain/spacelog-*.txt).

Read from the files and the format's own description (transcript-file-format/TEC in the Spacelog repository):
a `[DD:HH:MM:SS]` line (mission elapsed time, may be negative) stamps the log lines after it; `_page : 3`,
`_tape :` are metadata; a log line is `SPEAKER: text` (speakers such as `CC`, `P`, `BELL 7`), continued
on indented lines. Each log line is one turn (a speaker's consecutive log lines are not merged: the source
stamps each). Links render as their text: `[glossary:MAX Q|max. Q]` -> `max. Q`, `[glossary:P11]` -> `P11`.
Inline editorial brackets such as `[percent]` stay. `start` is the stamp in seconds; files carry no end time.
Usage: python spacelog.py
"""

from __future__ import annotations

import re
import sys

from common import REDTEAM, write_expected

STAMP = re.compile(r"^\[(-?)(\d+):(\d+):(\d+):(\d+(?:\.\d+)?)\]\s*$")  # seconds may be fractional: 07.5


def render(text: str) -> str:
    text = re.sub(r"\[(?:glossary|time|person):[^|\]]*\|([^\]]*)\]", r"\1", text)
    text = re.sub(r"\[(?:glossary|time|person):([^\]]*)\]", r"\1", text)
    return re.sub(r"</?sub>|</?sup>", "", text)


def turns_of(text: str) -> list[dict]:
    turns: list[dict] = []
    start = None
    in_meta = False
    for line in text.split("\n"):
        m = STAMP.match(line)
        if m:
            sign, d, h, mi, s = m.groups()
            start = (int(d) * 86400 + int(h) * 3600 + int(mi) * 60 + float(s)) * (-1 if sign else 1)
            continue
        if not line.strip() or line.startswith("#"):
            continue
        if line[0].isspace():
            if not in_meta and turns:
                turns[-1]["text"] += " " + render(line.strip())
            continue
        if re.match(r"^_\w+\s*:", line):
            in_meta = True
            continue
        speaker, _, said = line.partition(":")
        in_meta = False
        turns.append({"speaker": speaker.strip(), "text": render(said.strip()), "start": start})
    return turns


def main() -> None:
    for path in sorted((REDTEAM / "plain").glob("spacelog-*.txt")):
        turns = turns_of(path.read_text(encoding="utf-8"))
        write_expected("plain", path.stem, turns)
        print(path.name, len(turns), file=sys.stderr)


if __name__ == "__main__":
    main()
