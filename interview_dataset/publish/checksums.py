"""`SHA256SUMS` over every published file, in the format `sha256sum -c` reads."""

from __future__ import annotations

import hashlib
from pathlib import Path

CHECKSUMS_FILE = "SHA256SUMS"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_checksums(root: Path) -> Path:
    lines = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.name != CHECKSUMS_FILE):
        lines.append(f"{file_sha256(path)}  {path.relative_to(root).as_posix()}\n")
    target = root / CHECKSUMS_FILE
    target.write_text("".join(lines), encoding="utf-8")
    return target


def verify_checksums(root: Path) -> list[str]:
    """Problems found: missing, extra or changed files (empty when all verify)."""
    target = root / CHECKSUMS_FILE
    if not target.exists():
        return [f"{CHECKSUMS_FILE} is missing"]
    problems = []
    listed = set()
    for number, line in enumerate(target.read_text(encoding="utf-8").splitlines(), start=1):
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or not name:
            problems.append(f"{CHECKSUMS_FILE}:{number}: malformed line")
            continue
        listed.add(name)
        path = root / name
        if not path.is_file():
            problems.append(f"{name}: listed in {CHECKSUMS_FILE} but missing")
        elif file_sha256(path) != digest:
            problems.append(f"{name}: SHA-256 differs from {CHECKSUMS_FILE} (file changed or truncated)")
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.name != CHECKSUMS_FILE):
        name = path.relative_to(root).as_posix()
        if name not in listed:
            problems.append(f"{name}: not listed in {CHECKSUMS_FILE}")
    return problems
