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

from ..domain.facts import Fact
from ..domain.readings import HEADLINE_RULE, Figure
from ..domain.sources import Source
from ..domain.state import AUTHORIZED, FATALITIES, MONEY_STAGES, PLEDGE, STRENGTH, Measure
from ..domain.vocab import Qualifier
from ..ledger.query import FactDetail, StateReport, Timeline
from ..ledger.serialize import SERIES_NAMES, number

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
        if source_id not in self.order:
            self.order.append(source_id)
        return f"[{self.order.index(source_id) + 1}]"

    def cite_figure(self, fig: Figure) -> str:
        chosen = self.cite(fig.chosen.source_id)
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
            t.add_row(
                f"[{i}]", f"{s.publisher} — {s.title} ({when}) {s.url or ''} [dim]{sid}[/dim]"
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


def _adjustment_note(m: Measure | None) -> str:
    if m is None or not m.adjustments:
        return ""
    parts = [
        f"{'+' if s > 0 else '−'}{fmt_number(f.value)} on {f.date.iso}" for s, f in m.adjustments
    ]
    base = f"{fmt_number(m.base.value)} on {m.base.date.iso}" if m.base else "0"
    return f"{base} {' '.join(parts)}"


def render_state(report: StateReport, names: Mapping[str, str]) -> None:
    s, notes = report.state, Footnotes(report.sources)
    m = s.mission
    head = f"[bold]{m.code}[/bold] — {m.name} — as of [bold]{s.as_of}[/bold]"
    if s.known_at:
        head += f", as known at [bold]{s.known_at}[/bold]"
    console.print(head)
    life = [
        f"authorized {m.start}" if m.start else "",
        f"ended {m.end}" if m.end else "",
        f"succeeded by {m.successor}" if m.successor else "",
        f"successor of {m.predecessor}" if m.predecessor else "",
        f"lead: {names.get(m.lead, m.lead)}" if m.lead else "",
    ]
    console.print("[dim]" + " · ".join(x for x in life if x) + "[/dim]")
    if m.end and s.as_of > m.end and m.successor:
        console.print(
            f"[yellow]The mission ended on {m.end}; see {m.successor} for the force "
            "after that date (figures below are those still reported under "
            f"{m.code}).[/yellow]"
        )

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
            _adjustment_note(dep),
        )
    console.print(t)

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
        w.add_row(
            SERIES_NAMES[series],
            _measure_cell(rep, notes),
            rep.as_of_date.iso if rep and rep.as_of_date else "",
            f"{fmt_number(total[0])} ({len(total[1])} countries)" if total else "—",
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

    if s.conflicts:
        c = Table(title="Sources disagree", title_justify="left")
        for col in ("Who", "What", "Date", "Readings", "Headline"):
            c.add_column(col, overflow="fold")
        for conf in s.conflicts:
            readings = "; ".join(
                f"{fmt_value(r.value, r.qualifier, r.unit)} {notes.cite(r.source_id)}"
                for r in conf.figure.readings
            )
            c.add_row(
                names.get(conf.who, conf.who or "mission"),
                SERIES_NAMES[conf.series],
                conf.figure.date.iso,
                readings,
                f"{fmt_value(conf.figure.value, conf.figure.chosen.qualifier, conf.figure.unit)}"
                f" — {conf.figure.reason}",
            )
        console.print(c)
        console.print(f"[dim]Headline rule: {HEADLINE_RULE}[/dim]")
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


def state_csv_rows(report: StateReport, names: Mapping[str, str]) -> list[dict[str, Any]]:
    s = report.state
    rows = []
    for a in (*s.actors, s.mission_reported):
        row: dict[str, Any] = {
            "actor": a.actor or "",
            "name": names.get(a.actor or "", "")
            if a.actor
            else f"{s.mission.code} (reported for the mission)",
        }
        for series in (PLEDGE, STRENGTH, AUTHORIZED, FATALITIES):
            m = a.personnel.get(series)
            key = SERIES_NAMES[series]
            row[key] = number(m.value) if m else None
            row[f"{key}_qualifier"] = m.qualifier.value if m else None
            row[f"{key}_as_of"] = m.as_of_date.iso if m and m.as_of_date else None
            row[f"{key}_sources"] = (
                " ".join(sorted({r.source_id for f in m.figures for r in f.readings}))
                if m
                else None
            )
        for stage in MONEY_STAGES:
            total, missing = a.money_usd(stage.value)
            row[f"{SERIES_NAMES[stage.value]}_usd"] = (
                number(total) if stage.value in a.money else None
            )
            row[f"{SERIES_NAMES[stage.value]}_usd_incomplete"] = (
                missing if stage.value in a.money else None
            )
        rows.append(row)
    return rows


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
            s.kind.value,
            s.publisher,
            s.title,
            s.url or "",
        )
    console.print(t)
