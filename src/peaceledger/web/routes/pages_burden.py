"""Page: the burden-sharing calculator. Budget, scale, model and US cap in; the 193-row table
(sortable on the server, and in the browser with `static/table.js`), a chart and exports out."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from ...burden import FundingModel, ScaleKind
from ...errors import InputError, NotFoundError
from .. import charts
from ..calculator import CalculatorDep, CalculatorQuery, frame_bytes, run
from ..deps import StoreDep, TemplatesDep
from .pages_mission import chart_response

router = APIRouter(include_in_schema=False)
TOP = 20


def _chart_spec(states: list[dict[str, Any]], model: str, budget_usd: int) -> charts.Spec:
    top = sorted(states, key=lambda r: -(r.get("assessed_usd") or 0))[:TOP]
    rows: list[dict[str, Any]] = [
        {k: r.get(k) for k in ("name", "assessed_usd", "paid_usd") if k in r} for r in top
    ]
    return charts.spec_of(
        charts.shares_chart(
            rows,
            f"The {len(rows)} largest shares of US${budget_usd:,} ({model} model)",
            "Bar chart of the largest assessed shares; diamonds mark what each state paid "
            "voluntarily, when a mission is chosen. The table below lists all 193 states.",
        )
    )


@router.get("/burden", response_class=HTMLResponse)
def calculator_page(
    request: Request,
    store: StoreDep,
    templates: TemplatesDep,
    q: CalculatorDep,
    sort: Annotated[str, Query(max_length=60, pattern=r"^[a-z0-9_]+$")] = "assessed_usd",
    order: Literal["asc", "desc"] = "desc",
    fmt: Annotated[Literal["html", "csv", "xlsx", "json"], Query(alias="format")] = "html",
) -> Response:
    ctx: dict[str, Any] = {
        "q": q,
        "models": [m.value for m in FundingModel],
        "scales": [s.value for s in ScaleKind],
        "missions": store.list_missions(),
        "report": None,
    }
    if q.budget is not None:
        report = run(store, q)
        if fmt in ("csv", "xlsx"):
            body, media, ext = frame_bytes(report.to_frame().reset_index(), fmt)
            return Response(
                body,
                media_type=media,
                headers={"content-disposition": f'attachment; filename="burden.{ext}"'},
            )
        data = report.to_dict()
        if fmt == "json":
            from fastapi.responses import JSONResponse

            return JSONResponse(data)
        states = data.pop("states")
        columns = list(states[0].keys()) if states else []
        if sort not in columns:
            raise InputError(f"no column {sort!r}; columns: {', '.join(columns)}", "sort")
        states.sort(
            key=lambda r: (r[sort] is None, r[sort] if r[sort] is not None else 0),
            reverse=order == "desc",
        )
        if order == "desc":  # keep rows with no value last either way
            states.sort(key=lambda r: r[sort] is None)
        spec = _chart_spec(states, data["model"], data["budget"]["amount_usd"])
        base = urlencode(q.params(), doseq=True)
        ctx |= {
            "report": data,
            "states": states,
            "columns": columns,
            "sort": sort,
            "order": order,
            "base_query": base,
            "chart_svg": Markup(charts.svg(spec, prefix="shares")),
        }
    return templates.TemplateResponse(request, "burden.html", ctx)


@router.get("/burden/chart.{ext}")
def calculator_chart(store: StoreDep, q: CalculatorDep, ext: str) -> Response:
    if ext not in ("svg", "png", "json"):
        raise NotFoundError("chart format", f"{ext} (svg, png or json)")
    data = run(store, q).to_dict()
    spec = _chart_spec(data["states"], data["model"], data["budget"]["amount_usd"])
    return chart_response(spec, ext, "burden-shares")


def query_link(q: CalculatorQuery) -> str:
    return urlencode(q.params(), doseq=True)
