"""Pages: the mission overview, a country's page, and chart downloads (SVG, PNG, Vega-Lite)."""

from __future__ import annotations

import json
import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from ...errors import NotFoundError
from ...ledger import query
from .. import charts, views
from ..deps import NamesDep, SettingsDep, StoreDep, TemplatesDep
from ..params import DateDep, require_actor_code

router = APIRouter(include_in_schema=False)
CHART_NAME = re.compile(r"^(?P<name>[a-z]+)\.(?P<ext>svg|png|json)$")


def default_mission(store: StoreDep) -> str:
    """The first mission of a line of succession (MSS-HTI before GSF-HTI), earliest first."""
    missions = store.list_missions()
    if not missions:
        raise NotFoundError("mission", "(the ledger has none)")
    roots = [m for m in missions if not m.predecessor] or missions
    return min(roots, key=lambda m: (m.start is None, m.start, m.code)).code


@router.get("/")
def home(store: StoreDep, request: Request) -> RedirectResponse:
    target = f"/missions/{default_mission(store)}"
    if request.url.query:
        target += f"?{request.url.query}"
    return RedirectResponse(target, status_code=307)


@router.get("/missions/{code}", response_class=HTMLResponse)
def mission_page(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    names: NamesDep,
    templates: TemplatesDep,
    code: str,
    dates: DateDep,
) -> Response:
    """The state of a mission; without `as_of`, today or the last day of an ended mission."""
    dates = dates.for_mission(query.require_mission(store, code))
    ov = views.overview(
        store, names, code, dates.as_of, dates.known_at, stale_days=settings.stale_days
    )
    svgs = {n: Markup(charts.svg(s, prefix=n)) for n, s in ov.specs.items()}
    return templates.TemplateResponse(
        request,
        "overview.html",
        {
            "ov": ov,
            "st": ov.state,
            "svgs": svgs,
            "dates": dates,
            "missions": store.list_missions(),
            "query": dates.link_query,
        },
    )


@router.get("/missions/{code}/charts/{chart}")
def mission_chart(
    store: StoreDep,
    settings: SettingsDep,
    names: NamesDep,
    code: str,
    chart: str,
    dates: DateDep,
) -> Response:
    """A chart of the overview as SVG, PNG or its Vega-Lite spec (for notebooks)."""
    m = CHART_NAME.match(chart)
    if m is None or m["name"] not in views.CHART_NAMES:
        raise NotFoundError("chart", f"{chart} (charts: strength, money; .svg, .png or .json)")
    dates = dates.for_mission(query.require_mission(store, code))
    ov = views.overview(
        store, names, code, dates.as_of, dates.known_at, stale_days=settings.stale_days
    )
    spec = ov.specs.get(m["name"])
    if spec is None:
        raise NotFoundError("chart", f"{chart}: no figures for it as of {dates.as_of}")
    return chart_response(spec, m["ext"], f"{code}-{m['name']}-{dates.as_of}")


def chart_response(spec: charts.Spec, ext: str, stem: str) -> Response:
    headers = {"content-disposition": f'inline; filename="{stem}.{ext}"'}
    if ext == "svg":
        return Response(charts.svg(spec), media_type="image/svg+xml", headers=headers)
    if ext == "png":
        return Response(charts.png(spec), media_type="image/png", headers=headers)
    return Response(json.dumps(spec, indent=1), media_type="application/json", headers=headers)


@router.get("/countries/{actor}", response_class=HTMLResponse)
def country_page(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    names: NamesDep,
    templates: TemplatesDep,
    actor: str,
    dates: DateDep,
    mission: str | None = None,
) -> Response:
    code = require_actor_code(store, actor)
    if mission:
        dates = dates.for_mission(query.require_mission(store, mission))
    view = views.country(
        store, names, code, mission or None, dates.as_of, dates.known_at, settings.stale_days
    )
    svgs = {n: Markup(charts.svg(s, prefix=n)) for n, s in view.specs.items()}
    return templates.TemplateResponse(
        request,
        "country.html",
        {
            "c": view,
            "svgs": svgs,
            "dates": dates,
            "mission": mission or "",
            "query": dates.link_query,
        },
    )


@router.get("/countries/{actor}/charts/{chart}")
def country_chart(
    store: StoreDep,
    settings: SettingsDep,
    names: NamesDep,
    actor: str,
    chart: str,
    dates: DateDep,
    mission: str | None = None,
) -> Response:
    m = CHART_NAME.match(chart)
    if m is None or m["name"] != "strength":
        raise NotFoundError("chart", f"{chart} (charts: strength; .svg, .png or .json)")
    code = require_actor_code(store, actor)
    if mission:
        dates = dates.for_mission(query.require_mission(store, mission))
    view = views.country(
        store, names, code, mission or None, dates.as_of, dates.known_at, settings.stale_days
    )
    spec = view.specs.get("strength")
    if spec is None:
        raise NotFoundError("chart", f"{chart}: no personnel figures for {code}")
    return chart_response(spec, m["ext"], f"{code}-strength-{dates.as_of}")
