"""Cut Spacelog mission transcripts (Spacelog/Spacelog @ 4d3bfefd8aae; NASA transcripts, U.S. Government work)."""

from __future__ import annotations

import re
import subprocess

from common import mirror, write_excerpt
from cut import cut, lines_of

REPO = mirror("Spacelog/Spacelog")
COMMIT = "4d3bfefd8aae9e341d379ddd3c2cf8793c8e3e7a"
CASES = [  # (case, path, first stamp kept (None: the file's start), timestamped entries kept)
    ("spacelog-gemini3-air-to-ground", "missions/g3/transcripts/TEC", None, 60),
    ("spacelog-mercury6-air-to-ground", "missions/ma6/transcripts/TEC", None, 60),
    ("spacelog-apollo13-problem", "missions/a13/transcripts/TEC", b"[02:07:50:05]", 70),
    ("spacelog-apollo11-landing", "missions/a11/transcripts/TEC", b"[04:06:42:10]", 80),
    ("spacelog-mercury7-air-to-ground", "missions/ma7/transcripts/TEC", None, 60),
]

for case, path, first, keep in CASES:
    data = subprocess.run(["git", "-C", REPO, "show", f"{COMMIT}:{path}"], capture_output=True, check=True).stdout
    lines = lines_of(data)
    stamps = [i for i, raw in enumerate(lines) if re.match(rb"^\[-?\d+:\d+:\d+:\d+(?:\.\d+)?\]", raw)]
    start = 0 if first is None else next(i for i in stamps if lines[i].startswith(first))
    stop = stamps[stamps.index(start) + keep] if first is not None else stamps[keep]
    write_excerpt("plain", case, "txt", cut(data, [(start, stop)]))
    print(case, "kept lines", (start + 1, stop), "of", len(lines))
