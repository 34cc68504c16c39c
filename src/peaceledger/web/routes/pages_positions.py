"""The positions page (`/positions?mission=`) and the positions section of a country page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, Response

from ...domain.statements import Subject
from ...domain.vocab import ReviewStatus
from ...ledger import query
from ...ledger import statements as svc
from ...store.base import LedgerStore
from ..deps import NamesDep, StoreDep, TemplatesDep
from ..statement_params import StatementQueryDep

router = APIRouter(include_in_schema=False)


@router.get("/positions", response_class=HTMLResponse)
def positions_page(
    request: Request,
    store: StoreDep,
    names: NamesDep,
    templates: TemplatesDep,
    sq: StatementQueryDep,
) -> Response:
    mission = sq.flt.mission or "MSS-HTI"
    query.require_mission(store, mission)
    subject: Subject | None = sq.flt.subjects[0] if sq.flt.subjects else None
    report = svc.positions(
        store,
        mission=mission,
        statuses=sq.flt.statuses,
        actor=sq.flt.actor,
        subject=subject,
        date_from=sq.flt.date_from,
        date_to=sq.flt.date_to,
    )
    return templates.TemplateResponse(
        request,
        "positions.html",
        {
            "report": report,
            "names": names,
            "mission": mission,
            "missions": store.list_missions(),
            "statuses": [s.value for s in report.statuses],
            "all_statuses": [s.value for s in ReviewStatus],
        },
    )


def country_positions(store: LedgerStore) -> Callable[[str, str | None], Any]:
    """A template function for the country page: that actor's positions (accepted
    statements), or None when the store keeps no statements."""

    def get(code: str, mission: str | None = None) -> Any:
        try:
            report = svc.positions(store, mission=mission or None, actor=code)
        except Exception:  # the country page must render even without statements
            return None
        return report.positions.rows[0] if report.positions.rows else None

    return get


def install(app: FastAPI) -> None:
    """Give the templates the country-page function (the store lives on `app.state`)."""
    app.state.templates.env.globals["country_positions"] = country_positions(app.state.store)
