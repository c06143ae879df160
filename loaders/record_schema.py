"""The curated record format: one YAML file per news article, checked by these models.

Every model forbids unknown fields, so a misspelt key is an error, not a silent loss. Fields
that may be written short accept the short form (``received_by: [bahasan]`` as well as
``received_by: [{who: bahasan, on_behalf_of: edi}]``; ``date: 2025-05`` as well as a full date
mapping), so every field has exactly one model and error messages stay plain.

Cross-references (person ids, organization ids, region names, sector and role terms) are
checked later by :mod:`kg.loaders.records`, which knows the gazetteer and the ontology. The
field reference in ``docs/curating.md`` is generated from the ``description`` of every field
here (``python -m kg.curating_docs``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

__all__ = [
    "DateSpec",
    "SourceSpec",
    "PostSpec",
    "PersonSpec",
    "OrganizationSpec",
    "RefSpec",
    "DelegationSpec",
    "EventSpec",
    "PartySpec",
    "StatusChangeSpec",
    "AmountSpec",
    "AgreementSpec",
    "ProgramSpec",
    "ProductSpec",
    "TermSpec",
    "VocabularySpec",
    "CorrectionSpec",
    "PlaceSpec",
    "RouteSpec",
    "GroupSpec",
    "StatisticSpec",
    "InconsistencySpec",
    "Record",
    "LocalId",
    "MODELS",
    "field_names",
    "parse_duration",
]

LocalId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
# A reference to an event or agreement of another record: "<source id>/<local id>".
AnyId = Annotated[str, StringConstraints(pattern=r"^([a-z0-9][a-z0-9-]*/)?[a-z0-9][a-z0-9-]*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

_YEAR = re.compile(r"\b(19|20)\d{2}\b")
# a numeric date with a two-digit year, as the press writes it: 24/5/22, 24-05-22
_SHORT_YEAR = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](\d{2})\b")
_WEEKDAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5, "minggu": 6}
_DURATION_UNITS = {
    "Y": ("year", "years", "tahun", "thn"),
    "M": ("month", "months", "bulan", "bln"),
    "W": ("week", "weeks", "minggu", "pekan"),
    "D": ("day", "days", "hari"),
    "H": ("hour", "hours", "jam"),
}
_ISO_DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?)?$")


def parse_duration(text: str) -> str:
    """Return ``text`` (``P3D``, ``3 days``, ``7 hari``, ``5 tahun``) as an ISO 8601 duration.

    >>> parse_duration("5 tahun"), parse_duration("3 days"), parse_duration("PT35M")
    ('P5Y', 'P3D', 'PT35M')

    Raises:
        ValueError: The text is neither an ISO duration nor "<number> <unit>".
    """
    cleaned = text.strip()
    if _ISO_DURATION.match(cleaned.upper()):
        return cleaned.upper()
    match = re.fullmatch(r"(\d+)\s*([A-Za-z]+)", cleaned)
    if match:
        number, word = match.groups()
        for unit, words in _DURATION_UNITS.items():
            if word.casefold() in words:
                return f"PT{number}H" if unit == "H" else f"P{number}{unit}"
        if word.casefold() in ("minute", "minutes", "menit"):
            return f"PT{number}M"
    raise ValueError(
        f"expected a duration such as '3 days', '7 hari', '5 tahun' or ISO 8601 'P3D', got {text!r}"
    )


Duration = Annotated[str, Field(json_schema_extra={"format": "duration"})]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# ------------------------------------------------------------------------------ dates

DateBasis = Literal["text", "url", "byline", "metadata", "inferred"]
DateBound = Literal["before", "on-or-before", "after", "on-or-after", "within"]


class DateSpec(_Strict):
    """A date as the source writes it, normalised, with its precision and where it came from.

    Short forms: ``2025-04-23`` (a day), ``2025-05`` (a month), ``2025`` (a year); they mean
    ``{value: ..., precision: ...}`` without the text as written.
    """

    text: Text | None = Field(None, description="The date exactly as the source writes it, e.g. `Rabu (23/4/2025)` or `6-10 Mei 2025`.")
    value: dt.date = Field(description="The (first) day as YYYY-MM-DD; for a month or a year, its first day.")
    end: dt.date | None = Field(None, description="Last day of a span (`6-10 Mei 2025` → 2025-05-10).")
    precision: Literal["day", "month", "year"] = Field("day", description="How much of `value` the source states: day, month or year.")
    basis: DateBasis | None = Field(None, description="Where the date comes from: text (default), url, byline, metadata (page header) or inferred.")
    inferred: Text | None = Field(None, description="How a part the text does not state (usually the year) was worked out; required when `text` has no year (a two-digit year as in `24/5/22` counts as one and must match `value`).")
    approximate: bool = Field(False, description="True when the source hedges (`sekitar`, `awal Mei`, `beberapa waktu lalu`).")
    bound: DateBound | None = Field(None, description="When the source gives only a limit: before, on-or-before (`paling lambat`, `not after`), after or on-or-after; `value` is then the limit, not the day. `within`: on some day between `value` and `end`, not which.")
    weekday_only: bool = Field(False, description="True when the source names only a weekday (`Rabu`) and the day is worked out from it (say how in `inferred`).")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, data: Any) -> Any:
        if isinstance(data, dt.datetime):
            return {"value": data.date()}
        if isinstance(data, dt.date):
            return {"value": data}
        if isinstance(data, int) and not isinstance(data, bool) and 1900 <= data <= 2100:
            return {"value": dt.date(data, 1, 1), "precision": "year"}
        if isinstance(data, str):
            try:
                return {"value": dt.date.fromisoformat(data.strip())}
            except ValueError:
                pass
            match = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2}))?\s*", data)
            if match and (match.group(2) is None or 1 <= int(match.group(2)) <= 12):
                year, month = int(match.group(1)), match.group(2)
                if month is None:
                    return {"value": dt.date(year, 1, 1), "precision": "year"}
                return {"value": dt.date(year, int(month), 1), "precision": "month"}
            raise ValueError(
                f"expected a date: YYYY-MM-DD, YYYY-MM, YYYY or a mapping {{text: ..., value: YYYY-MM-DD}}, got {data!r}"
            )
        return data

    @model_validator(mode="after")
    def _check(self) -> DateSpec:
        short_year = _SHORT_YEAR.search(self.text) if self.text is not None else None
        if short_year is not None and not _YEAR.search(self.text or "") \
                and int(short_year.group(1)) != self.value.year % 100:
            raise ValueError(f"the date text {self.text!r} writes the year as '{short_year.group(1)} "
                             f"but value is in {self.value.year}")
        if self.text is not None and not _YEAR.search(self.text) and short_year is None and self.inferred is None \
                and self.basis not in ("url", "byline", "metadata"):
            raise ValueError(
                f"the date text {self.text!r} states no year; add 'inferred:' saying how the year "
                "was worked out (e.g. from the publication date or the weekday)"
            )
        if self.text is not None and self.precision == "day":
            lowered = self.text.casefold()
            named = [(n, w) for n, w in _WEEKDAYS.items() if re.search(rf"\b{re.escape(n)}\b", lowered)]
            # with a span ("Rabu-Jumat") the first weekday named is the start
            if named and self.end is None and len(named) == 1:
                name, weekday = named[0]
                if self.value.weekday() != weekday:
                    actual = self.value.strftime("%A")
                    raise ValueError(f"the date text says {name.title()} but {self.value} is a {actual}")
        if self.end is not None and self.end < self.value:
            raise ValueError(f"end {self.end} is before value {self.value}")
        if self.bound not in (None, "within") and self.end is not None:
            raise ValueError(f"a date with 'bound: {self.bound}' is a limit, not a span; drop 'end'")
        if self.bound == "within" and self.end is None:
            raise ValueError("a date with 'bound: within' needs 'end': the last day it can be")
        if self.weekday_only and self.inferred is None:
            raise ValueError("a date known only by its weekday needs 'inferred:' saying how the day was worked out")
        return self

    @property
    def earliest(self) -> dt.date | None:
        """The first day the date can be: the day itself, or the day after/on an ``after`` bound."""
        if self.bound in ("before", "on-or-before"):
            return None
        if self.bound == "after":
            return self.last_day + dt.timedelta(days=1)
        return self.value

    @property
    def latest(self) -> dt.date | None:
        """The last day the date can be: its last day, or the day before/on a ``before`` bound."""
        if self.bound in ("after", "on-or-after"):
            return None
        if self.bound == "before":
            return self.value - dt.timedelta(days=1)
        return self.last_day

    @property
    def last_day(self) -> dt.date:
        """The last day the date covers (its end, or the end of its month or year)."""
        if self.end is not None:
            return self.end
        if self.precision == "year":
            return dt.date(self.value.year, 12, 31)
        if self.precision == "month":
            return self.value.replace(day=calendar.monthrange(self.value.year, self.value.month)[1])
        return self.value


class _Durations(_Strict):
    @field_validator("duration", check_fields=False)
    @classmethod
    def _duration(cls, value: str | None) -> str | None:
        return None if value is None else parse_duration(str(value))


# ------------------------------------------------------------------------------ source

class SourceSpec(_Strict):
    """The news article the record's facts come from."""

    id: LocalId = Field(description="Unique id `publisher-yyyy-mm-dd-topic` (lowercase, hyphens); becomes the graph name.")
    file: Text = Field(description="The archived text file the record was curated from.")
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = Field(None, description="The article's web address, exactly as archived.")
    headline: Text | None = Field(None, description="The headline: the only text quoted verbatim.")
    publisher: Text | None = Field(None, description="The outlet as the text or page shows it; omit when not named.")
    publisher_note: Text | None = Field(None, description="Clues about the publisher when it is not named (paraphrased).")
    byline: Text | None = Field(None, description="The byline exactly as written (author names, initials, `adv/tri/msn`).")
    authors: list[Text] = Field(default_factory=list, description="Author names from the byline, one per item, without initials codes.")
    published: DateSpec | None = Field(None, description="Publication date; say `basis: url` when only the URL gives it.")
    updated: DateSpec | None = Field(None, description="Update date, when the page states one.")
    language: Literal["id", "en"] = Field("id", description="Language of the article: id or en.")
    cites: list[Text] = Field(default_factory=list, description="Bodies or outlets the article says it relies on (`rilis Diskominfo Medan`).")
    dateline: Text | None = Field(None, description="The dateline place as written (`BANGLI`, `Muara Bulian, Batanghari`): where the report was filed, not necessarily where things happened.")


