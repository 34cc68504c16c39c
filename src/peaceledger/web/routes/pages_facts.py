"""Pages: the fact listing (with exports), one fact, one source, and search."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...domain.vocab import Metric, ReviewStatus
from ...export import ExportFormat
from ...ledger import query, serialize
from ...ledger.audit import audit_dict, fact_audit, revert_fact
from .. import views
from ..auth import AdminDep
from ..deps import NamesDep, SettingsDep, StoreDep, TemplatesDep, TrustedStoreDep
from ..exports import OutputFormat, export_response, listing_for
from ..params import MAX_PAGE_SIZE, FactQueryDep

router = APIRouter(include_in_schema=False)
SEARCH_PAGE = 25


@router.get("/facts", response_class=HTMLResponse)
def facts_page(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    names: NamesDep,
    templates: TemplatesDep,
    fq: FactQueryDep,
    fmt: Annotated[OutputFormat, Query(alias="format")] = OutputFormat.HTML,
) -> Response:
    """The facts a filter selects, a page at a time, with exports of the same selection."""
    if fmt is not OutputFormat.HTML:
        return export_response(store, fq, settings, names, ExportFormat(fmt.value))
    listing = listing_for(store, fq, settings)
    base = urlencode(fq.params, doseq=True)
    next_params = dict(fq.params)
    if listing.next_cursor:
        next_params |= {
            "cursor": listing.next_cursor,
            "limit": str(fq.flt.limit or settings.page_size),
        }
    return templates.TemplateResponse(
        request,
        "facts.html",
        {
            "facts": serialize.facts_dicts(listing.facts, names),
            "sources": {sid: serialize.source_dict(s) for sid, s in listing.sources.items()},
            "params": fq.params,
            "base_query": base,
            "next_query": urlencode(next_params, doseq=True) if listing.next_cursor else None,
            "missions": store.list_missions(),
            "metrics": [m.value for m in Metric],
            "statuses": [s.value for s in ReviewStatus],
            "formats": [f.value for f in ExportFormat],
            "max_page": MAX_PAGE_SIZE,
        },
    )


@router.get("/facts/{fact_id}", response_class=HTMLResponse)
def fact_page(
    request: Request,
    store: TrustedStoreDep,
    names: NamesDep,
    templates: TemplatesDep,
    fact_id: str,
) -> Response:
    view = views.fact_view(store, names, fact_id)
    audit = [audit_dict(e) for e in fact_audit(store, fact_id)]  # issue 7
    return templates.TemplateResponse(
        request, "fact.html", {"v": view, "d": view.detail, "audit": audit}
    )


@router.post("/facts/{fact_id}/revert")
def fact_revert(
    store: TrustedStoreDep,
    admin: AdminDep,
    fact_id: str,
    to_version: Annotated[int, Form(ge=1, le=1_000_000)],
    expected_version: Annotated[int | None, Form(ge=1, le=1_000_000)] = None,
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Admins (issue 7): a new version with an older version's content, then back to the
    fact."""
    revert_fact(
        store,
        fact_id,
        to_version,
        by=admin.recorded_as,
        note=note,
        expected_version=expected_version,
    )
    return RedirectResponse(f"/facts/{fact_id}#audit-h", status_code=303)


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source_page(
    request: Request, store: StoreDep, names: NamesDep, templates: TemplatesDep, source_id: str
) -> Response:
    view = views.source_view(store, names, source_id)
    return templates.TemplateResponse(request, "source.html", {"v": view})


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    store: StoreDep,
    templates: TemplatesDep,
    q: Annotated[str | None, Query(max_length=500)] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    """Full-text search over sources (SQLite FTS5, PostgreSQL full-text search)."""
    found = query.search_sources(store, q, SEARCH_PAGE + 1, (page - 1) * SEARCH_PAGE)
    return templates.TemplateResponse(
        request,
        "search.html",
        {
            "q": q or "",
            "page": page,
            "sources": [serialize.source_dict(s) for s in found[:SEARCH_PAGE]],
            "more": len(found) > SEARCH_PAGE,
        },
    )
