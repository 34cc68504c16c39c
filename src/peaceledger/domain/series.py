"""One series over time: which report stands as its headline on a date, and why.

A *series* is one thing tracked for one actor (or the mission as a whole): deployed strength,
the personnel pledge, the authorized ceiling, fatalities, money per rung and channel. Its
reports are walked in date order, and each metric behaves as such figures do
(`shared/domain.md`, `docs/data-model.md`):

* **Cumulative** series (money pledged, committed or paid to date; a fund's receipts; deaths
  to date) never fall. A later report that gives less does not replace the standing figure:
  it is a *conflict across dates*, shown beside it, unless it is a recorded reduction (basis
  `reduction`), a reviewer pinned it, or it comes from a more credible source.
* **Strength** is a level: a later report replaces the standing one, except a report from a
  clearly weaker source that disagrees with it (a conflict, not a replacement).
* **Pledges** restate: a later pledge replaces the earlier one, except a lower figure from a
  weaker source (a conflict). "Another 100" (basis `increment`) adds.
* **Ceilings and requirements** are levels like strength.

Arrivals and withdrawals adjust the standing strength only as a *derived* figure (a bound,
with its inputs), only within `stale_days` of the level they adjust, and never for a
`rotation` (a fresh contingent replacing one going home). Every set-aside report is kept with
the reason, so each headline can say which readings it overrode.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from .credibility import clearly_weaker, effective_kind, rank
from .dates import FuzzyDate
from .facts import Fact
from .readings import TOLERANCE, Figure, Reading, combine_qualifiers, make_figure
from .sources import Source
from .vocab import PERSONS, Basis, Metric, MoneyStage, Qualifier

STRENGTH = "strength"
PLEDGE = "pledge"
AUTHORIZED = "authorized"
FATALITIES = "fatalities"
PERSONNEL_SERIES = (STRENGTH, PLEDGE, AUTHORIZED, FATALITIES)
MONEY_STAGES = (MoneyStage.PLEDGED, MoneyStage.COMMITTED, MoneyStage.PAID, MoneyStage.REQUIRED)

STALE_DAYS = 60
"""Arrivals more than this many days after the last strength report are not added to it: by
then people may have gone home unreported (default of `stale_days`)."""

ABOUT = Decimal("0.10")
"""The range an "about" figure allows either way, when deciding whether two reports disagree."""

_PERSONNEL_SERIES_OF = {
    Metric.PERSONNEL_DEPLOYED: STRENGTH,
    Metric.PERSONNEL_ARRIVED: STRENGTH,
    Metric.PERSONNEL_WITHDRAWN: STRENGTH,
    Metric.PERSONNEL_PLEDGED: PLEDGE,
    Metric.PERSONNEL_AUTHORIZED: AUTHORIZED,
    Metric.FATALITIES: FATALITIES,
}


CORRECTED = "a more credible source gives less than weaker ones did"
"""The rule by which a cumulative headline may fall without a recorded reduction: only below
figures from less credible sources."""
REDUCED = "a recorded reduction (cut, cancellation, refund or retraction)"


class Behaviour(Enum):
    CUMULATIVE = "cumulative"
    STRENGTH = "strength"
    PLEDGE = "pledge"
    LEVEL = "level"


def behaviour_of(series: str) -> Behaviour:
    if series in (MoneyStage.PLEDGED, MoneyStage.COMMITTED, MoneyStage.PAID, FATALITIES):
        return Behaviour.CUMULATIVE
    if series == STRENGTH:
        return Behaviour.STRENGTH
    if series == PLEDGE:
        return Behaviour.PLEDGE
    return Behaviour.LEVEL


class Role(Enum):
    LEVEL = 1
    INCREMENT = 2
    DECREMENT = 3
    ROTATION = 4


def series_of(fact: Fact) -> tuple[str, str] | None:
    """(series, channel) a fact belongs to; None for a `part` or a figure outside the
    mission's scope (shown, never counted)."""
    if fact.basis is Basis.PART or not fact.in_totals:
        return None
    if fact.metric.is_money:
        return (MoneyStage.of(fact.metric).value, fact.channel.value if fact.channel else "")
    return (_PERSONNEL_SERIES_OF[fact.metric], "")


