"""Times as transcripts write them, in seconds (shared by the containers and grammars that read them)."""

from __future__ import annotations


def stamp_seconds(value: str) -> float:
    """`[[h:]m:]s[.fff]` (a comma as the decimal mark too) in seconds: `1:02:03.5` -> 3723.5.
    The fields are not range-checked: callers match the stamp with their own pattern first."""
    seconds = 0.0
    for part in value.replace(",", ".").split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def clock_seconds(h: str | None, m: str, s: str, ms: str) -> float:
    """A caption clock (`hh:mm:ss.mmm`; hours optional, milliseconds of 1-3 digits) in seconds:
    whole milliseconds first, then one division, so the result is the nearest float to the time
    (4.56, not 4.5600000000000005)."""
    return (int(h or 0) * 3_600_000 + int(m) * 60_000 + int(s) * 1000 + int(ms.ljust(3, "0"))) / 1000
