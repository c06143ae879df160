"""Load the gazetteer (all 552 official regions) into its own named graph."""

from __future__ import annotations

from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from kg.dataset import TripleBuffer as TripleSink
from kg.gazetteer import GAZETTEER_SOURCE_NAME, Gazetteer
from kg.vocab import ID, JJ, SOURCE

__all__ = ["GAZETTEER_GRAPH", "emit_gazetteer", "region_iri_for_code"]

GAZETTEER_GRAPH = SOURCE["kemendagri-wilayah"]

_KIND_CLASS = {"province": JJ.Province, "regency": JJ.Regency, "city": JJ.City}


def region_iri_for_code(code: str) -> URIRef:
    """Return the stable IRI of the region with this Kemendagri code."""
    return ID[f"region/{code}"]


def emit_gazetteer(places: Gazetteer, graph: TripleSink) -> None:
    """Write every region, with codes, province, aliases and coordinates, into ``graph``."""
    add = graph.add
    add((GAZETTEER_GRAPH, RDF.type, JJ.Gazetteer))
    add((GAZETTEER_GRAPH, JJ.name, Literal(GAZETTEER_SOURCE_NAME)))
    for region in places:
        iri = region_iri_for_code(region.code)
        add((iri, RDF.type, _KIND_CLASS[region.kind]))
        add((iri, JJ.name, Literal(region.name)))
        add((iri, JJ.officialName, Literal(region.name)))
        add((iri, JJ.kemendagriCode, Literal(region.code)))
        add((iri, PROV.wasDerivedFrom, GAZETTEER_GRAPH))
        if region.province_code is not None:
            add((iri, JJ.inProvince, region_iri_for_code(region.province_code)))
        if region.iso_code is not None:
            add((iri, JJ.iso3166Code, Literal(region.iso_code)))
        for alias in region.aliases:
            add((iri, JJ.alias, Literal(alias)))
        if region.latitude is not None and region.longitude is not None:
            add((iri, JJ.latitude, Literal(Decimal(f"{region.latitude:.4f}"), datatype=XSD.decimal)))
            add((iri, JJ.longitude, Literal(Decimal(f"{region.longitude:.4f}"), datatype=XSD.decimal)))