def role_of(fact: Fact) -> Role:
    if fact.basis is Basis.ROTATION:
        return Role.ROTATION
    if fact.metric is Metric.PERSONNEL_ARRIVED:
        return Role.INCREMENT
    if fact.metric is Metric.PERSONNEL_WITHDRAWN:
        return Role.DECREMENT
    return Role.INCREMENT if fact.basis is Basis.INCREMENT else Role.LEVEL


@dataclass(frozen=True)
class SetAside:
    """A report the headline did not take, and why."""

    figure: Figure
    why: str
    conflict: bool
    """True when it contradicts the headline (a conflict across dates); False when it is
    merely not used (a rotation, a consistent but vaguer figure, a stale arrival)."""
    sign: int = 0
    """+1 / -1 for an arrival or withdrawal left out; 0 for a level report."""
    against: Figure | None = None
    """The report that stood when this one was set aside."""


@dataclass(frozen=True)
class Measure:
    """The value of one series as of D, with every report behind it and the reasons."""

    series: str
    channel: str
    value: Decimal | None
    unit: str
    qualifier: Qualifier
    amount_usd: Decimal | None
    usd_missing: bool
    base: Figure | None
    """The standing level report (None when the value is built from changes only)."""
    adjustments: tuple[tuple[int, Figure], ...]
    """(+1 or -1, report) for each arrival, withdrawal or increment added to the base."""
    by_type: tuple[tuple[str, Decimal], ...] = ()
    rule: str = ""
    """The series rule that made the base the headline ("latest report", ...)."""
    set_aside: tuple[SetAside, ...] = ()

    @property
    def figures(self) -> tuple[Figure, ...]:
        return ((self.base,) if self.base else ()) + tuple(f for _, f in self.adjustments)

    @property
    def conflict(self) -> bool:
        """Sources disagree about the headline: on its date, or a later report gives another
        figure that does not stand."""
        return any(f.conflict for f in self.figures) or any(s.conflict for s in self.set_aside)

    @property
    def as_of_date(self) -> FuzzyDate | None:
        figs = self.figures
        return max((f.date for f in figs), key=lambda d: d.sort_key()) if figs else None

    @property
    def computed(self) -> bool:
        """A sum the ledger made (a level plus arrivals), not a figure a source stated."""
        return bool(self.adjustments)

    @property
    def derived(self) -> bool:
        return self.computed or bool(self.base and self.base.chosen.derived)

    @property
    def derivation(self) -> str:
        """ "732 + 230" for a computed sum; the fact's own operation for a derived fact."""
        if self.adjustments:
            parts = [_num(self.base.value) if self.base else "0"]
            parts += [f"{'+' if s > 0 else '−'} {_num(f.value)}" for s, f in self.adjustments]
            return " ".join(parts)
        if self.base is not None and self.base.chosen.derived:
            return "; ".join(f.derivation for f in self.base.chosen.facts if f.derivation)
        return ""

    @property
    def derived_from(self) -> tuple[str, ...]:
        if self.adjustments:
            return tuple(i for f in self.figures for i in f.chosen.fact_ids)
        if self.base is not None:
            return tuple(i for f in self.base.chosen.facts for i in f.derived_from)
        return ()


def _num(v: Decimal | None) -> str:
    if v is None:
        return "?"
    return f"{int(v):,}" if v == v.to_integral_value() else f"{v:,}"


# comparing figures ------------------------------------------------------------------------
def comparable(r: Reading) -> Decimal | None:
    """The number two readings of one series are compared on: USD when there is one."""
    return r.amount_usd if r.amount_usd is not None else r.value


