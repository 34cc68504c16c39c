"""`/api/v1/sources`: full-text search over sources (FTS5 / PostgreSQL) and one source with its
stored text and the spans its facts were read from."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ...errors import NotFoundError
from ...ledger import query, serialize
from ...store.base import FactFilter
from ..deps import ONE_READER, NamesDep, StoreDep
from ..highlight import spans_of
from ..json_response import JSONResponse
from ..params import MAX_PAGE_SIZE
from ..schemas import ERRORS, SourceDetailOut, SourcePage

router = APIRouter(tags=["sources"], responses=ERRORS, dependencies=[ONE_READER])


@router.get("/sources", response_model=SourcePage)
def sources(
    store: StoreDep,
    q: Annotated[str | None, Query(max_length=500, description="Words to look for.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> JSONResponse:
    """Sources matching every word of `q` in title, publisher or text, best match first;
    without `q`, the most recently published first."""
    found = query.search_sources(store, q, limit, offset)
    return JSONResponse(
        {
            "sources": [serialize.source_dict(s) for s in found],
            "next_offset": offset + limit if len(found) == limit else None,
        }
    )


@router.get("/sources/{source_id}", response_model=SourceDetailOut)
def source(store: StoreDep, names: NamesDep, source_id: str) -> JSONResponse:
    """A source with its stored text and every fact read from it (any review status)."""
    src = store.get_sources([source_id], with_text=True).get(source_id)
    if src is None:
        raise NotFoundError("source", source_id)
    facts = store.find_facts(FactFilter(source_id=source_id))
    spans = spans_of(src.text or "", facts)
    return JSONResponse(
        {
            "source": serialize.source_dict(src),
            "text": src.text,
            "spans": [
                {"start": s.start, "end": s.end, "fact_ids": list(s.fact_ids)} for s in spans
            ],
            "facts": serialize.facts_dicts(facts, names),
        }
    )
