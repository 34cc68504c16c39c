"""`/api/v1/assess`: what each of the 193 Member States would pay under a funding model."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from ..calculator import CalculatorDep, frame_bytes, run
from ..deps import StoreDep
from ..json_response import JSONResponse
from ..schemas import ERRORS, with_files

router = APIRouter(tags=["burden sharing"], responses=ERRORS)


@router.get("/assess", response_model=dict[str, Any], responses=with_files(dict[str, Any]))
def assess(
    store: StoreDep,
    q: CalculatorDep,
    fmt: Annotated[Literal["json", "csv", "xlsx"], Query(alias="format")] = "json",
) -> Response:
    """The model's explanation, periods, US cap and voluntary totals, and one record per
    Member State (`states`); `format=csv|xlsx` gives the per-state table as a file."""
    report = run(store, q)
    if fmt == "json":
        return JSONResponse(report.to_dict())
    body, media, ext = frame_bytes(report.to_frame().reset_index(), fmt)
    return Response(
        body,
        media_type=media,
        headers={"content-disposition": f'attachment; filename="peaceledger-burden.{ext}"'},
    )
