"""What donors actually gave, per the ledger: the `voluntary` side of every comparison.

The figures are the ledger's state of each mission as of a date (as known at a date), so they
follow its rules: a later pledge restates an earlier one, a `part` never counts, money keeps
its original currency and is converted at the rate of its month. The rungs of the ladder
(pledged, committed, paid) are kept apart, never added. Across missions (MSS-HTI and its
successor GSF-HTI) a rung is summed, since a pledge to one is not a restatement of a pledge to
the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from ..domain.state import ActorState, MissionState
from ..domain.vocab import MoneyStage, Qualifier
from ..ledger.query import actor_names, mission_state, require_mission
from ..store.base import LedgerStore

RUNGS = (MoneyStage.PLEDGED, MoneyStage.COMMITTED, MoneyStage.PAID)


def whole_dollars(v: Decimal) -> int:
    return int(v.to_integral_value(ROUND_HALF_EVEN))


@dataclass(frozen=True)
class DonorMoney:
    """One donor's money on each rung, in whole US dollars, over the missions asked for."""

    actor: str
    name: str
    pledged_usd: int
    committed_usd: int
    paid_usd: int
    unquantified: tuple[str, ...] = ()
    """Rungs reported without a figure ("pledged additional funds, amount undisclosed")."""
    no_rate: tuple[str, ...] = ()
    """Rungs with an amount in a currency that has no rate for its month (left out of USD)."""
    qualified: tuple[str, ...] = ()
    """Rungs whose figure is not exact ("about", "at least"), as `rung qualifier`."""
    paid_by_channel: tuple[tuple[str, int], ...] = ()
    """Paid money per channel (`trust_fund`, `bilateral`, "" when unstated): a payment into the
    UN trust fund and money a government spends itself are different flows."""

    def paid_via(self, channel: str) -> int:
        return dict(self.paid_by_channel).get(channel, 0)

    def usd(self, rung: str) -> int:
        return {"pledged": self.pledged_usd, "committed": self.committed_usd}.get(
            rung, self.paid_usd
        )


@dataclass
class _Tally:
    usd: dict[str, int] = field(default_factory=lambda: {r.value: 0 for r in RUNGS})
    unquantified: set[str] = field(default_factory=set)
    no_rate: set[str] = field(default_factory=set)
    qualified: set[str] = field(default_factory=set)
    paid_by_channel: dict[str, int] = field(default_factory=dict)

    def add(self, a: ActorState) -> None:
        for rung in RUNGS:
            channels = a.money.get(rung.value, {})
            if not channels:
                continue
            total, missing = a.money_usd(rung.value)
            self.usd[rung.value] += whole_dollars(total)
            for channel, m in channels.items():
                if rung is MoneyStage.PAID and m.amount_usd is not None:
                    self.paid_by_channel[channel] = self.paid_by_channel.get(
                        channel, 0
                    ) + whole_dollars(m.amount_usd)
                if m.value is None:
                    self.unquantified.add(rung.value)
                elif m.qualifier is not Qualifier.EXACT:
                    self.qualified.add(f"{rung.value} {m.qualifier.value}")
            if missing:
                self.no_rate.add(rung.value)

    def freeze(self, actor: str, name: str) -> DonorMoney | None:
        """None when nothing was given: a requirement alone is not a contribution."""
        if not (any(self.usd.values()) or self.unquantified or self.no_rate):
            return None
        return DonorMoney(
            actor,
            name,
            self.usd["pledged"],
            self.usd["committed"],
            self.usd["paid"],
            tuple(sorted(self.unquantified)),
            tuple(sorted(self.no_rate)),
            tuple(sorted(self.qualified)),
            tuple(sorted(self.paid_by_channel.items())),
        )


@dataclass(frozen=True)
class ReportedTotal:
    """A figure the sources give for the mission as a whole (the trust fund's receipts, the
    funding requirement): not attributable to any state, so shown beside the per-state
    figures, never added to them."""

    mission: str
    rung: str
    channel: str
    amount_usd: int
    qualifier: str


@dataclass(frozen=True)
class VoluntaryFigures:
    missions: tuple[str, ...]
    as_of: date
    known_at: date | None
    donors: tuple[DonorMoney, ...]
    mission_reported: tuple[ReportedTotal, ...]
    in_kind: tuple[str, ...]
    """Actors that contributed personnel but no money: their contribution is in kind, unpriced."""
    related: tuple[str, ...]
    """Predecessor or successor missions, not asked for, that have money facts of their own."""
    warnings: tuple[str, ...]

    def donor(self, code: str) -> DonorMoney | None:
        return next((d for d in self.donors if d.actor == code), None)

    def total(self, rung: str, codes: Sequence[str] | None = None) -> int:
        return sum(d.usd(rung) for d in self.donors if codes is None or d.actor in codes)


def _has_money(state: MissionState) -> bool:
    return any(rung.value in a.money for a in state.actors for rung in RUNGS)


def voluntary_figures(
    store: LedgerStore,
    missions: Sequence[str],
    as_of: date,
    known_at: date | None = None,
) -> VoluntaryFigures:
    """Per donor, the pledged, committed and paid USD of `missions` as of `as_of`."""
    names = actor_names(store)
    codes = tuple(dict.fromkeys(require_mission(store, m).code for m in missions))
    tallies: dict[str, _Tally] = {}
    with_personnel: set[str] = set()
    reported: list[ReportedTotal] = []
    warnings: list[str] = []
    related: list[str] = []
    for code in codes:
        state = mission_state(store, code, as_of, known_at).state
        warnings.extend(f"{code}: {w}" for w in state.warnings)
        for a in state.actors:
            if a.actor is None:
                continue
            if any(m.value is not None for m in a.personnel.values()):
                with_personnel.add(a.actor)
            if any(r.value in a.money for r in RUNGS):
                tallies.setdefault(a.actor, _Tally()).add(a)
        for rung in (*RUNGS, MoneyStage.REQUIRED):
            for channel, m in state.mission_reported.money.get(rung.value, {}).items():
                if m.amount_usd is not None:
                    reported.append(
                        ReportedTotal(
                            code,
                            rung.value,
                            channel,
                            whole_dollars(m.amount_usd),
                            m.qualifier.value,
                        )
                    )
        for other in (state.mission.predecessor, state.mission.successor):
            if (
                other
                and other not in codes
                and other not in related
                and _has_money(mission_state(store, other, as_of, known_at).state)
            ):
                related.append(other)
    frozen = [t.freeze(code, names.get(code, code)) for code, t in tallies.items()]
    ordered = sorted(
        (d for d in frozen if d is not None),
        key=lambda d: (-d.paid_usd, -d.committed_usd, -d.pledged_usd, d.actor),
    )
    return VoluntaryFigures(
        missions=codes,
        as_of=as_of,
        known_at=known_at,
        donors=tuple(ordered),
        mission_reported=tuple(reported),
        in_kind=tuple(sorted(with_personnel - {d.actor for d in ordered})),
        related=tuple(related),
        warnings=tuple(warnings),
    )
