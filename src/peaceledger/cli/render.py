"""Rich rendering for people, and JSON/CSV printing for scripts."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ..domain.credibility import effective_kind
from ..domain.facts import Fact
from ..domain.missions import Mission
from ..domain.readings import HEADLINE_RULE, Figure
from ..domain.sources import Source
from ..domain.state import (
    AUTHORIZED,
    FATALITIES,
    MONEY_STAGES,
    PLEDGE,
    STRENGTH,
    Measure,
    MissionState,
)
from ..domain.vocab import Qualifier
from ..ledger.query import FactDetail, StateReport, Timeline
from ..ledger.serialize import SERIES_NAMES, SERIES_RULES, number

console = Console(highlight=False)

_Q = {
    Qualifier.EXACT: "",
    Qualifier.AT_LEAST: "≥",
    Qualifier.AT_MOST: "≤",
    Qualifier.ABOUT: "~",
    Qualifier.UP_TO: "up to ",
}


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def print_csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> None:
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow(["" if r.get(c) is None else r.get(c) for c in columns])


def fmt_number(v: Decimal | None) -> str:
    if v is None:
        return "—"
    if v == v.to_integral_value():
        return f"{int(v):,}"
    return f"{v:,.2f}"


def fmt_value(value: Decimal | None, qualifier: Qualifier, unit: str = "persons") -> str:
    if value is None:
        return "yes, no figure"
    q = _Q[qualifier]
    if unit == "persons":
        return f"{q}{fmt_number(value)}"
    return f"{q}{fmt_number(value)} {unit}"


def fmt_usd(v: Decimal | None) -> str:
    if v is None:
        return "no rate"
    if abs(v) >= 1_000_000:
        return f"US${v / 1_000_000:,.1f}m"
    return f"US${v:,.0f}"


class Footnotes:
    """Numbers sources in order of first citation, for a list under the tables; exchange-rate
    sources get their own list (`[r1]`), since a rate's provenance is long."""

    def __init__(self, sources: Mapping[str, Source]) -> None:
        self.sources = sources
        self.order: list[str] = []
        self.rates: list[str] = []

    def cite_rate(self, f: Fact) -> str:
        u = f.usd
        if u is None or u.rate is None:
            return "no rate"
        if u.rate_kind == "identity":
            return "—"
        src = u.rate_source or ""
        if src not in self.rates:
            self.rates.append(src)
        kind = (u.rate_kind or "").replace("_", " ")
        return f"{number(u.rate_per_usd)} ({u.rate_date} {kind}) [r{self.rates.index(src) + 1}]"

    def cite(self, source_id: str) -> str:
        """`[3 wire]`: the footnote and the kind of source, next to every figure."""
        if source_id not in self.order:
            self.order.append(source_id)
        kind = effective_kind(self.sources.get(source_id)).value
        return f"[{self.order.index(source_id) + 1} {kind}]"

    def cite_figure(self, fig: Figure) -> str:
        chosen = self.cite(fig.chosen.source_id)
        if fig.chosen.derived:
            chosen += " derived"
        others = [self.cite(r.source_id) for r in fig.readings if r is not fig.chosen]
        return chosen + ("" if not others else " (also " + "".join(others) + ")")

    def render(self) -> Table:
        t = Table(title="Sources", show_header=False, box=None, title_justify="left")
        t.add_column(justify="right", style="dim")
        t.add_column(overflow="fold")
        for i, sid in enumerate(self.order, 1):
            s = self.sources.get(sid)
            if s is None:
                t.add_row(f"[{i}]", sid)
                continue
            when = s.published.iso if s.published else "undated"
            kind = s.kind.value + (
                f", copy of {s.origin} ({s.origin_kind.value})"
                if s.origin and s.origin_kind
                else ""
            )
            t.add_row(
                f"[{i}]",
                escape(f"{s.publisher} — {s.title} ({when}; {kind}) {s.url or ''}")
                + f" [dim]{sid}[/dim]",
            )
        for i, src in enumerate(self.rates, 1):
            t.add_row(f"[r{i}]", f"exchange rate: {src}")
        return t


