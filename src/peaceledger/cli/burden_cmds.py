"""`assess`: who would pay for a mission, under voluntary, assessed and mixed funding."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

import pandas as pd
import typer
from rich.measure import Measurement
from rich.table import Table

from ..burden import (
    BurdenReport,
    FundingModel,
    ScaleKind,
    SplitRule,
    assess,
    load_scale_book,
    parse_amount,
    voluntary_figures,
)
from ..data import load_fx_table
from ..errors import InputError
from . import render
from .main import state
from .options import Format, FormatOpt, KnownAtOpt, parse_day

_SEGMENT_HELP = (
    "A budget part as PERIOD=AMOUNT, e.g. 2025-10-01:2025-12-31=90442900; repeat for each "
    "period the UN assessed separately (instead of --budget and --period)."
)


def register(app: typer.Typer) -> None:
    app.command(name="assess")(assess_cmd)


def _percent(text: str | None, where: str) -> Decimal | None:
    return None if text is None else parse_amount(text.rstrip("%"), where)


def _segments(items: list[str] | None) -> list[tuple[str, str]]:
    out = []
    for item in items or []:
        period, sep, amount = item.partition("=")
        if not sep or not period.strip() or not amount.strip():
            raise InputError(f"expected PERIOD=AMOUNT, got {item!r}", "--segment")
        out.append((period.strip(), amount.strip()))
    return out


def assess_cmd(
    ctx: typer.Context,
    budget: Annotated[
        str | None, typer.Option("--budget", "-b", help="The budget, e.g. 100000000 or 1e8.")
    ] = None,
    currency: Annotated[
        str,
        typer.Option(
            "--currency", help="ISO 4217 code of the budget; converted at the period's start."
        ),
    ] = "USD",
    scale: Annotated[
        ScaleKind | None,
        typer.Option(
            "--scale",
            help="The UN scale (default: the model's own; peacekeeping for voluntary and "
            "support-office).",
        ),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            "-p",
            help="2026, or START:END such as 2025-10-01:2026-06-30 (default: this year).",
        ),
    ] = None,
    segment: Annotated[list[str] | None, typer.Option("--segment", help=_SEGMENT_HELP)] = None,
    split: Annotated[
        SplitRule,
        typer.Option("--split", help="How a period across years is divided (the UN: months)."),
    ] = SplitRule.MONTHS,
    model: Annotated[
        FundingModel | None,
        typer.Option("--model", help="Funding model (default: the --scale's, or peacekeeping)."),
    ] = None,
    assessed_share: Annotated[
        str | None,
        typer.Option(
            "--assessed-share", help="support-office: percent of the budget assessed, e.g. 45."
        ),
    ] = None,
    us_cap: Annotated[
        str | None,
        typer.Option("--us-cap", help="Cap US peacekeeping payments at this percent, e.g. 25."),
    ] = None,
    mission: Annotated[
        list[str] | None,
        typer.Option(
            "--mission",
            "-m",
            help="Show what donors gave this mission (repeat: MSS-HTI and GSF-HTI).",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Voluntary figures as of this date (default: today)."),
    ] = None,
    known_at: KnownAtOpt = None,
    top: Annotated[
        int | None, typer.Option("--top", help="Table: only the N largest rows.")
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """What each of the 193 UN Member States would pay for a budget under a funding model,
    next to what it gave voluntarily (whole dollars, largest-remainder rounding)."""
    parts = _segments(segment)
    share = _percent(assessed_share, "--assessed-share")
    cap = _percent(us_cap, "--us-cap")
    if budget is not None:
        parse_amount(budget)  # bad input fails here, before the ledger is opened
    if top is not None and top <= 0:
        raise InputError("must be a positive number", "--top")
    if model is FundingModel.VOLUNTARY and not mission:
        raise InputError("the voluntary model reads the ledger: name a --mission", "--mission")
    voluntary = None
    if mission:
        day = parse_day(as_of, "--as-of", end=True) or date.today()
        known = parse_day(known_at, "--known-at", end=True)
        voluntary = voluntary_figures(state(ctx).store(), mission, day, known)
    if period is None and not parts:
        period = str(date.today().year)
    report = assess(
        load_scale_book(),
        budget=budget,
        period=period,
        segments=parts,
        currency=currency,
        fx=load_fx_table(),
        split=split,
        model=model,
        scale=scale,
        assessed_share_percent=share,
        us_cap_percent=cap,
        voluntary=voluntary,
    )
    if fmt is Format.JSON:
        render.print_json(report.to_dict())
    elif fmt is Format.CSV:
        frame = report.to_frame().reset_index()
        render.print_csv(frame.to_dict("records"), list(frame.columns))
    else:
        render_report(report, top)


def _usd(v: Any) -> str:
    return f"{int(v):,}"


def _ratio(v: Any) -> str:
    return "—" if pd.isna(v) else f"{float(v):,.2f}"


def render_report(report: BurdenReport, top: int | None) -> None:
    """People's view: the model and its split, the periods, the states, then the totals."""
    out = render.console
    s = report.summary()
    r = report.result
    out.print(f"[bold]Model: {r.model.value}[/bold] (scale: {r.scale.value})")
    for line in r.explanation:
        out.print(line)
    b = report.budget
    given = "" if b.currency == "USD" else f" ({b.amount:,} {b.currency})"
    out.print(f"Budget: US${b.amount_usd:,}{given}, split by {report.split.value}")
    _periods_table(report)
    _states_table(report, top)
    if s["us_cap"]:
        cap = s["us_cap"]
        out.print(
            f"[bold]US cap {cap['percent']}%[/bold]: the US is assessed "
            f"US${cap['us_assessed_usd']:,} and pays at most US${cap['us_payable_usd']:,}; "
            f"shortfall US${cap['shortfall_usd']:,}, shown as US arrears (a funding shortfall, "
            "not re-apportioned to other states, as the UN treats it)."
        )
    if report.voluntary is not None:
        _voluntary_part(report)
    for note in s["notes"]:
        out.print(f"[dim]note:[/dim] {note}")
    out.print(f"[dim]Rounding: {s['rounding']}[/dim]")
    for warning in s["warnings"]:
        out.print(f"[yellow]warning:[/yellow] {warning}")


