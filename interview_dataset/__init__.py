"""interview-dataset: compile interview transcripts into a validated, benchmark-ready dataset.

Data flows one way, one module per stage:

    readers/ (source format -> segments) -> compile.py (segments -> turns, metadata,
    annotations) -> schema.py (validation) -> publish/ (Parquet, HF folder, card, Croissant).

The command line (`cli.py`, `build.py`) only parses arguments and calls the library.
"""

__version__ = "0.1.0"

#: Version of the published dataset (semver); recorded in the card, the Croissant file and
#: the Parquet metadata. Bump it with every change to the published data, and add a line to
#: CHANGELOG.md.
DATASET_VERSION = "2.0.0"