def bounds(value: Decimal, q: Qualifier) -> tuple[Decimal, Decimal | None]:
    """The range a qualified figure allows (None: no upper bound)."""
    if q is Qualifier.EXACT:
        return value * (1 - TOLERANCE), value * (1 + TOLERANCE)
    if q is Qualifier.ABOUT:
        return value * (1 - ABOUT), value * (1 + ABOUT)
    if q is Qualifier.AT_LEAST:
        return value, None
    return Decimal(0), value


def disagree(a: Decimal, qa: Qualifier, b: Decimal, qb: Qualifier) -> bool:
    """Two figures disagree when no value fits both ("at least 600" and 617 agree)."""
    (alo, ahi), (blo, bhi) = bounds(a, qa), bounds(b, qb)
    return (ahi is not None and ahi < blo) or (bhi is not None and bhi < alo)


# the walk ---------------------------------------------------------------------------------
@dataclass
class _Standing:
    base: Figure | None = None
    rule: str = ""
    adds: list[tuple[int, Figure]] | None = None

    def total(self) -> tuple[Decimal | None, Qualifier]:
        """The running value (base plus changes) compared with a new report."""
        parts = ([(1, self.base)] if self.base else []) + list(self.adds or [])
        nums = [(s, comparable(f.chosen)) for s, f in parts]
        if not nums or any(v is None for _, v in nums):
            return None, Qualifier.EXACT
        value = sum((s * (v or Decimal(0)) for s, v in nums), Decimal(0))
        return value, combine_qualifiers(f.chosen.qualifier for _, f in parts)


def _cluster(
    items: Sequence[tuple[FuzzyDate, Fact]],
) -> list[tuple[FuzzyDate, list[Fact]]]:
    """Reports of the same date (at the coarser precision) form one figure."""
    out: list[tuple[FuzzyDate, list[Fact]]] = []
    for d, f in sorted(items, key=lambda x: (x[0].sort_key(), x[1].fact_id)):
        if out and out[-1][0].same_period(d):
            prev, fs = out[-1]
            out[-1] = (prev if prev.precision >= d.precision else d, [*fs, f])
        else:
            out.append((d, [f]))
    return out


def _changes(
    dated: Sequence[tuple[FuzzyDate, Fact]],
) -> list[tuple[int, FuzzyDate, list[Fact]]]:
    """Arrivals, withdrawals, increments and rotations grouped by date and direction: two
    sources describing one arrival are one report, not two arrivals. In date order, so a
    report can only join the latest group of its direction."""
    out: list[tuple[int, FuzzyDate, list[Fact]]] = []
    last: dict[int, int] = {}
    for d, f in sorted(dated, key=lambda df: (df[0].sort_key(), df[1].fact_id)):
        sign = {Role.DECREMENT: -1, Role.ROTATION: 0}.get(role_of(f), 1)
        i = last.get(sign)
        if i is not None and out[i][1].same_period(d):
            s, gd, fs = out[i]
            out[i] = (s, gd if gd.precision >= d.precision else d, [*fs, f])
        else:
            last[sign] = len(out)
            out.append((sign, d, [f]))
    return out


def _floor(floors: Sequence[tuple[Decimal, int]], r: int) -> Decimal | None:
    """The highest total an equally or more credible source has set since the last recorded
    reduction or pin: what a report of rank `r` may not go below."""
    vals = [v for v, fr in floors if fr >= r]
    return max(vals) if vals else None


