"""Writers for the export formats: CSV with an HXL row, JSON, XLSX, Frictionless data package.

Each takes the rows a query selected and writes exactly those; none of them queries anything.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from .columns import FACT_COLUMNS, SOURCE_COLUMNS, ExportColumn

PACKAGE_NAME = "peaceledger-facts"


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def write_csv(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[ExportColumn],
    out: IO[str],
    hxl: bool = True,
) -> None:
    """Header, then (HXL convention) a row of hashtags, then the data."""
    w = csv.writer(out, lineterminator="\n")
    w.writerow([c.name for c in columns])
    if hxl:
        w.writerow([c.hxl for c in columns])
    for r in rows:
        w.writerow([_cell(r.get(c.name)) for c in columns])


def csv_text(
    rows: Sequence[dict[str, Any]], columns: Sequence[ExportColumn], hxl: bool = True
) -> str:
    buf = io.StringIO()
    write_csv(rows, columns, buf, hxl)
    return buf.getvalue()


def json_document(
    facts: Sequence[dict[str, Any]], sources: Sequence[dict[str, Any]], query: dict[str, Any]
) -> dict[str, Any]:
    """Flat rows, so the document is also a valid `peaceledger import` input."""
    return {
        "meta": {
            "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "query": query,
            "facts": len(facts),
            "sources": len(sources),
        },
        "facts": [{k: v for k, v in r.items()} for r in facts],
        "sources": list(sources),
    }


def write_xlsx(
    path: Path, facts: Sequence[dict[str, Any]], sources: Sequence[dict[str, Any]]
) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    for sheet_name, rows, columns in (
        ("facts", facts, FACT_COLUMNS),
        ("sources", sources, SOURCE_COLUMNS),
    ):
        ws = wb.active if sheet_name == "facts" else wb.create_sheet(sheet_name)
        assert ws is not None
        ws.title = sheet_name
        ws.append([c.name for c in columns])
        ws.append([c.hxl for c in columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for r in rows:
            ws.append([_xlsx_value(r.get(c.name), c) for c in columns])
        ws.freeze_panes = "A3"
    wb.save(path)


def _xlsx_value(v: Any, col: ExportColumn) -> Any:
    if v is None or v == "":
        return None
    if col.type in ("number", "integer", "boolean"):
        return v
    return str(v)


def table_schema(columns: Sequence[ExportColumn], primary_key: str) -> dict[str, Any]:
    """A Frictionless Table Schema for export columns, HXL tags kept as a field property."""
    return {
        "fields": [
            {"name": c.name, "type": c.type, "description": c.description, "hxl": c.hxl}
            for c in columns
        ],
        "primaryKey": [primary_key],
        "missingValues": [""],
    }


def write_datapackage(
    directory: Path,
    facts: Sequence[dict[str, Any]],
    sources: Sequence[dict[str, Any]],
    query: dict[str, Any],
) -> Path:
    """A Frictionless data package: `datapackage.json` beside `facts.csv` and `sources.csv`.

    The CSVs inside carry no HXL row (Table Schema readers expect data under the header); the
    hashtags are kept as an `hxl` property of each field.
    """
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "facts.csv").write_text(csv_text(facts, FACT_COLUMNS, hxl=False), "utf-8")
    (directory / "sources.csv").write_text(csv_text(sources, SOURCE_COLUMNS, hxl=False), "utf-8")
    facts_schema = table_schema(FACT_COLUMNS, "fact_id")
    facts_schema["foreignKeys"] = [
        {"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["source_id"]}}
    ]
    descriptor = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "peaceledger: source-backed facts about multinational security missions",
        "description": "Facts selected by: " + json.dumps(query, sort_keys=True),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Creative Commons Attribution 4.0",
            }
        ],
        "resources": [
            {
                "name": "facts",
                "path": "facts.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": facts_schema,
            },
            {
                "name": "sources",
                "path": "sources.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(SOURCE_COLUMNS, "source_id"),
            },
        ],
    }
    out = directory / "datapackage.json"
    out.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return out
