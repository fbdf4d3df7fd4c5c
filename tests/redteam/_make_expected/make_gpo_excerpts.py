"""Make the GPO hearing excerpts (run once; sources from ihmc/congressional_hearings @ 9bdf3d2ac594)."""

from __future__ import annotations

import re
import subprocess
import sys

from common import mirror, write_excerpt
from cut import cut, lines_of
from gpo_hearing import LABEL

REPO = mirror("ihmc/congressional_hearings")
COMMIT = "9bdf3d2ac594e88b451c4e95e06c01e30c9a468d"
CASES = [  # (case, path, turns kept, keep the `[Whereupon` line)
    ("gpo-house-systemic-risk-2008", "data/CongressionalHearings/TARP/CHRG-110hhrg44903/CHRG-110hhrg44903.htm", 30, 0),
    (
        "gpo-senate-paulson-bernanke-2008",
        "data/CongressionalHearings/TARP/CHRG-110shrg50410/CHRG-110shrg50410.htm",
        40,
        1,
    ),
    (
        "gpo-house-monetary-policy-2010",
        "data/CongressionalHearings/MonetaryPolicy/House_Financial_Services/HFS_-_July_22,_2010_Fed_Reserve/"
        "CHRG-111hhrg61852.htm",
        36,
        0,
    ),
    (
        "gpo-senate-greenspan-2005",
        "data/CongressionalHearings/MonetaryPolicy/Senate_Banking,_Housing_and_Urban_Affairs/"
        "SBHUA_-_July_21,_2005_Fed_Reserve/CHRG-109shrg24852.htm",
        40,
        0,
    ),
    (
        "gpo-senate-credit-rating-agencies-2010",
        "data/CongressionalHearings/Other/Senate_Homeland_Security_and_Government_Affairs/"
        "SHSGA_-_Credit_Rating_Agencies/CHRG-111shrg57321.htm",
        40,
        0,
    ),
    (
        "gpo-house-small-business-2009",
        "data/CongressionalHearings/Other/House_Energy_and_Commerce/HSB_-_State_of_Small_Business_Economy/"
        "CHRG-111hhrg46820.htm",
        40,
        0,
    ),
]

CASES.append(
    (
        "gpo-house-consumer-credit-2009",
        "data/CongressionalHearings/Other/House_Energy_and_Commerce/"
        "HEC_-_HR_2309_-_Consumer_Credit_Protection_Improvement_Act/CHRG-111hhrg72887.htm",
        40,
        0,
    )
)

for case, path, keep, whereupon in CASES:
    data = subprocess.run(["git", "-C", REPO, "show", f"{COMMIT}:{path}"], capture_output=True, check=True).stdout
    lines = lines_of(data)
    labels = [i for i, raw in enumerate(lines) if LABEL.match(raw.decode("utf-8").rstrip("\r\n"))]
    stop = labels[keep]
    ranges = [(0, stop)]
    if whereupon:
        w = next(i for i, raw in enumerate(lines) if re.match(rb"^    \[Whereupon", raw))
        ranges.append((w, w + 1))
    ranges.append((len(lines) - 3, len(lines)))
    write_excerpt("court", case, "htm", cut(data, ranges))
    print(case, path, "kept lines", [(a + 1, b) for a, b in ranges], "of", len(lines), file=sys.stderr)
