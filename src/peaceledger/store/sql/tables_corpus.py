"""Tables for corpus ingestion (issue 8): repeated reports grouped as one claim.

A news corpus repeats itself: fifty articles say "more than 400 Kenyan police". Each report is
kept as a piece of *evidence* (`fact_evidence`: which source, which characters, the quote),
but only the first becomes a candidate fact, so a reviewer decides each claim once and sees
how many sources carry it. `fact_claims` maps a claim's identity (`claim_key`, readable:
`MSS-HTI|KEN|personnel_deployed|at_least|400|persons|police||2024-07|total`) to the fact
that stands for it; its primary key is the index the writer looks claims up by.

`corpus_batches` is the resume journal: a batch of a corpus (named by what it contains) is
recorded in the same transaction as its sources, so a re-run after a crash skips what was
committed without reading or extracting it again.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from .tables import metadata

fact_claims = Table(
    "fact_claims",
    metadata,
    Column("claim_key", String(255), primary_key=True),
    Column("fact_id", String(64), ForeignKey("facts.fact_id"), nullable=False, unique=True),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

fact_evidence = Table(
    "fact_evidence",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("fact_id", String(64), ForeignKey("facts.fact_id"), nullable=False),
    Column("source_id", String(32), ForeignKey("sources.source_id"), nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("quote", Text, nullable=False, default=""),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("fact_id", "source_id", "span_start"),
    Index("ix_fact_evidence_source_id", "source_id"),
)

corpus_batches = Table(
    "corpus_batches",
    metadata,
    Column("batch_key", String(64), primary_key=True),
    Column("documents", Integer, nullable=False),
    Column("stored", Integer, nullable=False),
    Column("committed_at", DateTime(timezone=True), nullable=False),
)
