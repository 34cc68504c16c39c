"""`/api/v1/extract`, `/api/v1/ingest` and `/api/v1/review`: from text to candidates to facts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ...domain.vocab import ReviewStatus
from ...errors import InputError, NotFoundError
from ...ingest import IngestReport, ingest_documents
from ...ingest.corpus import source_counts
from ...ledger import query, review, serialize
from ..auth import ActorDep
from ..deps import NamesDep, SettingsDep, StoreDep
from ..ingesting import published_date, read_input
from ..json_response import JSONResponse
from ..params import MAX_PAGE_SIZE
from ..schemas import (
    ERRORS,
    WRITE_ERRORS,
    CandidateList,
    DecisionOut,
    ExtractIn,
    IngestIn,
    IngestOut,
    ReviewIn,
    ReviewList,
)

router = APIRouter(tags=["extract and review"], responses=ERRORS)


@router.post("/extract", response_model=CandidateList)
def extract(body: ExtractIn) -> JSONResponse:
    """Candidate facts in a text, with their evidence; nothing is stored."""
    from ...extract import extract_facts

    when = published_date(body.published)
    if when is None:
        raise InputError("required: relative dates are resolved against it", "published")
    found = extract_facts(body.text, when, fmt=body.fmt)
    return JSONResponse({"candidates": [c.to_eval_dict() for c in found]})


def report_dict(report: IngestReport) -> dict[str, object]:
    return {
        "documents": [
            {
                "origin": d.origin,
                "source_id": d.source_id,
                "stored": d.stored,
                "candidates": d.candidates,
                "fact_ids": list(d.fact_ids),
                "grouped": list(d.grouped),
                "warnings": list(d.warnings),
            }
            for d in report.documents
        ]
    }


@router.post("/ingest", response_model=IngestOut, responses=WRITE_ERRORS)
def ingest(store: StoreDep, settings: SettingsDep, actor: ActorDep, body: IngestIn) -> JSONResponse:
    """Store a text or a URL as a source and queue its candidates for review. The same text
    twice changes nothing (`stored: false`)."""
    if body.mission:
        query.require_mission(store, body.mission)
    docs = read_input(
        text=body.text,
        url=body.url,
        fmt=body.fmt,
        published=body.published,
        title=body.title,
        allow_private=settings.allow_private_urls,
    )
    report = ingest_documents(store, docs, recorded_by=actor, mission=body.mission)
    return JSONResponse(report_dict(report))


@router.get("/review", response_model=ReviewList)
def pending(
    store: StoreDep,
    names: NamesDep,
    mission: str | None = None,
    source: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 100,
) -> JSONResponse:
    """Candidates waiting for a decision, oldest report first, each with how many sources
    report it (repeated reports of one claim are one candidate)."""
    if mission:
        query.require_mission(store, mission)
    items = review.pending(store, mission=mission, source_id=source, limit=limit)
    counts = source_counts(store, [f.fact_id for f in items])
    rows = serialize.facts_dicts(items, names)
    return JSONResponse({"candidates": [d | {"sources": counts[d["fact_id"]]} for d in rows]})


@router.post("/review/{fact_id}", response_model=DecisionOut, responses=WRITE_ERRORS)
def decide(
    store: StoreDep, actor: ActorDep, names: NamesDep, fact_id: str, body: ReviewIn
) -> JSONResponse:
    """Accept (optionally with edits), reject, or edit keeping the status. Each decision is a
    new version; `expected_version` guards against overwriting another reviewer."""
    current = store.get_fact(fact_id)
    if current is None:
        raise NotFoundError("fact", fact_id)
    status = {
        "accept": ReviewStatus.ACCEPTED,
        "reject": ReviewStatus.REJECTED,
        "edit": current.status,
    }[body.decision]
    d = review.decide(
        store,
        fact_id,
        status,
        by=actor,
        note=body.note,
        changes=body.changes,
        pin=body.pin,
        expected_version=body.expected_version,
    )
    return JSONResponse(
        {
            "fact_id": d.fact_id,
            "status": d.after.status.value,
            "version": d.after.version,
            "change_note": d.after.change_note,
            "fact": serialize.fact_dict(d.after, names),
        }
    )
