"""`/api/v1/facts`: filtered, cursor-paginated facts, one fact with its history, exports."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from ...export import ExportFormat
from ...ledger import query, serialize
from ..deps import ONE_READER, NamesDep, SettingsDep, StoreDep
from ..exports import export_response, listing_for
from ..json_response import JSONResponse
from ..params import FactQueryDep
from ..schemas import ERRORS, FactDetailOut, FactPage, with_files

router = APIRouter(tags=["facts"], responses=ERRORS, dependencies=[ONE_READER])


@router.get("/facts", response_model=FactPage, responses=with_files(FactPage))
def facts(
    store: StoreDep,
    settings: SettingsDep,
    names: NamesDep,
    fq: FactQueryDep,
    fmt: Annotated[
        ExportFormat | None,
        Query(
            alias="format",
            description="Export instead: csv (with an HXL row), json, xlsx or datapackage "
            "(zip). Without limit/cursor, the whole selection.",
        ),
    ] = None,
) -> Response:
    """Facts in date order, `limit` at a time (default: the configured page size); pass
    `next_cursor` back as `cursor` for the next page."""
    if fmt is not None:
        return export_response(store, fq, settings, names, fmt)
    listing = listing_for(store, fq, settings)
    return JSONResponse(
        {
            "facts": serialize.facts_dicts(listing.facts, names),
            "next_cursor": listing.next_cursor,
            "sources": {
                sid: serialize.source_dict(s) for sid, s in sorted(listing.sources.items())
            },
        }
    )


@router.get("/facts/{fact_id}", response_model=FactDetailOut)
def fact(store: StoreDep, names: NamesDep, fact_id: str) -> JSONResponse:
    """A fact, its source, and every version it has had."""
    return JSONResponse(serialize.detail_dict(query.fact_detail(store, fact_id), names))