# ------------------------------------------------------------------------------ people

ActingQualifier = Literal["pj", "plt", "plh"]


class PostSpec(_Strict):
    """A post a person holds: a role in an organization (or a region), perhaps acting."""

    role: Text = Field(description="A role of the role scheme by id, label or abbreviation (`wakil-bupati`, `wabup`, `Sekda`); see `kg vocab roles`.")
    organization: LocalId | None = Field(None, description="The body the post is in (an `organizations:` id).")
    region: Text | None = Field(None, description="The region of the post when no organization is declared (`Kota Medan`).")
    acting: ActingQualifier | None = Field(None, description="Acting qualifier: pj (Penjabat), plt (Pelaksana Tugas) or plh (Pelaksana Harian).")
    portfolio: Text | None = Field(None, description="The field of the post as written (`Pemerintahan dan Kesejahteraan Rakyat` for an Asisten).")
    former: bool = Field(False, description="True when the source says the person held the post earlier (`mantan`, `terdahulu`).")
    since: DateSpec | None = Field(None, description="When the person took the post, if stated.")
    until: DateSpec | None = Field(None, description="When the person left the post, if stated.")

    @model_validator(mode="after")
    def _where(self) -> PostSpec:
        if self.organization is None and self.region is None:
            raise ValueError("a post needs 'organization:' (an organizations id) or 'region:'")
        return self


