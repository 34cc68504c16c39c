"""`ingest` groups repeated reports the way `ingest-corpus` does (issue 8): a report of a claim
already known is a piece of evidence of it, stored with its source, not a second candidate. On
both backends; the race between two writers on PostgreSQL with two real connections."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from peaceledger.domain.dates import FuzzyDate
from peaceledger.domain.vocab import Basis, ReviewStatus
from peaceledger.ingest import Document, IngestReport, ingest_documents
from peaceledger.ingest._corpus_read import WorkContext, iter_batches, open_source, process_batch
from peaceledger.ingest.claims import claim_key
from peaceledger.ingest.corpus import CorpusProgress, CorpusReport, CorpusWriter, source_counts
from peaceledger.ledger.builtin import known_names
from peaceledger.store.base import FactFilter
from peaceledger.store.sql.store import SqlStore
from tests.conftest import PG_URL, _empty_pg

PUBLISHED = FuzzyDate.parse("2024-08-01")
KENYA = "Kenya has deployed more than 400 police officers to Haiti as of July 2024."
KENYA_AGAIN = "Over 400 Kenyan police have been deployed to Haiti as of July 2024."
CANDIDATES = FactFilter(statuses=(ReviewStatus.CANDIDATE,))


def _doc(body: str, url: str | None = None) -> Document:
    return Document(text=body, fmt="text", origin="a.txt", url=url, published=PUBLISHED)


def _counts(store: SqlStore) -> dict[str, int]:
    with store.engine.connect() as c:
        return {
            t: int(c.execute(text(f"SELECT count(*) FROM {t}")).scalar_one())
            for t in ("sources", "facts", "fact_versions", "fact_claims", "fact_evidence")
        }


def test_a_known_claim_gets_evidence_instead_of_a_second_candidate(store: SqlStore) -> None:
    first = ingest_documents(store, [_doc(f"Monday. {KENYA}")], recorded_by="t").documents[0]
    (fid,) = first.fact_ids
    second = ingest_documents(store, [_doc(f"Tuesday. {KENYA_AGAIN}")], recorded_by="t")
    (d,) = second.documents
    assert d.stored and d.candidates == 0 and d.fact_ids == () and d.grouped == (fid,)
    assert [f.fact_id for f in store.find_facts(CANDIDATES)] == [fid]
    assert source_counts(store, [fid]) == {fid: 2}
    reports = store.evidence_for(fid)
    assert [(e.source_id, e.quote) for e in reports] == [
        (first.source_id, "deployed more than 400 police officers"),
        (d.source_id, "Over 400 Kenyan police have been deployed"),
    ]
    # the same document again changes nothing, and says so
    before = _counts(store)
    (again,) = ingest_documents(store, [_doc(f"Tuesday. {KENYA_AGAIN}")], recorded_by="t").documents
    assert not again.stored and again.grouped == ()
    assert _counts(store) == before


def test_new_claims_are_registered_with_their_first_report(store: SqlStore) -> None:
    """So that the next report of them, by `ingest` or `ingest-corpus`, finds them."""
    (d,) = ingest_documents(store, [_doc(KENYA)], recorded_by="t").documents
    (fid,) = d.fact_ids
    [fact] = store.find_facts(CANDIDATES)
    assert store.claim_facts({claim_key(fact, PUBLISHED)}) == {claim_key(fact, PUBLISHED): fid}
    assert [(e.source_id, e.start) for e in store.evidence_for(fid)] == [(d.source_id, 10)]


def test_an_increment_keeps_its_basis_and_is_not_merged_with_a_level(store: SqlStore) -> None:
    """`ingest` used to drop the basis ("another 100" stored as a level of 100), which would
    also have merged the two claims below."""
    level = ingest_documents(
        store, [_doc("Jamaica pledged 100 soldiers to the mission.")], recorded_by="t"
    )
    more = ingest_documents(
        store, [_doc("Jamaica pledged another 100 soldiers to the mission.")], recorded_by="t"
    )
    assert level.candidates == more.candidates == 1 and more.documents[0].grouped == ()
    bases = {f.fact_id: f.basis for f in store.find_facts(CANDIDATES)}
    assert bases == {
        level.documents[0].fact_ids[0]: Basis.TOTAL,
        more.documents[0].fact_ids[0]: Basis.INCREMENT,
    }


def test_a_claim_registered_meanwhile_by_another_writer_is_grouped(
    pg_schema: str, tmp_path: Path
) -> None:
    """Two writers, one claim: a corpus writer commits it between this writer's lookup and
    its insert. The insert waits on the other's uncommitted key, fails as a conflict when it
    commits, and the document is stored again with its report grouped, not refused."""
    store, other = _empty_pg(pg_schema), SqlStore(PG_URL, schema=pg_schema)
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"text": f"Monday. {KENYA}", "published": "2024-08-01"}) + "\n")
    [spec] = iter_batches(open_source(corpus), 10)
    ctx = WorkContext(None, "t", known_names(other), None, datetime(2026, 1, 1, tzinfo=UTC))
    done: list[IngestReport] = []
    try:
        with other.transaction():  # the corpus writer's batch, held open
            CorpusWriter(other, CorpusReport(CorpusProgress(None))).write(process_batch(spec, ctx))
            worker = threading.Thread(
                target=lambda: done.append(
                    ingest_documents(store, [_doc(f"Tuesday. {KENYA_AGAIN}")], recorded_by="t")
                )
            )
            worker.start()
            _wait_for_the_claim_insert_to_wait(other)
        worker.join(30)
        assert len(done) == 1, "the second writer failed"
        (d,) = done[0].documents
        [fact] = store.find_facts(CANDIDATES)
        assert d.stored and d.candidates == 0 and d.grouped == (fact.fact_id,)
        assert source_counts(store, [fact.fact_id]) == {fact.fact_id: 2}
    finally:
        other.close()
        store.close()


def _wait_for_the_claim_insert_to_wait(store: SqlStore) -> None:
    """Until a session of this database waits on a lock while writing `fact_claims`."""
    deadline = time.monotonic() + 20
    with store.engine.connect() as c:
        while time.monotonic() < deadline:
            waiting = c.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND datname = current_database() AND query ILIKE '%fact_claims%'"
                )
            ).scalar_one()
            if waiting:
                return
            c.rollback()  # pg_stat_activity is a snapshot per transaction
            time.sleep(0.05)
    raise AssertionError("the second writer never waited on the first one's claim")
