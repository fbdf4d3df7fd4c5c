"""Internal machinery the containers and grammars share (not a reader: nothing here is registered)."""


def lines_text(decoded) -> str:
    """The text a line grammar reads: a `lines` container's decoded text (or a plain string)."""
    return decoded if isinstance(decoded, str) else decoded.text
