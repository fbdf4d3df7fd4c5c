#!/usr/bin/env python3
"""Build the dataset: `python build.py` (= `interview-dataset build`); `python build.py --check`
verifies that the committed generated files are up to date (= `interview-dataset check`)."""

import sys

from interview_dataset.cli import main

if __name__ == "__main__":
    argv = sys.argv[1:]
    if "--check" in argv:
        argv.remove("--check")
        sys.exit(main([a for a in argv if a == "--debug"] + ["check"] + [a for a in argv if a != "--debug"]))
    sys.exit(main([a for a in argv if a == "--debug"] + ["build"] + [a for a in argv if a != "--debug"]))
