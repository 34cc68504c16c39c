"""Loaders for the packaged reference files."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path

from ..domain.actors import Actor, ActorCode, Alias
from ..domain.credibility import Origin, Publisher, Registry
from ..domain.missions import Mission, parse_phases
from ..domain.money import FxRate, FxTable, RateKind
from ..domain.vocab import ActorKind, SourceKind


def data_file(*parts: str) -> Path:
    """Path of a packaged data file (the package is installed unzipped, as pip does)."""
    return Path(str(resources.files(__package__).joinpath(*parts)))


def builtin_dataset_dir() -> Path:
    return data_file("mss_haiti")


def _rows(*parts: str) -> Iterator[dict[str, str]]:
    with data_file(*parts).open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@cache
def load_fx_table() -> FxTable:
    return FxTable(
        FxRate(
            r["currency"], r["month"], Decimal(r["units_per_usd"]), RateKind(r["kind"]), r["source"]
        )
        for r in _rows("fx", "fx_monthly.csv")
    )


@cache
def load_missions() -> tuple[Mission, ...]:
    return tuple(
        Mission(
            code=r["code"],
            name=r["name"],
            host=r["host"],
            resolutions=tuple(x for x in r["resolutions"].split("|") if x),
            start=_date(r["start"]),
            end=_date(r["end"]),
            lead=r["lead"] or None,
            predecessor=r["predecessor"] or None,
            successor=r["successor"] or None,
            description=r["description"],
            phases=parse_phases(r.get("phases") or ""),
        )
        for r in _rows("missions.csv")
    )


@cache
def load_registry() -> Registry:
    """The publisher registry (`sources/publishers.csv`, copied from the curated reference
    data) and the organisations whose reports others carry (`sources/origins.csv`, ours)."""
    publishers = {
        r["domain"]: Publisher(
            r["domain"], r["publisher"], SourceKind(r["kind"]), r["country"], r["note"]
        )
        for r in _rows("sources", "publishers.csv")
    }
    origins: dict[str, Origin] = {}
    for r in _rows("sources", "origins.csv"):
        o = Origin(r["name"], SourceKind(r["kind"]), tuple(a for a in r["aliases"].split("|") if a))
        for name in (o.name, *o.aliases):
            origins[name.casefold()] = o
    return Registry(publishers, origins)


@cache
def load_actors() -> tuple[Actor, ...]:
    aliases: dict[str, list[Alias]] = {}
    for r in _rows("actors", "aliases.csv"):
        aliases.setdefault(r["code"], []).append(
            Alias(r["alias"], r["kind"], _date(r["valid_from"]), _date(r["valid_to"]), r["source"])
        )
    return tuple(
        Actor(
            ActorCode(r["code"]),
            ActorKind(r["kind"]),
            r["name"],
            r["un_member"] == "true",
            _date(r["un_admission_date"]),
            tuple(aliases.get(r["code"], ())),
        )
        for r in _rows("actors", "actors.csv")
    )


@cache
def currency_codes() -> frozenset[str]:
    """ISO 4217 codes in use (from pycountry's copy of the ISO tables)."""
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.currencies)
