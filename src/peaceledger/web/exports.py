"""Exports over HTTP: exactly the facts a page or API query selects, through the same
`peaceledger.export` writers as `peaceledger export`.

Without `limit` or `cursor` an export is the whole selection (up to `max_rows`, refused
beyond with a message saying how to narrow it); with them it is exactly that page.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import replace
from enum import StrEnum
from pathlib import Path

from fastapi.responses import Response

from ..config import Settings
from ..errors import InputError
from ..export import ExportFormat, export_facts
from ..ledger import query
from ..ledger.query import FactListing
from ..store.base import LedgerStore
from .params import FactQuery


class OutputFormat(StrEnum):
    """What a fact listing can be answered with: the page itself, or an export."""

    HTML = "html"
    CSV = "csv"
    JSON = "json"
    XLSX = "xlsx"
    DATAPACKAGE = "datapackage"


_MEDIA = {
    ExportFormat.CSV: ("text/csv; charset=utf-8", "csv"),
    ExportFormat.JSON: ("application/json", "json"),
    ExportFormat.XLSX: (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
    ExportFormat.DATAPACKAGE: ("application/zip", "zip"),
}


def listing_for(store: LedgerStore, fq: FactQuery, settings: Settings) -> FactListing:
    """The page a listing shows: the user's limit, or the configured page size."""
    flt = fq.flt if fq.flt.limit else replace(fq.flt, limit=settings.page_size)
    return query.list_facts(store, flt)


def export_selection(store: LedgerStore, fq: FactQuery, settings: Settings) -> FactListing:
    if fq.limited:
        return query.list_facts(store, fq.flt)
    n = store.count_facts(fq.flt)
    if n > settings.max_rows:
        raise InputError(
            f"the selection has {n:,} facts, more than the {settings.max_rows:,} one export may "
            "hold; narrow the filters, or export page by page with limit and cursor",
            "limit",
        )
    return query.list_facts(store, fq.flt)


def export_response(
    store: LedgerStore,
    fq: FactQuery,
    settings: Settings,
    names: Mapping[str, str],
    fmt: ExportFormat,
) -> Response:
    listing = export_selection(store, fq, settings)
    q = dict(fq.params) | {"status": [s.value for s in fq.flt.statuses]}
    media, ext = _MEDIA[fmt]
    filename = f"peaceledger-facts.{ext}"
    if fmt in (ExportFormat.CSV, ExportFormat.JSON):
        _report, text = export_facts(listing, names, fmt, None, q)
        body = (text or "").encode("utf-8")
    else:
        with tempfile.TemporaryDirectory(prefix="peaceledger-export-") as tmp:
            target = Path(tmp) / ("facts.xlsx" if fmt is ExportFormat.XLSX else "package")
            report, _ = export_facts(listing, names, fmt, target, q)
            body = (
                target.read_bytes() if fmt is ExportFormat.XLSX else _zip_dir(report.path or target)
            )
    return Response(
        body,
        media_type=media,
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


def _zip_dir(path: Path) -> bytes:
    root = path if path.is_dir() else path.parent
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(root.rglob("*")):
            if f.is_file():
                z.write(f, f"peaceledger-facts/{f.relative_to(root)}")
    return buf.getvalue()