class PersonSpec(_Strict):
    """A person the article names, or an office-holder it mentions only by post."""

    name: Text | None = Field(None, description="The name without honorific or academic titles; omit for an office-holder named only by post.")
    titles: list[Text] = Field(default_factory=list, description="Honorific, religious, military and academic titles as written (`H.`, `Hj.`, `dr.`, `Drs`, `S.Sos.`, `MM`, `Letkol Inf`).")
    name_as_written: Text | None = Field(None, description="The name with its titles exactly as the source writes it, when it differs from `name`.")
    key: LocalId | None = Field(None, description="Global identity across records (`firstname-lastname-region`); the same key is the same person in every record.")
    nicknames: list[Text] = Field(default_factory=list, description="Familiar names (`Mas Ibin`, `Emil`).")
    variant_spellings: list[Text] = Field(default_factory=list, description="Other spellings the source uses for this person, typos included.")
    described_as: Text | None = Field(None, description="How the source describes the person when it is not a post (paraphrased).")
    spouse_of: LocalId | None = Field(None, description="The person (a `people:` id) this person is married to, e.g. a Ketua TP-PKK and the head of region.")
    gender: Literal["female", "male"] | None = Field(None, description="Only when the source states it (Ibu/Bapak, istri/suami).")
    posts: list[PostSpec] = Field(default_factory=list, description="Posts held, as the source states them.")

    @model_validator(mode="after")
    def _named_or_posted(self) -> PersonSpec:
        if self.name is None and not self.posts:
            raise ValueError("a person needs 'name:', or at least one post when the source gives no name")
        return self


# ------------------------------------------------------------------------------ organizations

class StatisticSpec(_Strict):
    """A figure the source states about a body (visits received per year, members, booths)."""

    what: Text = Field(description="What is counted or measured (`study visits received`).")
    value: float = Field(description="The number.")
    unit: Text | None = Field(None, description="The unit, when not a plain count (`ton`, `persen`).")
    period: DateSpec | None = Field(None, description="The period it covers (`2023`, or a span with `end:`).")
    approximate: bool = Field(False, description="True for `sekitar`, `lebih dari`, `hampir`.")


