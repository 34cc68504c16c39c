"""`ledger_version()`: the value the web app's response cache checks on every request.

It must change with every committed write a reader of the ledger can see (facts, their
versions, sources, events, missions, actors, corpus batches), stay the same on reads and on a
rolled-back write, and be the same for every process that opens the database. Every test runs
on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from peaceledger.domain.sources import text_sha256
from peaceledger.domain.vocab import ReviewStatus
from peaceledger.errors import ConflictError
from peaceledger.ledger.review import decide
from peaceledger.store.base import ClaimEvidence, EventFilter, FactFilter
from peaceledger.store.sql.store import SqlStore
from tests.store.test_store import a_fact, a_source, an_event


def changes(store: SqlStore, write: Callable[[], object]) -> str:
    """Run `write`; assert the version moved; the new version."""
    before = store.ledger_version()
    write()
    after = store.ledger_version()
    assert after != before, "a committed write left ledger_version() unchanged"
    return after


@pytest.fixture
def other(store: SqlStore) -> Iterator[SqlStore]:
    """A second store on the same database: another engine, another connection pool, as in
    another server process or the CLI."""
    s = SqlStore(store.url, schema=store.schema)
    yield s
    s.close()


def test_fact_source_and_event_writes_change_the_version(store: SqlStore) -> None:
    changes(store, lambda: store.add_source(a_source("S1")))
    changes(store, lambda: store.add_facts([a_fact("F1"), a_fact("F2", value="500")]))
    changes(store, lambda: store.add_fact(a_fact("F3", value="600")))
    changes(store, lambda: store.add_event(an_event()))


def test_a_review_decision_changes_the_version(store: SqlStore) -> None:
    store.add_source(a_source("S1"))
    store.add_fact(a_fact("C1", status=ReviewStatus.CANDIDATE))
    changes(store, lambda: decide(store, "C1", ReviewStatus.ACCEPTED, by="test", note="ok"))
    changes(
        store,
        lambda: decide(store, "C1", ReviewStatus.ACCEPTED, by="test", changes={"value": "450"}),
    )
    fact = store.get_fact("C1")
    assert fact is not None and fact.version == 3


def test_mission_and_actor_upserts_change_the_version(store: SqlStore) -> None:
    mission = store.get_mission("MSS-HTI")
    assert mission is not None
    v1 = changes(
        store, lambda: store.upsert_missions([replace(mission, description="renamed mission")])
    )
    kenya = next(a for a in store.list_actors() if a.code == "KEN")
    v2 = changes(store, lambda: store.upsert_actors([replace(kenya, name="Kenya (Republic)")]))
    # the same upsert twice is still a write: a new version (conservative, never stale)
    v3 = changes(store, lambda: store.upsert_actors([kenya]))
    assert len({v1, v2, v3}) == 3
    # nothing to upsert: nothing written
    before = store.ledger_version()
    assert store.upsert_missions([]) == 0 and store.upsert_actors([]) == 0
    assert store.ledger_version() == before


def test_a_corpus_batch_changes_the_version(store: SqlStore) -> None:
    """The corpus writer's bulk writes: sources, candidates, claims and evidence, one
    transaction (`ingest/corpus.py`)."""
    bodies = [f"Kenya deployed {n} more police officers to Haiti." for n in (100, 200)]
    batch = [
        replace(a_source(f"SC{i}", body=b), sha256=text_sha256(b)) for i, b in enumerate(bodies)
    ]

    def write_batch() -> None:
        with store.transaction():
            store.add_sources(batch)
            store.add_facts([a_fact("FC1", source="SC0", status=ReviewStatus.CANDIDATE)])
            store.add_claims([("claim-1", "FC1")])
            store.add_evidence(
                [
                    ClaimEvidence("FC1", "SC0", 0, 10, "Kenya depl"),
                    ClaimEvidence("FC1", "SC1", 0, 10, "Kenya depl"),
                ]
            )
            store.mark_corpus_batch("batch-1", 2, 2)

    changes(store, write_batch)
    assert len(store.evidence_for("FC1")) == 2
    # sources alone (a batch whose documents were all new but yielded no candidate)
    more = replace(a_source("SC9", body="No figures here."), sha256=text_sha256("No figures here."))
    changes(store, lambda: store.add_sources([more]))


def test_reads_do_not_change_the_version(store: SqlStore, other: SqlStore) -> None:
    store.add_source(a_source("S1", body="Kenyan police landed in Port-au-Prince."))
    store.add_fact(a_fact("F1"))
    version = store.ledger_version()
    store.get_fact("F1")
    store.fact_history("F1")
    store.find_facts(FactFilter(mission="MSS-HTI"))
    store.count_facts(FactFilter(mission="MSS-HTI"))
    store.facts_for_state("MSS-HTI", date(2025, 1, 1), None)
    store.facts_for_state("MSS-HTI", date(2025, 1, 1), date(2024, 12, 31))
    store.find_events(EventFilter(mission="MSS-HTI"))
    store.get_source("S1")
    store.get_sources(["S1"], with_text=True)
    store.search_sources("police")
    store.list_missions()
    store.get_mission("MSS-HTI")
    store.list_actors()
    store.actor_codes()
    store.evidence_for("F1")
    store.get_meta("anything")
    store.table_counts()
    store.count_users()
    store.audit_entries(object_kind="fact", object_id="F1")
    assert store.ledger_version() == version == store.ledger_version()
    # opening the same database again (another process, the CLI) is not a write either
    assert other.ledger_version() == version
    other.list_missions()
    assert store.ledger_version() == version


def test_browser_sessions_do_not_change_the_version(store: SqlStore) -> None:
    """A login or a logout changes nothing a reader of the ledger sees: cached answers stay."""
    from datetime import UTC, datetime, timedelta

    from peaceledger.domain.accounts import Role

    store.add_source(a_source("S1"))
    user = store.add_user("ana", "x" * 20, Role.EDITOR, by="test")
    version = store.ledger_version()
    store.add_session("a" * 64, user.user_id, "csrf", datetime.now(UTC) + timedelta(hours=1))
    store.revoke_session("a" * 64)
    assert store.ledger_version() == version
    # inside a ledger transaction, the transaction decides: it changes the version
    changes(store, lambda: _session_and_fact(store, user.user_id))


def _session_and_fact(store: SqlStore, user_id: int) -> None:
    with store.transaction():
        store.add_session("b" * 64, user_id, "csrf", datetime_in_an_hour())
        store.add_fact(a_fact("F-with-session"))


def datetime_in_an_hour() -> datetime:
    from datetime import UTC, timedelta

    return datetime.now(UTC) + timedelta(hours=1)


def test_a_new_database_has_a_version_of_its_own(tmp_path: Path) -> None:
    """Migration 0006 gives every database a random first value, before any write: two
    databases never share an empty one."""
    versions = set()
    for name in ("a.db", "b.db"):
        s = SqlStore(f"sqlite:///{tmp_path / name}")
        s.upgrade()
        versions.add(s.ledger_version())
        s.close()
    assert len(versions) == 2 and all(len(v) == 32 for v in versions)


def test_a_rolled_back_write_leaves_the_version(store: SqlStore) -> None:
    store.add_source(a_source("S1"))
    store.add_fact(a_fact("F1"))
    before = store.ledger_version()
    with pytest.raises(ConflictError):
        store.add_facts([a_fact("F2"), a_fact("F1")])  # F1 exists: the whole batch fails
    with pytest.raises(ConflictError), store.transaction():
        store.add_source(a_source("S2"))
        store.add_fact(a_fact("F1"))
    assert store.ledger_version() == before
    assert store.get_source("S2") is None


def test_every_store_on_the_database_sees_the_same_version(
    store: SqlStore, other: SqlStore
) -> None:
    assert other.ledger_version() == store.ledger_version()
    store.add_source(a_source("S1"))
    assert other.ledger_version() == store.ledger_version()
    v = changes(other, lambda: other.add_fact(a_fact("F1")))
    assert store.ledger_version() == v
    mission = other.get_mission("GSF-HTI")
    assert mission is not None
    v = changes(other, lambda: other.upsert_missions([replace(mission, description="x")]))
    assert store.ledger_version() == v


def test_a_write_that_commits_last_changes_the_version(store: SqlStore, other: SqlStore) -> None:
    """Two PostgreSQL writers overlap: the one that started first (and took the lower audit id)
    commits last. A reader between the two commits must get a version that changes again when
    the first writer commits, or a cache keeps an answer without that writer's fact. (SQLite
    writers take the lock up front, BEGIN IMMEDIATE, so their ids follow their commits.)"""
    if store.dialect != "postgresql":
        pytest.skip("SQLite writers never overlap")
    store.add_source(a_source("S1"))
    with store.transaction():
        store.add_fact(a_fact("F-first"))  # audit id n+1, not committed yet
        other.add_fact(a_fact("F-second"))  # audit id n+2, committed
        between = other.ledger_version()
    assert {f.fact_id for f in other.find_facts(FactFilter())} == {"F-first", "F-second"}
    assert other.ledger_version() != between
