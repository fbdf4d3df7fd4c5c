"""Copy four 2010 sponsor interviews of the Software Carpentry blog, whole files, from swcarpentry/website at
7df89314bb4d (the parent of `ea9003a8`, "rm all old blog post files", 2024-03-19: the last commit holding the posts).
The blog is CC BY (the 2012 post "Free As In Pretty Much Whatever You Want": "all of our slides, essays, posts, and
what-not are covered by the Creative Commons -- Attribution license"; `pages/license.html` at that commit: CC BY 4.0).
Usage: REDTEAM_MIRROR=/work/.mirror python make_swc_excerpts.py
"""

from __future__ import annotations

import subprocess

from common import mirror, write_excerpt

REPO = mirror("swcarpentry/website")
COMMIT = "7df89314bb4dbe307962a5d8e01ad33b6c405b43"
FILES = {
    "swc-interview-scimatic-2010": "_posts/2010/06/2010-06-10-interview-scimatic.html",
    "swc-interview-uk-met-office-2010": "_posts/2010/06/2010-06-11-interview-uk-met-office.html",
    "swc-interview-lumsdaine-2010": "_posts/2010/07/2010-07-13-interview-andrew-lumsdaine-of-indiana-university.html",
    "swc-interview-langtangen-2010": "_posts/2010/07/2010-07-18-an-interview-with-hans-petter-langtangen.html",
}

for case, path in FILES.items():
    data = subprocess.run(["git", "-C", REPO, "show", f"{COMMIT}:{path}"], capture_output=True, check=True).stdout
    write_excerpt("html", case, "html", data)
    print(case, len(data), "bytes")
