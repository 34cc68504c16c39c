"""Controlled vocabularies: exactly the words of the extraction cases' README.

They are `StrEnum`s so that the stored value, the JSON field and the CLI argument are the
same string a user reads in the documentation.
"""

from __future__ import annotations

from enum import StrEnum


class Metric(StrEnum):
    PERSONNEL_PLEDGED = "personnel_pledged"
    PERSONNEL_DEPLOYED = "personnel_deployed"
    PERSONNEL_ARRIVED = "personnel_arrived"
    PERSONNEL_WITHDRAWN = "personnel_withdrawn"
    PERSONNEL_AUTHORIZED = "personnel_authorized"
    FUNDING_PLEDGED = "funding_pledged"
    FUNDING_COMMITTED = "funding_committed"
    FUNDING_PAID = "funding_paid"
    FUNDING_REQUIREMENT = "funding_requirement"
    FATALITIES = "fatalities"

    @property
    def is_money(self) -> bool:
        return self.value.startswith("funding_")

    @property
    def is_personnel(self) -> bool:
        return self.value.startswith("personnel_") or self is Metric.FATALITIES


class MoneyStage(StrEnum):
    """The FTS/IATI ladder. Rungs are never added together: one dollar can climb all three."""

    PLEDGED = "pledged"
    COMMITTED = "committed"
    PAID = "paid"
    REQUIRED = "required"

    @classmethod
    def of(cls, metric: Metric) -> MoneyStage:
        return _STAGE_OF[metric]


_STAGE_OF = {
    Metric.FUNDING_PLEDGED: MoneyStage.PLEDGED,
    Metric.FUNDING_COMMITTED: MoneyStage.COMMITTED,
    Metric.FUNDING_PAID: MoneyStage.PAID,
    Metric.FUNDING_REQUIREMENT: MoneyStage.REQUIRED,
}


class Qualifier(StrEnum):
    EXACT = "exact"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    ABOUT = "about"
    UP_TO = "up_to"


class PersonnelType(StrEnum):
    """The dataset's types. UN data is finer (troops, staff officers, formed police units,
    individual police, experts on mission); `UN_TYPE_MAP` keeps that mapping possible."""

    POLICE = "police"
    MILITARY = "military"
    CIVILIAN = "civilian"
    MIXED = "mixed"


UN_TYPE_MAP: dict[str, PersonnelType] = {
    "troops": PersonnelType.MILITARY,
    "staff_officers": PersonnelType.MILITARY,
    "experts_on_mission": PersonnelType.MILITARY,
    "formed_police_units": PersonnelType.POLICE,
    "individual_police": PersonnelType.POLICE,
    "civilian_staff": PersonnelType.CIVILIAN,
}


class Channel(StrEnum):
    TRUST_FUND = "trust_fund"
    BILATERAL = "bilateral"


class ReviewStatus(StrEnum):
    CANDIDATE = "candidate"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    RETRACTED = "retracted"


class Basis(StrEnum):
    """How a figure combines with earlier figures of the same kind for the same actor.

    TOTAL: a level or a cumulative figure; a later one replaces it (pledges restate).
    INCREMENT: "another", "additional", "more": adds to the latest total before it.
    PART: a tranche, a share or an overlapping figure: shown with its source, never used as
    the headline nor added to it.
    ROTATION: arrivals that replace people going home: shown, never added to strength.
    REDUCTION: a new, lower total after a cut, a cancellation, a refund or a retraction: the
    one way a cumulative series (money to date, deaths to date) may fall.
    """

    TOTAL = "total"
    INCREMENT = "increment"
    PART = "part"
    ROTATION = "rotation"
    REDUCTION = "reduction"


class Scope(StrEnum):
    """What a figure covers. WIDER: more than the mission ("aid to the Haitian police and the
    MSS together"): shown with its note, left out of every total."""

    MISSION = "mission"
    WIDER = "wider"


class SourceKind(StrEnum):
    """How far a page is trusted (shared/data/publishers_README.md): official > wire > outlet >
    aggregator > mirror; `unrated` until a reviewer or the publisher registry says."""

    OFFICIAL = "official"
    WIRE = "wire"
    OUTLET = "outlet"
    AGGREGATOR = "aggregator"
    MIRROR = "mirror"
    UNRATED = "unrated"


LEGACY_SOURCE_KINDS: dict[str, SourceKind | None] = {
    "news": None,
    "dataset": SourceKind.OFFICIAL,
    "user": SourceKind.UNRATED,
}
"""Kinds of earlier versions, still read from import files: `news` is rated by the publisher
registry (unrated when the domain is unknown); a `dataset` ranked with official documents."""


class MissionPhase(StrEnum):
    AUTHORIZED = "authorized"
    DEPLOYING = "deploying"
    OPERATING = "operating"
    TRANSITION = "transition"
    ENDED = "ended"


class EventKind(StrEnum):
    RESOLUTION = "resolution"
    MANDATE_RENEWAL = "mandate_renewal"
    NOTIFICATION = "notification"
    SUSPENSION = "suspension"
    CASUALTY = "casualty"
    INCIDENT = "incident"
    OTHER = "other"


class ActorKind(StrEnum):
    STATE = "state"
    ORGANISATION = "organisation"


PERSONS = "persons"
"""The unit of every personnel figure; money figures use their ISO 4217 code."""