class OrganizationSpec(_Strict):
    """A body the article names. Region-bound kinds may leave the name to the region."""

    kind: Text = Field(description="An organization kind by id or label (`local-government`, `dinas`, `dprd-commission`); see `kg vocab organization-kinds`.")
    region: Text | None = Field(None, description="The region the body belongs to or serves (`Kota Pontianak`, `Kotim`, `62.02`).")
    name: Text | None = Field(None, description="Full name; may be omitted for region-bound kinds (local government, DPRD, Setda, TP-PKK, Dekranasda, DWP).")
    short_name: Text | None = Field(None, description="Abbreviation as used (`Kemenko PM`, `Disdukcapil`).")
    aliases: list[Text] = Field(default_factory=list, description="Other names the source uses for the body.")
    part_of: LocalId | None = Field(None, description="Parent body (an `organizations:` id): a dinas in its local government, a komisi in its DPRD.")
    member_of: list[LocalId] = Field(default_factory=list, description="Forums or associations the body belongs to (`organizations:` ids).")
    member_regions: list[Text] = Field(default_factory=list, description="For a forum or association: the regions that are its members, as the source lists them.")
    member_count: int | None = Field(None, ge=1, description="Number of members the source states when it does not list them.")
    possible_regions: list[Text] = Field(default_factory=list, description="When the source does not say which region (`DPRD Jambi`: the province or Kota Jambi), the candidates; leave `region` empty.")
    key: LocalId | None = Field(None, description="Global identity across records for a body with no region-derived identity.")
    description: Text | None = Field(None, description="A short paraphrased description.")
    statistics: list[StatisticSpec] = Field(default_factory=list, description="Figures the source states about the body: `{what:, value:, unit:, period:}`.")


# ------------------------------------------------------------------------------ events

class RefSpec(_Strict):
    """A person or body in a role, optionally acting for someone else.

    Short form: just the id (`bahasan`).
    """

    who: LocalId = Field(description="A `people:` or `organizations:` id.")
    on_behalf_of: LocalId | None = Field(None, description="Whom they stand in for (`people:` or `organizations:` id): `mewakili`, `atas nama`, `diwakili`.")
    capacity: Text | None = Field(None, description="In what capacity, when it is not a post (`moderator`, `narasumber`).")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"who": data}
        return data


Refs = list[RefSpec]


class GroupSpec(_Strict):
    """An unnamed group of participants known by role and perhaps count (`all OPD heads`, `envoys of the regencies`)."""

    description: Text = Field(description="Who the group is, as the source describes it (paraphrased): `the heads of all regional offices`.")
    role: Text | None = Field(None, description="The role its members hold, by id, label or abbreviation (`kepala-dinas`, `camat`); see `kg vocab roles`.")
    organization: LocalId | None = Field(None, description="The body they belong to or serve (`organizations:` id).")
    region: Text | None = Field(None, description="The region they come from, when no organization is declared.")
    count: int | None = Field(None, ge=1, description="How many, when stated.")
    all: bool = Field(False, description="True when the source says all of them (`seluruh`, `para ... se-`).")



class DelegationSpec(_Strict):
    """A group sent to an event by a body (a local government, a DPRD commission, a dinas, a Dekranasda)."""

    from_: LocalId = Field(alias="from", description="The sending body (an `organizations:` id); its region is the origin.")
    on_behalf_of: LocalId | None = Field(None, description="The body the delegation represents when it is not the sender itself.")
    leader: RefSpec | None = Field(None, description="Who led it (`people:` id, or `{who:, on_behalf_of:}`).")
    members: Refs = Field(default_factory=list, description="Named members (`people:` ids).")
    member_organizations: list[LocalId] = Field(default_factory=list, description="Bodies represented in the delegation (`organizations:` ids).")
    member_groups: list[GroupSpec] = Field(default_factory=list, description="Unnamed members by role and count (`{description: all camat of the city, role: camat, all: true}`).")
    size: int | None = Field(None, ge=1, description="Number of people, as stated.")
    description: Text | None = Field(None, description="What the source says about the group (paraphrased).")

    @field_validator("leader", mode="before")
    @classmethod
    def _leader(cls, value: Any) -> Any:
        return {"who": value} if isinstance(value, str) else value


class PlaceSpec(_Strict):
    """One of several places of an event or where an agreement applies: a region, and the place and site in it.

    Short form: just the region (`Kabupaten Kapuas`).
    """

    location: Text = Field(description="The region (`Kabupaten Barito Kuala`).")
    place: Text | None = Field(None, description="The kecamatan, desa or kelurahan, resolved within this `location` (`Desa Karya Jadi`).")
    venue: Text | None = Field(None, description="The named site there (a building, a landfill, a port).")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"location": data}
        return data


