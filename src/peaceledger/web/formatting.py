"""How numbers, money and qualifiers read on a page (Jinja filters). The API returns the raw
values; only people get "~732" and "US$673.8m"."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

QUALIFIER_SIGNS = {
    "exact": "",
    "at_least": "≥",
    "at_most": "≤",
    "about": "~",
    "up_to": "up to ",
}
QUALIFIER_WORDS = {
    "exact": "exactly",
    "at_least": "at least",
    "at_most": "at most",
    "about": "about",
    "up_to": "up to",
}


def num(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, int) or (isinstance(v, float) and v.is_integer()):
        return f"{int(v):,}"
    if isinstance(v, float):
        return f"{v:,.2f}"
    return str(v)


def usd(v: Any) -> str:
    if v is None:
        return "no rate"
    x = float(v)
    if abs(x) >= 1_000_000_000:
        return f"US${x / 1_000_000_000:,.2f}bn"
    if abs(x) >= 1_000_000:
        return f"US${x / 1_000_000:,.1f}m"
    return f"US${x:,.0f}"


def value(v: Any, qualifier: str | None = "exact", unit: str | None = "persons") -> str:
    """A figure as a reader says it: `~732`, `≥55,000,000 USD`, or `yes, no figure`."""
    if v is None:
        return "yes, no figure"
    sign = QUALIFIER_SIGNS.get(qualifier or "exact", "")
    text = f"{sign}{num(v)}"
    return text if unit in (None, "", "persons") else f"{text} {unit}"


def figure(d: Any) -> str:
    """A figure dict (measure, reading, fact) as a reader says it: money in US$ with the
    original amount beside it when it was another currency, persons as `value` does."""
    if not d:
        return "—"
    unit = d.get("unit")
    usd_value = d.get("amount_usd")
    if usd_value is None and unit == "USD":
        usd_value = d.get("value")
    if usd_value is None:  # a figure dict: its chosen reading carries the US$ value
        chosen = [r for r in d.get("readings") or [] if r.get("source_id") == d.get("source_id")]
        usd_value = chosen[0].get("amount_usd") if chosen else None
    if unit in (None, "", "persons") or usd_value is None:
        return value(d.get("value"), d.get("qualifier"), unit)
    sign = QUALIFIER_SIGNS.get(d.get("qualifier") or "exact", "")
    text = f"{sign}{usd(usd_value)}"
    if unit != "USD" and d.get("value") is not None:
        text += f" ({num(d['value'])} {unit})"
    return text


def lead_source(m: Any) -> str | None:
    """The source of a measure's headline report: its level, else its first adjustment."""
    if not m:
        return None
    if m.get("base"):
        return str(m["base"]["source_id"])
    adjustments = m.get("adjustments") or []
    return str(adjustments[0]["source_id"]) if adjustments else None


KIND_WORDS = {
    "official": "a government, UN or mission document",
    "wire": "a news agency's own report (Reuters, AP, AFP...)",
    "outlet": "a newspaper's or broadcaster's own reporting",
    "aggregator": "a site that republishes others' reports",
    "mirror": "a scraped copy that cannot be checked against its origin",
    "unrated": "no reviewer has rated this source yet",
}
"""What each source kind means, for the label's tooltip and the legend."""


def label(name: str | None) -> str:
    """`personnel_deployed` -> `personnel deployed`."""
    return (name or "").replace("_", " ")


def install_filters(env: Environment) -> None:
    env.filters["num"] = num
    env.filters["usd"] = usd
    env.filters["value"] = value
    env.filters["label"] = label
    env.filters["figure"] = figure
    env.filters["lead_source"] = lead_source
    env.globals["KIND_WORDS"] = KIND_WORDS
    env.globals["QUALIFIER_WORDS"] = QUALIFIER_WORDS
