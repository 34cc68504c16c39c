"""The UN scales of assessment as numpy arrays, one weight per Member State.

The packaged CSV files (`data/un/`, provenance in `SOURCES.md` and `peacekeeping_method.md`)
are read once. Rates become integer weights in millionths of a percent (26.137061% becomes
26,137,061), so each scale adds up to exactly 100,000,000 and the apportionment can work in
exact integers. Every array lists the 193 states in ISO 3166 alpha-3 order, the order the
largest-remainder tie-break relies on.

What is verified and what is not, in one place (it is printed with every assessment):

* regular budget 2025-2027: A/RES/79/249 para. 12, verified; the same rates all three years;
* peacekeeping 2025 and 2026: derived from the UN's own assessments (ST/ADM/SER.B/1098 UNSOH
  and 1090 UNMIK) divided by the regular-budget rates, because the official table of effective
  rates was not found;
* peacekeeping 2027: modelled (Czechia's phase-in complete, no other change of level).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cache

import numpy as np
from numpy.typing import NDArray

from ..data import data_file
from ..errors import InputError

WEIGHT_PER_PERCENT = 1_000_000
"""Rates have at most six decimals (of a percent); a weight is a rate in millionths of one."""

PEACEKEEPING_SOURCE = (
    "derived: UN assessed amounts (ST/ADM/SER.B/1098 UNSOH, ST/ADM/SER.B/1090 UNMIK) divided by "
    "A/RES/79/249 rates; see data/un/peacekeeping_method.md"
)
PEACEKEEPING_2027_SOURCE = (
    "modelled: 2026 levels carried forward, Czechia's phase-in completed; a projection, not UN data"
)
REGULAR_BUDGET_SOURCE = "A/RES/79/249 para. 12 (verified; one scale for 2025-2027)"


class ScaleKind(StrEnum):
    PEACEKEEPING = "peacekeeping"
    REGULAR_BUDGET = "regular-budget"


class RateStatus(StrEnum):
    """How far a year's rates can be trusted (see `peacekeeping_method.md`)."""

    VERIFIED = "verified"
    DERIVED = "derived"
    MODELLED = "modelled"


@dataclass(frozen=True, eq=False)
class Scale:
    """One year of one scale. `weights[i]` is the rate of `MemberStates.iso3[i]` times 10**6."""

    kind: ScaleKind
    year: int
    weights: NDArray[np.int64]
    status: RateStatus
    source: str

    @property
    def modelled(self) -> bool:
        return self.status is RateStatus.MODELLED

    def rates_percent(self) -> NDArray[np.float64]:
        return self.weights / WEIGHT_PER_PERCENT


@dataclass(frozen=True)
class MemberStates:
    """The 193 UN Member States in ISO 3166 alpha-3 order, with their peacekeeping level."""

    iso3: tuple[str, ...]
    names: tuple[str, ...]
    pk_levels: tuple[str, ...]

    def index(self, code: str) -> int:
        try:
            return self.iso3.index(code)
        except ValueError:
            raise InputError(f"not a UN Member State: {code}", "iso3") from None

    def __len__(self) -> int:
        return len(self.iso3)


@dataclass(frozen=True, eq=False)
class ScaleBook:
    """Every scale and year peaceledger knows, and the states they cover."""

    members: MemberStates
    scales: Mapping[tuple[ScaleKind, int], Scale]

    def years(self, kind: ScaleKind) -> tuple[int, ...]:
        return tuple(sorted(y for k, y in self.scales if k is kind))

    def scale(self, kind: ScaleKind, year: int) -> Scale:
        found = self.scales.get((kind, year))
        if found is None:
            years = self.years(kind)
            raise InputError(
                f"no {kind.value} scale for {year}: peaceledger has rates for "
                f"{years[0]}-{years[-1]} only",
                "--period",
            )
        return found


def _rows(name: str) -> Iterator[dict[str, str]]:
    with data_file("un", name).open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def _weight(text: str, where: str) -> int:
    scaled = Decimal(text) * WEIGHT_PER_PERCENT
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{where}: rate {text} has more than six decimals")
    return int(scaled)


def _weights(rows: list[dict[str, str]], column: str, name: str) -> NDArray[np.int64]:
    return np.array([_weight(r[column], f"{name} {r['iso3']}") for r in rows], dtype=np.int64)


@cache
def load_scale_book() -> ScaleBook:
    """Read the packaged scales; cached, since they never change while the program runs."""
    members = sorted(_rows("un_member_states.csv"), key=lambda r: r["iso3"])
    pk = {r["iso3"]: r for r in _rows("peacekeeping_scale_2025_2027.csv")}
    rb = {r["iso3"]: r for r in _rows("regular_budget_scale_2025_2027.csv")}
    codes = [r["iso3"] for r in members]
    if set(codes) != set(pk) or set(codes) != set(rb):
        raise ValueError("the packaged UN scales do not cover the same 193 Member States")
    pk_rows = [pk[c] for c in codes]
    rb_rows = [rb[c] for c in codes]
    scales: dict[tuple[ScaleKind, int], Scale] = {}
    for year, column, status, source in (
        (2025, "pk_rate_2025_percent", RateStatus.DERIVED, PEACEKEEPING_SOURCE),
        (2026, "pk_rate_2026_percent", RateStatus.DERIVED, PEACEKEEPING_SOURCE),
        (2027, "pk_rate_2027_percent_modelled", RateStatus.MODELLED, PEACEKEEPING_2027_SOURCE),
    ):
        weights = _weights(pk_rows, column, "peacekeeping_scale_2025_2027.csv")
        scales[(ScaleKind.PEACEKEEPING, year)] = Scale(
            ScaleKind.PEACEKEEPING, year, weights, status, source
        )
    rb_weights = _weights(rb_rows, "rate_percent", "regular_budget_scale_2025_2027.csv")
    for year in (2025, 2026, 2027):
        scales[(ScaleKind.REGULAR_BUDGET, year)] = Scale(
            ScaleKind.REGULAR_BUDGET, year, rb_weights, RateStatus.VERIFIED, REGULAR_BUDGET_SOURCE
        )
    return ScaleBook(
        MemberStates(
            tuple(codes),
            tuple(r["name"] for r in members),
            tuple(r["level"] for r in pk_rows),
        ),
        scales,
    )
