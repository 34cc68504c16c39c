"""Exports of statements in the formats facts have: CSV with an HXL row, JSON, XLSX and a
Frictionless data package. One column list serves all four, as for facts, and the CSV
writer is the facts' own (`writers.csv_text`), so both exports read the same way."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..ledger.statements import StatementListing
from . import ExportFormat, ExportReport
from .columns import SOURCE_COLUMNS, ExportColumn, source_row
from .writers import csv_text, table_schema

STATEMENT_COLUMNS: tuple[ExportColumn, ...] = (
    ExportColumn("statement_id", "#meta+id", "string", "Stable identifier of the statement"),
    ExportColumn("version", "#meta+version", "integer", "Version (1 = as first recorded)"),
    ExportColumn("mission", "#activity+code", "string", "Mission code, e.g. MSS-HTI"),
    ExportColumn(
        "actor", "#country+code", "string", "The state or organisation the statement binds"
    ),
    ExportColumn("actor_name", "#country+name", "string", "Name of the actor"),
    ExportColumn("speaker_name", "#contact+name", "string", "Speaker (person or group)"),
    ExportColumn("speaker_role", "#contact+role", "string", "Speaker's role on that date"),
    ExportColumn("speaker_actor", "#contact+country+code", "string", "Whom the speaker speaks for"),
    ExportColumn("speaker_kind", "#contact+type", "string", "person, group, unnamed or unknown"),
    ExportColumn("speaker_text", "#contact+description", "string", "Words the source used"),
    ExportColumn("date", "#date", "string", "When it was said, ISO 8601 at its precision"),
    ExportColumn("kind", "#indicator+kind", "string", "direct_quote, reported_speech, ..."),
    ExportColumn(
        "subject", "#indicator+subject", "string", "mission, funding, un_transition, deployment"
    ),
    ExportColumn(
        "stance", "#indicator+stance", "string", "supports, opposes, conditional or neutral"
    ),
    ExportColumn("condition", "#indicator+condition", "string", "The condition, if conditional"),
    ExportColumn("cues", "#meta+cues", "string", "Cue words of the stance suggestion, |-joined"),
    ExportColumn("status", "#status", "string", "candidate, accepted, rejected or retracted"),
    ExportColumn("note", "#description", "string", "Curator's note"),
    ExportColumn("source_id", "#meta+source_id", "string", "Identifier of the source"),
    ExportColumn("source_title", "#meta+source_title", "string", "Title of the source"),
    ExportColumn("source_published", "#date+reported", "string", "Publication date"),
    ExportColumn("source_url", "#meta+url", "string", "Address of the source"),
    ExportColumn("evidence_quote", "#description+evidence", "string", "The words of the source"),
    ExportColumn("recorded_by", "#meta+recorded_by", "string", "Who recorded this version"),
    ExportColumn("recorded_at", "#date+recorded", "datetime", "When it was recorded"),
)


def statement_rows(listing: StatementListing, names: Mapping[str, str]) -> list[dict[str, Any]]:
    out = []
    for st in listing.statements:
        s = listing.sources.get(st.source_id)
        sp = st.speaker
        out.append(
            {
                "statement_id": st.statement_id,
                "version": st.version,
                "mission": st.mission,
                "actor": st.actor or "",
                "actor_name": names.get(st.actor or "", "") if st.actor else "",
                "speaker_name": sp.name,
                "speaker_role": sp.role,
                "speaker_actor": sp.actor or "",
                "speaker_kind": sp.kind.value,
                "speaker_text": sp.text,
                "date": st.date.iso if st.date else "",
                "kind": st.kind.value,
                "subject": st.subject.value,
                "stance": st.stance.value,
                "condition": st.condition,
                "cues": "|".join(st.cues),
                "status": st.status.value,
                "note": st.note,
                "source_id": st.source_id,
                "source_title": s.title if s else "",
                "source_published": s.published.iso if s and s.published else "",
                "source_url": (s.url or "") if s else "",
                "evidence_quote": st.evidence.quote if st.evidence else "",
                "recorded_by": st.recorded_by,
                "recorded_at": st.recorded_at.isoformat() if st.recorded_at else "",
            }
        )
    return out


def _xlsx(
    path: Path, sheets: Sequence[tuple[str, Sequence[dict[str, Any]], Sequence[ExportColumn]]]
) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    for i, (title, rows, columns) in enumerate(sheets):
        ws = wb.active if i == 0 else wb.create_sheet(title)
        assert ws is not None
        ws.title = title
        ws.append([c.name for c in columns])
        ws.append([c.hxl for c in columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for r in rows:
            ws.append([None if r.get(c.name) in (None, "") else r.get(c.name) for c in columns])
        ws.freeze_panes = "A3"
    wb.save(path)


def _datapackage(
    directory: Path,
    rows: Sequence[dict[str, Any]],
    sources: Sequence[dict[str, Any]],
    query: dict[str, Any],
) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "statements.csv").write_text(csv_text(rows, STATEMENT_COLUMNS, hxl=False), "utf-8")
    (directory / "sources.csv").write_text(csv_text(sources, SOURCE_COLUMNS, hxl=False), "utf-8")
    schema = table_schema(STATEMENT_COLUMNS, "statement_id")
    schema["foreignKeys"] = [
        {"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["source_id"]}}
    ]
    resource = {
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
    }
    descriptor = {
        "profile": "tabular-data-package",
        "name": "peaceledger-statements",
        "title": "peaceledger: who said what about multinational security missions",
        "description": "Statements selected by: " + json.dumps(query, sort_keys=True),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Creative Commons Attribution 4.0",
            }
        ],
        "resources": [
            {"name": "statements", "path": "statements.csv", **resource, "schema": schema},
            {
                "name": "sources",
                "path": "sources.csv",
                **resource,
                "schema": table_schema(SOURCE_COLUMNS, "source_id"),
            },
        ],
    }
    out = directory / "datapackage.json"
    out.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return out


def export_statements(
    listing: StatementListing,
    names: Mapping[str, str],
    fmt: ExportFormat,
    path: Path | None,
    query: dict[str, Any],
) -> tuple[ExportReport, str | None]:
    """Write `listing` to `path` (or return the text, for csv/json to stdout). The report's
    `facts` field counts statements."""
    rows = statement_rows(listing, names)
    cited = sorted({st.source_id for st in listing.statements})
    sources = [source_row(listing.sources[s]) for s in cited if s in listing.sources]
    text: str | None = None
    if fmt is ExportFormat.CSV:
        text = csv_text(rows, STATEMENT_COLUMNS)
    elif fmt is ExportFormat.JSON:
        doc = {
            "meta": {
                "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "query": query,
                "statements": len(rows),
                "sources": len(sources),
            },
            "statements": rows,
            "sources": sources,
        }
        text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    elif fmt is ExportFormat.XLSX:
        assert path is not None
        _xlsx(path, [("statements", rows, STATEMENT_COLUMNS), ("sources", sources, SOURCE_COLUMNS)])
    else:
        assert path is not None
        path = _datapackage(path, rows, sources, query)
    if text is not None and path is not None:
        path.write_text(text, encoding="utf-8")
        text = None
    return ExportReport(path, len(rows), len(sources), fmt), text
