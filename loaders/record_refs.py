"""Resolve every reference a record makes, collecting one problem per bad reference.

Local ids (people, organizations, events, agreements, programs, products), regions (through
the gazetteer), places below the regency (through :mod:`kg.places`), and controlled terms
(kinds, roles, sectors, statuses — by id, label or abbreviation, plus the terms the record or
the project vocabulary file adds) are all checked here, before anything is emitted.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from rdflib import URIRef

from kg.errors import GazetteerError, RecordProblem
from kg.gazetteer import Gazetteer, Region
from kg.ontology import Vocabulary
from kg.vocab import ROLE, SECTOR

from .record_schema import Record, RefSpec
from .yaml_marks import MarkedDocument, PathKey

__all__ = ["ReferenceChecker", "REGION_BOUND_NAMES", "VOCAB_COMMANDS"]

# Organization kinds that belong to exactly one region and are named after it.
REGION_BOUND_NAMES = {
    "local-government": {"province": "Pemerintah Provinsi {bare}", "regency": "Pemerintah {name}", "city": "Pemerintah {name}"},
    "regional-council": {"province": "DPRD Provinsi {bare}", "regency": "DPRD {name}", "city": "DPRD {name}"},
    "crafts-council": {"province": "Dekranasda Provinsi {bare}", "regency": "Dekranasda {name}", "city": "Dekranasda {name}"},
    "regional-secretariat": {"province": "Sekretariat Daerah Provinsi {bare}", "regency": "Sekretariat Daerah {name}",
                             "city": "Sekretariat Daerah {name}"},
    "pkk": {"province": "TP-PKK Provinsi {bare}", "regency": "TP-PKK {name}", "city": "TP-PKK {name}"},
    "dharma-wanita": {"province": "Dharma Wanita Persatuan Provinsi {bare}", "regency": "Dharma Wanita Persatuan {name}",
                      "city": "Dharma Wanita Persatuan {name}"},
}

#: The ``kg vocab`` sub-command that lists each family.
VOCAB_COMMANDS = {"organization kind": "organization-kinds", "event kind": "event-kinds",
                  "agreement kind": "agreement-kinds", "sector": "sectors", "role": "roles",
                  "agreement status": "statuses", "event status": "statuses"}

class ReferenceChecker:
    """Resolve every reference in a record, collecting one problem per bad reference."""

    def __init__(self, doc: MarkedDocument, record: Record, places: Gazetteer, vocab: Vocabulary,
                 shared_terms: Mapping[str, Mapping[str, URIRef]] | None = None) -> None:
        self.doc, self.record, self.places, self.vocab = doc, record, places, vocab
        self.problems: list[RecordProblem] = []
        self.regions: dict[PathKey, Region] = {}
        self.sub_places: dict[PathKey, Any] = {}
        self.terms: dict[PathKey, URIRef] = {}
        self.extra: dict[str, dict[str, URIRef]] = {k: dict(v) for k, v in (shared_terms or {}).items()}

    def problem(self, where: PathKey, message: str) -> None:
        self.problems.append(RecordProblem(self.doc.path, self.doc.line_of(where), message))

    def local(self, where: PathKey, value: str | None, table: Mapping[str, object], what: str) -> None:
        if value is not None and value not in table:
            close = difflib.get_close_matches(value, list(table), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            listed = ", ".join(sorted(table)) or "none declared"
            self.problem(where, f"unknown {what} {value!r}{hint}; expected one of: {listed}")

    def any_local(self, where: PathKey, value: str | None, table: Mapping[str, object], what: str) -> None:
        """A local id, or ``<source id>/<id>`` of another record (checked across records)."""
        if value is not None and "/" not in value:
            self.local(where, value, table, what)

    def ref(self, where: PathKey, ref: RefSpec | None) -> None:
        if ref is None:
            return
        both = {**self.record.people, **self.record.organizations}
        self.local(where + ("who",) if ref.on_behalf_of or ref.capacity else where, ref.who, both,
                   "person or organization")
        self.local(where + ("on_behalf_of",), ref.on_behalf_of, both, "person or organization")

    def refs(self, where: PathKey, refs: Iterable[RefSpec]) -> None:
        for i, ref in enumerate(refs):
            self.ref(where + (i,), ref)

    def person_ref(self, where: PathKey, ref: RefSpec | None) -> None:
        if ref is None:
            return
        if ref.who in self.record.organizations and ref.who not in self.record.people:
            self.problem(where, f"{ref.who!r} is an organization, but {where[-2] if isinstance(where[-1], int) else where[-1]!r} "
                                "takes a person (a people: id); a receiving body goes in 'host', a signing body in 'parties'")
            return
        self.local(where + ("who",) if ref.on_behalf_of else where, ref.who, self.record.people, "person")
        both = {**self.record.people, **self.record.organizations}
        self.local(where + ("on_behalf_of",), ref.on_behalf_of, both, "person or organization")

    def controlled(self, where: PathKey, value: str | None, family: str) -> None:
        if value is None:
            return
        found = self.vocab.match(family, value, self.extra.get(family))
        if found.iri is not None:
            self.terms[where] = found.iri
            return
        command = VOCAB_COMMANDS.get(family)
        listing = f"; see `kg vocab {command}`" if command else ""
        can_add = family in ("sector", "role") and where[0] != "vocabulary"
        if found.candidates:
            self.problem(where, f"{family} {value!r} is ambiguous: it is a label of {', '.join(found.candidates)}; "
                                f"write the id{listing}")
            return
        hint = f" (did you mean {' or '.join(repr(s) for s in found.suggestions)}?)" if found.suggestions else ""
        table = sorted({**self.vocab.table(family), **self.extra.get(family, {})})
        if len(table) <= 40:
            self.problem(where, f"unknown {family} {value!r}{hint}; expected one of: {', '.join(table)}")
        else:
            self.problem(where, f"unknown {family} {value!r}{hint}; expected an id, label or abbreviation{listing}"
                                f"{' (or add it under a broader term in the vocabulary: section)' if can_add else ''}")

    def region(self, where: PathKey, text: str | None) -> None:
        if text is None:
            return
        try:
            self.regions[where] = self.places.resolve(text)
        except GazetteerError as exc:
            self.problem(where, str(exc))

    def place(self, where: PathKey, text: str | None, region_at: PathKey) -> None:
        """Resolve a kecamatan, desa or kelurahan inside the region found at ``region_at``."""
        if text is None:
            return
        region = self.regions.get(region_at)
        if region is None:
            return  # the region itself is missing or wrong: reported there
        try:
            from kg.places import places
        except ImportError:  # places below the regency are not installed: keep the text only
            return
        try:
            self.sub_places[where] = places().resolve(text, within=region.code)
        except GazetteerError as exc:
            self.problem(where, str(exc))

    def places_of(self, where: PathKey, places: Iterable[Any]) -> None:
        """Resolve ``places:`` items: each region, and each place within its own region."""
        for i, spec in enumerate(places):
            at = where + (i,)
            self.region(at + ("location",), spec.location)
            self.place(at + ("place",), spec.place, at + ("location",))

    def groups(self, where: PathKey, groups: Iterable[Any]) -> None:
        """Check unnamed groups: role term, body and region."""
        for i, group in enumerate(groups):
            self.controlled(where + (i, "role"), group.role, "role")
            self.local(where + (i, "organization"), group.organization, self.record.organizations, "organization")
            self.region(where + (i, "region"), group.region)

    def vocabulary_terms(self) -> None:
        """Accept the terms the record adds, each under a broader term that exists."""
        spec = self.record.vocabulary
        if spec is None:
            return
        for family, plural in (("sector", "sectors"), ("role", "roles")):
            namespace = SECTOR if family == "sector" else ROLE
            for i, term in enumerate(getattr(spec, plural)):
                at: PathKey = ("vocabulary", plural, i)
                if term.id in self.vocab.table(family):
                    self.problem(at + ("id",), f"{family} {term.id!r} already exists; use it instead of adding it")
                    continue
                self.controlled(at + ("broader",), term.broader, family)
                self.extra.setdefault(family, {})[term.id] = namespace[term.id]

    def check(self) -> None:
        """Check every reference of the record; problems go to ``self.problems``."""
        self.vocabulary_terms()
        r = self.record
        people, orgs, events, agreements = r.people, r.organizations, r.events, r.agreements
        everything: dict[str, object] = {**agreements, **r.programs, **r.products}
        for pid, person in people.items():
            at: PathKey = ("people", pid)
            self.local(at + ("spouse_of",), person.spouse_of, people, "person")
            if person.spouse_of == pid:
                self.problem(at + ("spouse_of",), f"person {pid!r} cannot be their own spouse")
            for i, post in enumerate(person.posts):
                pat: PathKey = at + ("posts", i)
                self.controlled(pat + ("role",), post.role, "role")
                self.local(pat + ("organization",), post.organization, orgs, "organization")
                self.region(pat + ("region",), post.region)
        for oid, org in orgs.items():
            at = ("organizations", oid)
            self.controlled(at + ("kind",), org.kind, "organization kind")
            self.region(at + ("region",), org.region)
            self.local(at + ("part_of",), org.part_of, orgs, "organization")
            if org.part_of == oid:
                self.problem(at + ("part_of",), f"organization {oid!r} cannot be part of itself")
            for i, other in enumerate(org.member_of):
                self.local(at + ("member_of", i), other, orgs, "organization")
            for i, text in enumerate(org.member_regions):
                self.region(at + ("member_regions", i), text)
            for i, text in enumerate(org.possible_regions):
                self.region(at + ("possible_regions", i), text)
            if org.possible_regions and org.region is not None:
                self.problem(at + ("possible_regions",), "'possible_regions:' is for a body whose region the source leaves open; "
                                                         "drop 'region:' or the candidates")
            kind_iri = self.terms.get(at + ("kind",))
            bound = kind_iri is not None and self.vocab.id_of("organization kind", kind_iri) in REGION_BOUND_NAMES
            if bound and org.region is None and org.name is None:
                self.problem(at, f"organization {oid!r} of kind {org.kind!r} needs 'region:' (or 'name:')")
            if not bound and org.name is None and kind_iri is not None:
                self.problem(at, f"organization {oid!r} needs 'name:'")
        for eid, event in events.items():
            at = ("events", eid)
            self.controlled(at + ("kind",), event.kind, "event kind")
            self.region(at + ("location",), event.location)
            if event.place is not None and event.location is None:
                self.problem(at + ("place",), "'place:' needs 'location:' (the region the place lies in)")
            self.place(at + ("place",), event.place, at + ("location",))
            self.places_of(at + ("places",), event.places)
            if event.route is not None:
                self.region(at + ("route", "from"), event.route.from_)
                self.region(at + ("route", "to"), event.route.to)
                for i, text in enumerate(event.route.via):
                    self.region(at + ("route", "via", i), text)
            for i, other in enumerate(event.in_preparation_for):
                self.any_local(at + ("in_preparation_for", i), other, events, "event")
                if other == eid:
                    self.problem(at + ("in_preparation_for", i), f"event {eid!r} cannot prepare itself")
            for name in ("learners", "learning_from"):
                for i, oid in enumerate(getattr(event, name)):
                    self.local(at + (name, i), oid, orgs, "organization")
            self.groups(at + ("participant_groups",), event.participant_groups)
            self.local(at + ("host",), event.host, orgs, "organization")
            for i, oid in enumerate(event.hosts):
                self.local(at + ("hosts", i), oid, orgs, "organization")
            self.local(at + ("organizer",), event.organizer, orgs, "organization")
            for i, oid in enumerate(event.organizers):
                self.local(at + ("organizers", i), oid, orgs, "organization")
            self.local(at + ("part_of",), event.part_of, events, "event")
            if event.part_of == eid:
                self.problem(at + ("part_of",), f"event {eid!r} cannot be part of itself")
            for i, other in enumerate(event.follows):
                self.any_local(at + ("follows", i), other, events, "event")
            for i, other in enumerate(event.before):
                self.any_local(at + ("before", i), other, events, "event")
            for i, other in enumerate(event.concerns):
                self.local(at + ("concerns", i), other, everything, "agreement, program or product")
            for name in ("received_by", "opened_by", "speakers"):
                for i, ref in enumerate(getattr(event, name)):
                    self.person_ref(at + (name, i), ref)
            self.person_ref(at + ("chair",), event.chair)
            for name in ("witnesses", "participants"):
                self.refs(at + (name,), getattr(event, name))
            for i, topic in enumerate(event.topics):
                self.controlled(at + ("topics", i), topic, "sector")
            for j, delegation in enumerate(event.delegations):
                dat = at + ("delegations", j)
                self.local(dat + ("from",), delegation.from_, orgs, "organization")
                self.local(dat + ("on_behalf_of",), delegation.on_behalf_of, orgs, "organization")
                self.person_ref(dat + ("leader",), delegation.leader)
                for i, member in enumerate(delegation.members):
                    self.person_ref(dat + ("members", i), member)
                for i, oid in enumerate(delegation.member_organizations):
                    self.local(dat + ("member_organizations", i), oid, orgs, "organization")
                self.groups(dat + ("member_groups",), delegation.member_groups)
        for aid, agreement in agreements.items():
            at = ("agreements", aid)
            self.controlled(at + ("kind",), agreement.kind, "agreement kind")
            self.controlled(at + ("status",), agreement.status, "agreement status")
            self.controlled(at + ("cooperation_type",), agreement.cooperation_type, "cooperation type")
            seen_parties: set[str] = set()
            for i, party in enumerate(agreement.parties):
                pat = at + ("parties", i)
                self.local(pat + ("party",) if party.signatory or party.signed is not None else pat,
                           party.party, orgs, "organization")
                if party.party in seen_parties:
                    self.problem(pat, f"party {party.party!r} is listed twice")
                seen_parties.add(party.party)
                self.person_ref(pat + ("signatory",), party.signatory)
            for name in ("proposed_by", "requested_by"):
                for i, oid in enumerate(getattr(agreement, name)):
                    self.local(at + (name, i), oid, orgs, "organization")
            self.places_of(at + ("places",), agreement.places)
            for i, ref in enumerate(agreement.signatories):
                self.person_ref(at + ("signatories", i), ref)
            self.refs(at + ("witnesses",), agreement.witnesses)
            self.groups(at + ("party_groups",), agreement.party_groups)
            for i, oid in enumerate(agreement.all_members_of):
                self.local(at + ("all_members_of", i), oid, orgs, "organization")
            for i, oid in enumerate(agreement.facilitators):
                self.local(at + ("facilitators", i), oid, orgs, "organization")
            self.local(at + ("signed_at",), agreement.signed_at, events, "event")
            for name in ("based_on", "follows", "amends", "extends"):
                value = getattr(agreement, name)
                self.any_local(at + (name,), value, agreements, "agreement")
                if value == aid:
                    self.problem(at + (name,), f"agreement {aid!r} cannot refer to itself in {name!r}")
            for i, change in enumerate(agreement.history):
                self.controlled(at + ("history", i, "status"), change.status, "agreement status")
            for i, topic in enumerate(agreement.topics):
                self.controlled(at + ("topics", i), topic, "sector")
        for gid, program in r.programs.items():
            at = ("programs", gid)
            self.local(at + ("owner",), program.owner, orgs, "organization")
            for i, oid in enumerate(program.partners):
                self.local(at + ("partners", i), oid, orgs, "organization")
            for i, text in enumerate(program.implemented_in):
                self.region(at + ("implemented_in", i), text)
            if program.place is not None and not program.implemented_in:
                self.problem(at + ("place",), "'place:' needs 'implemented_in:' (the region the place lies in)")
            self.place(at + ("place",), program.place, at + ("implemented_in", 0))
            for i, topic in enumerate(program.topics):
                self.controlled(at + ("topics", i), topic, "sector")
            for i, aid in enumerate(program.implements):
                self.any_local(at + ("implements", i), aid, agreements, "agreement")
            for i, eid in enumerate(program.discussed_at):
                self.local(at + ("discussed_at", i), eid, events, "event")
            for i, other in enumerate(program.adapted_from):
                self.local(at + ("adapted_from", i), other, r.programs, "program")
                if other == gid:
                    self.problem(at + ("adapted_from", i), f"program {gid!r} cannot be adapted from itself")
        for uid, product in r.products.items():
            at = ("products", uid)
            for i, text in enumerate(product.regions):
                self.region(at + ("regions", i), text)
            for i, sector in enumerate(product.sectors):
                self.controlled(at + ("sectors", i), sector, "sector")
            for i, eid in enumerate(product.discussed_at):
                self.local(at + ("discussed_at", i), eid, events, "event")
            self.places_of(at + ("places",), product.places)
            for i, text in enumerate(product.possible_regions):
                self.region(at + ("possible_regions", i), text)
