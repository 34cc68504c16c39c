"""One declarative Vega-Lite spec per chart (built with Altair), rendered to SVG on the server
with vl-convert.

The same spec serves the page (inline SVG: no JavaScript needed), the SVG/PNG/JSON downloads
and notebooks (`strength_chart(...)` is an Altair chart, which Jupyter displays). vl-convert
ships the Vega engine inside its wheel, so nothing is fetched at run time or copied here.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from .chartdata import MoneyData, StrengthData

Spec = dict[str, Any]
_lock = threading.Lock()
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"


def _config() -> dict[str, Any]:
    return {
        "font": FONT,
        "axis": {"labelFontSize": 11, "titleFontSize": 12, "labelColor": "#222"},
        "legend": {"labelFontSize": 11, "titleFontSize": 12, "labelLimit": 220},
        "view": {"stroke": None},
    }


def strength_chart(
    data: StrengthData,
    title: str,
    description: str,
    markers: Sequence[dict[str, str]] = (),
) -> Any:
    """Deployed personnel stacked by country (steps), with dashed reference lines, and a
    vertical rule with its label at each marker (`{"date", "label"}`: a handover between
    missions, so a reader sees where one mandate's figures give way to the next)."""
    import altair as alt

    area = (
        alt.Chart(_inline(data.stack))
        .mark_area(interpolate="step-after", opacity=0.9)
        .encode(
            x=alt.X("date:T", title=None),
            y=alt.Y("deployed:Q", stack="zero", title="Personnel"),
            color=alt.Color(
                "country:N",
                sort=data.countries,
                scale=alt.Scale(scheme="tableau10"),
                legend=alt.Legend(title="Deployed", orient="right"),
            ),
            order=alt.Order("country_rank:Q"),
        )
        .transform_calculate(country_rank=f"indexof({json.dumps(data.countries)}, datum.country)")
    )
    layers: list[Any] = [area]
    if data.lines:
        lines = (
            alt.Chart(_inline(data.lines))
            .mark_line(interpolate="step-after", strokeWidth=2, color="#222")
            .encode(
                x="date:T",
                y="value:Q",
                strokeDash=alt.StrokeDash(
                    "series:N",
                    sort=data.line_names,
                    legend=alt.Legend(title="Reference", orient="right"),
                ),
            )
        )
        layers.append(lines)
    if markers:
        rows = list(markers)
        layers.append(
            alt.Chart(_inline(rows))
            .mark_rule(color="#b7410e", strokeWidth=2, strokeDash=[2, 2])
            .encode(x="date:T")
        )
        layers.append(
            alt.Chart(_inline(rows))
            .mark_text(align="right", dx=-4, dy=4, baseline="top", color="#b7410e", y=0)
            .encode(x="date:T", text="label:N")
        )
    return (
        alt.layer(*layers)
        .resolve_scale(color="independent", strokeDash="independent")
        .properties(width=560, height=260, title=title, description=description)
        .configure(**_config())
    )


def money_chart(data: MoneyData, title: str, description: str) -> Any:
    """US$ on each rung of the ladder (bars, never stacked) against the requirement (a rule)."""
    import altair as alt

    bars = (
        alt.Chart(_inline(data.bars))
        .mark_bar(color="#2b6cb0")
        .encode(
            y=alt.Y("rung:N", sort=["pledged", "committed", "paid"], title=None),
            x=alt.X("usd:Q", title="US$", axis=alt.Axis(format="~s")),
            tooltip=["rung:N", alt.Tooltip("usd:Q", format=",.0f")],
        )
    )
    layers: list[Any] = [bars]
    if data.requirement_usd:
        req = [{"usd": data.requirement_usd, "label": data.requirement_label}]
        rule = alt.Chart(_inline(req)).mark_rule(color="#b7410e", strokeWidth=2)
        layers.append(rule.encode(x="usd:Q"))
        layers.append(
            alt.Chart(_inline(req))
            .mark_text(align="right", dx=-4, dy=-6, color="#b7410e", baseline="bottom", y=0)
            .encode(x="usd:Q", text="label:N")
        )
    return (
        alt.layer(*layers)
        .properties(width=560, height=130, title=title, description=description)
        .configure(**_config())
    )


def shares_chart(rows: Sequence[dict[str, Any]], title: str, description: str) -> Any:
    """The largest assessed shares (bars), with what each state gave voluntarily (points)."""
    import altair as alt

    order = [r["name"] for r in rows]
    base = alt.Chart(_inline(list(rows)))
    bars = base.mark_bar(color="#2b6cb0").encode(
        y=alt.Y("name:N", sort=order, title=None),
        x=alt.X("assessed_usd:Q", title="US$ assessed", axis=alt.Axis(format="~s")),
    )
    layers: list[Any] = [bars]
    if rows and "paid_usd" in rows[0]:
        layers.append(
            base.mark_point(shape="diamond", filled=True, color="#b7410e", size=60).encode(
                y=alt.Y("name:N", sort=order), x="paid_usd:Q"
            )
        )
    return (
        alt.layer(*layers)
        .properties(
            width=520, height=max(120, 18 * len(rows)), title=title, description=description
        )
        .configure(**_config())
    )


def _inline(rows: Any) -> Any:
    import altair as alt

    return alt.Data(values=rows)  # type: ignore[no-untyped-call]


def spec_of(chart: Any) -> Spec:
    spec: Spec = chart.to_dict(validate=False)
    return spec


def svg(spec: Spec, prefix: str = "c") -> str:
    """The chart as SVG, with its element ids prefixed so that several charts can sit inline
    in one page without their clip paths colliding."""
    raw = _render_svg(json.dumps(spec, sort_keys=True))
    return re.sub(r'(id="|url\(#|href="#)([A-Za-z])', rf"\g<1>{prefix}-\g<2>", raw)


def png(spec: Spec, scale: float = 2.0) -> bytes:
    import vl_convert as vlc

    with _lock:
        out: bytes = vlc.vegalite_to_png(spec, scale=scale)
    return out


@lru_cache(maxsize=256)
def _render_svg(spec_json: str) -> str:
    import vl_convert as vlc

    with _lock:
        out: str = vlc.vegalite_to_svg(json.loads(spec_json))
    return out
