"""Load curated YAML records into a source's named graph.

Reading is in three steps, each reporting every problem with its file and line before
anything is written: parse the YAML with line marks, validate it against the record models,
then resolve every reference (people, organizations, events, agreements, regions, sectors,
roles). Only a record that passes all three is turned into triples.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from kg.errors import GazetteerError, RecordError, RecordProblem
from kg.dataset import TripleBuffer as TripleSink
from kg.gazetteer import Gazetteer, Region, gazetteer
from kg.ontology import Vocabulary, vocabulary
from kg.vocab import ID, JJ, SOURCE

from .gazetteer import region_iri_for_code
from .record_schema import DateSpec, OrganizationSpec, Record, field_names
from .yaml_marks import MarkedDocument, PathKey, read_marked_yaml

__all__ = ["LoadedRecord", "read_record", "read_records", "emit_record", "record_files", "slug"]

# Organization kinds that belong to exactly one region and are named after it.
_REGION_BOUND_NAMES = {
    "local-government": {"province": "Pemerintah Provinsi {bare}", "regency": "Pemerintah {name}", "city": "Pemerintah {name}"},
    "regional-council": {"province": "DPRD Provinsi {bare}", "regency": "DPRD {name}", "city": "DPRD {name}"},
    "crafts-council": {"province": "Dekranasda Provinsi {bare}", "regency": "Dekranasda {name}", "city": "Dekranasda {name}"},
}


def slug(text: str) -> str:
    """Return a lowercase ASCII identifier for ``text``.

    >>> slug("Leontinus Alpha Edison")
    'leontinus-alpha-edison'
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "x"


@dataclass(frozen=True)
class LoadedRecord:
    """A validated record, its line marks and its resolved regions."""

    path: Path
    record: Record
    document: MarkedDocument
    regions: dict[PathKey, Region]

    @property
    def source_iri(self) -> URIRef:
        """The IRI of the source, which is also the name of its graph."""
        return SOURCE[self.record.source.id]


def record_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their ``*.yaml`` files, sorted, keeping files as given."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.y*ml") if p.suffix in (".yaml", ".yml")))
        else:
            files.append(path)
    return files


