"""Stored answers: the parameter-free catalog questions, answered once by ``kg build``.

A SPARQL question asked with no parameter (and with no default that depends on the day, such
as ``agreements-expiring``'s ``today+1y``) has one answer per build. ``kg build`` evaluates its
text on the graph it writes and stores the rows in ``answers/<name>.json`` in the build folder
(listed in the manifest's outputs), with the SHA-256 of the text. :func:`kg.questions.ask`
serves the stored rows when no parameter is given and the text is unchanged; ``live=True``
(``kg ask --live``) evaluates the text instead. ``tests/test_questions.py`` checks that the
stored answer equals the live one on a generated build.

The embedded Cypher database gets the same: after ``kg build`` wrote ``jejaring.lbug``, it runs
the LadybugDB text of each of those questions on it and stores the rows in
``answers/cypher/<name>.json``, with the SHA-256 of that text and the size and modification
time of the database file it was answered on. :func:`kg.cypher_questions.run_question_cypher`
serves them on the embedded engine when no parameter is given, the text is unchanged and the
database is the one answered (``kg ask --engine cypher``; ``--live`` runs the text). Never on
Neo4j: a server holds its own data. ``kg build --no-embedded`` writes no Cypher answers.

A question whose header names one parameter in ``stored_per`` (``sector-ties``: ``stored_per:
sector``) is answered by ``kg build`` for every value of that parameter's type as well, each in
``answers/<name>/<value id>.json`` (``answers/cypher/<name>/<value id>.json``), the bound value
named in the document. It is served when that parameter alone is given. The values of a sector
parameter are the 89 concepts of ``ontology/sectors.ttl``: a closed list, so each answer costs
the build one evaluation (docs/performance.md has what all of them cost).

A question whose header names a date parameter and a column in ``stored_below``
(``agreements-expiring``: ``{parameter: before, column: valid_until}``) is answered by ``kg build``
for the latest date (:data:`LATEST_DATE`), in ``answers/<name>.json``; asked with that parameter
alone, it is served as the stored rows whose column is before the date given, which are the
rows its text answers for that date (an index on the dates, which a store has not). Rows that
tie on every ``ORDER BY`` key may come in another order than ``--live`` gives. SPARQL only: the
Cypher text meets its target without it.

Rows are served as fresh dicts at each call, so a caller may change them without touching the
cached answer; their values are immutable (a list column holds a tuple, as a live answer does).
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import re
from decimal import Decimal
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import BuildError

if TYPE_CHECKING:
    from kg.dataset import KnowledgeGraph
    from kg.questions import Question

__all__ = ["ANSWERS_DIR", "CYPHER_ANSWERS_DIR", "LATEST_DATE", "stored_questions", "stored_cypher_questions",
           "stored_per_value_questions", "stored_values", "stored_below_questions", "write_answers",
           "write_cypher_answers", "stored_rows", "stored_cypher_rows"]

ANSWERS_DIR = "answers"
"""The build subfolder holding one ``<name>.json`` per stored question."""

CYPHER_ANSWERS_DIR = f"{ANSWERS_DIR}/cypher"
"""The build subfolder holding one ``<name>.json`` per question answered on the embedded database."""


def stored_questions() -> list[Question]:
    """The SPARQL questions whose parameter-free answer a build stores (no parameter defaults)."""
    from kg.questions import catalog

    return [q for _, q in sorted(catalog().items())
            if q.engine == "sparql" and q.sparql is not None
            and not any(p.required or p.default is not None for p in q.parameters)]


def stored_cypher_questions() -> list[Question]:
    """The questions of :func:`stored_questions` that have a Cypher text, stored for the embedded database."""
    return [q for q in stored_questions() if q.cypher]


def stored_per_value_questions() -> list[Question]:
    """The SPARQL questions whose answer a build stores for each value of one parameter (``stored_per``)."""
    from kg.questions import catalog

    return [q for _, q in sorted(catalog().items())
            if q.engine == "sparql" and q.sparql is not None and q.stored_per is not None]


_VALUE_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
"""A value id that is a file name everywhere (the sector ids are)."""


def stored_values(question: Question) -> dict[str, str]:
    """The values a build answers ``question`` for, by id (its file name): sector id to sector IRI.

    Empty when the question stores no answer per value.
    """
    if question.stored_per is None:
        return {}
    from kg.ontology import vocabulary

    return {ident: str(iri) for ident, iri in sorted(vocabulary().sectors.items()) if _VALUE_ID.fullmatch(ident)}


LATEST_DATE = dt.date(9999, 12, 31)
"""The date a ``stored_below`` question is answered for by ``kg build``: every row, as far as dates go."""


def stored_below_questions() -> list[Question]:
    """The SPARQL questions whose answer a build stores for the latest date (``stored_below``)."""
    from kg.questions import catalog

    return [q for _, q in sorted(catalog().items())
            if q.engine == "sparql" and q.sparql is not None and q.stored_below is not None]


def _plain_date(value: Any) -> dt.date | None:
    """The ``datetime.date`` a date parameter was bound to (an rdflib literal or a date), else None."""
    python = value.toPython() if hasattr(value, "toPython") else value
    return python if type(python) is dt.date else None


_Where = tuple[Path, dict[str, str], "tuple[str, dt.date] | None"]


def _answer_file(folder: Path, question: Question, given: Mapping[str, Any]) -> _Where | None:
    """Where a stored answer to ``question`` asked with ``given`` (the parameters given, by name)
    would be, the parameters its document must name, and for a ``stored_below`` question the
    column and the date its rows must be below; None when no build stores such an answer."""
    if not given:
        return folder / f"{question.name}.json", {}, None
    if question.stored_below is not None and set(given) == {question.stored_below[0]}:
        parameter, column = question.stored_below
        limit = _plain_date(given[parameter])
        if limit is None:
            return None
        return folder / f"{question.name}.json", {parameter: LATEST_DATE.isoformat()}, (column, limit)
    if question.stored_per is None or set(given) != {question.stored_per}:
        return None
    value = str(given[question.stored_per])
    ident = next((i for i, iri in stored_values(question).items() if iri == value), None)
    if ident is None:
        return None
    return folder / question.name / f"{ident}.json", {question.stored_per: value}, None


def _below(rows: list[dict[str, Any]], column: str, limit: dt.date) -> list[dict[str, Any]] | None:
    """The rows whose ``column`` is before ``limit``, in their order; None when a value there is
    not a plain date (another datatype compares otherwise in SPARQL: answer live)."""
    if not all(type(row[column]) is dt.date for row in rows):
        return None
    return [row for row in rows if row[column] < limit]


@lru_cache(maxsize=256)
def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _text_hash(question: Question) -> str:
    return _sha256(question.sparql or "")


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(value)  # a list column: its values as answered, immutable
    if isinstance(value, dict):
        if "date" in value:
            return dt.date.fromisoformat(value["date"])
        if "datetime" in value:
            return dt.datetime.fromisoformat(value["datetime"])
        if "decimal" in value:
            return Decimal(value["decimal"])
    return value


def _write(path: Path, question: Question, header: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    document = {"question": question.name, **header, "columns": list(question.columns),
                "rows": [[_encode(row[c]) for c in question.columns] for row in rows]}
    path.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def write_answers(graph: KnowledgeGraph, folder: Path) -> list[str]:
    """Answer every stored question on ``graph`` and write the rows under ``folder/answers``.

    Returns:
        The written files, relative to ``folder`` (for the manifest's outputs).
    """
    from kg.questions import ask

    target = folder / ANSWERS_DIR
    target.mkdir(exist_ok=True)  # kg.build makes it before the Cypher answers start beside these
    written = []
    for question in stored_questions():
        rows = ask(graph, question.name, live=True).rows
        _write(target / f"{question.name}.json", question, {"sparql_sha256": _text_hash(question)}, rows)
        written.append(f"{ANSWERS_DIR}/{question.name}.json")
    for question in stored_below_questions():
        if question.stored_below is None:
            continue  # never: stored_below_questions keeps those that name one
        parameter = question.stored_below[0]
        rows = ask(graph, question.name, live=True, **{parameter: LATEST_DATE}).rows
        header = {"sparql_sha256": _text_hash(question), "parameters": {parameter: LATEST_DATE.isoformat()}}
        _write(target / f"{question.name}.json", question, header, rows)
        written.append(f"{ANSWERS_DIR}/{question.name}.json")
    for question in stored_per_value_questions():
        if question.stored_per is None:
            continue  # never: stored_per_value_questions keeps those that name one
        (target / question.name).mkdir()
        for ident, iri in stored_values(question).items():
            rows = ask(graph, question.name, live=True, **{question.stored_per: ident}).rows
            header = {"sparql_sha256": _text_hash(question), "parameters": {question.stored_per: iri}}
            _write(target / question.name / f"{ident}.json", question, header, rows)
            written.append(f"{ANSWERS_DIR}/{question.name}/{ident}.json")
    return written


def _database_identity(database: Path) -> dict[str, int]:
    """The size and modification time of an embedded database file (what its answers were read from)."""
    stat = database.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def write_cypher_answers(database: Path, folder: Path) -> list[str]:
    """Answer every question of :func:`stored_cypher_questions` with its LadybugDB text on the
    embedded database ``database`` and write the rows under ``folder/answers/cypher``.

    The database is opened read-only once; the documents name its size and modification time,
    so a database replaced later is answered live.

    Returns:
        The written files, relative to ``folder`` (for the manifest's outputs).

    Raises:
        QueryError: A text failed on the database.
        MirrorError: The database cannot be opened.
    """
    from kg.cypher_questions import cypher_text, open_question_database, run_question_cypher

    target = folder / CYPHER_ANSWERS_DIR
    target.mkdir(parents=True, exist_ok=True)
    answered: list[tuple[Question, str, dict[str, str], list[dict[str, Any]]]] = []
    with open_question_database(database) as opened:
        for question in stored_cypher_questions():
            rows = run_question_cypher(opened, question.name, live=True).rows
            answered.append((question, f"{question.name}.json", {}, rows))
        for question in stored_per_value_questions():
            if not question.cypher or question.stored_per is None:
                continue
            for ident, iri in stored_values(question).items():
                rows = run_question_cypher(opened, question.name, {question.stored_per: ident}, live=True).rows
                answered.append((question, f"{question.name}/{ident}.json", {question.stored_per: iri}, rows))
    identity = _database_identity(database)  # after closing it: the file as readers will find it
    written = []
    for question, name, parameters, rows in answered:
        header: dict[str, Any] = {"cypher_sha256": _sha256(cypher_text(question, "ladybug")), "database": identity}
        if parameters:
            header["parameters"] = parameters
        (target / name).parent.mkdir(exist_ok=True)
        _write(target / name, question, header, rows)
        written.append(f"{CYPHER_ANSWERS_DIR}/{name}")
    return written


@lru_cache(maxsize=128)
def _load(path: Path, size: int, mtime_ns: int) -> tuple[dict[str, Any], tuple[str, ...], list[dict[str, Any]]]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        columns = tuple(document["columns"])
        rows = [{c: _decode(v) for c, v in zip(columns, row)} for row in document["rows"]]
        header = {k: v for k, v in document.items() if k not in ("columns", "rows")}
        return header, columns, rows
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BuildError(f"{path}: not a stored answer ({exc}); run kg build again") from None


def _read(path: Path, question: Question) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    header, columns, rows = _load(path, stat.st_size, stat.st_mtime_ns)
    if columns != question.columns:
        return None
    return header, rows


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (if it runs) for a burst of allocations.

    Copying thousands of rows with list columns makes thousands of container objects that all
    stay alive: each few hundred of them start a collection that frees nothing, and the older
    generations it promotes them into start full collections of the process's heap. On the
    10,000-record build (SPARQL ``agreements``, 6,026 rows) collections took 90 of 190 ms a
    call (benchmarks/bench_questions.py); paused, one young collection sees the rows after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _copies(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fresh rows: the caller may change them; the cached rows stay as read.

    A row's values are shared with the cache, which is safe because none can change: text,
    numbers, dates and the tuples of list columns. Copying a dict is one block copy in C (the
    table of a dict whose keys are shared): 60,233 rows of ``agreements`` in 30–50 ms at
    100,000 generated records, where fresh lists for its 7 list columns took 230–400 ms.
    """
    with _collector_paused():
        return [row.copy() for row in rows]


def stored_rows(build_dir: Path, question: Question,
                given: Mapping[str, Any] | None = None) -> list[dict[str, Any]] | None:
    """The stored rows of ``question`` asked with ``given`` (the parameters given, by name: none,
    or only its ``stored_per`` or ``stored_below`` one) in a build, or None when the build stores
    no such answer for its text.

    Raises:
        BuildError: The stored answer is unreadable.
    """
    where = _answer_file(build_dir / ANSWERS_DIR, question, given or {})
    if where is None:
        return None
    found = _read(where[0], question)
    if (found is None or found[0].get("sparql_sha256") != _text_hash(question)
            or found[0].get("parameters", {}) != where[1]):
        return None  # no stored answer, or the question's text changed since the build: answer live
    rows: list[dict[str, Any]] | None = found[1]
    if where[2] is not None:
        rows = _below(found[1], *where[2])
    return None if rows is None else _copies(rows)


def stored_cypher_rows(database: Path, question: Question, text: str,
                       given: Mapping[str, Any] | None = None) -> list[dict[str, Any]] | None:
    """The rows stored for ``question`` asked with ``given`` (as :func:`stored_rows`) beside the
    embedded database ``database`` (a build's ``jejaring.lbug``), or None when there are none for
    this database and this Cypher ``text``.

    Raises:
        BuildError: The stored answer is unreadable.
    """
    where = _answer_file(database.parent / CYPHER_ANSWERS_DIR, question, given or {})
    if where is None or where[2] is not None:
        return None  # no stored_below answers for Cypher
    found = _read(where[0], question)
    if (found is None or found[0].get("cypher_sha256") != _sha256(text)
            or found[0].get("parameters", {}) != where[1]):
        return None
    try:
        if found[0].get("database") != _database_identity(database):
            return None  # another database than the one answered: answer live
    except OSError:
        return None
    return _copies(found[1])
