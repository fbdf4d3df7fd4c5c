"""Turn pydantic validation errors on YAML documents into problems with file and line."""

from __future__ import annotations

import re

from pydantic import ValidationError

from .errors import DatasetError, Problem, did_you_mean, display_path, excerpt
from .schema import SLUG_PATTERN
from .yaml_loading import YamlDocument

_HINTS = {
    "unknown_reading": "use one of the names listed, or remove the key to let the reader detect it "
    "(README, Transcript formats)",
    "missing": "add the field (write `unknown` where the value is not known)",
    "extra_forbidden": "remove the field, or check its spelling against the documented fields",
    "literal_error": "use one of the allowed values",
    "date_from_datetime_parsing": "write the date as YYYY-MM-DD",
    "date_parsing": "write the date as YYYY-MM-DD",
    "date_type": "write the date as YYYY-MM-DD",
    "string_pattern_mismatch": "use lowercase letters, digits and dashes",
    "string_type": 'write it as text; quote a value YAML would read as a number, date or boolean (e.g. "1.0.0", "yes")',
}


_SLUG_PATTERNS = {SLUG_PATTERN}

#: A concrete valid value per field (the last key of the field's path), shown with the fix.
EXAMPLES = {
    "id": "id: my-interview-2026",
    "language": "language: en",
    "date": "date: 2026-02-24",
    "retrieved": "retrieved: 2026-11-30",
    "rights": (
        'rights: "Public domain: a work of the U.S. federal government (17 U.S.C. 105)."  or  '
        'rights: "Copyright the publisher; no open licence is stated."'
    ),
    "license": (
        "license: {id: CC-BY-4.0, url: https://creativecommons.org/licenses/by/4.0/, "
        'reasoning: "The page footer states CC BY 4.0.", attribution: "Jane Doe, Example Magazine", '
        "share_alike: false}"
    ),
    "source": (
        "source: {url: https://example.org/interview, repository: unknown, commit: unknown, path: unknown, "
        "retrieved: 2026-11-30}"
    ),
    "excerpt": "excerpt: complete   (or: excerpt: turns 0-119 of 450; the rest is omitted)",
    "share_alike": "share_alike: false",
    "role": "role: interviewee",
    "split": "split: test",
    "sha256": "sha256: 1ddb25a3fa28659d8b943aee2b633409aaf027af2acb0a4a75e96256b4508413",
    "version": 'version: "2.0.0"',
}
_FIELD_HINTS = {
    "rights": (
        "say who holds the rights and on what terms the text is included: the licence and where it is stated, "
        "`public domain` and why, or that no open licence is stated"
    ),
    "license": "add the licence: an SPDX id, `public-domain`, or `none` when no open licence covers the text",
    "source": "say exactly where the transcript came from (write `unknown` for what is not known)",
    "excerpt": "write `complete`, or say what was cut (e.g. the range of turns kept)",
    "share_alike": "write `true` for a share-alike licence (e.g. CC-BY-SA-4.0), else `false`",
}
_NUMERIC_DATE = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$")


def problems_from_validation(
    error: ValidationError, doc: YamlDocument, prefix: tuple = (), model: type | None = None
) -> DatasetError:
    """One Problem per validation error: the file and line of the field, what is wrong, how to fix
    it, a concrete valid example, a did-you-mean for misspelt keys and values (when `model`, the
    validated pydantic model, is given), and never more than a short excerpt of a bad value."""
    problems = []
    for item in error.errors(include_url=False):
        loc = prefix + tuple(item["loc"])
        # pydantic adds the union member / validator name to loc; keep the data path only.
        data_loc = tuple(k for k in loc if not (isinstance(k, str) and ("[" in k or k.startswith("function-"))))
        field = ".".join(str(k) for k in data_loc) or "(document)"
        hint = _HINTS.get(item["type"], "correct the value")
        message = item["msg"]
        last = next((k for k in reversed(data_loc) if isinstance(k, str)), "")
        example = EXAMPLES.get(last, "")
        if last in _FIELD_HINTS and item["type"] in ("missing", "string_too_short", "bool_type", "bool_parsing"):
            hint = _FIELD_HINTS[last]
        if item["type"] == "literal_error":
            hint = f"use one of the allowed values ({message.split('Input should be ', 1)[-1]})"
            allowed = (item.get("ctx") or {}).get("expected", "")
            message += did_you_mean(item.get("input"), [a.strip(" '") for a in allowed.replace(" or ", ",").split(",")])
        elif item["type"] == "extra_forbidden" and isinstance(data_loc[-1] if data_loc else None, str):
            model_fields = _sibling_fields(model, data_loc[len(prefix) :])
            message += did_you_mean(data_loc[-1], model_fields)
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
        if "input" in item and item["type"] not in ("missing",) and not isinstance(item["input"], (dict, list)):
            message += f" (got {excerpt(item['input'])})"
        problems.append(Problem(display_path(doc.path), f"{field}: {message}", hint, doc.line_of(*data_loc), example))
    return DatasetError(problems)


def _sibling_fields(model: type | None, data_loc: tuple) -> list[str]:
    """Field names the model allows where an unknown key was written (for did-you-mean)."""
    current = model
    for key in data_loc[:-1]:
        if current is None:
            return []
        if isinstance(key, int):
            continue
        field = current.model_fields.get(key)
        current = _model_in(field.annotation) if field else None
    return list(current.model_fields) if current is not None else []


def _model_in(annotation):
    import typing

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
