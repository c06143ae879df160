"""The curated record format: one YAML file per news article, checked by these models.

Every model forbids unknown fields, so a misspelt key is an error, not a silent loss.
Cross-references (person ids, organization ids, region names, sector ids) are checked later
by :mod:`kg.loaders.records`, which knows the gazetteer and the ontology.
The format is documented in ``data/records/README.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

__all__ = [
    "DateSpec",
    "SourceSpec",
    "PostSpec",
    "PersonSpec",
    "OrganizationSpec",
    "DelegationSpec",
    "EventSpec",
    "AgreementSpec",
    "ProgramSpec",
    "ProductSpec",
    "Record",
    "LocalId",
]

LocalId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_WEEKDAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5, "minggu": 6}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DateSpec(_Strict):
    """A date as the source writes it, normalised, with its precision.

    ``value`` is the (first) day; ``end`` the last day of a span; ``precision`` says how much
    of ``value`` the source states. A text without a year needs ``inferred`` saying how the
    year was worked out; a weekday in the text must agree with ``value``.
    """

    text: Text
    value: dt.date
    end: dt.date | None = None
    precision: Literal["day", "month", "year"] = "day"
    inferred: Text | None = None

    @model_validator(mode="after")
    def _check(self) -> DateSpec:
        if not _YEAR.search(self.text) and self.inferred is None:
            raise ValueError(
                f"the date text {self.text!r} states no year; add 'inferred:' saying how the year "
                "was worked out (e.g. from the publication date or the weekday)"
            )
        lowered = self.text.casefold()
        for name, weekday in _WEEKDAYS.items():
            if re.search(rf"\b{re.escape(name)}\b", lowered) and self.precision == "day":
                if self.value.weekday() != weekday:
                    actual = self.value.strftime("%A")
                    raise ValueError(f"the date text says {name.title()} but {self.value} is a {actual}")
        if self.end is not None and self.end < self.value:
            raise ValueError(f"end {self.end} is before value {self.value}")
        return self


class SourceSpec(_Strict):
    """The news article the record's facts come from."""

    id: LocalId
    file: Text
    headline: Text | None = None
    publisher: Text | None = None
    publisher_note: Text | None = None
    byline: Text | None = None
    published: DateSpec | None = None
    language: Literal["id", "en"] = "id"


class PostSpec(_Strict):
    """A post a person holds: a role in an organization."""

    role: Text
    organization: LocalId
    since: DateSpec | None = None
    until: DateSpec | None = None


class PersonSpec(_Strict):
    """A person the article names."""

    name: Text
    key: LocalId | None = Field(default=None, description="global identity when two people share a name")
    nicknames: list[Text] = []
    variant_spellings: list[Text] = []
    described_as: Text | None = None
    posts: list[PostSpec] = []


class OrganizationSpec(_Strict):
    """A body the article names. Region-bound kinds may leave the name to the region."""

    kind: Text
    region: Text | None = None
    name: Text | None = None
    short_name: Text | None = None
    part_of: LocalId | None = None
    description: Text | None = None


class DelegationSpec(_Strict):
    """A group sent to an event."""

    from_: LocalId = Field(alias="from")
    leader: LocalId | None = None
    size: int | None = None
    members: list[LocalId] = []
    member_organizations: list[LocalId] = []
    description: Text | None = None


class EventSpec(_Strict):
    """A dated activity: a visit, a meeting, a conference, a signing."""

    kind: Text
    name: Text
    date: DateSpec | None = None
    venue: Text | None = None
    location: Text | None = None
    host: LocalId | None = None
    received_by: list[LocalId] = []
    organizer: LocalId | None = None
    participants: list[LocalId] = []
    part_of: LocalId | None = None
    topics: list[Text] = []
    purpose: Text | None = None
    learning: bool | None = None
    delegations: list[DelegationSpec] = []


class AgreementSpec(_Strict):
    """An agreement — MoU, PKS or a stated intent — signed or only planned."""

    kind: Text
    status: Text
    name: Text
    parties: list[LocalId] = []
    signatories: list[LocalId] = []
    signed_at: LocalId | None = None
    date: DateSpec | None = None
    valid_from: dt.date | None = None
    validity_years: int | None = None
    valid_until: dt.date | None = None
    scope: Text | None = None
    topics: list[Text] = []
    expected_follow_up: Text | None = None
    cooperation_type: Text | None = None
    follows: LocalId | None = None


class ProgramSpec(_Strict):
    """A program or policy a body runs."""

    name: Text
    owner: LocalId
    implemented_in: list[Text] = []
    topics: list[Text] = []
    description: Text | None = None
    implements: list[LocalId] = []
    discussed_at: list[LocalId] = []
    started: DateSpec | None = None


class ProductSpec(_Strict):
    """A leading or potential product of one or more regions."""

    name: Text
    regions: list[Text] = []
    sectors: list[Text] = []
    potential: bool = False
    description: Text | None = None
    discussed_at: list[LocalId] = []


class Record(_Strict):
    """One curated record file: a source and the facts it states."""

    source: SourceSpec
    people: dict[LocalId, PersonSpec] = {}
    organizations: dict[LocalId, OrganizationSpec] = {}
    events: dict[LocalId, EventSpec] = {}
    agreements: dict[LocalId, AgreementSpec] = {}
    programs: dict[LocalId, ProgramSpec] = {}
    products: dict[LocalId, ProductSpec] = {}


def field_names() -> set[str]:
    """Return every field name of every record model (for did-you-mean suggestions)."""
    names: set[str] = set()
    for model in (DateSpec, SourceSpec, PostSpec, PersonSpec, OrganizationSpec, DelegationSpec,
                  EventSpec, AgreementSpec, ProgramSpec, ProductSpec, Record):
        for name, info in model.model_fields.items():
            names.add(info.alias or name)
    return names
