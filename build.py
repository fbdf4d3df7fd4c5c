#!/usr/bin/env python3
"""Build the dataset: `python build.py [OPTIONS]` (= `interview-dataset build [OPTIONS]`, the same options);
`python build.py --check` verifies that the committed generated files are up to date (= `interview-dataset check`)."""

import sys

from interview_dataset.cli import main

if __name__ == "__main__":
    argv = sys.argv[1:]
    command = "check" if "--check" in argv else "build"
    sys.exit(main([command] + [a for a in argv if a != "--check"]))
