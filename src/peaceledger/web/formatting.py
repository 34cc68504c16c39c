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


def label(name: str | None) -> str:
    """`personnel_deployed` -> `personnel deployed`."""
    return (name or "").replace("_", " ")


def install_filters(env: Environment) -> None:
    env.filters["num"] = num
    env.filters["usd"] = usd
    env.filters["value"] = value
    env.filters["label"] = label
    env.globals["QUALIFIER_WORDS"] = QUALIFIER_WORDS
