"""One exception tree for every error a user can cause."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "KGError",
    "RecordError",
    "RecordProblem",
    "OntologyError",
    "GazetteerError",
    "QueryError",
    "MirrorError",
    "ValidationFailed",
    "BuildError",
]


class KGError(Exception):
    """Base of every error Jejaring raises for bad input or a bad request."""

    exit_code = 1


@dataclass(frozen=True)
class RecordProblem:
    """One problem in one record file, with the line it was found on."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class RecordError(KGError):
    """A record file (or several) failed validation; every problem is listed."""

    def __init__(self, problems: Sequence[RecordProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class OntologyError(KGError):
    """The ontology files are missing a term the code relies on, or do not parse."""


class GazetteerError(KGError):
    """A region name could not be resolved to exactly one official region."""

    def __init__(self, message: str, *, candidates: Sequence[tuple[str, str]] = ()) -> None:
        self.candidates = list(candidates)
        if self.candidates:
            listed = "; ".join(f"{name} {code}" for code, name in self.candidates)
            message = f"{message} (candidates: {listed})"
        super().__init__(message)


class QueryError(KGError):
    """A question, its parameters or an ad-hoc query was refused."""

    exit_code = 2


class MirrorError(KGError):
    """The property-graph mirror (embedded database or Neo4j) failed."""


class ValidationFailed(KGError):
    """SHACL validation found violations."""


class BuildError(KGError):
    """A build folder is missing, incomplete, corrupt or out of date, or cannot be written."""
