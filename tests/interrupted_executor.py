"""An executor that dies after k batches, like a dropped connection: for tests of interrupted pushes."""

from __future__ import annotations

from typing import Any

from kg.sync import Batch, Executor


class Interrupted(Exception):
    """Raised where the connection 'dropped'."""


class FailingAfter:
    """Passes ``k`` batches to ``inner`` (LadybugDB or Neo4j), then raises :class:`Interrupted`."""

    def __init__(self, inner: Executor, k: int) -> None:
        self.inner, self.left = inner, k

    def run(self, batch: Batch) -> None:
        if self.left == 0:
            raise Interrupted
        self.left -= 1
        self.inner.run(batch)

    def query(self, cypher: str, parameters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return self.inner.query(cypher, parameters)
