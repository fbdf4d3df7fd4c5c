"""Copy the held-out files (tests/redteam/holdout/) from their repositories, whole and byte for byte.

Sources (licence and evidence in SOURCES.md): prometheus/docs (Apache-2.0), 18F/18f.gsa.gov (public domain,
CC0 1.0 outside the U.S.) and GSA/digitalgov.gov (public domain, CC0 1.0). No file is cut.
Usage: REDTEAM_MIRROR=<folder of snapshots> python make_holdout_excerpts.py
"""

from __future__ import annotations

import subprocess

from common import mirror, write_excerpt

SOURCES = {
    "prometheus/docs": "c105550aad07161f62d02e305ed09799ec6025fa",
    "18F/18f.gsa.gov": "0a55c75e6d9bc71c80136a3867dac52356177443",
    "GSA/digitalgov.gov": "4979583206d90ff1707b097454a9b169ca9e95e4",
}
CASES = [
    ("prom-scalefastr-2018", "prometheus/docs", "blog/posts/2018-02-08-interview-with-scalefastr.md"),
    ("prom-hostinger-2019", "prometheus/docs", "blog/posts/2019-02-06-interview-with-hostinger.md"),
    ("prom-forgerock-2019", "prometheus/docs", "blog/posts/2019-06-18-interview-with-forgerock.md"),
    ("prom-life360-2016", "prometheus/docs", "blog/posts/2016-03-23-interview-with-life360.md"),
    (
        "18f-nasa-chief-historian-2016",
        "18F/18f.gsa.gov",
        "content/posts/2016-03-03-five-questions-for-the-nasa-chief-historian.md",
    ),
    (
        "18f-tanf-data-portal-2023",
        "18F/18f.gsa.gov",
        "content/posts/2023-09-07-catching-up-with-the-tanf-data-portal-project.md",
    ),
    (
        "18f-postal-amanda-weaver-2016",
        "18F/18f.gsa.gov",
        "content/posts/2016-04-26-thinking-about-the-future-of-the-post-office-an-interview-with-amanda-weaver.md",
    ),
    (
        "18f-static-dynamic-websites-2016",
        "18F/18f.gsa.gov",
        "content/posts/2016-07-11-conversation-about-static-dynamic-websites.md",
    ),
    ("18f-steve-portigal-2015", "18F/18f.gsa.gov", "content/posts/2015-02-18-steve-portigal-pre-event-qa-post.md"),
    (
        "digitalgov-deepfakes-qa-2021",
        "GSA/digitalgov.gov",
        "content/news/2021/06/2021-06-08-deep-fakes-and-social-media-a-q-a-with-alex-cohen.md",
    ),
    (
        "digitalgov-api-strategy-2019",
        "GSA/digitalgov.gov",
        "content/news/2019/03/2019-03-27-qa-with-ryan-day-about-gsas-api-strategy.md",
    ),
    ("digitalgov-ux-field-2020", "GSA/digitalgov.gov", "content/news/2020/02/2020-02-11-deep-dive-into-ux-field.md"),
    (
        "digitalgov-content-audits-2023",
        "GSA/digitalgov.gov",
        "content/news/2023/09/2023-09-12-a-conversation-about-content-audits.md",
    ),
    (
        "digitalgov-digital-corps-2022",
        "GSA/digitalgov.gov",
        "content/news/2022/11/2022-11-25-making-impact-at-scale-software-engineering-in-the-federal-government.md",
    ),
    (
        "digitalgov-usgs-usability-2021",
        "GSA/digitalgov.gov",
        "content/news/2021/09/2021-09-01-building-a-bureau-wide-usability-collaboration-group-lessons-learned-from-"
        "the-u-s-geological-survey.md",
    ),
    (
        "digitalgov-smartpay-2023",
        "GSA/digitalgov.gov",
        "content/news/2023/11/2023-11-29-part-2-delivering-on-21st-century-idea-a-case-study-from-the-gsa-smartpay-"
        "team.md",
    ),
]

for case, repo, path in CASES:
    data = subprocess.run(
        ["git", "-C", mirror(repo), "show", f"{SOURCES[repo]}:{path}"], capture_output=True, check=True
    ).stdout
    write_excerpt("holdout", case, "md", data)
    print(case, len(data))
