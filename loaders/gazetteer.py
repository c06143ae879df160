"""Load the gazetteer into its own named graph: all 552 regions, and the places records use.

Every region (province, regency, city) is written. Places below the regency (kecamatan, desa,
kelurahan) are written **only when a record references them**, together with their parent
chain (the kecamatan of a desa, the regency or city, which is always there): the Kemendagri list
has about 91,000 of them, and writing them all would make every build carry 400,000 triples
nobody asked for. :func:`emit_places` takes the codes the records reference.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.term import Node
from rdflib.namespace import PROV, RDF, SKOS, XSD

from kg.dataset import TripleBuffer as TripleSink
from kg.gazetteer import GAZETTEER_SOURCE_NAME, Gazetteer
from kg.places import PlaceIndex, places
from kg.vocab import ID, JJ, SOURCE

__all__ = ["GAZETTEER_GRAPH", "emit_gazetteer", "emit_places", "place_codes_in", "place_iri", "region_iri_for_code"]

GAZETTEER_GRAPH = SOURCE["kemendagri-wilayah"]

_KIND_CLASS = {"province": JJ.Province, "regency": JJ.Regency, "city": JJ.City}
_PLACE_CLASS = {"kecamatan": JJ.Kecamatan, "desa": JJ.Desa, "kelurahan": JJ.Kelurahan}


def region_iri_for_code(code: str) -> URIRef:
    """Return the stable IRI of the region with this Kemendagri code."""
    return ID[f"region/{code}"]


def place_iri(code: str) -> URIRef:
    """Return the stable IRI of the kecamatan, desa or kelurahan with this Kemendagri code.

    >>> str(place_iri("35.72.01.1001")).endswith("/place/35.72.01.1001")
    True
    """
    return ID[f"place/{code}"]


def place_codes_in(triples: Iterable[tuple[Node, Node, Node]]) -> set[str]:
    """Return the codes of the places that ``triples`` (e.g. a record graph) mention.

    A build passes the result to :func:`emit_places`, so that exactly the referenced places
    (and their kecamatan) enter the gazetteer graph.

    >>> place_codes_in([(URIRef("urn:x"), URIRef("urn:at"), place_iri("32.08.19.2007"))])
    {'32.08.19.2007'}
    """
    prefix = str(place_iri(""))
    return {str(term)[len(prefix):] for triple in triples for term in triple
            if isinstance(term, URIRef) and str(term).startswith(prefix)}


def emit_gazetteer(regions: Gazetteer, graph: TripleSink) -> None:
    """Write every region, with codes, province, aliases and coordinates, into ``graph``."""
    add = graph.add
    add((GAZETTEER_GRAPH, RDF.type, JJ.Gazetteer))
    add((GAZETTEER_GRAPH, JJ.name, Literal(GAZETTEER_SOURCE_NAME)))
    for region in regions:
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


def emit_places(codes: Iterable[str], graph: TripleSink, index: PlaceIndex | None = None) -> list[str]:
    """Write the referenced places and their kecamatan into ``graph`` (the gazetteer graph).

    Each place gets its kind class (jj:Kecamatan, jj:Desa, jj:Kelurahan), name, Kemendagri
    code, the regency or city it lies in (``jj:withinRegion``), the kecamatan of a desa or
    kelurahan (``jj:partOfPlace``) and its curated aliases (``skos:altLabel``).

    Args:
        codes: Kemendagri codes of kecamatan, desa or kelurahan that records reference.
        graph: The sink of the gazetteer named graph.
        index: The place index; the packaged one by default.

    Returns:
        The codes written, parents included, sorted.

    Raises:
        GazetteerError: A code names no place.
    """
    index = index or places()
    wanted: set[str] = set()
    for code in codes:
        place = index.get(code)
        wanted.add(place.code)
        if place.kind != "kecamatan":
            wanted.add(place.parent_code)
    add = graph.add
    for code in sorted(wanted):
        place = index.get(code)
        iri = place_iri(code)
        add((iri, RDF.type, _PLACE_CLASS[place.kind]))
        add((iri, JJ.name, Literal(place.name)))
        add((iri, JJ.kemendagriCode, Literal(place.code)))
        add((iri, JJ.withinRegion, region_iri_for_code(place.regency_code)))
        add((iri, PROV.wasDerivedFrom, GAZETTEER_GRAPH))
        if place.kind != "kecamatan":
            add((iri, JJ.partOfPlace, place_iri(place.parent_code)))
        for alias in index.aliases_of(code):
            add((iri, SKOS.altLabel, Literal(alias)))
    return sorted(wanted)
