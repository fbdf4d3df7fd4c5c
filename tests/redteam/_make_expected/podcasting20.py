"""Expected turns for the Podcasting 2.0 transcript examples (timed/podcasting20-example-*), one reading per format,
as the podcast namespace's transcript spec describes them (docs/examples/transcripts/transcripts.md):

- HTML: `<cite>Name:</cite>` then `<time>m:ss</time>` then `<p>text</p>`; the speaker is the cite without its colon,
  `start` the time (no end); entities decoded.
- SRT: cues `n`, `hh:mm:ss,mmm --> hh:mm:ss,mmm`, text lines; the speaker's name is written on the first cue of
  their stretch only (`Travis: When you first get`); unlabelled cues continue the current speaker.
- WebVTT: every cue carries a voice span `<v Sarah>`; consecutive cues of one voice form one turn.
- JSON: `segments` with `speaker`, `startTime`, `endTime`, `body`, one word per segment here; consecutive segments
  of one speaker form one turn, words joined with spaces.
Timed turns: `start` = the first cue's start, `end` = the last cue's end.
Usage: python podcasting20.py
"""

from __future__ import annotations

import html
import json
import re
import sys

from common import REDTEAM, write_expected


def seconds(stamp: str) -> float:
    parts = [float(p) for p in stamp.replace(",", ".").split(":")]
    total = 0.0
    for p in parts:
        total = total * 60 + p
    return total


def from_html(text: str) -> list[dict]:
    turns = []
    for m in re.finditer(r"<cite>(.*?)</cite>\s*<time>(.*?)</time>\s*<p>(.*?)</p>", text, re.S):
        name, stamp, said = m.groups()
        turns.append(
            {
                "speaker": html.unescape(name).strip().rstrip(":").strip(),
                "text": html.unescape(said),
                "start": seconds(stamp.strip()),
            }
        )
    return turns


def merge(cues: list[tuple[str, float, float, str]]) -> list[dict]:
    turns: list[dict] = []
    for speaker, start, end, said in cues:
        if turns and turns[-1]["speaker"] == speaker:
            turns[-1]["text"] += " " + said
            turns[-1]["end"] = end
        else:
            turns.append({"speaker": speaker, "text": said, "start": start, "end": end})
    return turns


def from_srt(text: str) -> list[dict]:
    cues = []
    speaker = None
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.split("\n")
        start, end = (seconds(s.strip()) for s in lines[1].split("-->"))
        said = " ".join(line.strip() for line in lines[2:])
        m = re.match(r"^([A-Z][a-z]+(?: [A-Z][a-z]+)?): (.*)$", said)
        if m:
            speaker, said = m.groups()
        cues.append((speaker, start, end, said))
    return merge(cues)


def from_vtt(text: str) -> list[dict]:
    cues = []
    for block in re.split(r"\n\s*\n", text.strip())[1:]:
        lines = block.split("\n")
        start, end = (seconds(s.strip().split(" ")[0]) for s in lines[0].split("-->"))
        payload = " ".join(lines[1:])
        m = re.match(r"^<v ([^>]+)>(.*?)(?:</v>)?$", payload)
        cues.append((m.group(1), start, end, html.unescape(m.group(2))))
    return merge(cues)


def from_json(text: str) -> list[dict]:
    data = json.loads(text)
    return merge([(s["speaker"], s["startTime"], s["endTime"], s["body"]) for s in data["segments"]])


READ = {"html": from_html, "srt": from_srt, "vtt": from_vtt, "json": from_json}


def main() -> None:
    for path in sorted((REDTEAM / "timed").glob("podcasting20-example-*")):
        if path.name.endswith(".expected.jsonl"):
            continue
        turns = READ[path.suffix[1:]](path.read_text(encoding="utf-8"))
        write_expected("timed", path.stem, turns)
        print(path.name, len(turns), file=sys.stderr)


if __name__ == "__main__":
    main()
