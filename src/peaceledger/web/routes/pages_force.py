"""The force page: a host country's line of missions as one force (`/force/HTI`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from ...errors import NotFoundError
from .. import charts
from ..deps import NamesDep, SettingsDep, StoreDep, TemplatesDep
from ..force import force_dates, force_view
from ..params import DateDep
from .pages_mission import CHART_NAME, chart_response, default_mission

router = APIRouter(include_in_schema=False)


@router.get("/force")
def force_home(store: StoreDep, request: Request) -> RedirectResponse:
    """The force of the first mission's host (the top navigation links here)."""
    mission = store.get_mission(default_mission(store))
    target = f"/force/{mission.host if mission else 'HTI'}"
    if request.url.query:
        target += f"?{request.url.query}"
    return RedirectResponse(target, status_code=307)


@router.get("/force/{host}", response_class=HTMLResponse)
def force_page(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    names: NamesDep,
    templates: TemplatesDep,
    host: str,
    dates: DateDep,
) -> Response:
    """MSS-HTI then GSF-HTI as one force: one line per contingent, the handover marked."""
    dates = force_dates(store, host, dates)
    view = force_view(store, names, host, dates.as_of, dates.known_at, settings.stale_days)
    svgs = {n: Markup(charts.svg(s, prefix=n)) for n, s in view.specs.items()}
    return templates.TemplateResponse(
        request,
        "force.html",
        {"f": view, "st": view.state, "svgs": svgs, "dates": dates, "query": dates.link_query},
    )


@router.get("/force/{host}/charts/{chart}")
def force_chart(
    store: StoreDep,
    settings: SettingsDep,
    names: NamesDep,
    host: str,
    chart: str,
    dates: DateDep,
) -> Response:
    m = CHART_NAME.match(chart)
    if m is None or m["name"] != "strength":
        raise NotFoundError("chart", f"{chart} (charts: strength; .svg, .png or .json)")
    dates = force_dates(store, host, dates)
    view = force_view(store, names, host, dates.as_of, dates.known_at, settings.stale_days)
    spec = view.specs.get("strength")
    if spec is None:
        raise NotFoundError("chart", f"{chart}: no personnel figures as of {dates.as_of}")
    return chart_response(spec, m["ext"], f"force-{view.host}-strength-{dates.as_of}")
