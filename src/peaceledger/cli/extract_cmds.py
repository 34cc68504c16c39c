"""`peaceledger extract` and `peaceledger eval`: the fact extractor from the command line.

Neither command opens the ledger: `extract` prints candidates without storing them (ingestion
stores), and `eval` scores the built-in extractor against labelled cases.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.table import Table
from rich.text import Text

from ..errors import InputError
from ..extract import Candidate, extract_facts
from ..extract.article import published_date
from ..extract.documents import (
    Document,
    decode_text,
    looks_like_html,
    parse_documents,
    parse_published,
    read_text_file,
)
from ..extract.evaluation import (
    ATTRIBUTES,
    EvalReport,
    Level,
    parse_cases,
    predict,
    read_cases,
    score_predictions,
)
from . import render
from .main import err_console
from .options import Format, FormatOpt


class LevelChoice(StrEnum):
    FULL = "full"
    VALUE_UNIT = "value_unit"


def register(app: typer.Typer) -> None:
    """Add the extraction commands to the root app."""
    app.command("extract")(extract)
    app.command("eval")(eval_)


# --- extract ---------------------------------------------------------------------------------


def candidate_dict(c: Candidate) -> dict[str, Any]:
    """The eval-format fields plus where the evidence is."""
    return {**c.to_eval_dict(), "evidence_start": c.evidence.start, "evidence_end": c.evidence.end}


def _read_input(path: str) -> tuple[str, str]:
    """(text, name) from a file or `-` (standard input)."""
    if path == "-":
        return decode_text(sys.stdin.buffer.read(), "<stdin>"), "<stdin>"
    p = Path(path)
    if p.is_dir():
        raise InputError("is a directory; give a text or HTML file, or --jsonl", path)
    if not p.exists():
        raise InputError("no such file", path)
    return read_text_file(p), path


def _single(path: str, published: str | None, html: bool | None) -> tuple[Document, str]:
    text, name = _read_input(path)
    is_html = looks_like_html(text, name) if html is None else html
    when = parse_published(published, "--published")
    note = ""
    if when is None and is_html:
        when = published_date(text)
        if when is not None:
            note = f"publication date {when.iso} from the page's metadata"
    if when is None:
        note = "no --published date: relative dates ('on Tuesday', 'last month') stay unresolved"
    return Document(name, text, when, "html" if is_html else "text"), note


def _short(quote: str, limit: int = 90) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"


def _render_candidates(facts: list[Candidate], title: str) -> None:
    t = Table(title=title, title_justify="left")
    for col in ("#", "Who", "Metric", "Value", "Type/channel", "Date", "Rule", "Conf."):
        t.add_column(col, no_wrap=col in ("Metric", "Value", "Date"))
    t.add_column("Evidence", overflow="fold", min_width=30)
    for i, c in enumerate(facts, 1):
        t.add_row(
            str(i),
            c.actor or f"{c.mission} (mission)",
            c.metric.value,
            render.fmt_value(c.value, c.qualifier, c.unit),
            (c.personnel_type.value if c.personnel_type else "")
            + (c.channel.value if c.channel else ""),
            c.date_of_fact.iso if c.date_of_fact else "",
            c.rule.removeprefix("rule:"),
            f"{c.confidence:.2f}",
            Text(f"“{_short(c.evidence.quote)}” [{c.evidence.start}–{c.evidence.end}]"),
        )
    render.console.print(t)


def _batch(jsonl: Path, output: Path | None) -> int:
    text = read_text_file(jsonl)
    out: TextIO = sys.stdout
    docs = list(parse_documents(text.splitlines(), str(jsonl)))
    if not docs:
        raise InputError("no documents in the file", str(jsonl))
    results = []
    for where, doc in docs:
        try:
            found = extract_facts(doc.text, doc.published, fmt=doc.fmt)
        except InputError as exc:
            raise InputError(exc.problem, where) from None
        results.append({"id": doc.doc_id, "facts": [candidate_dict(c) for c in found]})
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results)
    if output is None:
        out.write(lines)
    else:
        try:
            output.write_text(lines, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write the file ({exc.strerror})", str(output)) from None
    return sum(len(r["facts"]) for r in results)


def extract(
    path: Annotated[
        str | None,
        typer.Argument(help="A text or HTML file, or - for standard input.", show_default=False),
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="Publication date (ISO 8601, any precision); relative dates resolve against it. "
            "Default for HTML: the page's metadata.",
        ),
    ] = None,
    html: Annotated[
        bool | None,
        typer.Option(
            "--html/--text",
            help="Read the input as a web page or as plain text "
            "(default: from the file extension, else from the content).",
            show_default=False,
        ),
    ] = None,
    jsonl: Annotated[
        Path | None,
        typer.Option(
            "--jsonl",
            help='Batch mode: one {"id", "text", "published", "format"} object a line '
            "(extraction cases with case_id are accepted too).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Batch mode: write the JSONL here (default: stdout)."),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Propose candidate facts found in an article, with evidence; nothing is stored."""
    if jsonl is not None:
        if path is not None:
            raise InputError("give either a PATH or --jsonl, not both", "--jsonl")
        n = _batch(jsonl, output)
        if output is not None:
            err_console.print(f"[dim]{n} candidate fact(s) written to {output}[/dim]")
        return
    if path is None:
        raise InputError("give a file to read (or - for standard input), or --jsonl", "PATH")
    if output is not None:
        raise InputError("--output goes with --jsonl", "--output")
    doc, note = _single(path, published, html)
    facts = extract_facts(doc.text, doc.published, fmt=doc.fmt)
    if note:
        err_console.print(f"[dim]{note}[/dim]")
    if fmt is Format.JSON:
        render.print_json(
            {
                "source": doc.doc_id,
                "format": doc.fmt,
                "published": doc.published.iso if doc.published else None,
                "facts": [candidate_dict(c) for c in facts],
            }
        )
    elif fmt is Format.CSV:
        rows = [candidate_dict(c) for c in facts]
        columns = list(rows[0]) if rows else list(_EMPTY_ROW)
        render.print_csv(rows, columns)
    else:
        when = doc.published.iso if doc.published else "unknown"
        _render_candidates(
            facts, f"{len(facts)} candidate fact(s) in {doc.doc_id} ({doc.fmt}, published {when})"
        )


