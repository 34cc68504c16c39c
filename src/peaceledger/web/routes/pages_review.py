"""Pages: add an article (paste, URL or file), then review its candidates: accept, reject or
edit each, with keyboard shortcuts (`static/review.js`) and plain forms without JavaScript."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...domain.vocab import Metric, PersonnelType, Qualifier, ReviewStatus
from ...errors import InputError, NotFoundError
from ...ingest import ingest_documents
from ...ingest.corpus import source_counts
from ...ledger import query, review, serialize
from ...store.base import FactFilter
from ..auth import ActorDep
from ..deps import NamesDep, SettingsDep, StoreDep, TemplatesDep
from ..highlight import context, locate
from ..ingesting import read_input
from ..params import MAX_PAGE_SIZE

router = APIRouter(include_in_schema=False)
EDIT_FIELDS = ("actor", "metric", "qualifier", "value", "unit", "personnel_type", "date_of_fact")


@router.get("/ingest", response_class=HTMLResponse)
def ingest_form(request: Request, store: StoreDep, templates: TemplatesDep) -> Response:
    return templates.TemplateResponse(
        request, "ingest.html", {"missions": store.list_missions(), "form": {}}
    )


@router.post("/ingest", response_class=HTMLResponse)
async def ingest_submit(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    actor: ActorDep,
    templates: TemplatesDep,
    text: Annotated[str, Form(max_length=5_000_000)] = "",
    url: Annotated[str, Form(max_length=2000)] = "",
    published: Annotated[str, Form(max_length=40)] = "",
    mission: Annotated[str, Form(max_length=40)] = "",
    fmt: Annotated[str, Form(max_length=20)] = "",
    title: Annotated[str, Form(max_length=300)] = "",
    file: UploadFile | None = None,
) -> Response:
    """Store the article as a source, queue its candidates, and go to their review."""
    upload = None
    if file is not None and file.filename:
        upload = (await file.read(), file.filename)
    if mission:
        query.require_mission(store, mission)
    if fmt and fmt not in ("text", "markdown", "html"):
        raise InputError(f"unknown format {fmt!r}; expected text, markdown or html", "fmt")
    docs = read_input(
        text=text or None,
        url=url.strip() or None,
        upload=upload,
        fmt=fmt or None,
        published=published,
        title=title or None,
        allow_private=settings.allow_private_urls,
    )
    report = ingest_documents(store, docs, recorded_by=actor, mission=mission or None)
    first = report.documents[0]
    params = {"source": first.source_id, "stored": "1" if first.stored else "0"}
    if first.grouped:  # issue 8: its reports of known claims are not candidates of its own
        params["grouped"] = str(len(first.grouped))
    return RedirectResponse(f"/review?{urlencode(params)}", status_code=303)


@router.get("/review", response_class=HTMLResponse)
def review_page(
    request: Request,
    store: StoreDep,
    names: NamesDep,
    templates: TemplatesDep,
    source: Annotated[str | None, Query(max_length=100)] = None,
    mission: Annotated[str | None, Query(max_length=40)] = None,
    stored: str | None = None,
    grouped: Annotated[int, Query(ge=0, le=100_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 100,
) -> Response:
    if mission:
        query.require_mission(store, mission)
    src = None
    if source:
        src = store.get_sources([source], with_text=True).get(source)
        if src is None:
            raise NotFoundError("source", source)
    items = review.pending(store, mission=mission or None, source_id=source or None, limit=limit)
    texts: dict[str, str] = {}
    for sid in {f.source_id for f in items}:
        if src is not None and sid == src.source_id:
            texts[sid] = src.text or ""
        else:
            held = store.get_sources([sid], with_text=True).get(sid)
            texts[sid] = (held.text or "") if held else ""
    counts = source_counts(store, [f.fact_id for f in items])  # issue 8: grouped reports
    cards: list[dict[str, Any]] = []
    for f, d in zip(items, serialize.facts_dicts(items, names), strict=True):
        where = locate(texts.get(f.source_id, ""), f)
        d["context"] = context(texts[f.source_id], *where) if where else []
        d["sources"] = counts[f.fact_id]
        cards.append(d)
    decided = 0
    if source:
        decided = store.count_facts(FactFilter(source_id=source)) - len(items)
    return templates.TemplateResponse(
        request,
        "review.html",
        {
            "cards": cards,
            "source": serialize.source_dict(src) if src else None,
            "stored": stored,
            "grouped": grouped,
            "decided": decided,
            "mission": mission or "",
            "metrics": [m.value for m in Metric],
            "qualifiers": [q.value for q in Qualifier],
            "personnel_types": [p.value for p in PersonnelType],
        },
    )


@router.post("/review/{fact_id}")
async def review_decide(
    request: Request,
    store: StoreDep,
    actor: ActorDep,
    fact_id: str,
    decision: Annotated[str, Form(max_length=10)],
    expected_version: Annotated[int, Form(ge=1)],
    note: Annotated[str, Form(max_length=2000)] = "",
    back: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Accept (with any edited fields), reject, or save edits; back to the review list."""
    if decision not in ("accept", "reject", "edit"):
        raise InputError("expected accept, reject or edit", "decision")
    current = store.get_fact(fact_id)
    if current is None:
        raise NotFoundError("fact", fact_id)
    status = {"accept": ReviewStatus.ACCEPTED, "reject": ReviewStatus.REJECTED}.get(
        decision, current.status
    )
    form = await request.form()
    shown = serialize.fact_dict(current)
    changes: dict[str, str | None] = {}
    for name in EDIT_FIELDS:
        raw = form.get(f"edit_{name}")
        if isinstance(raw, str) and raw.strip() != _shown(shown.get(name)):
            changes[name] = raw
    if status is ReviewStatus.REJECTED:
        changes = {}
    review.decide(
        store,
        fact_id,
        status,
        by=actor,
        note=note,
        changes=changes,
        expected_version=expected_version,
    )
    target = back if back.startswith("/review") else "/review"
    return RedirectResponse(target, status_code=303)


def _shown(v: object) -> str:
    """A field as the edit form shows it, to tell which fields the reviewer changed."""
    if v is None:
        return ""
    return str(v)
