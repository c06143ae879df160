"""``kg vocab NAME``: list a controlled vocabulary records may use.

Register with ``cli.add_command(vocab_command)``. Each row is one term: the id a record may
write, its Indonesian and English labels, the broader term and every other label (all of
them are accepted in records). ``--search`` keeps the terms whose id or a label contains the
text.
"""

from __future__ import annotations

from typing import Any

import click

__all__ = ["vocab_command", "vocabulary_rows", "VOCABULARIES"]

#: Command word → families of :data:`kg.ontology.FAMILIES` it lists.
VOCABULARIES = {
    "roles": ("role",),
    "sectors": ("sector",),
    "organization-kinds": ("organization kind",),
    "event-kinds": ("event kind",),
    "agreement-kinds": ("agreement kind",),
    "statuses": ("agreement status", "event status", "acting qualifier"),
    "cooperation-types": ("cooperation type",),
}
COLUMNS = ("id", "label_id", "label_en", "broader", "other_labels", "applies_to")


def vocabulary_rows(name: str, search: str | None = None) -> list[dict[str, Any]]:
    """Return the rows of vocabulary ``name`` (a key of :data:`VOCABULARIES`), sorted by id.

    Raises:
        KeyError: ``name`` is not a vocabulary.
    """
    from rdflib.namespace import RDFS, SKOS

    from kg.ontology import normalize_term, ontology_graph, vocabulary

    graph, vocab = ontology_graph(), vocabulary()
    rows: list[dict[str, Any]] = []
    for family in VOCABULARIES[name]:
        for ident, iri in vocab.table(family).items():
            labels: dict[str, str] = {}
            for predicate in (SKOS.prefLabel, RDFS.label):
                for value in graph.objects(iri, predicate):
                    labels.setdefault(getattr(value, "language", None) or "id", str(value))
            taken = {value.casefold() for value in labels.values()} | {ident}
            others = sorted({str(v) for v in graph.objects(iri, SKOS.altLabel) if str(v).casefold() not in taken},
                            key=str.casefold)
            broader = vocab.broader.get(iri)
            if broader is None and family.endswith("kind"):
                parents = [p for p in graph.objects(iri, RDFS.subClassOf) if p in vocab.table(family).values()]
                broader = parents[0] if parents else None  # type: ignore[assignment]
            row = {
                "id": ident, "label_id": labels.get("id", ""), "label_en": labels.get("en", ""),
                "broader": vocab.id_of(family, broader) if broader is not None else "",
                "other_labels": ", ".join(others), "applies_to": family,
            }
            if search is not None:
                wanted = normalize_term(search)
                words = [ident, row["label_id"], row["label_en"], *others]
                if not any(wanted in normalize_term(word) for word in words):
                    continue
            rows.append(row)
    return sorted(rows, key=lambda r: (r["applies_to"], r["id"]))


@click.command("vocab")
@click.argument("name", type=click.Choice(sorted(VOCABULARIES)))
@click.option("--search", default=None, help="Only terms whose id or a label contains this text.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="Output format.")
def vocab_command(name: str, search: str | None, fmt: str) -> None:
    """List a vocabulary records may use: roles, sectors, kinds, statuses.

    Records may write a term by its id or by any of its labels.

    Example: kg vocab roles --search asisten
    """
    from kg.formatting import format_rows

    rows = vocabulary_rows(name, search)
    columns = [c for c in COLUMNS if c != "applies_to" or name == "statuses"]
    click.echo(format_rows(rows, columns, fmt), nl=False)
    if fmt == "table":
        click.echo(f"{len(rows)} term(s)", err=True)
