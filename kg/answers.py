"""Stored answers: the parameter-free catalog questions, answered once by ``kg build``.

A SPARQL question asked with no parameter (and with no default that depends on the day, such
as ``agreements-expiring``'s ``today+1y``) has one answer per build. ``kg build`` evaluates its
text on the graph it writes and stores the rows in ``answers/<name>.json`` in the build folder
(listed in the manifest's outputs), with the SHA-256 of the text. :func:`kg.questions.ask`
serves the stored rows when no parameter is given and the text is unchanged; ``live=True``
(``kg ask --live``) evaluates the text instead. ``tests/test_questions.py`` checks that the
stored answer equals the live one on a generated build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import BuildError

if TYPE_CHECKING:
    from kg.dataset import KnowledgeGraph
    from kg.questions import Question

__all__ = ["ANSWERS_DIR", "stored_questions", "write_answers", "stored_rows"]

ANSWERS_DIR = "answers"
"""The build subfolder holding one ``<name>.json`` per stored question."""


def stored_questions() -> list[Question]:
    """The SPARQL questions whose parameter-free answer a build stores (no parameter defaults)."""
    from kg.questions import catalog

    return [q for _, q in sorted(catalog().items())
            if q.engine == "sparql" and q.sparql is not None
            and not any(p.required or p.default is not None for p in q.parameters)]


def _text_hash(question: Question) -> str:
    return hashlib.sha256((question.sparql or "").encode("utf-8")).hexdigest()


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "date" in value:
            return dt.date.fromisoformat(value["date"])
        if "datetime" in value:
            return dt.datetime.fromisoformat(value["datetime"])
        if "decimal" in value:
            return Decimal(value["decimal"])
    return value


def write_answers(graph: KnowledgeGraph, folder: Path) -> list[str]:
    """Answer every stored question on ``graph`` and write the rows under ``folder/answers``.

    Returns:
        The written files, relative to ``folder`` (for the manifest's outputs).
    """
    from kg.questions import ask

    target = folder / ANSWERS_DIR
    target.mkdir()
    written = []
    for question in stored_questions():
        rows = ask(graph, question.name, live=True).rows
        document = {"question": question.name, "sparql_sha256": _text_hash(question), "columns": list(question.columns),
                    "rows": [[_encode(row[c]) for c in question.columns] for row in rows]}
        path = target / f"{question.name}.json"
        path.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        written.append(f"{ANSWERS_DIR}/{path.name}")
    return written


@lru_cache(maxsize=64)
def _load(path: Path, size: int, mtime_ns: int) -> tuple[str, tuple[str, ...], list[dict[str, Any]]]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        columns = tuple(document["columns"])
        rows = [{c: _decode(v) for c, v in zip(columns, row)} for row in document["rows"]]
        return str(document["sparql_sha256"]), columns, rows
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BuildError(f"{path}: not a stored answer ({exc}); run kg build again") from None


def stored_rows(build_dir: Path, question: Question) -> list[dict[str, Any]] | None:
    """The stored rows of ``question`` in a build, or None when the build has none for its text.

    Raises:
        BuildError: The stored answer is unreadable.
    """
    path = build_dir / ANSWERS_DIR / f"{question.name}.json"
    try:
        stat = path.stat()
    except OSError:
        return None
    text_hash, columns, rows = _load(path, stat.st_size, stat.st_mtime_ns)
    if text_hash != _text_hash(question) or columns != question.columns:
        return None  # the question's text changed since the build: answer live
    copies = [dict(row) for row in rows]  # the caller may change them; the cached rows stay as read
    for column in question.list_columns:
        for row in copies:
            row[column] = list(row[column])
    return copies
