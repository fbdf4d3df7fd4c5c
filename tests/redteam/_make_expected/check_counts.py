"""Second look at the expected turns: count the speaker labels of each file with a crude line regex (the way one
would with grep) and compare with the number of expected turns; print the first and last expected turn for reading
by eye. Differences are listed, not fixed: each one was looked at when the set was made (see README).
For the html layouts without answer labels (Software Carpentry, the Bauer/Schmidt page) the grep counts the
italic questions and is compared with the interviewer's turns only; on the Bauer/Schmidt page it finds one more,
because the interviewer's remark and the next question run on as one turn (no label starts a new one).
Usage: python check_counts.py [-v]
"""

from __future__ import annotations

import json
import re
import sys

from common import REDTEAM

NAME = r"[A-Z][A-Za-z'\u2019\-]+"
# (file name pattern, line regex whose matches are speaker labels)
GREP = [
    (
        r"court/gpo-",
        rf"^    (?:The Chairman|(?:Chairman|Chairwoman|Senator|Secretary) {NAME}|(?:Mr|Mrs|Ms|Dr)\. {NAME}"
        r"(?: of [A-Z][a-z]+(?: [A-Z][a-z]+)?)?)\. ",
    ),
    (
        r"crec-",
        r"^  (?:(?:Mr|Mrs|Ms)\. [A-Z'\-]+(?: [A-Z'\-]+)*(?: of [A-Z][a-z]+(?: [A-Z][a-z]+)?)?"
        r"|The [A-Z ]*[A-Z](?: pro tempore)?(?: \([^)]*\))?)\. ",
    ),
    (r"markdown/fsm-", r"^# Q\.|^\*\*[A-Z]{1,4}:\*\*"),
    (r"court/ukci-", r"^\*\*[^*]+\*\*: "),
    (r"markdown/wh-", r"^[ \u00a0]*(?:Q[ \u00a0]|[A-Z][A-Z. '\u2019\-]+[A-Z.]:)"),
    (r"markdown/k8s-podcast-", r"^(?:<b>|\*\*)?[A-Z\u00c0-\u00de][A-Z\u00c0-\u00de .'\-]*[A-Z\u00c0-\u00de]: "),
    (r"markdown/(?:k8s|otel)-", r"^\*\*[^*\n]+?(?::\*\*|\*\*:)|^\*\*[^*:\n]+: [^*]"),
    (r"plain/spacelog-", r"^[A-Z][A-Z0-9 ]*(?: \([A-Z]+\))? ?: "),
    # html: italic question paragraphs, plain capitals labels, bold `Name:` labels, `Q:`/`A:` line starts
    (r"html/swc-", r"^<p><em>.*</em></p>$|^<p><em>(?:(?!</em>).)*$"),
    (r"html/ooo-interview-dozza", r"^<p>\s*<i>|^<p>\s*(?:DAVIDE|RICCARDO):"),
    (r"html/ooo-interview-peterlin", r"<strong>[A-Za-z]+:</strong>"),
    (r"html/ooo-interview-bauer", r"^<p><i>|^<p><em>"),
    (r"html/jenkins-", r"^(?:<b>)?Q: |^A: "),
    (r"timed/.*\.html$", r"<cite>"),
    (r"timed/.*\.srt$", r"^[A-Z][a-z]+(?: [A-Z][a-z]+)?: "),
    # voices and JSON speakers: count the changes of speaker along the file (consecutive cues merge)
    (r"timed/.*\.vtt$", r"<v ([^>]+)>"),
    (r"timed/.*\.json$", r'"speaker": "([^"]+)"'),
]
CHANGES = re.compile(r"timed/.*\.(?:vtt|json)$")
# layouts with no answer labels: the grep finds the questions only, so it is compared with the interviewer's turns
QUESTIONS_ONLY = {r"html/swc-": "Greg Wilson", r"html/ooo-interview-bauer": "Louis Suárez-Potts"}


def main() -> int:
    verbose = "-v" in sys.argv
    differ = 0
    for expected in sorted(REDTEAM.glob("*/*.expected.jsonl")):
        stem = expected.name[: -len(".expected.jsonl")]
        source = next(p for p in expected.parent.glob(stem + ".*") if not p.name.endswith(".jsonl"))
        rel = f"{source.parent.name}/{source.name}"
        pattern = next((p for key, p in GREP if re.search(key, rel)), None)
        rows = [json.loads(line) for line in expected.read_text(encoding="utf-8").splitlines()]
        text = source.read_text(encoding="utf-8")
        found = re.findall(pattern, text, re.M) if pattern else None
        if found is not None and CHANGES.search(rel):
            found = [x for i, x in enumerate(found) if i == 0 or x != found[i - 1]]
        grep = len(found) if found is not None else None
        asker = next((who for key, who in QUESTIONS_ONLY.items() if re.search(key, rel)), None)
        if asker:
            rows = [row for row in rows if row["speaker"] == asker]
        flag = "" if grep == len(rows) else "  <-- differs"
        differ += bool(flag)
        print(f"{rel:60} expected {len(rows):4}  grep {grep}{flag}")
        if verbose:
            for row in (rows[0], rows[-1]):
                print(f"    {row['speaker']}: {row['text'][:100]!r}")
    print(f"{differ} file(s) where the counts differ")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
