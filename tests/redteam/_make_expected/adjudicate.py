"""Corrections of expected turns after adjudication (run after the scripts that write them).

When the readers and an expected file disagree, a third reading decides; it is neither the readers nor
the script that wrote the expected file. For Markdown that third reading is cmark, GitHub's C reference
implementation of CommonMark (`cmarkgfm` 2025.10.22, `markdown_to_html` and
`github_flavored_markdown_to_html`; the sites these files come from render Markdown with CommonMark
renderers). Each correction below names the source line, what cmark renders and why the expected
text was wrong. Run from the repository root: `python tests/redteam/_make_expected/adjudicate.py`.
It is idempotent: a correction already applied is left as it is.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent  # tests/redteam

#: (file, turn index, wrong text, corrected text, why)
CORRECTIONS = [
    (
        "markdown/fsm-open-hardware-group-interview-2008.expected.jsonl",
        11,
        "no preferred format'.",
        "no `preferred format'.",
        "line 97: a backtick string with no closing backtick in its paragraph is literal text (CommonMark 6.1); "
        "cmark renders `<p>no `preferred format'. Due</p>`",
    ),
    (
        "markdown/k8s-podcast-1-18-release-interview.expected.jsonl",
        13,
        '"Kubernetes— Up and Running)"?',
        '"Kubernetes— Up and Running"?',
        "line 65: `[Kubernetes— Up and Running](](http://...))` is one link whose destination is "
        "`](http://...)` (balanced parentheses, CommonMark 6.3); cmark renders the link text with no `)` after it",
    ),
    (
        "markdown/k8s-sig-api-machinery-spotlight-2024.expected.jsonl",
        1,
        "RBAC and Review APIs",
        "RBAC and *Review APIs",
        "line 22: the contents of a code span are literal (CommonMark 6.1); cmark renders `<code>*Review</code>`",
    ),
]


def main() -> None:
    for name, index, wrong, right, _why in CORRECTIONS:
        path = HERE / name
        turns = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        text = turns[index]["text"]
        if right in text and wrong not in text:
            continue
        assert text.count(wrong) == 1, (name, index, wrong)
        turns[index]["text"] = text.replace(wrong, right)
        path.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in turns), encoding="utf-8")
        print(f"corrected {name} turn {index}")


if __name__ == "__main__":
    main()