def _decide(
    behaviour: Behaviour,
    st: _Standing,
    fig: Figure,
    sources: Mapping[str, Source],
    floors: Sequence[tuple[Decimal, int]] = (),
) -> tuple[bool, str, bool]:
    """Whether a new level report replaces the standing one: (replace, reason, conflict)."""
    if st.base is None:
        return True, "first report", False
    new = fig.chosen
    if new.pinned:
        return True, "pinned by a reviewer", False
    cur, cur_q = st.total()
    val = comparable(new)
    if val is None:
        if cur is None:
            return True, "latest report", False
        return False, "gives no figure: the standing figure is kept", False
    if cur is None:
        return True, "latest report", False
    src_new = sources.get(new.source_id)
    src_old = sources.get(st.base.chosen.source_id)
    lower = val < cur * (1 - TOLERANCE)
    conflicting = disagree(val, new.qualifier, cur, cur_q)
    if behaviour is Behaviour.CUMULATIVE:
        if any(f.basis is Basis.REDUCTION for f in new.facts):
            return True, REDUCED, False
        floor = _floor(floors, rank(src_new))
        if floor is None or val >= floor * (1 - TOLERANCE):
            if lower:
                return True, CORRECTED, False
            return True, "cumulative: the latest report that does not fall below the total", False
        if disagree(val, new.qualifier, floor, Qualifier.EXACT) or conflicting:
            return False, "a later report gives less; cumulative figures do not fall", True
        return False, "a later, vaguer report consistent with the standing figure", False
    if behaviour is Behaviour.PLEDGE:
        if lower and rank(src_new) < rank(src_old):
            return False, "a lower pledge from a weaker source does not replace it", True
        return True, "latest pledge (pledges restate)", False
    if conflicting and clearly_weaker(src_new, src_old):
        kind = effective_kind(src_new).value
        return False, f"a clearly weaker source ({kind}) disagrees", True
    return True, "latest report", False


def _add_floor(
    floors: list[tuple[Decimal, int]], st: _Standing, fig: Figure, sources: Mapping[str, Source]
) -> None:
    """Record the running total as a floor, at the credibility of its level report (an
    increment adds to the level; it does not make the total less credible)."""
    total, _ = st.total()
    if total is not None and st.base is not None:
        floors.append((total, rank(sources.get(st.base.chosen.source_id))))


def _derived_qualifier(behaviour: Behaviour, base_q: Qualifier, signs: Sequence[int]) -> Qualifier:
    """Strength plus arrivals is an upper bound (people may have left unreported); minus
    withdrawals a lower bound; both, or a hedged base, only approximate."""
    if not signs or behaviour is not Behaviour.STRENGTH:
        return base_q
    ups, downs = any(s > 0 for s in signs), any(s < 0 for s in signs)
    if ups and not downs and base_q in (Qualifier.EXACT, Qualifier.AT_MOST, Qualifier.UP_TO):
        return Qualifier.AT_MOST
    if downs and not ups and base_q in (Qualifier.EXACT, Qualifier.AT_LEAST):
        return Qualifier.AT_LEAST
    return Qualifier.ABOUT


@dataclass(frozen=True)
class Walk:
    """The outcome of walking a series' reports in date order."""

    base: Figure | None
    rule: str
    adds: tuple[tuple[int, Figure], ...]
    set_aside: tuple[SetAside, ...]
    """Every report set aside on the way, the ones against earlier standings included."""
    history: tuple[tuple[Figure, str, Decimal | None], ...] = ()
    """Each report that stood in turn, the rule that made it stand and the running value it
    replaced (None for the first)."""