_EMPTY_ROW = (
    "actor",
    "mission",
    "metric",
    "qualifier",
    "value",
    "unit",
    "personnel_type",
    "channel",
    "date_of_fact",
    "evidence",
    "rule",
    "confidence",
    "evidence_start",
    "evidence_end",
)


# --- eval ------------------------------------------------------------------------------------


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def _fact_line(f: dict[str, Any]) -> str:
    who = f.get("actor") or f"@{f.get('mission') or ''}"
    value = f.get("value")
    value_text = "no figure" if value in (None, "") else f"{value} {f.get('unit') or ''}".strip()
    date = f.get("date_of_fact") or "undated"
    extra = f"  [{f['rule']}]" if f.get("rule") else ""
    return f"{who} {f.get('metric')} {f.get('qualifier') or ''} {value_text} {date}{extra}"


def _render_report(report: EvalReport, source: str, verbose: bool) -> None:
    o = report.overall
    render.console.print(
        f"[bold]{source}[/bold] — level {report.level}: "
        f"P={o.precision:.3f} R={o.recall:.3f} F1={o.f1:.3f} "
        f"({o.matched} matched of {o.expected} expected, {o.predicted} predicted)"
    )
    t = Table(title="By metric", title_justify="left")
    for col in ("Metric", "Precision", "Recall", "F1", "Matched", "Expected", "Predicted"):
        t.add_column(col, justify="left" if col == "Metric" else "right")
    for metric, tally in sorted(report.by_metric.items()):
        t.add_row(
            metric,
            _pct(tally.precision if tally.predicted else None),
            _pct(tally.recall if tally.expected else None),
            _pct(tally.f1 if tally.expected or tally.predicted else None),
            str(tally.matched),
            str(tally.expected),
            str(tally.predicted),
        )
    render.console.print(t)
    acc = ", ".join(f"{a} {_pct(report.accuracy(a))}" for a in ATTRIBUTES)
    render.console.print(f"Accuracy over matched pairs: {acc}")
    if verbose:
        for m in report.misses:
            render.console.print(f"[bold]== {m.case_id}[/bold]")
            for f in m.missed:
                render.console.print(f"  missed:   {_fact_line(f)}", highlight=False)
            for f in m.spurious:
                render.console.print(f"  spurious: {_fact_line(f)}", highlight=False)
    elif report.misses:
        render.console.print(
            f"[dim]{len(report.misses)} case(s) with misses; --verbose lists them.[/dim]"
        )


def _read_predictions(path: Path) -> dict[str, list[dict[str, Any]]]:
    from ..extract.documents import parse_jsonl

    out: dict[str, list[dict[str, Any]]] = {}
    for where, obj in parse_jsonl(read_text_file(path).splitlines(), str(path)):
        if not isinstance(obj, dict) or not isinstance(obj.get("id", obj.get("case_id")), str):
            raise InputError('expected {"id": ..., "facts": [...]}', where)
        facts = obj.get("facts", [])
        if not isinstance(facts, list) or not all(isinstance(f, dict) for f in facts):
            raise InputError("'facts' must be a list of objects", where)
        out[str(obj.get("id", obj.get("case_id")))] = facts
    return out


def eval_(
    cases: Annotated[str, typer.Argument(help="Labelled cases (JSONL), or - for standard input.")],
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List missed and spurious facts per case.")
    ] = False,
    level: Annotated[
        LevelChoice,
        typer.Option(
            "--level",
            help="full: actor, metric, value, unit and date; value_unit: value and unit only.",
        ),
    ] = LevelChoice.FULL,
    predictions: Annotated[
        Path | None,
        typer.Option(
            "--predictions",
            help="Score these predictions (JSONL as written by extract --jsonl) "
            "instead of running the built-in extractor.",
        ),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Score the extractor on labelled cases: precision, recall and F1, overall and per metric."""
    if cases == "-":
        labelled = parse_cases(
            decode_text(sys.stdin.buffer.read(), "<stdin>").splitlines(), "<stdin>"
        )
    else:
        labelled = read_cases(cases)
    preds = _read_predictions(predictions) if predictions else predict(labelled)
    lv: Level = "value_unit" if level is LevelChoice.VALUE_UNIT else "full"
    report = score_predictions(labelled, preds, lv)
    if fmt is Format.JSON:
        data = report.as_dict()
        if not verbose:
            data.pop("misses")
        render.print_json({"cases": cases, **data})
    elif fmt is Format.CSV:
        rows = [{"metric": "(all)", **report.overall.as_dict()}]
        rows += [{"metric": m, **t.as_dict()} for m, t in sorted(report.by_metric.items())]
        render.print_csv(rows, list(rows[0]))
    else:
        _render_report(report, cases, verbose)