def _periods_table(report: BurdenReport) -> None:
    t = Table(title="Assessed per period, at each year's rates", title_justify="left")
    for col in ("Period", "Rates", "Budget US$", "Assessed US$"):
        t.add_column(col, justify="right" if col.endswith("US$") else "left")
    budget_of = {seg.period: seg.amount_usd for seg in report.segments}
    sources: dict[str, None] = {}
    for a in report.result.assessments:
        status = a.scale.status.value
        t.add_row(
            str(a.segment.period),
            f"{a.scale.year} {status.upper() if a.scale.modelled else status}",
            _usd(budget_of[a.segment.period]),
            _usd(a.segment.amount_usd),
        )
        sources[f"{a.scale.kind.value} {a.scale.year}: {a.scale.source}"] = None
    render.console.print(t)
    for line in sources:
        render.console.print(f"[dim]rates {line}[/dim]")


def _states_table(report: BurdenReport, top: int | None) -> None:
    frame = report.to_frame()
    voluntary = report.voluntary is not None
    frame = frame.sort_values(
        (["paid_usd", "pledged_usd"] if voluntary and report.result.assessed_is_reference else [])
        + ["assessed_usd"],
        ascending=False,
        kind="stable",
    )
    shown = frame if top is None else frame.head(top)
    assessed = "Would be assessed US$" if report.result.assessed_is_reference else "Assessed US$"
    rate_cols = [c for c in frame.columns if c.startswith("rate_")]
    t = Table(title=f"{len(shown)} of {len(frame)} Member States", title_justify="left")
    heads = ["ISO3", "State", "PK level", *(f"Rate {c[5:9]} %" for c in rate_cols), assessed]
    if "arrears_usd" in frame:
        heads.append("US arrears US$")
    if voluntary:
        heads += ["Pledged US$", "Paid US$", "Paid ÷ assessed"]
    rows = []
    for iso3, row in shown.iterrows():
        cells = [str(iso3), str(row["name"]), str(row["pk_level"])]
        cells += [f"{row[c]:.6f}" for c in rate_cols]
        cells.append(_usd(row["assessed_usd"]))
        if "arrears_usd" in frame:
            cells.append(_usd(row["arrears_usd"]))
        if voluntary:
            pledged = _usd(row["pledged_usd"]) + (" + ?" if row["unquantified"] else "")
            cells += [pledged, _usd(row["paid_usd"]), _ratio(row["paid_to_assessed"])]
        rows.append(cells)
    for i, h in enumerate(heads):
        # Numbers keep their full width; only the state's name and the headers may wrap.
        width = max([len(r[i]) for r in rows] + [len(w) for w in h.split()])
        if h == "State":
            t.add_column(h, overflow="fold", min_width=8)
        else:
            right = h not in ("ISO3", "PK level")
            t.add_column(h, justify="right" if right else "left", min_width=width)
    for cells in rows:
        t.add_row(*cells)
    _print_wide(t)
    total = (
        f"Total {'that would be ' if report.result.assessed_is_reference else ''}assessed: "
        f"US${int(frame['assessed_usd'].sum()):,} over {len(frame)} states"
    )
    left = report.result.voluntary_part_usd
    render.console.print(total + (f"; left to voluntary funding: US${left:,}." if left else "."))


