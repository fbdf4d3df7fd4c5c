"""Copy Kubernetes contributor-site spotlight posts (kubernetes/contributor-site @ 56f4bc2ff4b3, Apache-2.0)."""

from __future__ import annotations

import subprocess

from common import mirror, write_excerpt

REPO = mirror("kubernetes/contributor-site")
COMMIT = "56f4bc2ff4b3c08030dc468e31e8e34bc59170fe"
CASES = [
    ("k8s-sig-node-spotlight-2024", "content/en/blog/2024/sig-node-spotlight/sig-node-spotlight.md"),
    ("k8s-dhhwg-spotlight-2024", "content/en/blog/2024/cncf-dhhwg/cncf-dhhwg-spotlight.md"),
    ("k8s-sig-cli-spotlight-2023", "content/en/blog/2023/sig-cli-spotlight.md"),
]

for case, path in CASES:
    data = subprocess.run(["git", "-C", REPO, "show", f"{COMMIT}:{path}"], capture_output=True, check=True).stdout
    write_excerpt("markdown", case, "md", data)
    print(case, len(data))
