"""Schema errors in a curator's words: where, what was expected, what was found.

Pydantic's messages name its internals ("Input should be a valid dictionary or instance of
DateSpec"); this module turns each error into ``field.path: expected …, got …`` with a
did-you-mean for misspelt fields and values, and the line of the offending key.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import ValidationError

from kg.errors import RecordProblem

from .record_schema import MODELS, field_names, model_fields_of
from .yaml_marks import MarkedDocument

__all__ = ["schema_message", "validation_problems"]

_SHORT_FORMS = {
    "RefSpec": "a people/organizations id or a mapping {who: ..., on_behalf_of: ...}",
    "PartySpec": "an organizations id or a mapping {party: ..., signatory: ..., signed: ...}",
    "DateSpec": "a date: YYYY-MM-DD, YYYY-MM, YYYY or a mapping {text: ..., value: YYYY-MM-DD}",
}
_TYPE_WORDS = {
    "int_parsing": "a whole number", "int_type": "a whole number", "int_from_float": "a whole number",
    "float_parsing": "a number", "float_type": "a number",
    "bool_parsing": "true or false", "bool_type": "true or false",
    "string_type": "text", "list_type": "a list ([a, b] or one '- item' per line)",
    "dict_type": "a mapping of ids to entries", "date_type": "a date YYYY-MM-DD",
    "date_parsing": "a date YYYY-MM-DD", "date_from_datetime_parsing": "a date YYYY-MM-DD",
    "date_from_datetime_inexact": "a date YYYY-MM-DD without a time",
}


def _model_fields(class_name: str) -> str:
    """The YAML field names of the model called ``class_name``."""
    for model in MODELS:
        if model.__name__ == class_name:
            return ", ".join(model_fields_of(model))
    return ""


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def schema_message(err: Any, known: list[str]) -> str:
    """Turn one pydantic error into a curator's message: where, what was expected, what was found."""
    loc = tuple(part for part in err["loc"] if part != "[key]")
    where = ".".join(str(p) for p in loc) or "the file"
    name = str(loc[-1]) if loc else ""
    kind = err["type"]
    found = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"unknown field {name!r} in {'.'.join(str(p) for p in loc[:-1]) or 'the record'}{hint}"
    if kind == "missing":
        return f"missing required field {where!r}"
    if kind in ("value_error", "assertion_error"):
        return f"{where}: {err['msg'].removeprefix('Value error, ').removeprefix('Assertion failed, ')}"
    if kind == "string_pattern_mismatch":
        if "https?" in str(ctx.get("pattern", "")):
            return f"{where}: expected a web address starting with http:// or https://, got {_shown(found)}"
        return f"{where}: expected an id of lowercase letters, digits and hyphens, got {_shown(found)}"
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        close = difflib.get_close_matches(str(found), options, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"{where}: expected one of: {', '.join(options)}; got {_shown(found)}{hint}"
    if kind in ("model_type", "model_attributes_type"):
        class_name = str(ctx.get("class_name", ""))
        expected = _SHORT_FORMS.get(class_name) or f"a mapping with fields {_model_fields(class_name)}"
        return f"{where}: expected {expected}, got {_shown(found)}"
    if kind == "string_too_short":
        return f"{where}: must not be empty"
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        return f"{where}: expected a number of at least {bound}, got {_shown(found)}"
    if kind in _TYPE_WORDS:
        return f"{where}: expected {_TYPE_WORDS[kind]}, got {_shown(found)}"
    return f"{where}: {err['msg'].removeprefix('Input should be ').removeprefix('Value error, ')}, got {_shown(found)}"


def validation_problems(doc: MarkedDocument, exc: ValidationError) -> list[RecordProblem]:
    """Return one problem per distinct schema error of ``doc``, with its line."""
    known = sorted(field_names())
    problems: list[RecordProblem] = []
    seen: set[tuple[int, str]] = set()
    for err in exc.errors():
        message = schema_message(err, known)
        line = doc.line_of(err["loc"])
        if (line, message) not in seen:
            seen.add((line, message))
            problems.append(RecordProblem(doc.path, line, message))
    return problems
