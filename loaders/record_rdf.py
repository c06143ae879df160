"""Turn one validated record into triples in its source's named graph.

Every entity gets ``prov:wasDerivedFrom`` its source. Simple roles are direct triples
(``event jj:receivedBy person``); when someone acts on behalf of someone else or in a stated
capacity, a ``jj:Participation`` node says so as well. Each party of an agreement with a
signatory or a signing state gets a ``jj:AgreementParty`` node; lifecycle steps are
``jj:StatusChange`` nodes; sums of money ``jj:MonetaryAmount`` nodes. The emitter also notes,
for every IRI it mints, the record path it came from, so SHACL results point to a line.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib import namespace as _namespaces

from kg import vocab as _vocab
from kg.gazetteer import Region
from kg.ontology import Vocabulary
from kg.vocab import ID, ROLE, SECTOR

from .gazetteer import place_iri, region_iri_for_code
from .record_refs import REGION_BOUND_NAMES
from .record_schema import DateSpec, GroupSpec, PlaceSpec, RefSpec
from .yaml_marks import PathKey

if TYPE_CHECKING:
    from kg.dataset import TripleBuffer as TripleSink

    from .records import LoadedRecord

__all__ = ["RecordEmitter", "slug", "region_iri", "add_duration", "SIGNED_STATUSES"]


class _Terms:
    """A vocabulary's terms by attribute, each looked up once (rdflib checks every lookup)."""

    def __init__(self, namespace: object) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term: URIRef = getattr(self._namespace, name)
        setattr(self, name, term)
        return term


JJ = _Terms(_vocab.JJ)
PROV, RDF, RDFS, SKOS, XSD = (_Terms(ns) for ns in (_namespaces.PROV, _namespaces.RDF, _namespaces.RDFS,
                                                    _namespaces.SKOS, _namespaces.XSD))

#: Agreement statuses at which the document has been signed by all parties.
SIGNED_STATUSES = frozenset({"signed", "handed-over", "in-force", "extended", "amended", "expired", "terminated"})


