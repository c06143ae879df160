"""Read YAML safely while keeping the line of every key and item.

PyYAML's safe composer gives nodes with marks; this module turns them into plain Python
values plus a table from the path of each value (``("events", "visit", "date")``) to its
line, and rejects duplicate keys, which plain ``yaml.safe_load`` silently overwrites.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.errors import RecordError, RecordProblem

__all__ = ["MarkedDocument", "read_marked_yaml"]

PathKey = tuple[str | int, ...]

_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class MarkedDocument:
    """A YAML document's value and the line of each of its parts."""

    path: Path
    value: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line_of(self, location: PathKey) -> int:
        """Return the line of ``location``, or of its nearest ancestor that has one."""
        loc = tuple(location)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


_STR_TAG = "tag:yaml.org,2002:str"


def _convert(loader: yaml.SafeLoader, node: yaml.Node, where: PathKey, doc: MarkedDocument,
             problems: list[RecordProblem]) -> Any:
    doc.lines.setdefault(where, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            # a plain string is what the constructor would make of it, without its bookkeeping
            key = key_node.value if key_node.tag == _STR_TAG else loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in result:
                problems.append(RecordProblem(doc.path, line, f"duplicate key {key!r}"))
                continue
            doc.lines[where + (key,)] = line
            if value_node.tag == _STR_TAG:  # its line is the key's, as _convert would note
                result[key] = value_node.value
            else:
                result[key] = _convert(loader, value_node, where + (key,), doc, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(loader, item, where + (index,), doc, problems)
            for index, item in enumerate(node.value)
        ]
    if node.tag == _STR_TAG:
        return node.value
    return loader.construct_object(node, deep=True)


def read_marked_yaml(path: Path, text: str | None = None) -> MarkedDocument:
    """Read one YAML file with line marks.

    Args:
        path: The file.
        text: Its text, when the caller has already read it (``path`` then only names it).

    Raises:
        RecordError: The file cannot be read, is not YAML, or repeats a key.
    """
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RecordError([RecordProblem(path, 1, f"cannot read the file: {exc}")]) from exc
    # libyaml's CSafeLoader keeps the same marks and parses several times faster
    loader = _SAFE_LOADER(text)
    doc = MarkedDocument(path=path, value=None)
    problems: list[RecordProblem] = []
    try:
        node = loader.get_single_node()
        if node is not None:
            doc.value = _convert(loader, node, (), doc, problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise RecordError([RecordProblem(path, line, f"not valid YAML: {exc.problem or exc}")]) from exc
    finally:
        loader.dispose()
    if problems:
        raise RecordError(problems)
    return doc
