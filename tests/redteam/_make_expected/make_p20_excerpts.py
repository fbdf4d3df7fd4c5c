"""Copy the Podcasting 2.0 transcript examples (Podcastindex-org/podcast-namespace @ c0ff5caa3729; the repository's
COPYING.txt is CC0 1.0). Whole files."""

from __future__ import annotations

import subprocess

from common import mirror, write_excerpt

REPO = mirror("Podcastindex-org/podcast-namespace")
COMMIT = "c0ff5caa3729610362ee93f8034454fa41f3c493"
for ext in ("html", "srt", "vtt", "json"):
    path = f"docs/examples/transcripts/example.{ext}"
    data = subprocess.run(["git", "-C", REPO, "show", f"{COMMIT}:{path}"], capture_output=True, check=True).stdout
    write_excerpt("timed", f"podcasting20-example-{ext}", ext, data)
    print(path, len(data))
