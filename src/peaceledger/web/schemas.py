"""Pydantic models at the edge: `<Thing>In` for bodies, `<Thing>Out` for responses,
`<Thing>Page` for paginated lists.

Responses are built by `ledger.serialize` (the dicts `--format json` prints), so the CLI and
the API cannot disagree; these models document them in the OpenAPI document, and the tests
validate real responses against them so the two cannot drift. Nested figures stay loosely
typed (`dict`) where `docs/data-model.md` is the reference.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(extra="allow")


class PhaseOut(_Out):
    phase: str = Field(description="authorized, deploying, operating, transition or ended")
    start: str


class MissionOut(_Out):
    code: str
    name: str
    host: str
    resolutions: list[str]
    start: str | None
    end: str | None = Field(description="The day it ended: the start of its `ended` phase.")
    lead: str | None
    predecessor: str | None
    successor: str | None
    description: str
    phases: list[PhaseOut] = Field(
        description="In date order. Between `transition` and `ended` its contingents serve on "
        "under the successor."
    )


class MissionList(_Out):
    missions: list[MissionOut]


class ActorOut(_Out):
    code: str
    name: str
    kind: str
    un_member: bool


class ActorList(_Out):
    actors: list[ActorOut]


class SourceOut(_Out):
    source_id: str
    kind: str = Field(
        description="The page's own kind: official, wire, outlet, aggregator, mirror, unrated."
    )
    origin: str | None = Field(description="For a syndicated copy: whose report it carries.")
    origin_kind: str | None = Field(description="The kind of the origin (a wire, usually).")
    credibility: str = Field(
        description="The kind to weigh it by: the origin's for a copy (a mirror's copy at "
        "most an outlet), else `kind`."
    )
    report_key: str | None = Field(
        description="Copies of one report share it: two copies of a wire story are one report."
    )
    url: str | None
    title: str
    publisher: str
    published: str | None
    sha256: str | None
    retrieved_at: str | None


class EvidenceOut(_Out):
    start: int
    end: int
    quote: str


class FactOut(_Out):
    fact_id: str
    version: int
    mission: str
    actor: str | None
    metric: str
    qualifier: str
    value: int | float | None
    unit: str
    personnel_type: str | None
    channel: str | None
    date_of_fact: str | None
    date_precision: str | None
    source_id: str
    basis: str
    status: str
    pinned: bool
    evidence: EvidenceOut | None
    recorded_by: str
    recorded_at: str | None
    change_note: str
    scope: str = Field(
        description="mission, or wider: covers more than the mission (shown, in no total)."
    )
    derived: bool = Field(description="Computed from other figures, not stated by a source.")
    derived_from: list[str] = Field(description="The ids of the facts it was computed from.")
    derivation: str = Field(description="The operation, e.g. `991 − 259`; empty if stated.")
    money: dict[str, Any] | None = None


class FactPage(_Out):
    facts: list[FactOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")
    sources: dict[str, SourceOut]


class ClaimEvidenceOut(_Out):
    source_id: str
    source_kind: str
    title: str | None
    url: str | None
    published: str | None
    start: int
    end: int
    quote: str


class FactDetailOut(_Out):
    fact: FactOut
    source: SourceOut | None
    history: list[FactOut]
    evidence: list[ClaimEvidenceOut] = Field(
        description="Every report of this claim, one per source and span, the fact's own "
        "included; empty when the fact was not grouped from reports (imports, built-in data)."
    )


class SourcePage(_Out):
    sources: list[SourceOut]
    next_offset: int | None


class SpanOut(_Out):
    start: int
    end: int
    fact_ids: list[str]


class SourceDetailOut(_Out):
    source: SourceOut
    text: str | None
    spans: list[SpanOut]
    facts: list[FactOut]


class StateOut(_Out):
    mission: MissionOut
    as_of: str
    known_at: str | None
    actors: list[dict[str, Any]]
    mission_wide: dict[str, Any]
    country_sums: dict[str, Any]
    conflicts: list[dict[str, Any]]
    warnings: list[str]
    headline_rule: str
    series_rules: str = Field(
        description="How each kind of series behaves over time (cumulative, strength, "
        "pledge, level), the rule beside `headline_rule`."
    )
    phase: str | None = Field(description="The mission's phase on `as_of`.")
    facts_used: int
    sources: dict[str, SourceOut]


class HandoverOut(_Out):
    from_: str = Field(alias="from", description="The mission that handed over.")
    to: str
    date: str = Field(description="The day the predecessor ended.")


class ForceStateOut(StateOut):
    chain: list[MissionOut] = Field(description="The missions of the line, first to last.")
    handovers: list[HandoverOut]
    current: str = Field(description="The mission the force is on `as_of`.")


class TimelineOut(_Out):
    mission: str | None
    actor: str | None
    metrics: list[str]
    entries: list[dict[str, Any]]
    sources: dict[str, SourceOut]


class ExtractIn(BaseModel):
    text: str = Field(min_length=1, max_length=5_000_000, description="The article text.")
    published: str = Field(description="Publication date; relative dates resolve against it.")
    fmt: Literal["text", "html"] = "text"


class CandidateList(_Out):
    candidates: list[dict[str, Any]]


class CandidateOut(FactOut):
    sources: int = Field(description="How many sources report this claim (at least 1).")


class ReviewList(_Out):
    candidates: list[CandidateOut]


class IngestIn(BaseModel):
    text: str | None = Field(default=None, max_length=5_000_000)
    url: str | None = None
    published: str | None = Field(
        default=None, description="Required unless the page declares its own date."
    )
    mission: str | None = None
    fmt: Literal["text", "markdown", "html"] | None = None
    title: str | None = None


class DocumentOut(_Out):
    origin: str
    source_id: str
    stored: bool
    candidates: int
    fact_ids: list[str]
    grouped: list[str] = Field(
        description="Claims already known that this document reports again: it was added to "
        "their evidence instead of queuing a second candidate."
    )
    warnings: list[str]


class IngestOut(_Out):
    documents: list[DocumentOut]


class ReviewIn(BaseModel):
    decision: Literal["accept", "reject", "edit"]
    expected_version: int | None = Field(
        default=None, ge=1, description="Refused with 409 if someone changed the fact since."
    )
    changes: dict[str, str | None] = Field(default_factory=dict)
    note: str = Field(default="", max_length=2000)
    pin: bool | None = None


class DecisionOut(_Out):
    fact_id: str
    status: str
    version: int
    change_note: str
    fact: FactOut


class ErrorOut(BaseModel):
    error: str
    where: str | None
    problems: list[dict[str, Any]] | None = None


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "Not logged in, or an unknown or revoked token."},
    404: {"model": ErrorOut, "description": "Unknown mission, actor, fact or source."},
    413: {"model": ErrorOut, "description": "The request body is over the size limit."},
    422: {"model": ErrorOut, "description": "A bad parameter; `where` names it."},
}
FILE_TYPES = {
    "text/csv": {"schema": {"type": "string"}},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "schema": {"type": "string", "format": "binary"}
    },
    "application/zip": {"schema": {"type": "string", "format": "binary"}},
}


def with_files(model: Any) -> dict[int | str, dict[str, Any]]:
    """A 200 that is JSON (`model`) or, with `format=`, a file: documented so a client (and
    schemathesis) knows every content type the route sends (issue 7)."""
    return {200: {"model": model, "content": FILE_TYPES}}


def with_csv(model: Any) -> dict[int | str, dict[str, Any]]:
    """A 200 that is JSON (`model`) or, with `format=csv`, a CSV table."""
    return {200: {"model": model, "content": {"text/csv": {"schema": {"type": "string"}}}}}


WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorOut, "description": "The role does not allow it, or no CSRF token."},
    409: {"model": ErrorOut, "description": "Based on a stale version: someone changed it."},
}
"""Issue 7: what writes may answer besides `ERRORS`."""


class AuditEntryOut(_Out):
    id: int | None
    at: str | None
    actor: str = Field(description="Who: `web:<user>`, `cli:<login>`, `builtin`...")
    action: str = Field(description="create, import, ingest, edit, review, retract, revert")
    object_kind: str
    object_id: str
    note: str
    changes: dict[str, dict[str, Any]] = Field(description="field -> {before, after}")
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class FactAuditOut(_Out):
    fact_id: str
    entries: list[AuditEntryOut]


class RevertIn(BaseModel):
    to_version: int = Field(ge=1, le=1_000_000, description="The version whose content returns.")
    expected_version: int | None = Field(
        default=None, ge=1, le=1_000_000, description="Refused with 409 if it changed since."
    )
    note: str = Field(default="", max_length=2000)