def _validation_problems(doc: MarkedDocument, exc: ValidationError) -> list[RecordProblem]:
    known = sorted(field_names())
    problems = []
    for err in exc.errors():
        loc = tuple(part for part in err["loc"] if part != "[key]")
        where = ".".join(str(p) for p in loc) or "the file"
        name = str(loc[-1]) if loc else ""
        kind = err["type"]
        if kind == "extra_forbidden":
            close = difflib.get_close_matches(name, known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            message = f"unknown field {name!r} in {'.'.join(str(p) for p in loc[:-1]) or 'the record'}{hint}"
        elif kind == "missing":
            message = f"missing required field {where!r}"
        elif kind == "value_error":
            message = f"{where}: {err['msg'].removeprefix('Value error, ')}"
        elif kind == "string_pattern_mismatch":
            message = f"{where}: expected an id of lowercase letters, digits and hyphens, got {err['input']!r}"
        else:
            message = f"{where}: {err['msg']}, got {err.get('input')!r}"
        problems.append(RecordProblem(doc.path, doc.line_of(err["loc"]), message))
    return problems


class _ReferenceChecker:
    """Resolve every reference in a record, collecting one problem per bad reference."""

    def __init__(self, doc: MarkedDocument, record: Record, places: Gazetteer, vocab: Vocabulary) -> None:
        self.doc, self.record, self.places, self.vocab = doc, record, places, vocab
        self.problems: list[RecordProblem] = []
        self.regions: dict[PathKey, Region] = {}

    def problem(self, where: PathKey, message: str) -> None:
        self.problems.append(RecordProblem(self.doc.path, self.doc.line_of(where), message))

    def local(self, where: PathKey, value: str | None, table: dict[str, object], what: str) -> None:
        if value is not None and value not in table:
            close = difflib.get_close_matches(value, list(table), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            listed = ", ".join(sorted(table)) or "none declared"
            self.problem(where, f"unknown {what} {value!r}{hint}; expected one of: {listed}")

    def controlled(self, where: PathKey, value: str | None, table: dict[str, URIRef], what: str) -> None:
        if value is not None and value not in table:
            close = difflib.get_close_matches(value, list(table), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            self.problem(where, f"unknown {what} {value!r}{hint}; expected one of: {', '.join(sorted(table))}")

    def region(self, where: PathKey, text: str | None) -> None:
        if text is None:
            return
        try:
            self.regions[where] = self.places.resolve(text)
        except GazetteerError as exc:
            self.problem(where, str(exc))

    def check(self) -> None:
        r, v = self.record, self.vocab
        people, orgs, events, agreements = r.people, r.organizations, r.events, r.agreements
        for pid, person in people.items():
            for i, post in enumerate(person.posts):
                at: PathKey = ("people", pid, "posts", i)
                self.controlled(at + ("role",), post.role, v.roles, "role")
                self.local(at + ("organization",), post.organization, orgs, "organization")  # type: ignore[arg-type]
        for oid, org in orgs.items():
            at = ("organizations", oid)
            self.controlled(at + ("kind",), org.kind, v.organization_kinds, "organization kind")
            self.region(at + ("region",), org.region)
            self.local(at + ("part_of",), org.part_of, orgs, "organization")  # type: ignore[arg-type]
            if org.kind in _REGION_BOUND_NAMES and org.region is None:
                self.problem(at, f"organization {oid!r} of kind {org.kind!r} needs 'region:'")
            if org.kind not in _REGION_BOUND_NAMES and org.name is None:
                self.problem(at, f"organization {oid!r} needs 'name:'")
        for eid, event in events.items():
            at = ("events", eid)
            self.controlled(at + ("kind",), event.kind, v.event_kinds, "event kind")
            self.region(at + ("location",), event.location)
            self.local(at + ("host",), event.host, orgs, "organization")  # type: ignore[arg-type]
            self.local(at + ("organizer",), event.organizer, orgs, "organization")  # type: ignore[arg-type]
            self.local(at + ("part_of",), event.part_of, events, "event")  # type: ignore[arg-type]
            for i, pid in enumerate(event.received_by):
                self.local(at + ("received_by", i), pid, people, "person")  # type: ignore[arg-type]
            for i, ref in enumerate(event.participants):
                self.local(at + ("participants", i), ref, {**people, **orgs}, "person or organization")
            for i, topic in enumerate(event.topics):
                self.controlled(at + ("topics", i), topic, v.sectors, "sector")
            for j, delegation in enumerate(event.delegations):
                dat = at + ("delegations", j)
                self.local(dat + ("from",), delegation.from_, orgs, "organization")  # type: ignore[arg-type]
                self.local(dat + ("leader",), delegation.leader, people, "person")  # type: ignore[arg-type]
                for i, pid in enumerate(delegation.members):
                    self.local(dat + ("members", i), pid, people, "person")  # type: ignore[arg-type]
                for i, oid in enumerate(delegation.member_organizations):
                    self.local(dat + ("member_organizations", i), oid, orgs, "organization")  # type: ignore[arg-type]
        for aid, agreement in agreements.items():
            at = ("agreements", aid)
            self.controlled(at + ("kind",), agreement.kind, v.agreement_kinds, "agreement kind")
            self.controlled(at + ("status",), agreement.status, v.statuses, "agreement status")
            self.controlled(at + ("cooperation_type",), agreement.cooperation_type, v.cooperation_types, "cooperation type")
            for i, oid in enumerate(agreement.parties):
                self.local(at + ("parties", i), oid, orgs, "organization")  # type: ignore[arg-type]
            for i, pid in enumerate(agreement.signatories):
                self.local(at + ("signatories", i), pid, people, "person")  # type: ignore[arg-type]
            self.local(at + ("signed_at",), agreement.signed_at, events, "event")  # type: ignore[arg-type]
            self.local(at + ("follows",), agreement.follows, agreements, "agreement")  # type: ignore[arg-type]
            for i, topic in enumerate(agreement.topics):
                self.controlled(at + ("topics", i), topic, v.sectors, "sector")
        for gid, program in r.programs.items():
            at = ("programs", gid)
            self.local(at + ("owner",), program.owner, orgs, "organization")  # type: ignore[arg-type]
            for i, text in enumerate(program.implemented_in):
                self.region(at + ("implemented_in", i), text)
            for i, topic in enumerate(program.topics):
                self.controlled(at + ("topics", i), topic, v.sectors, "sector")
            for i, aid in enumerate(program.implements):
                self.local(at + ("implements", i), aid, agreements, "agreement")  # type: ignore[arg-type]
            for i, eid in enumerate(program.discussed_at):
                self.local(at + ("discussed_at", i), eid, events, "event")  # type: ignore[arg-type]
        for uid, product in r.products.items():
            at = ("products", uid)
            for i, text in enumerate(product.regions):
                self.region(at + ("regions", i), text)
            for i, sector in enumerate(product.sectors):
                self.controlled(at + ("sectors", i), sector, v.sectors, "sector")
            for i, eid in enumerate(product.discussed_at):
                self.local(at + ("discussed_at", i), eid, events, "event")  # type: ignore[arg-type]


def read_record(path: Path) -> LoadedRecord:
    """Read, validate and resolve one record file.

    Raises:
        RecordError: With one ``path:line: message`` per problem found.
    """
    doc = read_marked_yaml(path)
    if not isinstance(doc.value, dict):
        raise RecordError([RecordProblem(path, 1, "expected a mapping with 'source:' and facts")])
    try:
        record = Record.model_validate(doc.value)
    except ValidationError as exc:
        raise RecordError(_validation_problems(doc, exc)) from None
    checker = _ReferenceChecker(doc, record, gazetteer(), vocabulary())
    checker.check()
    if checker.problems:
        raise RecordError(checker.problems)
    return LoadedRecord(path=path, record=record, document=doc, regions=checker.regions)


def read_records(paths: Iterable[Path]) -> list[LoadedRecord]:
    """Read every record, reporting the problems of all files together.

    Raises:
        RecordError: If any file has a problem, or two files claim the same source id.
    """
    loaded: list[LoadedRecord] = []
    problems: list[RecordProblem] = []
    seen: dict[str, Path] = {}
    for path in record_files(paths):
        try:
            item = read_record(path)
        except RecordError as exc:
            problems.extend(exc.problems)
            continue
        source_id = item.record.source.id
        if source_id in seen:
            problems.append(RecordProblem(path, item.document.line_of(("source", "id")),
                                          f"source id {source_id!r} is already used by {seen[source_id]}"))
            continue
        seen[source_id] = path
        loaded.append(item)
    if problems:
        raise RecordError(problems)
    return loaded


def region_iri(region: Region) -> URIRef:
    """Return the stable IRI of a region, derived from its Kemendagri code."""
    return region_iri_for_code(region.code)


class _Emitter:
    """Turn one validated record into triples in its source graph."""

    def __init__(self, item: LoadedRecord, graph: TripleSink, vocab: Vocabulary) -> None:
        self.item, self.vocab = item, vocab
        self.record = item.record
        self.source = item.source_iri
        self.add: Callable[[tuple[URIRef, URIRef, object]], object] = graph.add  # type: ignore[assignment]

    # -- identities ---------------------------------------------------------------------
    def org_iri(self, oid: str) -> URIRef:
        org = self.record.organizations[oid]
        region = self.item.regions.get(("organizations", oid, "region"))
        if org.kind in _REGION_BOUND_NAMES and region is not None:
            return ID[f"organization/{org.kind}/{region.code}"]
        key = org.short_name or org.name or oid
        return ID[f"organization/{slug(key)}"]

    def org_region(self, oid: str | None) -> Region | None:
        return None if oid is None else self.item.regions.get(("organizations", oid, "region"))

    def person_iri(self, pid: str) -> URIRef:
        person = self.record.people[pid]
        return ID[f"person/{person.key or slug(person.name)}"]

    def event_iri(self, eid: str) -> URIRef:
        return ID[f"event/{self.record.source.id}/{eid}"]

    def agreement_iri(self, aid: str) -> URIRef:
        return ID[f"agreement/{self.record.source.id}/{aid}"]

    def sector_iri(self, sid: str) -> URIRef:
        return self.vocab.sectors[sid]

    # -- helpers ------------------------------------------------------------------------
    def entity(self, iri: URIRef, cls: URIRef, name: str) -> None:
        self.add((iri, RDF.type, cls))
        self.add((iri, JJ.name, Literal(name)))
        self.add((iri, PROV.wasDerivedFrom, self.source))

    def text(self, iri: URIRef, predicate: URIRef, value: str | None) -> None:
        if value is not None:
            self.add((iri, predicate, Literal(value)))

    def date(self, iri: URIRef, spec: DateSpec | None, *, start: URIRef = JJ.startDate,
             end: URIRef | None = JJ.endDate) -> None:
        if spec is None:
            return
        self.add((iri, start, Literal(spec.value, datatype=XSD.date)))
        if spec.end is not None and end is not None:
            self.add((iri, end, Literal(spec.end, datatype=XSD.date)))
        self.add((iri, JJ.dateAsWritten, Literal(spec.text)))
        self.add((iri, JJ.datePrecision, Literal(spec.precision)))
        self.text(iri, JJ.dateInference, spec.inferred)

    # -- sections -----------------------------------------------------------------------
    def emit(self) -> None:
        self.emit_source()
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
        self.text(self.source, JJ.headline, s.headline)
        self.text(self.source, JJ.publisherName, s.publisher)
        self.text(self.source, JJ.publisherNote, s.publisher_note)
        self.text(self.source, JJ.byline, s.byline)
        self.text(self.source, JJ.sourceFile, s.file)
        self.text(self.source, JJ.recordFile, self.item.path.name)
        self.date(self.source, s.published, start=JJ.publishedOn, end=None)

    def emit_organization(self, oid: str) -> None:
        org: OrganizationSpec = self.record.organizations[oid]
        iri = self.org_iri(oid)
        region = self.org_region(oid)
        name = org.name
        if name is None and region is not None:
            name = _REGION_BOUND_NAMES[org.kind][region.kind].format(name=region.name, bare=region.bare_name)
        self.entity(iri, self.vocab.organization_kinds[org.kind], name or oid)
        self.text(iri, JJ.shortName, org.short_name)
        self.text(iri, JJ.description, org.description)
        if region is not None:
            predicate = JJ.governs if org.kind == "local-government" else JJ.servesRegion
            self.add((iri, predicate, region_iri(region)))
        if org.part_of is not None:
            self.add((iri, JJ.partOf, self.org_iri(org.part_of)))

    def emit_person(self, pid: str) -> None:
        person = self.record.people[pid]
        iri = self.person_iri(pid)
        self.entity(iri, JJ.Person, person.name)
        for nick in person.nicknames:
            self.add((iri, JJ.nickname, Literal(nick)))
        for spelling in person.variant_spellings:
            self.add((iri, JJ.variantSpelling, Literal(spelling)))
        self.text(iri, JJ.describedAs, person.described_as)
        for post in person.posts:
            org_iri = self.org_iri(post.organization)
            post_iri = ID[f"post/{(person.key or slug(person.name))}/{post.role}/{str(org_iri).rsplit('organization/', 1)[-1]}"]
            role = self.vocab.roles[post.role]
            self.entity(post_iri, JJ.Post, f"{self.vocab.label(role)}, {person.name}")
            self.add((post_iri, JJ.holder, iri))
            self.add((post_iri, JJ.postIn, org_iri))
            self.add((post_iri, JJ.role, role))
            region = self.org_region(post.organization)
            if region is not None:
                self.add((post_iri, JJ.postRegion, region_iri(region)))
            self.date(post_iri, post.since, end=None)
            if post.until is not None:
                self.add((post_iri, JJ.endDate, Literal(post.until.value, datatype=XSD.date)))
            attested = self._attestation_date()
            if attested is not None:
                self.add((post_iri, JJ.attestedOn, Literal(attested, datatype=XSD.date)))

    def _attestation_date(self) -> dt.date | None:
        """The day the source shows posts held: its publication date, else its first event."""
        if self.record.source.published is not None:
            return self.record.source.published.value
        dates = [e.date.value for e in self.record.events.values() if e.date is not None]
        return min(dates) if dates else None

    def emit_event(self, eid: str) -> None:
        event = self.record.events[eid]
        iri = self.event_iri(eid)
        cls = self.vocab.event_kinds[event.kind]
        self.entity(iri, cls, event.name)
        self.date(iri, event.date)
        self.text(iri, JJ.venue, event.venue)
        self.text(iri, JJ.purpose, event.purpose)
        location = self.item.regions.get(("events", eid, "location"))
        if location is not None:
            self.add((iri, JJ.locatedIn, region_iri(location)))
        if event.host is not None:
            self.add((iri, JJ.hostOrganization, self.org_iri(event.host)))
            host_region = self.org_region(event.host)
            if host_region is not None:
                self.add((iri, JJ.hostRegion, region_iri(host_region)))
        if event.organizer is not None:
            self.add((iri, JJ.organizer, self.org_iri(event.organizer)))
        if event.part_of is not None:
            self.add((iri, JJ.partOf, self.event_iri(event.part_of)))
        for pid in event.received_by:
            self.add((iri, JJ.receivedBy, self.person_iri(pid)))
        for ref in event.participants:
            target = self.person_iri(ref) if ref in self.record.people else self.org_iri(ref)
            self.add((iri, JJ.participant, target))
        for topic in event.topics:
            self.add((iri, JJ.topic, self.sector_iri(topic)))
        learning = event.learning if event.learning is not None else event.kind == "study-visit"
        if learning:
            self.add((iri, JJ.learningPurpose, Literal(True)))
        for index, delegation in enumerate(event.delegations, start=1):
            d_iri = ID[f"delegation/{self.record.source.id}/{eid}/{index}"]
            sender = self.record.organizations[delegation.from_]
            sender_name = sender.short_name or sender.name or self._org_display(delegation.from_)
            self.entity(d_iri, JJ.Delegation, f"Delegasi {sender_name}")
            self.add((iri, JJ.delegation, d_iri))
            self.add((d_iri, JJ.fromOrganization, self.org_iri(delegation.from_)))
            region = self.org_region(delegation.from_)
            if region is not None:
                self.add((d_iri, JJ.fromRegion, region_iri(region)))
            if delegation.leader is not None:
                self.add((d_iri, JJ.leader, self.person_iri(delegation.leader)))
            if delegation.size is not None:
                self.add((d_iri, JJ.size, Literal(delegation.size, datatype=XSD.integer)))
            for pid in delegation.members:
                self.add((d_iri, JJ.member, self.person_iri(pid)))
            for oid in delegation.member_organizations:
                self.add((d_iri, JJ.memberOrganization, self.org_iri(oid)))
            self.text(d_iri, JJ.description, delegation.description)

    def _org_display(self, oid: str) -> str:
        region = self.org_region(oid)
        org = self.record.organizations[oid]
        if region is not None and org.kind in _REGION_BOUND_NAMES:
            return _REGION_BOUND_NAMES[org.kind][region.kind].format(name=region.name, bare=region.bare_name)
        return oid

    def emit_agreement(self, aid: str) -> None:
        agreement = self.record.agreements[aid]
        iri = self.agreement_iri(aid)
        self.entity(iri, self.vocab.agreement_kinds[agreement.kind], agreement.name)
        self.add((iri, JJ.status, self.vocab.statuses[agreement.status]))
        if agreement.cooperation_type is not None:
            self.add((iri, JJ.cooperationType, self.vocab.cooperation_types[agreement.cooperation_type]))
        for oid in agreement.parties:
            self.add((iri, JJ.party, self.org_iri(oid)))
            region = self.org_region(oid)
            if region is not None:
                self.add((iri, JJ.partyRegion, region_iri(region)))
        for pid in agreement.signatories:
            self.add((iri, JJ.signatory, self.person_iri(pid)))
        if agreement.signed_at is not None:
            self.add((iri, JJ.signedAt, self.event_iri(agreement.signed_at)))
        if agreement.date is not None:
            self.add((iri, JJ.signedOn, Literal(agreement.date.value, datatype=XSD.date)))
            self.add((iri, JJ.dateAsWritten, Literal(agreement.date.text)))
            self.add((iri, JJ.datePrecision, Literal(agreement.date.precision)))
            self.text(iri, JJ.dateInference, agreement.date.inferred)
        start = agreement.valid_from or (agreement.date.value if agreement.date else None)
        if start is not None and agreement.status == "signed":
            self.add((iri, JJ.validFrom, Literal(start, datatype=XSD.date)))
        if agreement.validity_years is not None:
            self.add((iri, JJ.validity, Literal(f"P{agreement.validity_years}Y", datatype=XSD.duration)))
        until = agreement.valid_until
        if until is None and start is not None and agreement.validity_years is not None:
            until = _add_years(start, agreement.validity_years) - dt.timedelta(days=1)
        if until is not None:
            self.add((iri, JJ.validUntil, Literal(until, datatype=XSD.date)))
        self.text(iri, JJ.scope, agreement.scope)
        self.text(iri, JJ.expectedFollowUp, agreement.expected_follow_up)
        for topic in agreement.topics:
            self.add((iri, JJ.topic, self.sector_iri(topic)))
        if agreement.follows is not None:
            self.add((iri, JJ.follows, self.agreement_iri(agreement.follows)))

    def emit_program(self, gid: str) -> None:
        program = self.record.programs[gid]
        iri = ID[f"program/{slug(program.name)}"]
        self.entity(iri, JJ.Program, program.name)
        self.add((iri, JJ.owner, self.org_iri(program.owner)))
        owner_region = self.org_region(program.owner)
        if owner_region is not None:
            self.add((iri, JJ.ownerRegion, region_iri(owner_region)))
        for i in range(len(program.implemented_in)):
            self.add((iri, JJ.implementedIn, region_iri(self.item.regions[("programs", gid, "implemented_in", i)])))
        for topic in program.topics:
            self.add((iri, JJ.topic, self.sector_iri(topic)))
        self.text(iri, JJ.description, program.description)
        self.date(iri, program.started, end=None)
        for aid in program.implements:
            self.add((iri, JJ.implements, self.agreement_iri(aid)))
        for eid in program.discussed_at:
            self.add((iri, JJ.discussedAt, self.event_iri(eid)))

    def emit_product(self, uid: str) -> None:
        product = self.record.products[uid]
        iri = ID[f"product/{slug(product.name)}"]
        self.entity(iri, JJ.Product, product.name)
        for i in range(len(product.regions)):
            self.add((iri, JJ.originRegion, region_iri(self.item.regions[("products", uid, "regions", i)])))
        for sector in product.sectors:
            self.add((iri, JJ.topic, self.sector_iri(sector)))
        if product.potential:
            self.add((iri, JJ.potential, Literal(True)))
        self.text(iri, JJ.description, product.description)
        for eid in product.discussed_at:
            self.add((iri, JJ.discussedAt, self.event_iri(eid)))


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def emit_record(item: LoadedRecord, graph: TripleSink) -> None:
    """Write the triples of one validated record into ``graph`` (its source's graph)."""
    _Emitter(item, graph, vocabulary()).emit()

