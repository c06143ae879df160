"""``kg describe THING``: one entity's page, as text, JSON or Markdown (see :mod:`kg.describe`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from kg.cli.options import build_dir_option

__all__ = ["describe_command", "render_text", "render_markdown"]


def _target_text(fact: dict[str, Any]) -> str:
    if "target" in fact:
        target = fact["target"]
        kind = target["kind_label"] or target["kind"] or "?"
        return f"{target['label']} ({kind})" if target["label"] else kind
    value = fact.get("value_label", fact.get("value"))
    return json.dumps(value, ensure_ascii=False) if isinstance(value, bool) else str(value)


def _refs(fact: dict[str, Any], numbers: dict[str, int]) -> str:
    marks = []
    for source in fact["sources"]:
        numbers.setdefault(source["iri"], len(numbers) + 1)
        marks.append(f"[{numbers[source['iri']]}]")
    return " ".join(marks)


def _fact_lines(fact: dict[str, Any], numbers: dict[str, int], indent: str, markdown: bool,
                shown: set[str]) -> list[str]:
    status = f" — status: {fact['status_label']}" if "status" in fact else ""
    bullet = "- " if markdown else "• "
    lines = [f"{indent}{bullet}{_target_text(fact)}{status} {_refs(fact, numbers)}".rstrip()]
    target = fact.get("target", {}).get("iri")
    if target in shown and fact.get("qualifiers"):
        return lines + [f"{indent}  {bullet}(see above)"]
    if target:
        shown.add(target)
    for qualifier in fact.get("qualifiers", []):
        if qualifier["relation"] == "name":
            continue  # the label, already shown
        sub = f"{qualifier['label']}: {_target_text(qualifier)}"
        q_status = f" — status: {qualifier['status_label']}" if "status" in qualifier else ""
        lines.append(f"{indent}  {bullet}{sub}{q_status} {_refs(qualifier, numbers)}".rstrip())
        for inner in qualifier.get("qualifiers", []):
            lines.append(f"{indent}    {bullet}{inner['label']}: {_target_text(inner)} {_refs(inner, numbers)}".rstrip())
    return lines


def _source_line(number: int, source: dict[str, Any]) -> str:
    parts = [f'"{source["title"]}"' if source["title"] else source["iri"]]
    parts += [str(source[k]) for k in ("publisher", "date", "url") if source.get(k)]
    return f"[{number}] " + ", ".join(parts)


def render_text(page: dict[str, Any]) -> str:
    """Render :func:`kg.describe.to_dict` output as plain text: header, grouped facts, sources."""
    numbers: dict[str, int] = {}
    shown: set[str] = set()
    lines = [f"{page['label'] or page['iri']} ({page['kind_label'] or page['kind']})", f"  {page['iri']}"]
    lines += [f"  {key}: {value}" for key, value in page["identifiers"].items()]
    for group in page["statements"]:
        lines.append("")
        lines.append(group["label"])
        for fact in group["facts"]:
            lines += _fact_lines(fact, numbers, "  ", markdown=False, shown=shown)
    lines.append("")
    lines.append("Sources" if page["lang"] == "en" else "Sumber")
    by_iri = _sources_by_iri(page)
    lines += [_source_line(n, by_iri[iri]) for iri, n in numbers.items()]
    return "\n".join(lines) + "\n"


def render_markdown(page: dict[str, Any]) -> str:
    """Render :func:`kg.describe.to_dict` output as Markdown: a heading per relation, footnoted sources."""
    numbers: dict[str, int] = {}
    shown: set[str] = set()
    lines = [f"# {page['label'] or page['iri']}", "", f"*{page['kind_label'] or page['kind']}* — <{page['iri']}>", ""]
    if page["identifiers"]:
        lines += [f"- **{key}**: `{value}`" for key, value in page["identifiers"].items()] + [""]
    for group in page["statements"]:
        lines += [f"## {group['label']}", ""]
        for fact in group["facts"]:
            lines += _fact_lines(fact, numbers, "", markdown=True, shown=shown)
        lines.append("")
    lines += ["## " + ("Sources" if page["lang"] == "en" else "Sumber"), ""]
    by_iri = _sources_by_iri(page)
    lines += [f"{_source_line(n, by_iri[iri])}  " for iri, n in numbers.items()]
    return "\n".join(lines) + "\n"


def _sources_by_iri(page: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}

    def walk(fact: dict[str, Any]) -> None:
        for source in fact["sources"]:
            found[source["iri"]] = source
        for qualifier in fact.get("qualifiers", []):
            walk(qualifier)
    for group in page["statements"]:
        for fact in group["facts"]:
            walk(fact)
    return found


@click.command("describe")
@click.argument("thing")
@build_dir_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="Output format.")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True,
              help="Language of relation and kind labels.")
@click.option("--engine", type=click.Choice(["sparql", "cypher"]), default="sparql", show_default=True,
              help="sparql: the Oxigraph store; cypher: the embedded property graph (same facts).")
def describe_command(thing: str, build_dir: Path, fmt: str, lang: str, engine: str) -> None:
    """Everything the graph states about THING, grouped by relation, with status and sources.

    THING is a region, place, person, organization, event, agreement, program, product or
    source: a name, alias or Kemendagri code, a label, or an IRI (region:61.71 works too).
    An ambiguous name exits 2 and lists the candidates; an unknown one exits 1 with
    suggestions.

    Example: kg describe "Kota Pontianak" --format json
    """
    from kg.build import open_build
    from kg.describe import describe, to_dict

    page = to_dict(describe(open_build(build_dir), thing, engine=engine, lang=lang))  # type: ignore[arg-type]
    if fmt == "json":
        click.echo(json.dumps(page, ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        click.echo(render_markdown(page), nl=False)
    else:
        click.echo(render_text(page), nl=False)
