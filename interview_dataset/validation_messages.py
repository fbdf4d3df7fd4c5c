"""Turn pydantic validation errors on YAML documents into problems with file and line."""

from __future__ import annotations

import re

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
    "string_type": 'write it as text; quote a value YAML would read as a number, date or boolean (e.g. "1.0.0", "yes")',
}


_SLUG_PATTERNS = {r"^[a-z0-9][a-z0-9-]*[a-z0-9]$", r"^[a-z0-9][a-z0-9-]*[a-z0-9]$|^[a-z0-9]$"}
_NUMERIC_DATE = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$")


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
        elif item["type"] == "string_pattern_mismatch" and data_loc and data_loc[-1] == "sha256":
            hint = "write the file's SHA-256 as 64 lowercase hex digits (as printed by `sha256sum FILE`)"
        elif item["type"] == "string_pattern_mismatch" and data_loc and data_loc[-1] == "language":
            hint = "write a BCP-47 language code such as `en` or `en-GB`"
        elif item["type"] == "string_pattern_mismatch" and (item.get("ctx") or {}).get("pattern") not in _SLUG_PATTERNS:
            hint = f"write a value matching the pattern {item['ctx']['pattern']}"
        elif (
            item["type"].startswith("date")
            and isinstance(item.get("input"), str)
            and _NUMERIC_DATE.match(item["input"].strip())
        ):
            message = (
                f"{item['input'].strip()!r} is ambiguous (day/month or month/day?) and not a date in YYYY-MM-DD form"
            )
        problems.append(Problem(display_path(doc.path), f"{field}: {message}", hint, doc.line_of(*data_loc)))
    return DatasetError(problems)
