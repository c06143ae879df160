"""Warnings about people who may be merged or split by mistake across records.

The identity rule (documented in ``docs/curating.md``): a person with ``key:`` is the same
person as every other person with that key; a person without a key is identified by their
name, so the same name in two records is one person. Neither case is silent:

* people of one name without keys whose posts lie in different regions are listed — they are
  merged, and may be two people;
* a name used with a key in one record and without a key in another is listed — they are
  split, and may be one person (a key equal to the name's slug, ``ridwan-kamil`` for Ridwan
  Kamil, is the identity the name already gives, so it joins them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kg.errors import RecordProblem

from .record_rdf import slug

if TYPE_CHECKING:
    from .records import LoadedRecord

__all__ = ["identity_warnings"]


def _regions_of(item: LoadedRecord, pid: str) -> set[str]:
    person = item.record.people[pid]
    names: set[str] = set()
    for index, post in enumerate(person.posts):
        region = None
        if post.organization is not None:
            region = item.regions.get(("organizations", post.organization, "region"))
        if region is None:
            region = item.regions.get(("people", pid, "posts", index, "region"))
        if region is not None:
            names.add(region.name)
    return names


def identity_warnings(items: Iterable[LoadedRecord]) -> list[RecordProblem]:
    """Return one warning per name that may merge two people or split one person.

    Each warning is placed at the first occurrence and lists every other ``file:line``.
    """
    unkeyed: dict[str, list[tuple[LoadedRecord, str, set[str]]]] = defaultdict(list)
    keyed: dict[str, list[tuple[LoadedRecord, str, str]]] = defaultdict(list)
    for item in items:
        for pid, person in item.record.people.items():
            if person.name is None:
                continue
            if person.key is None:
                unkeyed[slug(person.name)].append((item, pid, _regions_of(item, pid)))
            elif person.key != slug(person.name):  # a key equal to the name's slug is the name's own identity
                keyed[slug(person.name)].append((item, pid, person.key))

    def where(item: LoadedRecord, pid: str) -> str:
        return f"{item.path}:{item.document.line_of(('people', pid))}"

    warnings: list[RecordProblem] = []
    for name_slug, found in sorted(unkeyed.items()):
        regions = set().union(*(r for _, _, r in found))
        if len({item.path for item, _, _ in found}) > 1 and len(regions) > 1:
            first, pid, _ = found[0]
            listed = "; ".join(f"{where(i, p)} ({', '.join(sorted(r)) or 'no region'})" for i, p, r in found)
            name = first.record.people[pid].name
            warnings.append(RecordProblem(first.path, first.document.line_of(("people", pid)),
                                          f"warning: {name!r} without key: is one person across {listed}; "
                                          "if they are different people give each a key:"))
        if name_slug in keyed:
            first, pid, _ = found[0]
            keys = sorted({k for _, _, k in keyed[name_slug]})
            others = "; ".join(f"{where(i, p)} (key {k})" for i, p, k in keyed[name_slug])
            name = first.record.people[pid].name
            warnings.append(RecordProblem(first.path, first.document.line_of(("people", pid)),
                                          f"warning: {name!r} has no key: here but key {', '.join(keys)} at {others}; "
                                          "add the same key: if it is the same person, another key if not"))
    return warnings
