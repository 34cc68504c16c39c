"""Exports of exactly the facts a query selected, with the sources they cite."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from ..ledger.query import FactListing
from .columns import FACT_COLUMNS, SOURCE_COLUMNS, fact_row, source_row
from .writers import csv_text, json_document, write_datapackage, write_xlsx


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"
    XLSX = "xlsx"
    DATAPACKAGE = "datapackage"


@dataclass(frozen=True)
class ExportReport:
    path: Path | None
    facts: int
    sources: int
    format: ExportFormat


def export_facts(
    listing: FactListing,
    names: Mapping[str, str],
    fmt: ExportFormat,
    path: Path | None,
    query: dict[str, Any],
) -> tuple[ExportReport, str | None]:
    """Write `listing` to `path` (or return the text, for csv/json to stdout)."""
    facts = [fact_row(f, listing.sources, names) for f in listing.facts]
    cited = sorted({f.source_id for f in listing.facts})
    sources = [source_row(listing.sources[s]) for s in cited if s in listing.sources]
    text: str | None = None
    if fmt is ExportFormat.CSV:
        text = csv_text(facts, FACT_COLUMNS)
    elif fmt is ExportFormat.JSON:
        text = json.dumps(json_document(facts, sources, query), indent=2, ensure_ascii=False) + "\n"
    elif fmt is ExportFormat.XLSX:
        assert path is not None
        write_xlsx(path, facts, sources)
    else:
        assert path is not None
        path = write_datapackage(path, facts, sources, query)
    if text is not None and path is not None:
        path.write_text(text, encoding="utf-8")
        text = None
    return ExportReport(path, len(facts), len(sources), fmt), text


__all__ = ["FACT_COLUMNS", "SOURCE_COLUMNS", "ExportFormat", "ExportReport", "export_facts"]