def _measure_cell(m: Measure | None, notes: Footnotes) -> Text:
    if m is None:
        return Text("—", style="dim")
    txt = Text(fmt_value(m.value, m.qualifier, m.unit))
    if m.conflict:
        txt.append(" ⚠", style="bold yellow")
    cites = [notes.cite_figure(f) for f in m.figures]
    txt.append(" " + " ".join(cites), style="dim")
    return txt


def how_note(m: Measure | None, notes: Footnotes) -> str:
    """Why the headline stands: what it is derived from, and what it overrode."""
    if m is None:
        return ""
    bits: list[str] = []
    if m.computed:
        dated = [f"{fmt_number(m.base.value)} on {m.base.date.iso}"] if m.base else ["0"]
        dated += [
            f"{'+' if s > 0 else '−'}{fmt_number(f.value)} on {f.date.iso}"
            for s, f in m.adjustments
        ]
        bits.append("derived: " + " ".join(dated) + " (a bound: people may have left)")
    elif m.derived:
        bits.append(f"derived: {m.derivation} (from {', '.join(m.derived_from)})")
    for a in m.set_aside:
        if not a.conflict and not a.sign:
            continue  # a restatement without a figure, or a vaguer consistent one
        fig = a.figure
        bits.append(
            f"{'conflict' if a.conflict else 'not used'}: "
            f"{fmt_value(fig.value, fig.chosen.qualifier, fig.unit)} on {fig.date.iso} "
            f"{notes.cite(fig.chosen.source_id)}: {a.why}"
        )
    return "; ".join(bits)


def mission_life(m: Mission, names: Mapping[str, str]) -> str:
    phases = [f"{p.phase.value} {p.start}" for p in m.phases] or [
        f"authorized {m.start}" if m.start else "",
        f"ended {m.end}" if m.end else "",
    ]
    life = [
        *phases,
        f"succeeded by {m.successor}" if m.successor else "",
        f"successor of {m.predecessor}" if m.predecessor else "",
        f"lead: {names.get(m.lead, m.lead)}" if m.lead else "",
    ]
    return " · ".join(x for x in life if x)


def render_state(report: StateReport, names: Mapping[str, str], stale_days: int = 60) -> None:
    s, notes = report.state, Footnotes(report.sources)
    m = s.mission
    head = f"[bold]{m.code}[/bold] — {escape(m.name)} — as of [bold]{s.as_of}[/bold]"
    if s.known_at:
        head += f", as known at [bold]{s.known_at}[/bold]"
    console.print(head)
    console.print("[dim]" + escape(mission_life(m, names)) + "[/dim]")
    if m.end and s.as_of >= m.end and m.successor:
        console.print(
            f"[yellow]The mission ended on {m.end}; {m.successor} carries the force after "
            f"that date (`peaceledger force {m.host}` shows both as one force).[/yellow]"
        )
    _render_state_tables(s, notes, names, stale_days)


def render_force(report: StateReport, names: Mapping[str, str], stale_days: int = 60) -> None:
    _render_state_tables(report.state, Footnotes(report.sources), names, stale_days)


