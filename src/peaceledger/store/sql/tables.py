"""The tables, written so a person can open the SQLite file in Datasette or `sqlite3` and read it.

`facts` holds the current version of every fact (what people query); `fact_versions` holds every
version ever recorded, the current one included, and is never updated or deleted from. Events
follow the same pattern. Dates are stored three ways: as written (`date_of_fact`, e.g.
`2024-06`), with their precision, and as the first and last day of the period, which is what
queries compare.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine


class Amount(TypeDecorator[Decimal]):
    """Exact NUMERIC on PostgreSQL; REAL on SQLite, so Datasette sorts it as a number.

    News figures have at most a dozen significant digits, which a double holds exactly; the
    value is read back through `repr`, so 80.5 million stays 80500000.0 and not 80499999.99.
    """

    impl = Numeric(28, 6)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(Float())
        return dialect.type_descriptor(Numeric(28, 6))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        return float(value) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if isinstance(value, Decimal):
            return value.normalize() if value == value.to_integral_value() else value
        return Decimal(repr(float(value)))


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

missions = Table(
    "missions",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("host", String(16), nullable=False),
    Column("resolutions", Text, nullable=False, default=""),
    Column("start_date", Date),
    Column("end_date", Date),
    Column("lead", String(16)),
    Column("predecessor", String(32)),
    Column("successor", String(32)),
    Column("description", Text, nullable=False, default=""),
    Column("phases", Text, nullable=False, default=""),
)

actors = Table(
    "actors",
    metadata,
    Column("code", String(16), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("name", Text, nullable=False),
    Column("un_member", Boolean, nullable=False, default=False),
    Column("un_admission_date", Date),
)

actor_aliases = Table(
    "actor_aliases",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(16), ForeignKey("actors.code"), nullable=False),
    Column("alias", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("valid_from", Date),
    Column("valid_to", Date),
    Column("source", Text, nullable=False, default=""),
    UniqueConstraint("code", "alias", "kind"),
)

sources = Table(
    "sources",
    metadata,
    Column("source_id", String(32), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("url", Text),
    Column("title", Text, nullable=False, default=""),
    Column("publisher", Text, nullable=False, default=""),
    Column("published", String(16)),
    Column("published_precision", String(8)),
    Column("published_start", Date),
    Column("published_end", Date),
    Column("retrieved_at", DateTime(timezone=True)),
    Column("text", Text),
    Column("sha256", String(64), unique=True),
    Column("recorded_by", Text, nullable=False, default=""),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("origin", Text),
    Column("origin_kind", String(16)),
    Column("report_key", Text, nullable=False, default=""),
)


def _fact_columns(current: bool) -> list[Column[Any]]:
    """The columns of a fact version; in `facts` (current=True) the id is the primary key."""
    return [
        Column("fact_id", String(64), primary_key=current, nullable=False),
        Column("version", Integer, nullable=False),
        Column("mission", String(32), ForeignKey("missions.code"), nullable=False),
        Column("actor", String(16), ForeignKey("actors.code")),
        Column("metric", String(32), nullable=False),
        Column("qualifier", String(16), nullable=False),
        Column("value", Amount()),
        Column("unit", String(16), nullable=False),
        Column("personnel_type", String(16)),
        Column("channel", String(16)),
        Column("date_of_fact", String(16)),
        Column("date_precision", String(8)),
        Column("date_start", Date),
        Column("date_end", Date),
        Column("source_id", String(32), ForeignKey("sources.source_id"), nullable=False),
        Column("known_since", Date),
        Column("evidence_start", Integer),
        Column("evidence_end", Integer),
        Column("evidence_quote", Text),
        Column("basis", String(16), nullable=False),
        Column("status", String(16), nullable=False),
        Column("pinned", Boolean, nullable=False, default=False),
        Column("note", Text, nullable=False, default=""),
        Column("amount_usd", Amount()),
        Column("usd_status", String(16)),
        Column("rate_per_usd", Amount()),
        Column("rate_date", String(16)),
        Column("rate_kind", String(24)),
        Column("rate_source", Text),
        Column("produced_by", Text, nullable=False, default=""),
        Column("confidence", Float),
        Column("recorded_by", Text, nullable=False, default=""),
        Column("recorded_at", DateTime(timezone=True), nullable=False),
        Column("change_note", Text, nullable=False, default=""),
        Column("scope", String(16), nullable=False, default="mission"),
        Column("derived_from", Text, nullable=False, default=""),
        Column("derivation", Text, nullable=False, default=""),
    ]


facts = Table(
    "facts",
    metadata,
    *_fact_columns(current=True),
    # State queries (`SqlStore.facts_for_state`) read only these columns for thousands of a
    # mission's facts, so the index covers them: no table row is touched until the few
    # hundred facts that matter are known. Its leading columns serve every listing by
    # mission, status, actor and metric too.
    Index(
        "ix_facts_series",
        "mission",
        "status",
        "actor",
        "metric",
        "channel",
        "date_start",
        "basis",
        "date_end",
        "known_since",
        "fact_id",
    ),
    # (`ix_facts_listing`, the facts listing's order, differs by dialect: migration 0006)
    Index("ix_facts_actor_metric", "actor", "metric", "date_start"),
    Index("ix_facts_source", "source_id"),
)

fact_versions = Table(
    "fact_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    *_fact_columns(current=False),
    UniqueConstraint("fact_id", "version"),
)


def _event_columns(current: bool) -> list[Column[Any]]:
    return [
        Column("event_id", String(64), primary_key=current, nullable=False),
        Column("version", Integer, nullable=False),
        Column("mission", String(32), ForeignKey("missions.code"), nullable=False),
        Column("actor", String(16), ForeignKey("actors.code")),
        Column("date_of_event", String(16), nullable=False),
        Column("date_precision", String(8), nullable=False),
        Column("date_start", Date, nullable=False),
        Column("date_end", Date, nullable=False),
        Column("kind", String(24), nullable=False),
        Column("description", Text, nullable=False),
        Column("value", Amount()),
        Column("unit", String(16), nullable=False, default=""),
        Column("source_id", String(32), ForeignKey("sources.source_id"), nullable=False),
        Column("known_since", Date),
        Column("status", String(16), nullable=False, default="accepted"),
        Column("recorded_by", Text, nullable=False, default=""),
        Column("recorded_at", DateTime(timezone=True), nullable=False),
    ]


events = Table(
    "events",
    metadata,
    *_event_columns(current=True),
    Index("ix_events_mission_date", "mission", "date_start"),
)

event_versions = Table(
    "event_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    *_event_columns(current=False),
    UniqueConstraint("event_id", "version"),
)

check_notes = Table(
    "check_notes",
    metadata,
    # Why a pattern `peaceledger check` reports stands: a reviewer's recorded decision.
    Column("finding_key", String(255), primary_key=True),
    Column("note", Text, nullable=False),
    Column("recorded_by", Text, nullable=False, default=""),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

meta = Table(
    "peaceledger_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# issue 7: users, API tokens, sessions and the audit log, on this same metadata
from . import tables_accounts  # noqa: E402,F401
from . import tables_corpus as _corpus  # noqa: E402,F401  (issue 8: grouped evidence)
from . import tables_statements as _statements  # noqa: E402,F401  (issue 6: statements)