def slug(text: str) -> str:
    """Return a lowercase ASCII identifier for ``text``.

    >>> slug("Leontinus Alpha Edison")
    'leontinus-alpha-edison'
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "x"


def region_iri(region: Region) -> URIRef:
    """Return the stable IRI of a region, derived from its Kemendagri code."""
    return region_iri_for_code(region.code)


def add_duration(day: dt.date, duration: str) -> dt.date:
    """Return the last day of a term of ``duration`` (ISO 8601) starting on ``day``.

    >>> add_duration(dt.date(2025, 5, 6), "P5Y"), add_duration(dt.date(2023, 8, 11), "P7D")
    (datetime.date(2030, 5, 5), datetime.date(2023, 8, 17))
    """
    parts = {unit: int(number) for number, unit in re.findall(r"(\d+)([YMWD])", duration.split("T", 1)[0])}
    years, months = parts.get("Y", 0), parts.get("M", 0)
    month_index = day.month - 1 + months
    year = day.year + years + month_index // 12
    month = month_index % 12 + 1
    moved = day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
    moved += dt.timedelta(weeks=parts.get("W", 0), days=parts.get("D", 0))
    return moved - dt.timedelta(days=1)


class RecordEmitter:
    """Write the triples of one validated record."""

    def __init__(self, item: LoadedRecord, graph: TripleSink, vocab: Vocabulary) -> None:
        self.item, self.vocab = item, vocab
        self.record = item.record
        self.source = item.source_iri
        self.source_id = self.record.source.id
        self.add: Callable[[tuple[URIRef, URIRef, object]], object] = graph.add  # type: ignore[assignment]

    # -- identities ---------------------------------------------------------------------
    def term(self, *where: str | int) -> URIRef:
        """The controlled term resolved at ``where`` by the reference checker."""
        return self.item.terms[tuple(where)]

    def kind_of(self, oid: str) -> str:
        return self.vocab.id_of("organization kind", self.term("organizations", oid, "kind"))

    def org_iri(self, oid: str) -> URIRef:
        org = self.record.organizations[oid]
        region = self.org_region(oid)
        kind = self.kind_of(oid)
        if org.key is not None:
            return ID[f"organization/{org.key}"]
        if kind in REGION_BOUND_NAMES and region is not None and org.name is None:
            return ID[f"organization/{kind}/{region.code}"]
        key = org.short_name if org.short_name and region is None else (org.name or org.short_name or oid)
        return ID[f"organization/{slug(key)}"]

    def org_region(self, oid: str | None) -> Region | None:
        return None if oid is None else self.item.regions.get(("organizations", oid, "region"))

    def person_iri(self, pid: str) -> URIRef:
        person = self.record.people[pid]
        if person.key is not None:
            return ID[f"person/{person.key}"]
        if person.name is None:
            return ID[f"person/unnamed/{self.source_id}/{pid}"]
        return ID[f"person/{slug(person.name)}"]

    def agent_iri(self, ref_id: str) -> URIRef:
        return self.person_iri(ref_id) if ref_id in self.record.people else self.org_iri(ref_id)

    def event_iri(self, eid: str) -> URIRef:
        source, _, local = eid.rpartition("/")
        return ID[f"event/{source or self.source_id}/{local}"]

    def agreement_iri(self, aid: str) -> URIRef:
        source, _, local = aid.rpartition("/")
        return ID[f"agreement/{source or self.source_id}/{local}"]

    # -- helpers ------------------------------------------------------------------------
    def entity(self, iri: URIRef, cls: URIRef, name: str, where: PathKey) -> None:
        self.add((iri, RDF.type, cls))
        self.add((iri, JJ.name, Literal(name)))
        self.add((iri, PROV.wasDerivedFrom, self.source))
        self.item.origins.setdefault(iri, where)

    def node(self, iri: URIRef, cls: URIRef, where: PathKey) -> None:
        """A structural node (participation, party, status step): typed and sourced, no name."""
        self.add((iri, RDF.type, cls))
        self.add((iri, PROV.wasDerivedFrom, self.source))
        self.item.origins.setdefault(iri, where)

    def text(self, iri: URIRef, predicate: URIRef, value: str | None) -> None:
        if value is not None:
            self.add((iri, predicate, Literal(value)))

    def flag(self, iri: URIRef, predicate: URIRef, value: bool | None) -> None:
        if value is not None:
            self.add((iri, predicate, Literal(value)))

    def integer(self, iri: URIRef, predicate: URIRef, value: int | None) -> None:
        if value is not None:
            self.add((iri, predicate, Literal(value, datatype=XSD.integer)))

    def day(self, iri: URIRef, predicate: URIRef, value: dt.date | None) -> None:
        if value is not None:
            self.add((iri, predicate, Literal(value, datatype=XSD.date)))

    def date(self, iri: URIRef, spec: DateSpec | None, *, start: URIRef = JJ.startDate,
             end: URIRef | None = JJ.endDate, basis: URIRef = JJ.dateBasis) -> None:
        if spec is None:
            return
        if spec.bound is None:
            self.day(iri, start, spec.value)
            if end is not None:
                self.day(iri, end, spec.end)
        else:
            self.add((iri, JJ.dateBound, Literal(spec.bound)))
            self.day(iri, JJ.earliestDate, spec.earliest)
            self.day(iri, JJ.latestDate, spec.latest)
        if spec.weekday_only:
            self.add((iri, JJ.weekdayOnly, Literal(True)))
        self.text(iri, JJ.dateAsWritten, spec.text)
        self.add((iri, JJ.datePrecision, Literal(spec.precision)))
        self.text(iri, JJ.dateInference, spec.inferred)
        self.add((iri, basis, Literal(spec.basis or ("inferred" if spec.inferred else "text"))))
        if spec.approximate:
            self.add((iri, JJ.dateApproximate, Literal(True)))

    def role(self, subject: URIRef, predicate: URIRef, ref: RefSpec, where: PathKey) -> None:
        """State that ``ref`` plays ``predicate`` in ``subject``; a participation node for on-behalf-of."""
        target = self.agent_iri(ref.who)
        self.add((subject, predicate, target))
        if ref.on_behalf_of is None and ref.capacity is None:
            return
        tail = "/".join(str(p) for p in where)
        node = ID[f"participation/{self.source_id}/{tail}"]
        self.node(node, JJ.Participation, where)
        self.add((node, JJ.participationIn, subject))
        self.add((node, JJ.agent, target))
        self.add((node, JJ.inRole, Literal(str(predicate).rsplit("#", 1)[-1])))
        if ref.on_behalf_of is not None:
            self.add((node, JJ.onBehalfOf, self.agent_iri(ref.on_behalf_of)))
        self.text(node, JJ.capacity, ref.capacity)

    def places(self, iri: URIRef, where: PathKey, specs: list[PlaceSpec], region_predicate: URIRef,
               venue: str | None = None) -> None:
        """The ``places:`` items at ``where``: each region and place; their venues as one text.

        The venues join the entity's own ``venue`` (one value, so the property graph keeps it
        a single string).
        """
        venues = [venue] if venue else []
        for i, spec in enumerate(specs):
            self.add((iri, region_predicate, region_iri(self.item.regions[where + (i, "location")])))
            place = self.item.places.get(where + (i, "place"))
            if place is not None:
                self.add((iri, JJ.atPlace, place_iri(place.code)))
            if spec.venue:
                venues.append(spec.venue)
        self.text(iri, JJ.venue, "; ".join(venues) or None)

    def groups(self, iri: URIRef, predicate: URIRef, where: PathKey, groups: list[GroupSpec]) -> None:
        """Unnamed groups by role and count, each a ``jj:ParticipantGroup`` node."""
        for i, group in enumerate(groups):
            at = where + (i,)
            node = ID[f"participant-group/{self.source_id}/{'/'.join(str(p) for p in at)}"]
            self.node(node, JJ.ParticipantGroup, at)
            self.add((iri, predicate, node))
            self.add((node, JJ.description, Literal(group.description)))
            if group.role is not None:
                self.add((node, JJ.groupRole, self.term(*at, "role")))
            if group.organization is not None:
                self.add((node, JJ.groupOrganization, self.org_iri(group.organization)))
            region = self.item.regions.get(at + ("region",)) or self.org_region(group.organization)
            if region is not None:
                self.add((node, JJ.groupRegion, region_iri(region)))
            self.integer(node, JJ.groupSize, group.count)
            if group.all:
                self.add((node, JJ.allMembers, Literal(True)))

    def topics(self, iri: URIRef, count: int, *where: str | int) -> None:
        for i in range(count):
            self.add((iri, JJ.topic, self.term(*where, i)))

    def amounts(self, iri: URIRef, amounts: list, where: PathKey) -> None:  # type: ignore[type-arg]
        for i, amount in enumerate(amounts):
            node = ID[f"amount/{self.source_id}/{'/'.join(str(p) for p in where)}/{i}"]
            self.node(node, JJ.MonetaryAmount, where + (i,))
            self.add((iri, JJ.amount, node))
            self.add((node, JJ.amountValue, Literal(f"{amount.value:f}".rstrip("0").rstrip("."), datatype=XSD.decimal)))
            self.add((node, JJ.currency, Literal(amount.currency)))
            self.text(node, JJ.perUnit, amount.per)
            self.add((node, JJ.description, Literal(amount.what)))

    # -- sections -----------------------------------------------------------------------
    def emit(self) -> None:
        self.emit_source()
        self.emit_inconsistencies()
        self.emit_vocabulary()
        for oid in self.record.organizations:
            self.emit_organization(oid)
        for pid in self.record.people:
            self.emit_person(pid)
        for eid in self.record.events:
            self.emit_event(eid)
        for aid in self.record.agreements:
            self.emit_agreement(aid)
        for gid in self.record.programs:
            self.emit_program(gid)
        for uid in self.record.products:
            self.emit_product(uid)

    def emit_source(self) -> None:
        s = self.record.source
        name = s.headline or f"{s.publisher or 'unnamed publisher'}: {s.file}"
        self.add((self.source, RDF.type, JJ.NewsArticle))
        self.add((self.source, JJ.name, Literal(name)))
        self.item.origins.setdefault(self.source, ("source",))
        self.text(self.source, JJ.headline, s.headline)
        self.text(self.source, JJ.publisherName, s.publisher)
        self.text(self.source, JJ.publisherNote, s.publisher_note)
        self.text(self.source, JJ.byline, s.byline)
        for author in s.authors:
            self.add((self.source, JJ.author, Literal(author)))
        if s.url is not None:
            self.add((self.source, JJ.url, Literal(s.url, datatype=XSD.anyURI)))
        for cited in s.cites:
            self.add((self.source, JJ.cites, Literal(cited)))
        self.text(self.source, JJ.dateline, s.dateline)
        for i, correction in enumerate(self.record.corrections):
            node = ID[f"correction/{self.source_id}/{i}"]
            self.node(node, JJ.Correction, ("corrections", i))
            self.add((self.source, JJ.correction, node))
            self.add((node, JJ.correctedField, Literal(correction.where)))
            self.add((node, JJ.asWritten, Literal(correction.as_written)))
            self.add((node, JJ.readAs, Literal(correction.read_as)))
            self.text(node, JJ.description, correction.reason)
        self.text(self.source, JJ.sourceFile, s.file)
        self.text(self.source, JJ.recordFile, self.item.path.name)
        self.date(self.source, s.published, start=JJ.publishedOn, end=None)
        if s.updated is not None:
            self.day(self.source, JJ.updatedOn, s.updated.value)
            self.add((self.source, JJ.updatedDateBasis, Literal(s.updated.basis or "text")))

    def emit_inconsistencies(self) -> None:
        for item in self.record.source_inconsistencies:
            note = f"{item.where}: {item.note}" if item.where else item.note
            self.add((self.source, JJ.sourceInconsistency, Literal(note)))

    def emit_vocabulary(self) -> None:
        spec = self.record.vocabulary
        if spec is None:
            return
        for plural, namespace, scheme in (("sectors", SECTOR, JJ.SectorScheme), ("roles", ROLE, JJ.RoleScheme)):
            for i, term in enumerate(getattr(spec, plural)):
                iri = namespace[term.id]
                where: PathKey = ("vocabulary", plural, i)
                self.node(iri, SKOS.Concept, where)
                self.add((iri, SKOS.inScheme, scheme))
                self.add((iri, SKOS.notation, Literal(term.id)))
                self.add((iri, SKOS.prefLabel, Literal(term.label, lang="id")))
                if term.label_en is not None:
                    self.add((iri, SKOS.prefLabel, Literal(term.label_en, lang="en")))
                for alt in term.alt_labels:
                    self.add((iri, SKOS.altLabel, Literal(alt, lang="id")))
                self.add((iri, SKOS.broader, self.term("vocabulary", plural, i, "broader")))
                if term.definition is not None:
                    self.add((iri, SKOS.definition, Literal(term.definition, lang="en")))
                self.add((iri, JJ.definedIn, self.source))
                self.add((iri, RDFS.label, Literal(term.label, lang="id")))

    def emit_organization(self, oid: str) -> None:
        org = self.record.organizations[oid]
        iri = self.org_iri(oid)
        region = self.org_region(oid)
        kind = self.kind_of(oid)
        name = org.name
        if name is None and region is not None and kind in REGION_BOUND_NAMES:
            name = REGION_BOUND_NAMES[kind][region.kind].format(name=region.name, bare=region.bare_name)
        self.entity(iri, self.term("organizations", oid, "kind"), name or org.short_name or oid, ("organizations", oid))
        self.text(iri, JJ.shortName, org.short_name)
        for alias in org.aliases:
            self.add((iri, JJ.otherName, Literal(alias)))
        self.text(iri, JJ.description, org.description)
        if region is not None:
            predicate = JJ.governs if kind == "local-government" else JJ.servesRegion
            self.add((iri, predicate, region_iri(region)))
        if org.part_of is not None:
            self.add((iri, JJ.partOf, self.org_iri(org.part_of)))
        for other in org.member_of:
            self.add((iri, JJ.memberOf, self.org_iri(other)))
        for i in range(len(org.member_regions)):
            self.add((iri, JJ.memberRegion, region_iri(self.item.regions[("organizations", oid, "member_regions", i)])))
        self.integer(iri, JJ.memberCount, org.member_count)
        candidates = [self.item.regions[("organizations", oid, "possible_regions", i)] for i in range(len(org.possible_regions))]
        for candidate in candidates:
            self.add((iri, JJ.possibleRegion, region_iri(candidate)))
        provinces = {c.code if c.province_code is None else c.province_code for c in candidates}
        if len(provinces) == 1:
            self.add((iri, JJ.certainRegion, region_iri_for_code(provinces.pop())))
        for i, figure in enumerate(org.statistics):
            where: PathKey = ("organizations", oid, "statistics", i)
            node = ID[f"statistic/{self.source_id}/{oid}/{i}"]
            self.node(node, JJ.Statistic, where)
            self.add((iri, JJ.statistic, node))
            self.add((node, JJ.description, Literal(figure.what)))
            self.add((node, JJ.statisticValue, Literal(f"{figure.value:f}".rstrip("0").rstrip("."), datatype=XSD.decimal)))
            self.text(node, JJ.statisticUnit, figure.unit)
            self.date(node, figure.period)
            if figure.approximate:
                self.add((node, JJ.valueApproximate, Literal(True)))

    def person_name(self, pid: str) -> str:
        person = self.record.people[pid]
        if person.name is not None:
            return person.name
        post = person.posts[0]
        label = self.vocab.label(self.term("people", pid, "posts", 0, "role"))
        if post.organization is not None:
            return f"{label} ({self.org_display(post.organization)})"
        region = self.item.regions.get(("people", pid, "posts", 0, "region"))
        return f"{label} ({region.name if region else post.region})"

    def emit_person(self, pid: str) -> None:
        person = self.record.people[pid]
        iri = self.person_iri(pid)
        name = self.person_name(pid)
        self.entity(iri, JJ.Person, name, ("people", pid))
        if person.name is None:
            self.add((iri, JJ.identifiedByPost, Literal(True)))
        for title in person.titles:
            self.add((iri, JJ.honorificTitle, Literal(title)))
        self.text(iri, JJ.nameAsWritten, person.name_as_written)
        for nick in person.nicknames:
            self.add((iri, JJ.nickname, Literal(nick)))
        for spelling in person.variant_spellings:
            self.add((iri, JJ.variantSpelling, Literal(spelling)))
        self.text(iri, JJ.describedAs, person.described_as)
        self.text(iri, JJ.gender, person.gender)
        if person.spouse_of is not None:
            spouse = self.person_iri(person.spouse_of)
            self.add((iri, JJ.spouse, spouse))
            self.add((spouse, JJ.spouse, iri))
        identity = str(iri).rsplit("person/", 1)[-1]
        for index, post in enumerate(person.posts):
            where: PathKey = ("people", pid, "posts", index)
            role = self.term(*where, "role")
            role_id = str(role).rsplit("/", 1)[-1]
            if post.organization is not None:
                holder_in = self.org_iri(post.organization)
                place = str(holder_in).rsplit("organization/", 1)[-1]
                region = self.org_region(post.organization)
            else:
                holder_in = None
                region = self.item.regions[where + ("region",)]
                place = f"region/{region.code}"
            acting = f"/{post.acting}" if post.acting else ""
            post_iri = ID[f"post/{identity}/{slug(role_id)}/{place}{acting}"]
            prefix = f"{post.acting.title()} " if post.acting else ""
            self.entity(post_iri, JJ.Post, f"{prefix}{self.vocab.label(role)}, {name}", where)
            self.add((post_iri, JJ.holder, iri))
            if holder_in is not None:
                self.add((post_iri, JJ.postIn, holder_in))
            self.add((post_iri, JJ.role, role))
            if region is not None:
                self.add((post_iri, JJ.postRegion, region_iri(region)))
            if post.acting is not None:
                self.add((post_iri, JJ.acting, self.vocab.acting_qualifiers[post.acting]))
            self.text(post_iri, JJ.portfolio, post.portfolio)
            if post.former:
                self.add((post_iri, JJ.formerPost, Literal(True)))
            self.date(post_iri, post.since, end=None)
            if post.until is not None:
                self.day(post_iri, JJ.endDate, post.until.value)
            attested = self._attestation_date()
            if attested is not None and not post.former:
                self.day(post_iri, JJ.attestedOn, attested)

    def _attestation_date(self) -> dt.date | None:
        """The day the source shows posts held: its publication date, else its first held event."""
        if self.record.source.published is not None:
            return self.record.source.published.value
        dates = [e.date.value for e in self.record.events.values() if e.date is not None and e.status == "held"]
        return min(dates) if dates else None

    def org_display(self, oid: str) -> str:
        region = self.org_region(oid)
        org = self.record.organizations[oid]
        if org.name is None and region is not None and self.kind_of(oid) in REGION_BOUND_NAMES:
            return REGION_BOUND_NAMES[self.kind_of(oid)][region.kind].format(name=region.name, bare=region.bare_name)
        return org.short_name or org.name or oid

    def _is_study_visit(self, cls: URIRef) -> bool:
        from kg.ontology import ontology_graph

        return cls == JJ.StudyVisit or JJ.StudyVisit in set(ontology_graph().transitive_objects(cls, RDFS.subClassOf))

    def emit_event(self, eid: str) -> None:
        event = self.record.events[eid]
        at: PathKey = ("events", eid)
        iri = self.event_iri(eid)
        cls = self.term(*at, "kind")
        self.entity(iri, cls, event.name, at)
        self.add((iri, JJ.eventStatus, self.vocab.event_statuses[event.status]))
        self.text(iri, JJ.statusNote, event.status_note)
        self.date(iri, event.date)
        if event.duration is not None:
            self.add((iri, JJ.duration, Literal(event.duration, datatype=XSD.duration)))
        place = self.item.places.get(at + ("place",))
        if place is not None:
            self.add((iri, JJ.atPlace, place_iri(place.code)))
        self.text(iri, JJ.purpose, event.purpose)
        self.text(iri, JJ.outcome, event.outcome)
        self.text(iri, JJ.description, event.description)
        location = self.item.regions.get(at + ("location",))
        if location is not None:
            self.add((iri, JJ.locatedIn, region_iri(location)))
        self.places(iri, at + ("places",), event.places, JJ.locatedIn, event.venue)
        if event.route is not None:
            self.add((iri, JJ.routeFrom, region_iri(self.item.regions[at + ("route", "from")])))
            self.add((iri, JJ.routeTo, region_iri(self.item.regions[at + ("route", "to")])))
            for i in range(len(event.route.via)):
                self.add((iri, JJ.routeVia, region_iri(self.item.regions[at + ("route", "via", i)])))
        self.text(iri, JJ.theme, event.theme)
        for later in event.in_preparation_for:
            self.add((iri, JJ.preparesFor, self.event_iri(later)))
        for oid in event.learners:
            self.add((iri, JJ.learner, self.org_iri(oid)))
        for oid in event.learning_from:
            self.add((iri, JJ.learnsFrom, self.org_iri(oid)))
        self.groups(iri, JJ.participantGroup, at + ("participant_groups",), event.participant_groups)
        for host in event.all_hosts:
            self.add((iri, JJ.hostOrganization, self.org_iri(host)))
            host_region = self.org_region(host)
            if host_region is not None:
                self.add((iri, JJ.hostRegion, region_iri(host_region)))
        for organizer in event.all_organizers:
            self.add((iri, JJ.organizer, self.org_iri(organizer)))
        if event.part_of is not None:
            self.add((iri, JJ.partOf, self.event_iri(event.part_of)))
        for earlier in event.follows:
            self.add((iri, JJ.followsUp, self.event_iri(earlier)))
        for later in event.before:
            self.add((iri, JJ.precedes, self.event_iri(later)))
        for other in event.concerns:
            if other in self.record.agreements:
                self.add((iri, JJ.concerns, self.agreement_iri(other)))
            elif other in self.record.programs:
                self.add((iri, JJ.concerns, ID[f"program/{slug(self.record.programs[other].name)}"]))
            else:
                self.add((iri, JJ.concerns, ID[f"product/{slug(self.record.products[other].name)}"]))
        for field_name, predicate in (("received_by", JJ.receivedBy), ("opened_by", JJ.openedBy),
                                      ("speakers", JJ.speaker), ("witnesses", JJ.witness),
                                      ("participants", JJ.participant)):
            for i, ref in enumerate(getattr(event, field_name)):
                self.role(iri, predicate, ref, at + (field_name, i))
        if event.chair is not None:
            self.role(iri, JJ.chair, event.chair, at + ("chair",))
        self.integer(iri, JJ.participantCount, event.participant_count)
        self.topics(iri, len(event.topics), *at, "topics")
        learning = event.learning if event.learning is not None else self._is_study_visit(cls)
        if learning:
            self.add((iri, JJ.learningPurpose, Literal(True)))
        for index, delegation in enumerate(event.delegations, start=1):
            where = at + ("delegations", index - 1)
            d_iri = ID[f"delegation/{self.source_id}/{eid}/{index}"]
            self.entity(d_iri, JJ.Delegation, f"Delegasi {self.org_display(delegation.from_)}", where)
            self.add((iri, JJ.delegation, d_iri))
            self.add((d_iri, JJ.fromOrganization, self.org_iri(delegation.from_)))
            region = self.org_region(delegation.from_)
            if region is not None:
                self.add((d_iri, JJ.fromRegion, region_iri(region)))
            if delegation.on_behalf_of is not None:
                self.add((d_iri, JJ.onBehalfOf, self.org_iri(delegation.on_behalf_of)))
            if delegation.leader is not None:
                self.role(d_iri, JJ.leader, delegation.leader, where + ("leader",))
            for i, member in enumerate(delegation.members):
                self.role(d_iri, JJ.member, member, where + ("members", i))
            for oid in delegation.member_organizations:
                self.add((d_iri, JJ.memberOrganization, self.org_iri(oid)))
            self.groups(d_iri, JJ.memberGroup, where + ("member_groups",), delegation.member_groups)
            self.integer(d_iri, JJ.size, delegation.size)
            self.text(d_iri, JJ.description, delegation.description)

    def emit_agreement(self, aid: str) -> None:
        agreement = self.record.agreements[aid]
        at: PathKey = ("agreements", aid)
        iri = self.agreement_iri(aid)
        kind_iri = self.term(*at, "kind")
        self.entity(iri, kind_iri, agreement.name, at)
        status_iri = self.term(*at, "status")
        status = self.vocab.id_of("agreement status", status_iri)
        self.add((iri, JJ.status, status_iri))
        self.text(iri, JJ.statusNote, agreement.status_note)
        for alias in agreement.aliases:
            self.add((iri, JJ.otherName, Literal(alias)))
        self.text(iri, JJ.kindAsWritten, agreement.kind_as_written)
        self.text(iri, JJ.description, agreement.description)
        for oid in agreement.proposed_by:
            self.add((iri, JJ.proposedBy, self.org_iri(oid)))
        for oid in agreement.requested_by:
            self.add((iri, JJ.requestedBy, self.org_iri(oid)))
        self.places(iri, at + ("places",), agreement.places, JJ.siteRegion)
        if agreement.cooperation_type is not None:
            self.add((iri, JJ.cooperationType, self.term(*at, "cooperation_type")))
        for i, party in enumerate(agreement.parties):
            org_iri = self.org_iri(party.party)
            self.add((iri, JJ.party, org_iri))
            region = self.org_region(party.party)
            if region is not None:
                self.add((iri, JJ.partyRegion, region_iri(region)))
            if party.signatory is None and party.signed is None and party.role is None and party.signed_on is None \
                    and not party.obligations:
                continue
            node = ID[f"agreement-party/{self.source_id}/{aid}/{i}"]
            self.node(node, JJ.AgreementParty, at + ("parties", i))
            self.add((node, JJ.partyOf, iri))
            self.add((node, JJ.partyOrganization, org_iri))
            self.text(node, JJ.partyRoleText, party.role)
            for duty in party.obligations:
                self.add((node, JJ.obligation, Literal(duty)))
            signed = party.signed if party.signed is not None else (True if status in SIGNED_STATUSES else None)
            self.flag(node, JJ.hasSigned, signed)
            if party.signed_on is not None:
                self.day(node, JJ.partySignedOn, party.signed_on.value)
            if party.signatory is not None:
                signer = self.person_iri(party.signatory.who)
                self.add((node, JJ.signedBy, signer))
                if signed is not False:
                    self.add((iri, JJ.signatory, signer))
                if party.signatory.on_behalf_of is not None:
                    self.add((node, JJ.onBehalfOf, self.agent_iri(party.signatory.on_behalf_of)))
        for i, ref in enumerate(agreement.signatories):
            self.role(iri, JJ.signatory, ref, at + ("signatories", i))
        for i, ref in enumerate(agreement.witnesses):
            self.role(iri, JJ.witness, ref, at + ("witnesses", i))
        self.groups(iri, JJ.partyGroup, at + ("party_groups",), agreement.party_groups)
        for oid in agreement.all_members_of:
            self.add((iri, JJ.partiesAllMembersOf, self.org_iri(oid)))
        for oid in agreement.facilitators:
            self.add((iri, JJ.facilitator, self.org_iri(oid)))
        if agreement.signed_at is not None:
            self.add((iri, JJ.signedAt, self.event_iri(agreement.signed_at)))
        signed = status in SIGNED_STATUSES
        if agreement.date is not None:
            if signed and agreement.date.bound is None:
                self.day(iri, JJ.signedOn, agreement.date.value)
            if agreement.date.bound is not None:
                self.add((iri, JJ.dateBound, Literal(agreement.date.bound)))
                self.day(iri, JJ.earliestDate, agreement.date.earliest)
                self.day(iri, JJ.latestDate, agreement.date.latest)
            self.text(iri, JJ.dateAsWritten, agreement.date.text)
            self.add((iri, JJ.datePrecision, Literal(agreement.date.precision)))
            self.text(iri, JJ.dateInference, agreement.date.inferred)
            self.add((iri, JJ.dateBasis, Literal(agreement.date.basis or ("inferred" if agreement.date.inferred else "text"))))
        start = agreement.valid_from.value if agreement.valid_from else (
            agreement.date.value if agreement.date and signed and agreement.date.bound is None else None)
        if start is not None and (signed or agreement.valid_from is not None):
            self.day(iri, JJ.validFrom, start)
        term = f"P{agreement.validity_years}Y" if agreement.validity_years is not None else agreement.duration
        if term is not None:
            self.add((iri, JJ.validity, Literal(term, datatype=XSD.duration)))
        until = agreement.valid_until.value if agreement.valid_until else None
        if until is None and start is not None and term is not None:
            until = add_duration(start, term)
        self.day(iri, JJ.validUntil, until)
        self.flag(iri, JJ.extendable, agreement.extendable)
        self.integer(iri, JJ.documentCount, agreement.documents)
        self.text(iri, JJ.documentNumber, agreement.number)
        for basis in agreement.legal_basis:
            self.add((iri, JJ.legalBasis, Literal(basis)))
        framework = agreement.framework
        if framework is not None:
            self.add((iri, JJ.basedOn, self.agreement_iri(framework)))
            if kind_iri == JJ.CooperationAgreement:
                self.add((iri, JJ.follows, self.agreement_iri(framework)))
        if agreement.amends is not None:
            self.add((iri, JJ.amends, self.agreement_iri(agreement.amends)))
        if agreement.extends is not None:
            self.add((iri, JJ.extends, self.agreement_iri(agreement.extends)))
        self.integer(iri, JJ.amendmentNumber, agreement.amendment_number)
        for i, change in enumerate(agreement.history):
            node = ID[f"status-change/{self.source_id}/{aid}/{i}"]
            self.node(node, JJ.StatusChange, at + ("history", i))
            self.add((iri, JJ.statusHistory, node))
            self.add((node, JJ.toStatus, self.term(*at, "history", i, "status")))
            self.date(node, change.date)
            self.text(node, JJ.description, change.note)
        self.text(iri, JJ.scope, agreement.scope)
        self.text(iri, JJ.expectedFollowUp, agreement.expected_follow_up)
        self.topics(iri, len(agreement.topics), *at, "topics")
        self.amounts(iri, agreement.amounts, at + ("amounts",))

    def emit_program(self, gid: str) -> None:
        program = self.record.programs[gid]
        at: PathKey = ("programs", gid)
        iri = ID[f"program/{slug(program.name)}"]
        self.entity(iri, JJ.Program, program.name, at)
        self.add((iri, JJ.owner, self.org_iri(program.owner)))
        owner_region = self.org_region(program.owner)
        if owner_region is not None:
            self.add((iri, JJ.ownerRegion, region_iri(owner_region)))
        for oid in program.partners:
            self.add((iri, JJ.partner, self.org_iri(oid)))
        self.text(iri, JJ.programStatus, program.status)
        for i in range(len(program.implemented_in)):
            self.add((iri, JJ.implementedIn, region_iri(self.item.regions[at + ("implemented_in", i)])))
        place = self.item.places.get(at + ("place",))
        if place is not None:
            self.add((iri, JJ.atPlace, place_iri(place.code)))
        self.topics(iri, len(program.topics), *at, "topics")
        self.text(iri, JJ.description, program.description)
        self.date(iri, program.started, end=None)
        for aid in program.implements:
            self.add((iri, JJ.implements, self.agreement_iri(aid)))
        for eid in program.discussed_at:
            self.add((iri, JJ.discussedAt, self.event_iri(eid)))
        self.integer(iri, JJ.beneficiaryCount, program.beneficiaries)
        for other in program.adapted_from:
            self.add((iri, JJ.adaptedFrom, ID[f"program/{slug(self.record.programs[other].name)}"]))
        self.amounts(iri, program.amounts, at + ("amounts",))

    def emit_product(self, uid: str) -> None:
        product = self.record.products[uid]
        at: PathKey = ("products", uid)
        iri = ID[f"product/{slug(product.name)}"]
        self.entity(iri, JJ.Product, product.name, at)
        for i in range(len(product.regions)):
            self.add((iri, JJ.originRegion, region_iri(self.item.regions[at + ("regions", i)])))
        self.topics(iri, len(product.sectors), *at, "sectors")
        if product.potential:
            self.add((iri, JJ.potential, Literal(True)))
        self.text(iri, JJ.description, product.description)
        self.places(iri, at + ("places",), product.places, JJ.siteRegion)
        for i in range(len(product.possible_regions)):
            self.add((iri, JJ.possibleRegion, region_iri(self.item.regions[at + ("possible_regions", i)])))
        for eid in product.discussed_at:
            self.add((iri, JJ.discussedAt, self.event_iri(eid)))