def _render_state_tables(
    s: MissionState, notes: Footnotes, names: Mapping[str, str], stale_days: int
) -> None:
    t = Table(title="Personnel by contributor", title_justify="left")
    for col in ("Actor", "Pledged", "Deployed", "Deployed as of", "By type", "How"):
        t.add_column(col, overflow="fold")
    for a in s.actors:
        dep, pl = a.deployed, a.pledged
        if dep is None and pl is None and not a.personnel:
            continue
        by_type = ", ".join(f"{k} {fmt_number(v)}" for k, v in dep.by_type) if dep else ""
        as_of = dep.as_of_date.iso if dep and dep.as_of_date else ""
        t.add_row(
            f"{names.get(a.actor or '', a.actor)} ({a.actor})",
            _measure_cell(pl, notes),
            _measure_cell(dep, notes),
            as_of,
            by_type,
            how_note(dep, notes)
            + ("; " if how_note(dep, notes) and how_note(pl, notes) else "")
            + (f"pledge {how_note(pl, notes)}" if how_note(pl, notes) else ""),
        )
    if t.row_count:
        console.print(t)
    elif s.mission_reported.deployed is not None:
        console.print(
            "[yellow]No country breakdown of the personnel has been reported for "
            f"{s.mission.code} by {s.as_of}; the mission-wide figure is below.[/yellow]"
        )

    w = Table(
        title="Mission as a whole: reported figures and the sum of countries", title_justify="left"
    )
    for col in ("Figure", "Reported for the mission", "As of", "Sum of countries"):
        w.add_column(col, overflow="fold")
    for series in (PLEDGE, STRENGTH, AUTHORIZED, FATALITIES):
        rep = s.mission_reported.personnel.get(series)
        total = s.sums.get(series)
        if rep is None and total is None:
            continue
        derived = s.sums_derived.get(series, ())
        summed = f"{fmt_number(total[0])} ({len(total[1])} countries)" if total else "—"
        if derived:
            summed += f"; includes derived figures for {', '.join(derived)}"
        if series in s.sums_not_independent:
            summed += " (derived from the reported figure: not an independent check)"
        w.add_row(
            SERIES_NAMES[series],
            _measure_cell(rep, notes),
            rep.as_of_date.iso if rep and rep.as_of_date else "",
            summed,
        )
    for stage in MONEY_STAGES:
        channels = s.mission_reported.money.get(stage.value, {})
        total = s.sums.get(f"{stage.value}_usd")
        if not channels and total is None:
            continue
        reported = (
            "; ".join(
                f"{ch or 'all channels'}: {fmt_value(mm.value, mm.qualifier, mm.unit)} "
                f"({fmt_usd(mm.amount_usd)}) " + " ".join(notes.cite_figure(f) for f in mm.figures)
                for ch, mm in channels.items()
            )
            or "—"
        )
        derived_money = s.sums_derived.get(f"{stage.value}_usd", ())
        if derived_money:
            reported += f"; includes derived figures for {', '.join(derived_money)}"
        dates = ", ".join(mm.as_of_date.iso for mm in channels.values() if mm.as_of_date)
        w.add_row(
            SERIES_NAMES[stage.value],
            reported,
            dates,
            f"{fmt_usd(total[0])} ({len(total[1])} donors)" if total else "—",
        )
    console.print(w)

    money = Table(title="Money by donor (original currency and US$)", title_justify="left")
    for col in ("Donor", "Rung", "Channel", "Amount", "US$", "Rate per US$", "Source"):
        money.add_column(col, overflow="fold")
    for a in s.actors:
        for stage in MONEY_STAGES:
            for ch, mm in a.money.get(stage.value, {}).items():
                for fig in mm.figures:
                    for f in fig.chosen.facts:
                        money.add_row(
                            f"{names.get(a.actor or '', a.actor)}",
                            stage.value,
                            ch or "unstated",
                            fmt_value(f.value, f.qualifier, f.unit),
                            fmt_usd(f.usd.amount_usd) if f.usd else "no rate",
                            notes.cite_rate(f),
                            notes.cite_figure(fig),
                        )
    if money.row_count:
        console.print(money)

    outside = [(a, f) for a in (s.mission_reported, *s.actors) for f in a.outside_scope]
    if outside:
        o = Table(
            title="Also reported, covering more than the mission (in no total)",
            title_justify="left",
        )
        for col in ("Who", "What", "Value", "Date", "Note", "Source"):
            o.add_column(col, overflow="fold")
        for a, f in outside:
            o.add_row(
                names.get(a.actor or "", a.actor or "mission"),
                f.metric.value,
                fmt_value(f.value, f.qualifier, f.unit),
                f.date_of_fact.iso if f.date_of_fact else "",
                escape(f.note),
                notes.cite(f.source_id),
            )
        console.print(o)

    if s.conflicts:
        c = Table(title="Sources disagree", title_justify="left")
        for col in ("Who", "What", "Date", "Readings", "Headline"):
            c.add_column(col, overflow="fold")
        for conf in s.conflicts:
            readings = "; ".join(
                f"{fmt_value(r.value, r.qualifier, r.unit)} {notes.cite(r.source_id)}"
                for r in conf.figure.readings
            )
            if conf.standing is not None:
                st = conf.standing
                headline = (
                    f"{fmt_value(st.value, st.chosen.qualifier, st.unit)} of {st.date.iso} "
                    f"{notes.cite(st.chosen.source_id)} stands — {conf.why}"
                )
            else:
                fig = conf.figure
                headline = f"{fmt_value(fig.value, fig.chosen.qualifier, fig.unit)} — {fig.reason}"
            c.add_row(
                names.get(conf.who, conf.who or "mission"),
                SERIES_NAMES[conf.series],
                conf.figure.date.iso,
                readings,
                headline,
            )
        console.print(c)
        console.print(f"[dim]Headline rule: {HEADLINE_RULE}[/dim]")
        console.print(f"[dim]{SERIES_RULES.format(stale_days=stale_days)}[/dim]")
    for warning in s.warnings:
        console.print(f"[yellow]warning:[/yellow] {warning}")
    console.print(notes.render())


