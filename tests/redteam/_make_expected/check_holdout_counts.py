"""Second look at the held-out expected turns (holdout/): count the speaker labels of each file with a crude line
regex, the way one would with grep, and compare with the number of expected turns; print the first and last
expected turn for reading by eye. For the Prometheus posts (no labels) the count is twice the `## ` headings
(a question and its answer). Known difference: digitalgov-ux-field-2020, where grep also counts the
`**Disclaimer**:` line after the closing `---` (not speech).
Usage: python check_holdout_counts.py [-v]
"""

from __future__ import annotations

import json
import re
import sys

from common import REDTEAM
from holdout_md import front_matter

LABEL = re.compile(r"^\*\*[A-Z][^*:\n]{0,40}(?:\*\*:|:\*\*|: )|^Andrew Lee: ", re.M)


def main() -> int:
    differ = 0
    for source in sorted((REDTEAM / "holdout").glob("*.md")):
        rows = [json.loads(x) for x in source.with_suffix(".expected.jsonl").read_text(encoding="utf-8").splitlines()]
        _, body = front_matter(source.read_text(encoding="utf-8"))
        grep = 2 * len(re.findall(r"^## ", body, re.M)) if source.name.startswith("prom-") else len(LABEL.findall(body))
        flag = "" if grep == len(rows) else "  <-- differs"
        differ += bool(flag)
        print(f"{source.name:55} expected {len(rows):4}  grep {grep}{flag}")
        if "-v" in sys.argv:
            for row in (rows[0], rows[-1]):
                print(f"    {row['speaker']}: {row['text'][:100]!r}")
    print(f"{differ} file(s) where the counts differ")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