class RouteSpec(_Strict):
    """A moving venue's route (a ship, a train, a convoy): from one region to another."""

    from_: Text = Field(alias="from", description="Region of departure (`Kota Ambon`).")
    to: Text = Field(description="Region of arrival (`Kota Bitung`).")
    via: list[Text] = Field(default_factory=list, description="Regions passed on the way, in order, when stated.")


EventStatus = Literal["planned", "held", "ongoing", "postponed", "cancelled"]


class EventSpec(_Durations):
    """An activity: a visit, audiensi, meeting, rakor, FGD, conference, signing, launch, exhibition, handover."""

    kind: Text = Field(description="An event kind by id or label (`study-visit`, `studi banding`, `audiensi`, `rakor`); see `kg vocab event-kinds`.")
    name: Text = Field(description="A short name for the event (paraphrased).")
    status: EventStatus = Field("held", description="planned, held (default), ongoing, postponed or cancelled, as of the article.")
    status_note: Text | None = Field(None, description="Why it was postponed or cancelled, or what it waits for (paraphrased).")
    date: DateSpec | None = Field(None, description="When; a span with `end:`; month- or year-only dates with `precision:`.")
    duration: Duration | None = Field(None, description="How long, when stated (`3 days`, `2 hari`, `35 menit`, `P3D`).")
    venue: Text | None = Field(None, description="The named site: building, room, hotel, ship (`Aula Eka Hapakat, Kantor Gubernur`).")
    place: Text | None = Field(None, description="The kecamatan, desa or kelurahan of the venue, when named (`Desa Paniis`); resolved within `location`.")
    location: Text | None = Field(None, description="The region where it happened (`Kota Jambi`).")
    places: list[PlaceSpec] = Field(default_factory=list, description="Several places, each `{location:, place:, venue:}` resolved within its own region (a joint field check of a border on both sides); use instead of `location`/`place` when there is more than one.")
    route: RouteSpec | None = Field(None, description="For a moving venue (a ship, a train): `{from:, to:, via:}` regions.")
    theme: Text | None = Field(None, description="The event's official theme or motto (`tema`), as written or paraphrased.")
    hosts: list[LocalId] = Field(default_factory=list, description="Host bodies (`organizations:` ids); several for a joint event.")
    host: LocalId | None = Field(None, description="A single host body; same as `hosts: [id]`.")
    received_by: Refs = Field(default_factory=list, description="Who received the visitors for the host, e.g. `{who: asisten-padang, on_behalf_of: wali-kota-padang}`.")
    organizer: LocalId | None = Field(None, description="The organizing body (`organizations:` id).")
    organizers: list[LocalId] = Field(default_factory=list, description="Several organizing bodies.")
    chair: RefSpec | None = Field(None, description="Who chaired or led the meeting (`memimpin rapat`), perhaps on behalf of someone.")
    opened_by: Refs = Field(default_factory=list, description="Who formally opened it.")
    speakers: Refs = Field(default_factory=list, description="Who gave speeches or presented.")
    witnesses: Refs = Field(default_factory=list, description="Who witnessed it (`disaksikan`).")
    participants: Refs = Field(default_factory=list, description="Other people or bodies present, outside delegations and hosts; for a joint visit of several bodies with no host, the bodies themselves.")
    participant_groups: list[GroupSpec] = Field(default_factory=list, description="Unnamed groups present, by role and count (`{description: all OPD heads, role: kepala-dinas, organization: pemkab-x, all: true}`).")
    delegations: list[DelegationSpec] = Field(default_factory=list, description="Visiting groups, one item per sending body.")
    participant_count: int | None = Field(None, ge=1, description="Number of participants, booths or attendees as stated (say which in `description`).")
    part_of: LocalId | None = Field(None, description="The larger event this one belongs to (`events:` id): a signing during a conference.")
    follows: list[AnyId] = Field(default_factory=list, description="Earlier events this one follows up (`events:` id, or `<source id>/<event id>` of another record).")
    before: list[AnyId] = Field(default_factory=list, description="Events this one took place before, when only the order is known (`sebelumnya`).")
    in_preparation_for: list[AnyId] = Field(default_factory=list, description="Later events this one prepares (`persiapan`): a visit ahead of a meeting (`events:` id or `<source id>/<event id>`).")
    concerns: list[LocalId] = Field(default_factory=list, description="Agreements, programs or products the event is about or hands over (ids).")
    topics: list[Text] = Field(default_factory=list, description="Sectors by id or label (`pariwisata`, `wisata`, `tourism`); see `kg vocab sectors`.")
    purpose: Text | None = Field(None, description="The stated purpose (paraphrased).")
    outcome: Text | None = Field(None, description="What came out of it when no structured field holds it (paraphrased).")
    learning: bool | None = Field(None, description="Visitors came to learn from the host (default true for study visits).")
    learners: list[LocalId] = Field(default_factory=list, description="Who learns (`organizations:` ids) when it is not the visitors learning from the host: a host learning from its visitors, or a third body; `learning` keeps meaning visitors learn from the host.")
    learning_from: list[LocalId] = Field(default_factory=list, description="Whom they learn from (`organizations:` ids), when it is not simply the hosts.")
    description: Text | None = Field(None, description="Anything else worth keeping (paraphrased).")

    @model_validator(mode="after")
    def _one_host_field(self) -> EventSpec:
        if self.host is not None and self.host in self.hosts:
            raise ValueError(f"host {self.host!r} is also listed in 'hosts'; use one of the two")
        return self

    @property
    def all_hosts(self) -> list[str]:
        """Every host id, from ``host`` and ``hosts``."""
        return ([self.host] if self.host else []) + list(self.hosts)

    @property
    def all_organizers(self) -> list[str]:
        """Every organizer id, from ``organizer`` and ``organizers``."""
        return ([self.organizer] if self.organizer else []) + list(self.organizers)


