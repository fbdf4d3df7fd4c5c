"""Copy "Humans of OTel" transcripts (open-telemetry/opentelemetry.io @ dd5997c8b9fa, CC BY 4.0 per LICENSE)."""

from __future__ import annotations

import subprocess

from common import mirror, write_excerpt

REPO = mirror("open-telemetry/opentelemetry.io")
COMMIT = "dd5997c8b9fafbf72ea6b8059ade242d88b8f118"
CASES = [
    ("otel-humans-of-otel-2023", "content/en/blog/2023/humans-of-otel.md"),
    ("otel-humans-of-otel-na-2024", "content/en/blog/2024/humans-of-otel-na-2024.md"),
    ("otel-humans-of-otel-eu-2024", "content/en/blog/2024/humans-of-otel-eu-2024.md"),
]

for case, path in CASES:
    data = subprocess.run(["git", "-C", REPO, "show", f"{COMMIT}:{path}"], capture_output=True, check=True).stdout
    write_excerpt("markdown", case, "md", data)
    print(case, len(data))
