"""Run once: rewrite the topic ids of an interview's annotation files from taxonomy 1.0.0 to 2.0.0.

Usage: python scripts/migrate_topics_1_to_2.py raw/<interview>/annotations.yaml [more files ...]
Only the `topics: [...]` lines and `taxonomy_version` are rewritten; comments and entities are kept as they
are. The mapping is raw/taxonomy-mapping-1.0.0-to-2.0.0.yaml; every change is printed (the migration log).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

MAPPING = Path(__file__).resolve().parent.parent / "raw" / "taxonomy-mapping-1.0.0-to-2.0.0.yaml"
_TURN = re.compile(r"^  (\d+):\s*$")
_TOPICS = re.compile(r"^(\s+topics: )\[(.*)\]\s*$")


def migrate(path: Path, mapping: dict) -> list[str]:
    interview = path.parent.name if path.parent.name != "annotation_passes" else path.parent.parent.name
    decisions = {
        (d["turn"], d["from"]): d["to"] for d in mapping.get("turn_decisions", []) if d["interview"] == interview
    }
    log, out, turn = [], [], None
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if m := _TURN.match(line):
            turn = int(m.group(1))
        if line.startswith("taxonomy_version: 1.0.0"):
            line = "taxonomy_version: 2.0.0\n"
        elif m := _TOPICS.match(line):
            old = [t.strip() for t in m.group(2).split(",") if t.strip()]
            new: list[str] = []
            for t in old:
                target = decisions.get((turn, t), mapping["topics"][t]["to"])
                if target not in new:
                    new.append(target)
            line = f"{m.group(1)}[{', '.join(new)}]\n"
            log.append(f"{path}: turn {turn}: [{', '.join(old)}] -> [{', '.join(new)}]")
        out.append(line)
    path.write_text("".join(out), encoding="utf-8")
    return log


def main(argv: list[str]) -> int:
    mapping = yaml.safe_load(MAPPING.read_text(encoding="utf-8"))
    for name in argv:
        for entry in migrate(Path(name), mapping):
            print(entry)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
