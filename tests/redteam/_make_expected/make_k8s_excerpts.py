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
    ("k8s-steering-spotlight-2025", "content/en/blog/2025/k8s-steering-spotlight.md"),
    ("k8s-sig-api-machinery-spotlight-2024", "content/en/blog/2024/sig-api-machinery-spotlight.md"),
]

for case, path in CASES:
    data = subprocess.run(["git", "-C", REPO, "show", f"{COMMIT}:{path}"], capture_output=True, check=True).stdout
    write_excerpt("markdown", case, "md", data)
    print(case, len(data))

# Kubernetes Podcast release interviews on the kubernetes.io blog (kubernetes/kubernetes.github.io @ 1454c2abf0b9,
# a 2021 copy of kubernetes/website; LICENSE: CC BY 4.0)
REPO_IO = mirror("kubernetes/kubernetes.github.io")
COMMIT_IO = "1454c2abf0b9423697c5dea8d453b5d08a0b942b"
CASES_IO = [
    ("k8s-podcast-1-11-release-interview", "content/en/blog/_posts/2018-07-16-kubernetes-1-11-release-interview.md"),
    ("k8s-podcast-1-17-release-interview", "content/en/blog/_posts/2020-07-27-kubernetes-1-17-release-interview.md"),
    ("k8s-podcast-1-18-release-interview", "content/en/blog/_posts/2020-08-03-kubernetes-1-18-release-interview.md"),
]
for case, path in CASES_IO:
    data = subprocess.run(["git", "-C", REPO_IO, "show", f"{COMMIT_IO}:{path}"], capture_output=True, check=True).stdout
    write_excerpt("markdown", case, "md", data)
    print(case, len(data))