# ------------------------------------------------------------------------------ agreements

class PartySpec(_Strict):
    """A party to an agreement, who signs for it, and whether it has signed.

    Short form: just the organization id.
    """

    party: LocalId = Field(description="The party (`organizations:` id).")
    signatory: RefSpec | None = Field(None, description="Who signs for it (`people:` id, or `{who:, on_behalf_of:}` when signing for someone).")
    signed: bool | None = Field(None, description="Whether this party has signed; false while a countersignature is awaited.")
    signed_on: DateSpec | None = Field(None, description="When this party signed, if it differs from the agreement's date.")
    role: Text | None = Field(None, description="The party's role as written (`pihak pertama`, `pengelola`).")
    obligations: list[Text] = Field(default_factory=list, description="What this party undertakes, one item each (paraphrased): `provides the land`, `pays the fee per truck`.")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"party": data}
        return data

    @field_validator("signatory", mode="before")
    @classmethod
    def _signatory(cls, value: Any) -> Any:
        return {"who": value} if isinstance(value, str) else value


AgreementStatus = Text


class StatusChangeSpec(_Strict):
    """One step of an agreement's lifecycle."""

    status: Text = Field(description="A status (see `kg vocab statuses`).")
    date: DateSpec | None = Field(None, description="When the agreement reached it.")
    note: Text | None = Field(None, description="Paraphrased detail.")


class AmountSpec(_Strict):
    """A sum of money the source states."""

    value: float = Field(description="The amount as a number (`182100000000` for Rp182,1 miliar).")
    currency: Literal["IDR", "USD", "EUR", "SGD", "MYR"] = Field("IDR", description="ISO currency code.")
    per: Text | None = Field(None, description="The unit the amount applies to (`truk`, `tahun`, `mahasiswa`).")
    what: Text = Field(description="What the amount is (`retribusi`, `anggaran beasiswa 2024`).")


