"""Internal machinery the containers and grammars share (not a reader: nothing here is registered)."""
