"""Copy White House briefing Markdown files (brian14708/wh-briefings @ 737ca03a271a, CC0 / U.S. Government work)."""

from __future__ import annotations

import re
import subprocess

from common import mirror, write_excerpt
from cut import cut, lines_of

REPO = mirror("brian14708/wh-briefings")
COMMIT = "737ca03a271adc205c67766074ec8d0070f7ad95"
CASES = [
    (
        "wh-budget-press-call-2022",
        "press-briefings/2022-03/2022-03-28-on-the-record-press-call-by-omb-director-shalanda-young-and-cea-chair-"
        "cecilia-rouse-on-the-presidents-fy23-budget.md",
    ),
    (
        "wh-background-call-china-2022",
        "press-briefings/2022-03/2022-03-14-background-press-call-by-senior-administration-officials-on-china.md",
    ),
    (
        "wh-pandemic-preparedness-call-2021",
        "press-briefings/2021-09/2021-09-03-on-the-record-press-call-by-office-of-science-and-technology-policy-"
        "director-dr-eric-lander-and-nsc-director-for-global-health-security-and-biodefense-dr-beth-cameron-on-"
        "american-pandemic-preparedne.md",
    ),
    (
        "wh-harris-yellen-conversation-2021",
        "speeches-remarks/2021-12/2021-12-14-remarks-by-vice-president-harris-and-treasury-secretary-janet-yellen-"
        "in-a-moderated-conversation-at-the-freedmans-bank-forum.md",
    ),
]

CASES.append(
    (
        "wh-covid-officials-briefing-2022",
        "press-briefings/2022-03/2022-03-02-press-briefing-by-white-house-and-hhs-public-health-officials-march-2-"
        "2022.md",
    )
)
CASES.append(
    (
        "wh-harris-soccer-conversation-2022",
        "speeches-remarks/2022-03/2022-03-16-remarks-by-vice-president-harris-during-a-conversation-with-current-and-"
        "former-members-of-the-u-s-womens-national-soccer-team.md",
    )
)
for case, path in CASES:
    data = subprocess.run(["git", "-C", REPO, "show", f"{COMMIT}:{path}"], capture_output=True, check=True).stdout
    write_excerpt("markdown", case, "md", data)
    print(case, len(data))

# a long 2023 briefing, cut before its 61st label line (a reporter's `Q` or an official's `NAME:`)
PATH_2023 = (
    "press-briefings/2023-07/2023-07-17-press-briefing-by-press-secretary-karine-jean-pierre-and-nsc-coordinator-"
    "for-strategic-communications-john-kirby-18.md"
)
data = subprocess.run(["git", "-C", REPO, "show", f"{COMMIT}:{PATH_2023}"], capture_output=True, check=True).stdout
lines = lines_of(data)
labels = [i for i, raw in enumerate(lines) if re.match(rb"^(?:Q(?: |\xc2\xa0)|[A-Z][A-Z. \-]+[A-Z.]:)", raw)]
write_excerpt("markdown", "wh-kirby-briefing-2023", "md", cut(data, [(0, labels[60])]))
print("wh-kirby-briefing-2023 kept lines", (1, labels[60]), "of", len(lines))
