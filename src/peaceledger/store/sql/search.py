"""Full-text search over sources: SQLite FTS5, PostgreSQL `tsvector` (the index is built by the
migrations). The `simple` configuration is used on PostgreSQL because sources come in English,
French, Spanish and Swahili; stemming for one language would hurt the others."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, RowMapping, select, text

from .tables import sources

_TOKEN = re.compile(r"\w+", re.UNICODE)
_LISTING = [c for c in sources.c if c.name != "text"]


def fts5_query(user_text: str) -> str:
    """Each word quoted, so that user input can never be FTS5 syntax; all words must occur."""
    return " ".join(f'"{t}"' for t in _TOKEN.findall(user_text))


def find_sources(
    conn: Connection, dialect: str, user_text: str | None, limit: int, offset: int
) -> Sequence[RowMapping]:
    if not user_text or not _TOKEN.search(user_text):
        q = (
            select(*_LISTING)
            .order_by(sources.c.published_start.desc().nulls_last(), sources.c.source_id)
            .limit(limit)
            .offset(offset)
        )
        return conn.execute(q).mappings().all()
    cols = ", ".join(f"s.{c.name}" for c in _LISTING)
    params: dict[str, Any] = {"limit": limit, "offset": offset}
    if dialect == "sqlite":
        params["q"] = fts5_query(user_text)
        sql = (
            f"SELECT {cols} FROM sources_fts f JOIN sources s ON s.rowid = f.rowid "
            "WHERE sources_fts MATCH :q ORDER BY f.rank, s.source_id LIMIT :limit OFFSET :offset"
        )
    else:
        params["q"] = user_text
        sql = (
            f"SELECT {cols} FROM sources s, plainto_tsquery('simple', :q) query "
            f"WHERE {PG_DOCUMENT} @@ query "
            f"ORDER BY ts_rank({PG_DOCUMENT}, query) DESC, s.source_id "
            "LIMIT :limit OFFSET :offset"
        )
    # `columns()` types the result, so dates come back as dates on SQLite too
    return conn.execute(text(sql).columns(*_LISTING), params).mappings().all()


PG_DOCUMENT = (
    "to_tsvector('simple', coalesce(s.title, '') || ' ' || coalesce(s.publisher, '') || ' ' "
    "|| coalesce(s.text, ''))"
)