def _rate(f: Fact) -> str:
    u = f.usd
    if u is None or u.rate is None:
        return "no rate"
    if u.rate_kind == "identity":
        return "—"
    return f"{number(u.rate_per_usd)} ({u.rate_date}, {u.rate_kind}; {u.rate_source})"


def render_facts(
    facts: Sequence[Fact], sources: Mapping[str, Source], names: Mapping[str, str], title: str
) -> None:
    t = Table(title=title, title_justify="left")
    for col in (
        "Fact",
        "Date",
        "Mission",
        "Actor",
        "Metric",
        "Value",
        "Type/channel",
        "US$",
        "Status",
        "Source",
    ):
        t.add_column(col, overflow="fold")
    for f in facts:
        s = sources.get(f.source_id)
        t.add_row(
            f.fact_id,
            f.date_of_fact.iso if f.date_of_fact else "",
            f.mission,
            names.get(f.actor or "", f.actor or "(mission)") if f.actor else "(mission)",
            f.metric.value,
            fmt_value(f.value, f.qualifier, f.unit),
            (f.personnel_type.value if f.personnel_type else "")
            + (f.channel.value if f.channel else ""),
            (fmt_usd(f.usd.amount_usd) if f.usd else "") if f.is_money else "",
            f.status.value
            + (" (pinned)" if f.pinned else "")
            + (f", {f.basis.value}" if f.basis.value != "total" else ""),
            f"{s.publisher}, {s.published.iso if s.published else 'undated'}" if s else f.source_id,
        )
    console.print(t)


