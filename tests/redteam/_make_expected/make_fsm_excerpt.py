"""Copy a Free Software Magazine interview (mercmobily/freesoftwaremagazine @ df31fcf3758f; the article's front matter
says `license: cc-by-sa`)."""

from __future__ import annotations

import subprocess

from common import mirror, write_excerpt

REPO = mirror("mercmobily/freesoftwaremagazine")
COMMIT = "df31fcf3758fec456247737be1bb563eb814afed"
PATH = "articles/group_interview_graphic_view_open_hardware_movement_part_2_technical_and_social_issues/index.md"

data = subprocess.run(["git", "-C", REPO, "show", f"{COMMIT}:{PATH}"], capture_output=True, check=True).stdout
write_excerpt("markdown", "fsm-open-hardware-group-interview-2008", "md", data)
print(len(data), "bytes,", data.count(b"\r\n"), "CRLF")
