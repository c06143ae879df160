"""The statement guard of ``kg cypher``: only reading queries reach the embedded database.

LadybugDB's ``read_only`` flag refuses CREATE/MERGE/SET/DELETE, ``ATTACH`` and ``DETACH``, but
not statements that act outside the database file: measured on ladybug 0.22.0, a read-only
database still runs ``COPY (…) TO '/any/path'`` (writes the file), ``LOAD FROM '/any/file'``
(reads it), ``INSTALL httpfs`` (downloads native code), ``CALL home_directory=…`` (changes a
setting) and ``CHECKPOINT`` (leaves a ``.shadow`` file behind that makes the database refuse to
open read-only). LadybugDB has no setting that turns extension loading or file access off.

So every statement is checked here before the database is opened. The text is tokenized (string
literals, backtick names and comments are tokens of their own, so a keyword inside a string or a
comment counts for nothing), then:

* it must hold one statement (a trailing ``;`` is allowed);
* its first clause must be a reading one: ``MATCH``, ``OPTIONAL MATCH``, ``WITH``, ``UNWIND``,
  ``RETURN`` or ``CALL`` of a read-only function, optionally after ``EXPLAIN``/``PROFILE``;
* no word outside strings and backtick names may be a writing or file keyword
  (:data:`REFUSED_WORDS`), except right after a ``.`` (a property key such as ``n.set``);
* every ``CALL`` must call one of :data:`SAFE_CALLS` with parentheses; settings
  (``CALL threads=2``), Neo4j procedures (``CALL db.labels()``) and any other function are refused.

A refused statement raises :class:`~kg.errors.QueryError` (exit code 2) whose message names the
statement kind. The text handed on to the database is the checked text with its comments blanked
(:attr:`CheckedQuery.text`), so the engine parses exactly the tokens that were checked.

The same token stream gives the query's ``$parameters`` (:attr:`CheckedQuery.parameters`) and the
column names Neo4j would give the final ``RETURN`` (:attr:`CheckedQuery.return_columns`).

>>> check_read_only("MATCH (r:Region {code: $code}) RETURN r.name, count(*) AS n").parameters
('code',)
>>> check_read_only("MATCH (r:Region) RETURN r.name, count(*) AS n").return_columns
('r.name', 'n')
>>> check_read_only("MATCH (r:Region) WHERE r.name = 'COPY' RETURN r")  # doctest: +ELLIPSIS
CheckedQuery(...)
>>> check_read_only("COPY (MATCH (r:Region) RETURN r.name) TO '/tmp/x.csv'")
Traceback (most recent call last):
...
kg.errors.QueryError: refused: COPY … TO writes a file; kg cypher runs reading queries only (see docs/cypher.md)
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kg.errors import QueryError

__all__ = [
    "Token",
    "CheckedQuery",
    "SAFE_CALLS",
    "REFUSED_WORDS",
    "READING_STARTS",
    "tokenize",
    "check_read_only",
    "bind_parameters",
]

# Table functions that only read the catalog (``CALL show_tables() RETURN *``). Not here, among
# others: READ_CSV_*/READ_PARQUET/READ_NPY/READ_PANDAS (read files), FILE_INFO, DISK_INFO,
# STORAGE_INFO, BM_INFO, FSM_INFO, STATS_INFO (storage internals), PROJECT_GRAPH*,
# DROP_PROJECTED_GRAPH, CLEAR_WARNINGS (change state), CURRENT_SETTING (shows local paths).
SAFE_CALLS = frozenset({"show_tables", "table_info", "show_connection", "show_functions", "show_indexes",
                        "db_version"})

READING_STARTS = frozenset({"match", "optional", "with", "unwind", "return", "call"})
_PREFIXES = frozenset({"explain", "profile"})

# Words that never occur in a reading query, with the statement kind a refusal names.
REFUSED_WORDS: dict[str, str] = {
    "create": "CREATE writes to the database",
    "merge": "MERGE writes to the database",
    "set": "SET writes to the database",
    "delete": "DELETE writes to the database",
    "remove": "REMOVE writes to the database",
    "drop": "DROP changes the schema",
    "alter": "ALTER changes the schema",
    "rename": "RENAME changes the schema",
    "comment": "COMMENT ON changes the schema",
    "foreach": "FOREACH writes to the database",
    "copy": "COPY reads or writes files",
    "load": "LOAD reads a file or loads an extension",
    "install": "INSTALL downloads an extension",
    "uninstall": "UNINSTALL removes an extension",
    "update": "UPDATE changes an extension",
    "attach": "ATTACH opens another database",
    "detach": "DETACH closes an attached database",
    "use": "USE switches to another database",
    "checkpoint": "CHECKPOINT writes the database file",
    "import": "IMPORT DATABASE writes to the database",
    "export": "EXPORT DATABASE writes files",
    "begin": "BEGIN TRANSACTION controls transactions",
    "commit": "COMMIT controls transactions",
    "rollback": "ROLLBACK controls transactions",
    "nextval": "nextval() advances a sequence",
}

_SEE = "kg cypher runs reading queries only (see docs/cypher.md)"
_CLAUSE_END = frozenset({"order", "skip", "limit", "union"})


@dataclass(frozen=True)
class Token:
    """One lexical token of a Cypher text.

    Attributes:
        kind: ``word`` (unquoted name or keyword), ``name`` (backtick-quoted), ``string``,
            ``number``, ``param`` (``$name``; ``text`` is the name), ``comment`` or ``symbol``.
        text: The token's value (a backtick name or a parameter without its quoting).
        start: Offset of the token's first character in the query text.
        end: Offset just past the token.
    """

    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class CheckedQuery:
    """A statement that passed :func:`check_read_only`.

    Attributes:
        text: The statement with its comments blanked and any trailing ``;`` removed.
        parameters: The ``$names`` it uses, in order of first use.
        return_columns: The column names Neo4j gives its final ``RETURN`` (alias, else the
            expression as written), or empty for ``RETURN *`` and statements without one.
    """

    text: str
    parameters: tuple[str, ...]
    return_columns: tuple[str, ...]


_WORD = re.compile(r"[^\W\d]\w*")
_NUMBER = re.compile(r"\d\w*(?:\.\d+)?(?:[eE][+-]?\d+)?")


def _line_col(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    return f"line {line}, column {offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


def _quoted(text: str, start: int, quote: str, what: str) -> tuple[str, int]:
    """Return the content of the quoted token at ``start`` and the offset past it."""
    i, out = start + 1, []
    while i < len(text):
        char = text[i]
        if quote == "`":
            if char == "`":
                if text.startswith("``", i):
                    out.append("`")
                    i += 2
                    continue
                return "".join(out), i + 1
        elif char == "\\":
            out.append(text[i:i + 2])
            i += 2
            continue
        elif char == quote:
            return "".join(out), i + 1
        out.append(char)
        i += 1
    raise QueryError(f"unterminated {what} starting at {_line_col(text, start)}")


def tokenize(text: str) -> list[Token]:
    """Split a Cypher text into tokens, comments included.

    Raises:
        QueryError: An unterminated string, backtick name or ``/*`` comment, or a ``$`` that
            names no parameter.
    """
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif text.startswith("//", i):
            newline = re.compile(r"[\n\r]").search(text, i)
            end = len(text) if newline is None else newline.start()
            tokens.append(Token("comment", text[i:end], i, end))
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise QueryError(f"unterminated /* comment starting at {_line_col(text, i)}")
            tokens.append(Token("comment", text[i:end + 2], i, end + 2))
            i = end + 2
        elif char in "'\"":
            value, end = _quoted(text, i, char, "string")
            tokens.append(Token("string", value, i, end))
            i = end
        elif char == "`":
            value, end = _quoted(text, i, "`", "backtick name")
            tokens.append(Token("name", value, i, end))
            i = end
        elif char == "$":
            if text.startswith("`", i + 1):
                value, end = _quoted(text, i + 1, "`", "backtick name")
            else:
                match = re.compile(r"\w+").match(text, i + 1)
                if match is None:
                    raise QueryError(f"'$' without a parameter name at {_line_col(text, i)}")
                value, end = match.group(), match.end()
            tokens.append(Token("param", value, i, end))
            i = end
        elif (word := _WORD.match(text, i)) is not None:
            tokens.append(Token("word", word.group(), i, word.end()))
            i = word.end()
        elif (number := _NUMBER.match(text, i)) is not None:
            tokens.append(Token("number", number.group(), i, number.end()))
            i = number.end()
        else:
            tokens.append(Token("symbol", char, i, i + 1))
            i += 1
    return tokens


def _is_word(token: Token | None, *words: str) -> bool:
    return token is not None and token.kind == "word" and token.text.lower() in words


def _property_key(tokens: Sequence[Token], index: int) -> bool:
    """Whether the word at ``index`` is a property key: ``n.set``, ``r.`copy```, ``map.load``."""
    if index < 2 or tokens[index - 1].kind != "symbol" or tokens[index - 1].text != ".":
        return False
    owner = tokens[index - 2]
    return owner.kind in ("word", "name", "param") or (owner.kind == "symbol" and owner.text in ")]}")


def _refusal(kind: str) -> QueryError:
    return QueryError(f"refused: {kind}; {_SEE}")


def _kind(tokens: Sequence[Token], index: int) -> str:
    """Name the statement kind of the refused word at ``index`` (``COPY … TO``, ``LOAD FROM``…)."""
    word = tokens[index].text.lower()
    following = [t.text.lower() for t in tokens[index + 1:] if t.kind == "word"]
    after = following[0] if following else ""
    if word == "copy":
        direction = next((w for w in following if w in ("from", "to")), "")
        return {"to": "COPY … TO writes a file", "from": "COPY … FROM reads a file into the database"}.get(
            direction, REFUSED_WORDS[word])
    if word == "load":
        if after == "csv":
            return "LOAD CSV reads a file"
        if after != "extension" and "from" in following:
            return "LOAD FROM reads a file"
        return "LOAD EXTENSION loads native code"
    if word == "detach" and after == "delete":
        return "DETACH DELETE writes to the database"
    return REFUSED_WORDS[word]


def _check_call(tokens: Sequence[Token], index: int) -> None:
    name = tokens[index + 1] if index + 1 < len(tokens) else None
    after = tokens[index + 2] if index + 2 < len(tokens) else None
    if name is None or name.kind not in ("word", "name"):
        raise _refusal("CALL { … } subqueries are not supported by the embedded database")
    if after is not None and after.text == "=":
        raise _refusal(f"CALL {name.text}=… changes a setting")
    if after is not None and after.text == ".":
        raise _refusal(f"CALL {name.text}.… is a Neo4j procedure; the embedded database has none "
                       f"(use CALL show_tables() or CALL table_info('Label'))")
    if name.text.lower() not in SAFE_CALLS or after is None or after.text != "(":
        allowed = ", ".join(f"{n}()" for n in sorted(SAFE_CALLS))
        raise _refusal(f"CALL {name.text} is not a known read-only function (allowed: {allowed})")


def _return_columns(text: str, tokens: Sequence[Token]) -> tuple[str, ...]:
    """Return Neo4j's column names for the last top-level RETURN of ``tokens`` (no comments)."""
    depth, last = 0, -1
    for i, token in enumerate(tokens):
        if token.kind == "symbol" and token.text in "([{":
            depth += 1
        elif token.kind == "symbol" and token.text in ")]}":
            depth -= 1
        elif depth == 0 and _is_word(token, "return"):
            last = i
    if last < 0:
        return ()
    items: list[list[Token]] = [[]]
    depth = 0
    start = last + 1
    if _is_word(tokens[start] if start < len(tokens) else None, "distinct"):
        start += 1
    for token in tokens[start:]:
        if token.kind == "symbol" and token.text in "([{":
            depth += 1
        elif token.kind == "symbol" and token.text in ")]}":
            depth -= 1
        if depth == 0 and (_is_word(token, *_CLAUSE_END) or token.text == ";" and token.kind == "symbol"):
            break
        if depth == 0 and token.kind == "symbol" and token.text == ",":
            items.append([])
            continue
        items[-1].append(token)
    columns = []
    for item in items:
        if not item or (len(item) == 1 and item[0].text == "*" and item[0].kind == "symbol"):
            return ()
        if len(item) >= 3 and _is_word(item[-2], "as") and item[-1].kind in ("word", "name"):
            columns.append(item[-1].text)
        else:
            columns.append(text[item[0].start:item[-1].end])
    return tuple(columns)


def check_read_only(text: str) -> CheckedQuery:
    """Check that ``text`` is one reading Cypher statement; return it ready to run.

    Raises:
        QueryError: The text is empty, holds several statements, does not start with a reading
            clause, or uses a writing, file, extension, database or setting statement.
    """
    everything = tokenize(text)
    tokens = [t for t in everything if t.kind != "comment"]
    if tokens and tokens[-1].kind == "symbol" and tokens[-1].text == ";":
        tokens = tokens[:-1]
    if not tokens:
        raise QueryError("empty Cypher query")
    for i, token in enumerate(tokens):
        if token.kind == "word" and not _property_key(tokens, i) and token.text.lower() in REFUSED_WORDS:
            raise _refusal(_kind(tokens, i))
    semicolon = next((t for t in tokens if t.kind == "symbol" and t.text == ";"), None)
    if semicolon is not None:
        raise QueryError(f"run one Cypher statement at a time (found ';' at {_line_col(text, semicolon.start)})")
    first = 0
    while first < len(tokens) and _is_word(tokens[first], *_PREFIXES):
        first += 1
    if first == len(tokens) or not _is_word(tokens[first], *READING_STARTS):
        shown = tokens[first].text if first < len(tokens) else tokens[-1].text
        raise _refusal(f"a statement starting with {shown!r} is not a reading query "
                       "(start with MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN or CALL)")
    for i, token in enumerate(tokens):
        if _is_word(token, "call") and not _property_key(tokens, i):
            _check_call(tokens, i)
    # Blank the comments (newlines kept, so the engine's line numbers still match).
    chars = list(text[:tokens[-1].end])
    for token in everything:
        if token.kind == "comment" and token.start < len(chars):
            for k in range(token.start, min(token.end, len(chars))):
                if chars[k] != "\n":
                    chars[k] = " "
    parameters = tuple(dict.fromkeys(t.text for t in tokens if t.kind == "param"))
    columns = _return_columns(text, tokens) if first == 0 else ()  # EXPLAIN/PROFILE answer with the plan
    return CheckedQuery(text="".join(chars), parameters=parameters, return_columns=columns)


def bind_parameters(query: CheckedQuery, given: Mapping[str, Any] | None) -> dict[str, Any]:
    """Return the values of the parameters ``query`` uses, as Neo4j binds them.

    A parameter the text uses but ``given`` lacks is an error (Neo4j: "Expected parameter(s)");
    given values the text does not use are ignored, as Neo4j ignores them.

    >>> q = check_read_only("MATCH (r:Region) WHERE r.name = $name RETURN r")
    >>> bind_parameters(q, {"name": "Kota Batu", "unused": 1})
    {'name': 'Kota Batu'}
    >>> bind_parameters(q, {})
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: missing Cypher parameter $name: the query uses it but no value was given (kg cypher -p name=VALUE)

    Raises:
        QueryError: A parameter is used but not given.
    """
    values = dict(given or {})
    missing = [name for name in query.parameters if name not in values]
    if missing:
        names = ", ".join(f"${name}" for name in missing)
        hint = " ".join(f"-p {name}=VALUE" for name in missing)
        plural = "s" if len(missing) > 1 else ""
        raise QueryError(f"missing Cypher parameter{plural} {names}: the query uses "
                         f"{'them' if plural else 'it'} but no value was given (kg cypher {hint})")
    return {name: values[name] for name in query.parameters}
