"""Cut the Congressional Record excerpt (unitedstates/congressional-record @ 8e99dc5b14da, U.S. Government work)."""

from __future__ import annotations

import subprocess

from common import mirror, write_excerpt
from cut import cut, lines_of

REPO = mirror("unitedstates/congressional-record")
COMMIT = "8e99dc5b14daccc840e43afc59a5906684b8731f"
PATH = "output/2005/CREC-2005-05-20/html/CREC-2005-05-20-pt1-PgS5551-8.htm"

data = subprocess.run(["git", "-C", REPO, "show", f"{COMMIT}:{PATH}"], capture_output=True, check=True).stdout
lines = lines_of(data)
stop = next(i for i, raw in enumerate(lines) if raw.startswith(b"  Mr. CORNYN. I thank the Chair."))
ranges = [(0, stop), (len(lines) - 2, len(lines))]
write_excerpt("court", "crec-senate-judicial-nominations-2005", "htm", cut(data, ranges))
print("kept lines", [(a + 1, b) for a, b in ranges], "of", len(lines))

# a House special order (members in conversation), whole page
COMMIT_H2005 = "678ff805275ba77ecb8229abaac735cb4b8915a8"
PATH_H2005 = "output/2005/CREC-2005-07-20/html/CREC-2005-07-20-pt1-PgH6183.htm"
data = subprocess.run(
    ["git", "-C", REPO, "show", f"{COMMIT_H2005}:{PATH_H2005}"], capture_output=True, check=True
).stdout
write_excerpt("court", "crec-house-special-order-cafta-2005", "htm", data)
print("whole file", len(lines_of(data)), "lines")
PATH_H2005B = "output/2005/CREC-2005-07-20/html/CREC-2005-07-20-pt1-PgH6190.htm"
data = subprocess.run(
    ["git", "-C", REPO, "show", f"{COMMIT_H2005}:{PATH_H2005B}"], capture_output=True, check=True
).stdout
write_excerpt("court", "crec-house-special-order-social-security-2005", "htm", data)
print("whole file", len(lines_of(data)), "lines")

# the plain-text form of the Record (a test file of the same repository, at the commit that added it)
COMMIT_TXT = "779dcb85377d2f5fdcb264a4a05d95de88797ca8"
PATH_TXT = "test/test_files/names/CREC-1995-12-22-pt1-PgS19146.txt"
data = subprocess.run(["git", "-C", REPO, "show", f"{COMMIT_TXT}:{PATH_TXT}"], capture_output=True, check=True).stdout
lines = lines_of(data)
stop = next(i for i, raw in enumerate(lines) if raw.strip() == b"Exhibit 1")
write_excerpt("plain", "crec-senate-securities-veto-1995", "txt", cut(data, [(0, stop)]))
print("kept lines", (1, stop), "of", len(lines))

# the State of the Union address, 2014 (a test file of the same repository)
COMMIT_SOTU = "df48e617a5c0c7d5bec3fcfb66e342665db31cda"
PATH_SOTU = "test/test_files/SOTU/CREC-2014-01-28-pt1-PgH1473-5.txt"
data = subprocess.run(["git", "-C", REPO, "show", f"{COMMIT_SOTU}:{PATH_SOTU}"], capture_output=True, check=True).stdout
write_excerpt("plain", "crec-joint-session-state-of-the-union-2014", "txt", data)
print("whole file", len(lines_of(data)), "lines")

# a House five-minute speech, 2013 (a test file of the same repository)
COMMIT_H = "d23542a6d3de229b99f1e9d406250080bc609661"
PATH_H = "test/test_files/whitespace/CREC-2013-10-30-pt1-PgH6909.txt"
data = subprocess.run(["git", "-C", REPO, "show", f"{COMMIT_H}:{PATH_H}"], capture_output=True, check=True).stdout
write_excerpt("plain", "crec-house-five-minute-speech-2013", "txt", data)
print("whole file", len(lines_of(data)), "lines")