def walk(
    series: str,
    dated: Sequence[tuple[FuzzyDate, Fact]],
    sources: Mapping[str, Source],
    stale_days: int = STALE_DAYS,
) -> Walk:
    behaviour = behaviour_of(series)
    levels = [(d, f) for d, f in dated if role_of(f) is Role.LEVEL]
    changes = [(d, f) for d, f in dated if role_of(f) is not Role.LEVEL]
    steps: list[tuple[FuzzyDate, int, int, list[Fact]]] = [
        (d, 0, 0, fs) for d, fs in _cluster(levels)
    ]
    steps += [(d, 1, sign, fs) for sign, d, fs in _changes(changes)]
    # at one date, changes before levels: a level is weighed against the running value with
    # that day's arrivals, and if it stands it includes them
    steps.sort(key=lambda s: (s[0].sort_key(), -s[1]))

    st = _Standing(adds=[])
    set_aside: list[SetAside] = []
    history: list[tuple[Figure, str, Decimal | None]] = []
    floors: list[tuple[Decimal, int]] = []
    for d, is_change, sign, fs in steps:
        fig = make_figure(d, fs, sources)
        if not is_change:
            replace, why, conflict = _decide(behaviour, st, fig, sources, floors)
            if replace:
                before = st.total()[0] if st.base is not None or st.adds else None
                st = _Standing(fig, why, [])
                history.append((fig, why, before))
                if why in (REDUCED, "pinned by a reviewer"):
                    floors = []  # a recorded decision: earlier totals no longer bind
                _add_floor(floors, st, fig, sources)
            else:
                set_aside.append(SetAside(fig, why, conflict, 0, st.base))
            continue
        if st.base is not None and d.same_period(st.base.date):
            continue  # reported with the level of that date: included in it
        if sign == 0:
            set_aside.append(
                SetAside(
                    fig, "a rotation: replaces people going home, never adds", False, 1, st.base
                )
            )
            continue
        if behaviour is Behaviour.STRENGTH and st.base is not None:
            gap = (d.start - st.base.date.end).days
            if gap > stale_days:
                set_aside.append(
                    SetAside(
                        fig,
                        f"not added: the last strength report is {gap} days older "
                        f"(more than {stale_days}); a new report is needed",
                        False,
                        sign,
                        st.base,
                    )
                )
                continue
        assert st.adds is not None
        st.adds.append((sign, fig))
        _add_floor(floors, st, fig, sources)
    return Walk(st.base, st.rule, tuple(st.adds or ()), tuple(set_aside), tuple(history))


def measure_series(
    series: str,
    channel: str,
    dated: Sequence[tuple[FuzzyDate, Fact]],
    sources: Mapping[str, Source],
    stale_days: int = STALE_DAYS,
) -> Measure | None:
    """The value of a series from its dated facts (all on or before D), and why."""
    behaviour = behaviour_of(series)
    w = walk(series, dated, sources, stale_days)
    st = _Standing(w.base, w.rule, list(w.adds))
    set_aside = [s for s in w.set_aside if s.against is w.base]
    base, adds = st.base, tuple(st.adds or ())
    if base is None and not adds:
        return None
    parts: list[tuple[int, Figure]] = ([(1, base)] if base else []) + list(adds)
    numbered = [(s, f) for s, f in parts if f.value is not None]
    unit = next((f.unit for _, f in parts), PERSONS)
    value: Decimal | None = None
    if numbered:
        units = {f.unit for _, f in numbered}
        value = (
            sum((s * (f.value or Decimal(0)) for s, f in numbered), Decimal(0))
            if len(units) == 1
            else None
        )
        unit = units.pop() if len(units) == 1 else "mixed"
    usd_missing = any(f.chosen.usd_missing for _, f in numbered)
    amount_usd: Decimal | None = None
    if numbered and numbered[0][1].chosen.facts[0].is_money and not usd_missing:
        amount_usd = sum((s * (f.chosen.amount_usd or Decimal(0)) for s, f in numbered), Decimal(0))
    by_type: dict[str, Decimal] = {}
    for s, f in numbered:
        for k, v in f.chosen.by_type:
            by_type[k] = by_type.get(k, Decimal(0)) + s * v
    if numbered:
        base_q = combine_qualifiers(f.chosen.qualifier for _, f in numbered)
        if base is not None and base.value is not None:
            base_q = _derived_qualifier(
                behaviour,
                combine_qualifiers(
                    [base.chosen.qualifier]
                    + [f.chosen.qualifier for s, f in adds if behaviour is not Behaviour.STRENGTH]
                ),
                [s for s, _ in adds],
            )
        qualifier = base_q
    else:
        qualifier = parts[0][1].chosen.qualifier
    rule = st.rule if base is not None else ("sum of reported changes" if adds else "")
    return Measure(
        series,
        channel,
        value,
        unit,
        qualifier,
        amount_usd,
        usd_missing,
        base,
        adds,
        tuple(sorted(by_type.items())),
        rule,
        tuple(set_aside),
    )
