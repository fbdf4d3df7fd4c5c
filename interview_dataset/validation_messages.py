"""Turn pydantic validation errors on YAML documents into problems with file and line."""

from __future__ import annotations

from pydantic import ValidationError

from .errors import DatasetError, Problem, display_path
from .yaml_loading import YamlDocument

_HINTS = {
    "missing": "add the field (write `unknown` where the value is not known)",
    "extra_forbidden": "remove the field, or check its spelling against the documented fields",
    "literal_error": "use one of the allowed values",
    "date_from_datetime_parsing": "write the date as YYYY-MM-DD",
    "date_parsing": "write the date as YYYY-MM-DD",
    "date_type": "write the date as YYYY-MM-DD",
    "string_pattern_mismatch": "use lowercase letters, digits and dashes",
}


def problems_from_validation(error: ValidationError, doc: YamlDocument, prefix: tuple = ()) -> DatasetError:
    problems = []
    for item in error.errors(include_url=False):
        loc = prefix + tuple(item["loc"])
        # pydantic adds the union member / validator name to loc; keep the data path only.
        data_loc = tuple(k for k in loc if not (isinstance(k, str) and ("[" in k or k.startswith("function-"))))
        field = ".".join(str(k) for k in data_loc) or "(document)"
        hint = _HINTS.get(item["type"], "correct the value")
        message = item["msg"]
        if item["type"] == "literal_error":
            hint = f"use one of the allowed values ({message.split('Input should be ', 1)[-1]})"
        problems.append(Problem(display_path(doc.path), f"{field}: {message}", hint, doc.line_of(*data_loc)))
    return DatasetError(problems)