class AgreementSpec(_Durations):
    """An agreement — MoU, kesepakatan bersama, PKS, sister city, amendment — in any stage."""

    kind: Text = Field(description="An agreement kind by id or label (`mou`, `kesepakatan-bersama`, `pks`, `sister-city`, `amendment`); see `kg vocab agreement-kinds`.")
    status: Text = Field(description="The status as of the article (`signed`, `proposed`, `awaiting-countersignature`, `expired`); see `kg vocab statuses`.")
    status_note: Text | None = Field(None, description="What the status waits for or why it changed (paraphrased).")
    name: Text = Field(description="The agreement's title or a short name (paraphrased).")
    aliases: list[Text] = Field(default_factory=list, description="Other names the source uses for the same document.")
    kind_as_written: Text | None = Field(None, description="The document kind as the source calls it when that differs from `kind` (a headline `MoU` for what the text calls a PKS).")
    description: Text | None = Field(None, description="Anything else worth keeping about it (paraphrased).")
    proposed_by: list[LocalId] = Field(default_factory=list, description="Bodies that proposed or initiated it (`organizations:` ids).")
    requested_by: list[LocalId] = Field(default_factory=list, description="Bodies that asked for it (a permohonan), when not the proposer (`organizations:` ids).")
    places: list[PlaceSpec] = Field(default_factory=list, description="Where it applies, when the source names a site: `{location:, place:, venue:}` (a landfill, a border segment).")
    parties: list[PartySpec] = Field(default_factory=list, description="All parties of ONE document, each `id` or `{party:, signatory:, signed:}`; a ten-party agreement is one agreement.")
    party_groups: list[GroupSpec] = Field(default_factory=list, description="Parties the source names only as a group (`the regencies and cities of Papua`): `{description:, region:, count:, all:}`.")
    all_members_of: list[LocalId] = Field(default_factory=list, description="Forums or associations ALL of whose members are parties, when the source does not list them (`para gubernur se-Indonesia` of APPSI).")
    signatories: Refs = Field(default_factory=list, description="Signatories when not given per party (`people:` ids).")
    witnesses: Refs = Field(default_factory=list, description="Who witnessed the signing (`disaksikan`).")
    facilitators: list[LocalId] = Field(default_factory=list, description="Bodies that facilitated it (a ministry, a forum).")
    signed_at: LocalId | None = Field(None, description="The event at which it was signed (`events:` id).")
    date: DateSpec | None = Field(None, description="Signing date (or the date of the current status).")
    history: list[StatusChangeSpec] = Field(default_factory=list, description="Earlier lifecycle steps with dates (`signed` 2009, `expired` 2021-10-26, `extended` ...).")
    valid_from: DateSpec | None = Field(None, description="Start of validity; defaults to the signing date.")
    valid_until: DateSpec | None = Field(None, description="End of validity as stated; computed from the term when absent.")
    validity_years: int | None = Field(None, ge=1, description="Term in years (`berlaku lima tahun`).")
    duration: Duration | None = Field(None, description="Term in other units (`7 hari`, `P6M`).")
    extendable: bool | None = Field(None, description="True when the text says it can be extended.")
    documents: int | None = Field(None, ge=1, description="Number of documents signed under this name, when stated.")
    number: Text | None = Field(None, description="The document number, when stated.")
    legal_basis: list[Text] = Field(default_factory=list, description="Laws and regulations cited as its basis (`PP 28/2018`, `Permendagri 22/2020`).")
    based_on: AnyId | None = Field(None, description="The framework agreement it implements (a PKS under an MoU): `agreements:` id or `<source id>/<id>`.")
    follows: AnyId | None = Field(None, description="Older name of `based_on`.")
    amends: AnyId | None = Field(None, description="The agreement this one amends (an addendum/perubahan).")
    extends: AnyId | None = Field(None, description="The agreement this one extends (perpanjangan).")
    amendment_number: int | None = Field(None, ge=1, description="Ordinal of the amendment (3 for `Perubahan Ketiga`).")
    scope: Text | None = Field(None, description="What it covers (paraphrased).")
    topics: list[Text] = Field(default_factory=list, description="Sectors by id or label.")
    amounts: list[AmountSpec] = Field(default_factory=list, description="Sums of money it states (fees, budgets).")
    expected_follow_up: Text | None = Field(None, description="Follow-up the source expects (paraphrased); a planned PKS is better an agreement with status `proposed`.")
    cooperation_type: Text | None = Field(None, description="KSDD, KSDPK, KSDPL or KSDLL (PP 28/2018).")

    @model_validator(mode="after")
    def _framework(self) -> AgreementSpec:
        if self.based_on is not None and self.follows is not None and self.based_on != self.follows:
            raise ValueError("'based_on' and 'follows' name different agreements; use 'based_on' only")
        return self

    @property
    def framework(self) -> str | None:
        """The framework agreement, from ``based_on`` or the older ``follows``."""
        return self.based_on or self.follows


# ------------------------------------------------------------------------------ programs, products

class ProgramSpec(_Strict):
    """A program, policy, facility or project a body runs or proposes."""

    name: Text = Field(description="Name of the program (as named, or paraphrased).")
    owner: LocalId = Field(description="The body that runs or proposes it (`organizations:` id).")
    partners: list[LocalId] = Field(default_factory=list, description="Other bodies taking part (`organizations:` ids).")
    status: Literal["proposed", "planned", "running", "completed", "stopped"] | None = Field(None, description="proposed, planned, running, completed or stopped, when the source says.")
    implemented_in: list[Text] = Field(default_factory=list, description="Regions where it runs.")
    place: Text | None = Field(None, description="The kecamatan, desa or kelurahan, when named.")
    topics: list[Text] = Field(default_factory=list, description="Sectors by id or label.")
    description: Text | None = Field(None, description="What it does (paraphrased).")
    implements: list[AnyId] = Field(default_factory=list, description="Agreements it puts into practice (ids).")
    discussed_at: list[LocalId] = Field(default_factory=list, description="Events where it was discussed or handed over (`events:` ids).")
    started: DateSpec | None = Field(None, description="When it began, if stated.")
    amounts: list[AmountSpec] = Field(default_factory=list, description="Budgets or costs stated.")
    beneficiaries: int | None = Field(None, ge=1, description="Number of people it serves, when stated.")
    adapted_from: list[LocalId] = Field(default_factory=list, description="Programs it was modelled on or replicates (`programs:` ids).")


