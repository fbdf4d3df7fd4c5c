"""Label grammars: how speakers are marked inside a container's decoded stream.

Each grammar module exports `NAME`, `DESCRIPTION`, `KIND` (the kind of decoded stream it reads,
see `containers/__init__.py`), `detect(decoded) -> float` (its own evidence: labels that recur,
cover the text and alternate, in [0, 1]; never a judgement about another grammar), `match(...)`
(the label at the start of one line, paragraph or cue, or None) and
`read(decoded, options) -> ParsedTranscript`. Only the detector in `readers/__init__.py` compares
candidates. Shared machinery lives in `toolkit/`. Register grammars in `readers/__init__.py`.
"""
