"""Cut Spacelog mission transcripts (Spacelog/Spacelog @ 4d3bfefd8aae; NASA transcripts, U.S. Government work)."""

from __future__ import annotations

import re
import subprocess

from common import mirror, write_excerpt
from cut import cut, lines_of

REPO = mirror("Spacelog/Spacelog")
COMMIT = "4d3bfefd8aae9e341d379ddd3c2cf8793c8e3e7a"
CASES = [  # (case, path, timestamped entries kept)
    ("spacelog-gemini3-air-to-ground", "missions/g3/transcripts/TEC", 60),
    ("spacelog-mercury6-air-to-ground", "missions/ma6/transcripts/TEC", 60),
]

for case, path, keep in CASES:
    data = subprocess.run(["git", "-C", REPO, "show", f"{COMMIT}:{path}"], capture_output=True, check=True).stdout
    lines = lines_of(data)
    stamps = [i for i, raw in enumerate(lines) if re.match(rb"^\[-?\d+:\d+:\d+:\d+\]", raw)]
    write_excerpt("plain", case, "txt", cut(data, [(0, stamps[keep])]))
    print(case, "kept lines", (1, stamps[keep]), "of", len(lines))
