"""Cut excerpts from source files byte-exactly: keep whole lines [a, b) ranges (0-based, end exclusive).

Usage from another script: cut(src_bytes, [(a, b), ...]) -> bytes. Lines keep their own line endings.
"""

from __future__ import annotations


def lines_of(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def cut(data: bytes, ranges: list[tuple[int, int]]) -> bytes:
    lines = lines_of(data)
    out = b"".join(b"".join(lines[a:b]) for a, b in ranges)
    return out
