"""Statements in the ledger, on SQLite and PostgreSQL: storage, versions, review, ingestion
and the positions timeline."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from peaceledger.domain.dates import FuzzyDate
from peaceledger.domain.facts import Evidence
from peaceledger.domain.sources import Source
from peaceledger.domain.statements import (
    Speaker,
    SpeakerKind,
    Stance,
    Statement,
    StatementKind,
    Subject,
)
from peaceledger.domain.vocab import ReviewStatus, SourceKind
from peaceledger.errors import ConflictError, ValidationError
from peaceledger.ingest import Document
from peaceledger.ingest.service import ingest_documents
from peaceledger.ledger import statements as svc
from peaceledger.store.base import StatementFilter
from peaceledger.store.sql.store import SqlStore

SEED = (Path(__file__).resolve().parents[2] / "tests" / "data" / "seed-article.txt").read_text(
    encoding="utf-8"
)


def _source(store: SqlStore, sid: str = "S1") -> None:
    store.add_source(
        Source(
            sid,
            SourceKind.OUTLET,
            f"https://x.example/{sid}",
            "t",
            "p",
            FuzzyDate.parse("2025-01-16"),
        )
    )


def _statement(sid: str = "T1", **kw: object) -> Statement:
    base = Statement(
        statement_id=sid,
        mission="MSS-HTI",
        speaker=Speaker(
            "Marco Rubio", "secretary of state nominee", "USA", SpeakerKind.PERSON, "Rubio"
        ),
        actor="USA",
        date=FuzzyDate.parse("2025-01-15"),
        kind=StatementKind.DIRECT_QUOTE,
        subject=Subject.MISSION,
        stance=Stance.SUPPORTS,
        source_id="S1",
        evidence=Evidence(3, 20, "commendable"),
        cues=("commendable",),
        status=ReviewStatus.ACCEPTED,
        recorded_by="test",
        recorded_at=datetime(2025, 1, 16, tzinfo=UTC),
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def test_round_trip_keeps_every_field(store: SqlStore) -> None:
    _source(store)
    st = _statement()
    store.add_statement(st)
    got = store.get_statement("T1")
    assert got is not None and got.recorded_at is not None
    # SQLite keeps no time zone; the instant is the same
    assert replace(got, recorded_at=None) == replace(st, recorded_at=None)
    assert got.recorded_at.replace(tzinfo=UTC) == st.recorded_at
    with pytest.raises(ConflictError):
        store.add_statement(st)


def test_bulk_add_is_idempotent(store: SqlStore) -> None:
    _source(store)
    items = [_statement("T1"), _statement("T2", stance=Stance.OPPOSES)]
    assert store.add_statements(items) == 2
    assert store.add_statements(items) == 0
    assert len(store.find_statements(StatementFilter())) == 2


def test_review_makes_versions_and_refuses_stale_writes(store: SqlStore) -> None:
    _source(store)
    store.add_statement(_statement(status=ReviewStatus.CANDIDATE))
    d = svc.decide_statement(
        store,
        "T1",
        ReviewStatus.ACCEPTED,
        by="reviewer",
        changes={"stance": "conditional", "condition": "if others pay"},
    )
    assert d.after.version == 2 and d.after.stance is Stance.CONDITIONAL
    hist = store.statement_history("T1")
    assert [h.version for h in hist] == [1, 2]
    assert hist[0].status is ReviewStatus.CANDIDATE and hist[1].status is ReviewStatus.ACCEPTED
    with pytest.raises(ConflictError):
        svc.decide_statement(store, "T1", ReviewStatus.REJECTED, by="late", expected_version=1)
    with pytest.raises(ValidationError):
        svc.decide_statement(
            store, "T1", ReviewStatus.ACCEPTED, by="r", changes={"stance": "maybe"}
        )
    with pytest.raises(ValidationError):  # conditional without its condition
        svc.decide_statement(store, "T1", ReviewStatus.ACCEPTED, by="r", changes={"condition": ""})


def test_every_statement_version_is_audited(store: SqlStore) -> None:
    """Like facts (issue 7): who made each version, what it was before and after, written in
    the same transaction; a refused stale write leaves no entry."""
    _source(store)
    store.add_statement(_statement(status=ReviewStatus.CANDIDATE, recorded_by="extract"))
    store.add_statements([_statement("T2", recorded_by="import")])
    svc.decide_statement(
        store, "T1", ReviewStatus.ACCEPTED, by="reviewer", changes={"stance": "opposes"}
    )
    with pytest.raises(ConflictError):
        svc.decide_statement(store, "T1", ReviewStatus.REJECTED, by="late", expected_version=1)
    t1 = store.audit_entries(object_kind="statement", object_id="T1")
    assert [(e.action, e.actor) for e in t1] == [("ingest", "extract"), ("review", "reviewer")]
    assert t1[0].before is None and t1[0].after is not None
    assert t1[1].before is not None and t1[1].after is not None
    assert (t1[1].before["stance"], t1[1].after["stance"]) == ("supports", "opposes")
    assert (t1[1].before["status"], t1[1].after["status"]) == ("candidate", "accepted")
    t2 = store.audit_entries(object_kind="statement", object_id="T2")
    assert [(e.action, e.actor) for e in t2] == [("create", "import")]


def test_reviewer_names_an_unresolved_speaker(store: SqlStore) -> None:
    _source(store)
    store.add_statement(
        _statement(speaker=Speaker("", text="a voice"), actor=None, status=ReviewStatus.CANDIDATE)
    )
    d = svc.decide_statement(
        store,
        "T1",
        ReviewStatus.ACCEPTED,
        by="r",
        changes={"speaker_name": "Andrew Holness", "speaker_actor": "jam", "actor": "JAM"},
    )
    assert d.after.speaker.kind is SpeakerKind.PERSON and d.after.speaker.actor == "JAM"


def test_filters(store: SqlStore) -> None:
    _source(store)
    store.add_statements(
        [
            _statement("T1"),
            _statement(
                "T2",
                speaker=Speaker("William Ruto", "president", "KEN", SpeakerKind.PERSON),
                actor="KEN",
                date=FuzzyDate.parse("2024-06"),
                subject=Subject.DEPLOYMENT,
            ),
        ]
    )
    assert [s.statement_id for s in store.find_statements(StatementFilter(actor="KEN"))] == ["T2"]
    assert [s.statement_id for s in store.find_statements(StatementFilter(speaker="rub"))] == ["T1"]
    got = store.find_statements(StatementFilter(date_from=date(2025, 1, 1)))
    assert [s.statement_id for s in got] == ["T1"]
    got = store.find_statements(StatementFilter(subjects=(Subject.DEPLOYMENT,)))
    assert [s.statement_id for s in got] == ["T2"]


def test_ingesting_the_seed_stores_candidate_statements_once(store: SqlStore) -> None:
    doc = Document(text=SEED, fmt="text", origin="seed", published=FuzzyDate.parse("2025-01-16"))
    first = ingest_documents(store, [doc], recorded_by="test")
    assert first.documents[0].statements >= 4
    sts = store.find_statements(StatementFilter(statuses=(ReviewStatus.CANDIDATE,)))
    assert len(sts) == first.documents[0].statements
    assert {s.speaker.name for s in sts} >= {
        "Marco Rubio",
        "Donald Trump",
        "Biden administration",
        "Republican lawmakers",
    }
    again = ingest_documents(store, [doc], recorded_by="test")
    assert not again.documents[0].stored
    assert len(store.find_statements(StatementFilter(statuses=tuple(ReviewStatus)))) == len(sts)


def test_positions_timeline_follows_accepted_statements(store: SqlStore) -> None:
    _source(store)
    store.add_statements(
        [
            _statement("T1", date=FuzzyDate.parse("2024-03-01")),
            _statement(
                "T2",
                date=FuzzyDate.parse("2025-02-01"),
                stance=Stance.CONDITIONAL,
                condition="if others pay",
            ),
            _statement("T3", date=FuzzyDate.parse("2025-03-01"), stance=Stance.NEUTRAL),
            _statement("T4", actor=None, speaker=Speaker("")),
            _statement("T5", status=ReviewStatus.CANDIDATE, stance=Stance.OPPOSES),
        ]
    )
    report = svc.positions(store, mission="MSS-HTI")
    (usa,) = report.positions.rows
    assert usa.actor == "USA" and usa.stance is Stance.CONDITIONAL
    assert usa.condition == "if others pay"
    assert usa.trajectory == "supports → conditional"
    assert [s.statement_id for s in usa.statements] == ["T1", "T2", "T3"]
    assert report.positions.unattributed == 1
