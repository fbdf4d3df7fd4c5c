"""Cut a UK Covid-19 Inquiry hearing day (dracos/uk-covid19-inquiry @ 2a75adafddae, OGL v3.0 per conf.py)."""

from __future__ import annotations

import re
import subprocess

from common import mirror, write_excerpt
from cut import cut, lines_of

REPO = mirror("dracos/uk-covid19-inquiry")
COMMIT = "2a75adafddaebb8099d1bbbc64ead64a0106ff81"
CASES = [
    ("ukci-module2-modelling-2023", "module-2/2023-10-17.rst"),
    ("ukci-module1-farrar-2023", "module-1/2023-06-29.rst"),
    ("ukci-module2-johnson-2023", "module-2/2023-12-06.rst"),
]
for case, path in CASES:
    data = subprocess.run(["git", "-C", REPO, "show", f"{COMMIT}:{path}"], capture_output=True, check=True).stdout
    lines = lines_of(data)
    labels = [i for i, raw in enumerate(lines) if re.match(rb"^\*\*[^*]+\*\*: ", raw)]
    stop = labels[50]
    write_excerpt("court", case, "rst", cut(data, [(0, stop)]))
    print(case, "kept lines", (1, stop), "of", len(lines))
