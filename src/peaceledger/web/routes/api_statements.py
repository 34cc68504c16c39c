"""`/api/v1/statements` (with exports) and `/api/v1/missions/{code}/positions`."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from ...domain.statements import Subject
from ...export import ExportFormat
from ...ledger import query
from ...ledger import statements as svc
from ...ledger.statements_serialize import positions_dict, statement_dict
from ..deps import NamesDep, StoreDep
from ..json_response import JSONResponse
from ..schemas import ERRORS, with_files
from ..statement_params import StatementQueryDep
from ..statement_schemas import PositionsOut, StatementList

router = APIRouter(tags=["statements"], responses=ERRORS)

_MEDIA = {
    ExportFormat.CSV: ("text/csv; charset=utf-8", "csv"),
    ExportFormat.JSON: ("application/json", "json"),
    ExportFormat.XLSX: (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
    ExportFormat.DATAPACKAGE: ("application/zip", "zip"),
}


@router.get("/statements", response_model=StatementList, responses=with_files(StatementList))
def statements(
    store: StoreDep,
    names: NamesDep,
    sq: StatementQueryDep,
    fmt: Annotated[
        ExportFormat | None,
        Query(
            alias="format", description="Export instead: csv (HXL row), json, xlsx, datapackage."
        ),
    ] = None,
) -> Response:
    """Statements (who said what about a mission), in date order; accepted ones by default."""
    listing = svc.list_statements(store, sq.flt)
    if fmt is not None:
        return _export(listing, names, fmt, dict(sq.params))
    return JSONResponse({"statements": [statement_dict(s, names) for s in listing.statements]})


def _export(
    listing: svc.StatementListing, names: NamesDep, fmt: ExportFormat, q: dict[str, object]
) -> Response:
    from ...export.statements import export_statements

    media, ext = _MEDIA[fmt]
    if fmt in (ExportFormat.CSV, ExportFormat.JSON):
        _r, text = export_statements(listing, names, fmt, None, q)
        body = (text or "").encode("utf-8")
    else:
        with tempfile.TemporaryDirectory(prefix="peaceledger-statements-") as tmp:
            target = Path(tmp) / ("statements.xlsx" if fmt is ExportFormat.XLSX else "package")
            export_statements(listing, names, fmt, target, q)
            if fmt is ExportFormat.XLSX:
                body = target.read_bytes()
            else:
                buf = io.BytesIO()
                with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
                    for f in sorted(target.rglob("*")):
                        z.write(f, f"peaceledger-statements/{f.relative_to(target)}")
                body = buf.getvalue()
    return Response(
        body,
        media_type=media,
        headers={"content-disposition": f'attachment; filename="peaceledger-statements.{ext}"'},
    )


@router.get("/missions/{code}/positions", response_model=PositionsOut)
def mission_positions(
    store: StoreDep, names: NamesDep, code: str, sq: StatementQueryDep
) -> JSONResponse:
    """Per actor: latest stance, its changes over time and the statements behind them."""
    query.require_mission(store, code)
    subject: Subject | None = sq.flt.subjects[0] if sq.flt.subjects else None
    report = svc.positions(
        store,
        mission=code,
        statuses=sq.flt.statuses,
        actor=sq.flt.actor,
        subject=subject,
        date_from=sq.flt.date_from,
        date_to=sq.flt.date_to,
    )
    return JSONResponse(
        positions_dict(
            report.positions, report.sources, names, tuple(s.value for s in report.statuses)
        )
    )