def render_detail(d: FactDetail, names: Mapping[str, str]) -> None:
    f, s = d.fact, d.source
    console.print(f"[bold]{f.fact_id}[/bold] (version {f.version}, {f.status.value})")
    rows = [
        ("mission", f.mission),
        (
            "actor",
            f"{names.get(f.actor, f.actor)} ({f.actor})" if f.actor else "the mission as a whole",
        ),
        ("metric", f.metric.value),
        ("value", fmt_value(f.value, f.qualifier, f.unit)),
        ("personnel type", f.personnel_type.value if f.personnel_type else "unstated"),
        ("channel", f.channel.value if f.channel else "unstated" if f.is_money else "—"),
        ("date of fact", f.date_of_fact.iso if f.date_of_fact else "not stated"),
        ("basis", f.basis.value),
        ("note", f.note or "—"),
        (
            "recorded",
            f"{f.recorded_by} at {f.recorded_at:%Y-%m-%d %H:%M:%S %Z}"
            if f.recorded_at
            else f.recorded_by,
        ),
    ]
    if f.is_money:
        rows.append(("US$", fmt_usd(f.usd.amount_usd) if f.usd else "no rate"))
        rows.append(("rate", _rate(f)))
    if f.evidence:
        rows.append(
            ("evidence", f"“{f.evidence.quote}” (characters {f.evidence.start}–{f.evidence.end})")
        )
    t = Table(show_header=False, box=None)
    t.add_column(style="bold")
    t.add_column(overflow="fold")
    for k, v in rows:
        t.add_row(k, v)
    console.print(t)
    if s:
        console.print(
            f"[bold]Source[/bold] {s.source_id}: {s.publisher} — {s.title} "
            f"({s.published.iso if s.published else 'undated'}, {s.kind.value}) {s.url or ''}"
        )
    if d.evidence:
        _render_claim_evidence(d)
    h = Table(title="History", title_justify="left")
    for col in ("Version", "Recorded", "By", "Status", "Value", "Change"):
        h.add_column(col, overflow="fold")
    for ver in d.history:
        h.add_row(
            str(ver.version),
            f"{ver.recorded_at:%Y-%m-%d %H:%M}" if ver.recorded_at else "",
            ver.recorded_by,
            ver.status.value,
            fmt_value(ver.value, ver.qualifier, ver.unit),
            ver.change_note or ("first recorded" if ver.version == 1 else ""),
        )
    console.print(h)


def _render_claim_evidence(d: FactDetail) -> None:
    """Issue 8: every report of a grouped claim, so a reviewer sees all its sources at once.
    Titles and quotes come from articles: printed as text, never as Rich markup."""
    n = len({e.source_id for e in d.evidence})
    t = Table(title=f"Reported by {n} source(s)", title_justify="left")
    for col in ("Source", "Title / URL", "Quote"):
        t.add_column(col, overflow="fold")
    for e in d.evidence:
        s = d.evidence_sources.get(e.source_id)
        about = " — ".join(x for x in (s.title, s.url) if x) if s else ""
        t.add_row(e.source_id, escape(about), escape(f"“{e.quote}”"))
    console.print(t)


def render_timeline(t: Timeline, names: Mapping[str, str]) -> None:
    title = " / ".join(
        x
        for x in (
            t.mission or "",
            names.get(t.actor or "", t.actor or ""),
            ", ".join(m.value for m in t.metrics),
        )
        if x
    )
    notes = Footnotes(t.sources)
    table = Table(title=f"Timeline: {title}", title_justify="left")
    for col in ("Date", "Who", "What", "Value", "Readings", "Series after"):
        table.add_column(col, overflow="fold")
    for e in t.entries:
        who = names.get(e.actor or "", e.actor or "mission") if e.actor else "mission"
        if e.event is not None:
            table.add_row(
                e.date.iso,
                who,
                f"event: {e.event.kind.value}",
                e.event.description,
                notes.cite(e.event.source_id),
                "",
                style="dim",
            )
            continue
        assert e.figure is not None and e.metric is not None
        fig = e.figure
        readings = "; ".join(
            f"{fmt_value(r.value, r.qualifier, r.unit)} {notes.cite(r.source_id)}"
            for r in fig.readings
        )
        value = Text(fmt_value(fig.value, fig.chosen.qualifier, fig.unit))
        if fig.conflict:
            value.append(" ⚠ sources disagree", style="bold yellow")
        after = fmt_value(e.running.value, e.running.qualifier, e.running.unit) if e.running else ""
        table.add_row(e.date.iso, who, e.metric.value, value, readings, after)
    console.print(table)
    console.print(notes.render())


def render_sources(sources: Sequence[Source]) -> None:
    t = Table(title=f"{len(sources)} source(s)", title_justify="left")
    for col in ("Source", "Published", "Kind", "Publisher", "Title", "URL"):
        t.add_column(col, overflow="fold")
    for s in sources:
        t.add_row(
            s.source_id,
            s.published.iso if s.published else "",
            s.kind.value
            + (
                f" (copy of {s.origin}: {s.origin_kind.value})"
                if s.origin and s.origin_kind
                else ""
            ),
            s.publisher,
            s.title,
            s.url or "",
        )
    console.print(t)