class ProductSpec(_Strict):
    """A leading or potential product of one or more regions."""

    name: Text = Field(description="Name of the product.")
    regions: list[Text] = Field(default_factory=list, description="Regions it comes from.")
    sectors: list[Text] = Field(default_factory=list, description="Sectors by id or label.")
    potential: bool = Field(False, description="True for a potential still to develop rather than an established product.")
    places: list[PlaceSpec] = Field(default_factory=list, description="Where it is made or grown, when the source names a place below the region: `{location:, place:}`.")
    possible_regions: list[Text] = Field(default_factory=list, description="When the source does not say which region it comes from (`Pekalongan`: the city or the regency), the candidates; `regions` keeps what is certain (the province).")
    description: Text | None = Field(None, description="Paraphrased description.")
    discussed_at: list[LocalId] = Field(default_factory=list, description="Events where it was shown or discussed (`events:` ids).")


# ------------------------------------------------------------------------------ local vocabulary

class TermSpec(_Strict):
    """A term a record adds to a vocabulary, under a broader term that exists."""

    id: LocalId = Field(description="New id, lowercase-hyphen, not used by the vocabulary yet.")
    broader: Text = Field(description="An existing term (id or label) the new one narrows.")
    label: Text = Field(description="Indonesian label.")
    label_en: Text | None = Field(None, description="English label.")
    alt_labels: list[Text] = Field(default_factory=list, description="Abbreviations and other names.")
    definition: Text | None = Field(None, description="What the term means.")


class VocabularySpec(_Strict):
    """Terms a record adds when no existing term fits (`kg vocab ...` lists the existing ones)."""

    sectors: list[TermSpec] = Field(default_factory=list, description="New sectors or topics.")
    roles: list[TermSpec] = Field(default_factory=list, description="New roles.")


class CorrectionSpec(_Strict):
    """A data error in the source and how the record reads it."""

    where: Text = Field(description="The record field the correction applies to (`agreements.pks-kominfo.parties.0`).")
    as_written: Text = Field(description="What the source says (`Prov. Kalimantan Barat`).")
    read_as: Text = Field(description="What the record holds instead (`Prov. Aceh`).")
    reason: Text | None = Field(None, description="Why (paraphrased).")


class InconsistencySpec(_Strict):
    """A contradiction within the source that the record does not resolve."""

    where: Text | None = Field(None, description="The record field concerned (`events.visit.date`), when one.")
    note: Text = Field(description="What the source says in two ways (paraphrased).")


class Record(_Strict):
    """One curated record file: a source and the facts it states."""

    source: SourceSpec = Field(description="The article.")
    corrections: list[CorrectionSpec] = Field(default_factory=list, description="Data errors in the source the record corrects (typos in names go in `variant_spellings`).")
    source_inconsistencies: list[InconsistencySpec] = Field(default_factory=list, description="Contradictions within the source that the record leaves open.")
    vocabulary: VocabularySpec | None = Field(None, description="Terms this record adds under existing broader terms.")
    people: dict[LocalId, PersonSpec] = Field(default_factory=dict, description="People and unnamed office-holders, keyed by a local id.")
    organizations: dict[LocalId, OrganizationSpec] = Field(default_factory=dict, description="Bodies, keyed by a local id.")
    events: dict[LocalId, EventSpec] = Field(default_factory=dict, description="Events, keyed by a local id.")
    agreements: dict[LocalId, AgreementSpec] = Field(default_factory=dict, description="Agreements, keyed by a local id.")
    programs: dict[LocalId, ProgramSpec] = Field(default_factory=dict, description="Programs, keyed by a local id.")
    products: dict[LocalId, ProductSpec] = Field(default_factory=dict, description="Products, keyed by a local id.")


MODELS: tuple[type[BaseModel], ...] = (
    Record, SourceSpec, DateSpec, PersonSpec, PostSpec, OrganizationSpec, EventSpec, RefSpec, DelegationSpec,
    AgreementSpec, PartySpec, StatusChangeSpec, AmountSpec, ProgramSpec, ProductSpec, VocabularySpec, TermSpec,
    CorrectionSpec, PlaceSpec, RouteSpec, GroupSpec, StatisticSpec, InconsistencySpec,
)


def field_names() -> set[str]:
    """Return every field name of every record model (for did-you-mean suggestions)."""
    names: set[str] = set()
    for model in MODELS:
        for name, info in model.model_fields.items():
            names.add(info.alias or name)
    return names


def model_fields_of(model: type[BaseModel]) -> list[str]:
    """Return the field names of ``model`` as written in YAML."""
    return [info.alias or name for name, info in model.model_fields.items()]