def _print_wide(t: Table) -> None:
    """A narrow terminal gets long lines rather than numbers cut short."""
    out = render.console
    need = Measurement.get(out, out.options, t).minimum
    out.print(t, width=max(out.width, need), crop=False)


def _channel(code: str) -> str:
    return code.replace("_", " ") or "channel unstated"


def _voluntary_part(report: BurdenReport) -> None:
    out = render.console
    v = report.summary()["voluntary"]
    when = v["as_of"] + (f", as known at {v['known_at']}" if v["known_at"] else "")
    ms = v["member_states"]
    out.print(
        f"[bold]Voluntary money for {', '.join(v['missions'])}[/bold] (the ledger, as of {when}; "
        "cumulative, not limited to the budget period): "
        f"{ms['count']} Member States pledged US${ms['pledged_usd']:,}, committed "
        f"US${ms['committed_usd']:,}, paid US${ms['paid_usd']:,} (rungs are never added)."
    )
    orgs = report.organisations_frame()
    if len(orgs):
        t = Table(title="Organisations (not Member States, never assessed)", title_justify="left")
        for col in ("Actor", "Name", "Pledged US$", "Committed US$", "Paid US$"):
            t.add_column(col)
        for _, row in orgs.iterrows():
            t.add_row(
                str(row["actor"]),
                str(row["name"]),
                _usd(row["pledged_usd"]),
                _usd(row["committed_usd"]),
                _usd(row["paid_usd"]),
            )
        out.print(t)
    for rep in v["mission_reported"]:
        channel = f" ({_channel(rep['channel'])})" if rep["channel"] else ""
        out.print(
            f"Reported for {rep['mission']} as a whole: {rep['rung']}{channel} "
            f"US${rep['amount_usd']:,} ({rep['qualifier']}); not attributable to states."
        )
    channels = [
        f"{d.actor} " + " + ".join(f"{_channel(c)} {amount:,}" for c, amount in d.paid_by_channel)
        for d in (report.voluntary.donors if report.voluntary else ())
        if d.paid_by_channel
    ]
    if channels:
        out.print(
            "Paid, by channel (a trust-fund deposit and money a government spends itself are "
            "different flows): " + "; ".join(channels)
        )
    for actor, what in v["qualified"].items():
        out.print(f"[dim]{actor}: not exact figures: {', '.join(what)}[/dim]")
    names = dict(zip(report.members.iso3, report.members.names, strict=True))
    none = sorted(v["states_without_contribution"], key=lambda c: names[c])
    out.print(
        f"[bold]{len(none)} Member States gave no money[/bold] in the ledger: "
        + ", ".join(names[c] for c in none)
    )
    if v["in_kind_only"]:
        out.print(
            "Of these, personnel but no money (in kind, not priced): "
            + ", ".join(sorted(names.get(c, c) for c in v["in_kind_only"]))
        )
    for other in v["related_missions_not_included"]:
        out.print(
            f"[yellow]{other} has voluntary money facts of its own (successor or predecessor): "
            f"add --mission {other} to include them.[/yellow]"
        )
