"""Corpus ingestion without a cluster: reading, the worker's function and the one writer.

The Dask driver itself is exercised end to end (with a kill and a resume) by
tests/cli/test_corpus_cli.py; here the pieces it composes run in-process, on both backends.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import text

from peaceledger.domain.dates import FuzzyDate
from peaceledger.domain.sources import text_sha256
from peaceledger.domain.vocab import ReviewStatus
from peaceledger.errors import InputError
from peaceledger.extract import extract_facts
from peaceledger.ingest import Document, ingest_documents
from peaceledger.ingest._corpus_read import (
    BatchResult,
    WorkContext,
    iter_batches,
    open_source,
    process_batch,
)
from peaceledger.ingest.corpus import (
    CorpusProgress,
    CorpusReport,
    CorpusWriter,
    claim_key,
    source_counts,
)
from peaceledger.ledger.builtin import known_names
from peaceledger.store.base import FactFilter
from peaceledger.store.sql.store import SqlStore
from tests.conftest import _empty_pg


def _bench_corpus() -> ModuleType:
    """bench/corpus.py, the generator (bench/ is scripts, not a package)."""
    path = Path(__file__).resolve().parents[2] / "bench" / "corpus.py"
    spec = importlib.util.spec_from_file_location("peaceledger_bench_corpus", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


bench_corpus = _bench_corpus()
generate, write_corpus = bench_corpus.generate, bench_corpus.write_corpus

CANDIDATES = FactFilter(statuses=(ReviewStatus.CANDIDATE,))
KENYA = "Kenya has deployed more than 400 police officers to Haiti as of July 2024."


def _ctx(store: SqlStore) -> WorkContext:
    return WorkContext(None, "test", known_names(store), None, datetime(2026, 1, 1, tzinfo=UTC))


def _run(store: SqlStore, path: Path, size: int = 7) -> CorpusReport:
    report = CorpusReport(CorpusProgress(total=None))
    writer = CorpusWriter(store, report)
    done = store.corpus_batches_done
    for spec in iter_batches(open_source(path), size):
        if spec.key in done({spec.key}):
            report.progress.resumed += spec.size
            continue
        writer.write(process_batch(spec, _ctx(store)))
    return report


def _jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_two_wordings_of_one_claim_have_one_key(store: SqlStore, tmp_path: Path) -> None:
    other = "Over 400 Kenyan police have been deployed to Haiti as of July 2024."
    rows = [
        {"text": KENYA, "published": "2024-08-01"},
        {"text": other, "published": "2024-09-03"},
    ]
    spec = next(iter_batches(open_source(_jsonl(tmp_path / "c.jsonl", rows)), 10))
    result = process_batch(spec, _ctx(store))
    keys = [d.keys for d in result.documents]
    key = "MSS-HTI|KEN|personnel_deployed|at_least|400|persons|police||2024-07|total"
    assert keys[0] == keys[1] == (key,)


def test_undated_facts_take_the_date_of_their_source() -> None:
    [c] = extract_facts(KENYA, date(2024, 8, 1))
    fact = c.to_fact("S1", "F1")
    undated = replace(fact, date_of_fact=None)
    assert claim_key(undated, FuzzyDate.of(date(2024, 8, 1))).endswith("|2024-08-01|total")
    assert claim_key(undated, FuzzyDate.parse("2024-12")).endswith("|2024-12|total")


def test_repeated_reports_become_one_candidate_with_its_evidence(
    store: SqlStore, tmp_path: Path
) -> None:
    rows = [
        {
            "text": f"Report {i}. {KENYA} Gang violence killed 5,600 people in 2024.",
            "published": "2024-08-01",
            "url": f"https://example.org/{i}",
        }
        for i in range(5)
    ]
    rows.append(dict(rows[0], url="https://example.org/copy"))  # the same text: skipped
    report = _run(store, _jsonl(tmp_path / "c.jsonl", rows), size=2)
    p = report.progress
    assert (p.stored, p.duplicates, p.candidates, p.evidence, p.grouped) == (5, 1, 1, 5, 4)
    [fact] = store.find_facts(CANDIDATES)
    assert source_counts(store, [fact.fact_id]) == {fact.fact_id: 5}
    evidence = store.evidence_for(fact.fact_id)
    assert len({e.source_id for e in evidence}) == 5
    assert {e.quote for e in evidence} == {"deployed more than 400 police officers"}


def test_a_second_run_changes_nothing(store: SqlStore, tmp_path: Path) -> None:
    path = write_corpus(tmp_path / "c.jsonl", 60, seed=3)
    first = _run(store, path)
    counts = store.table_counts()
    again = _run(store, path)
    assert store.table_counts() == counts
    assert again.progress.resumed == 60 and again.progress.stored == 0
    assert first.progress.stored + first.progress.duplicates == 60
    # without the journal the text hashes still keep every document out
    with store.engine.begin() as c:
        c.execute(text("DELETE FROM corpus_batches"))
    third = _run(store, path)
    assert third.progress.stored == 0 and third.progress.duplicates == 60
    assert store.table_counts() == counts


def test_directory_files_with_front_matter_and_html(store: SqlStore, tmp_path: Path) -> None:
    write_corpus(tmp_path / "md", 6, seed=5, layout="md")
    write_corpus(tmp_path / "md" / "pages", 4, seed=6, layout="html")
    (tmp_path / "md" / "undated.txt").write_text(KENYA, encoding="utf-8")
    (tmp_path / "md" / "notes.csv").write_text("not read", encoding="utf-8")
    report = _run(store, tmp_path / "md", size=3)
    assert report.progress.stored == 10
    [problem] = report.problems
    assert problem.where.endswith("undated.txt") and "publication date" in problem.problem
    ids = [s.source_id for s in store.search_sources(None, limit=100)]
    stored = store.get_sources(ids, with_text=True)
    assert len(stored) == 10
    assert not any(
        "cookies" in (s.text or "") or "published:" in (s.text or "") for s in stored.values()
    )


def test_parquet_rows(store: SqlStore, tmp_path: Path) -> None:
    path = write_corpus(tmp_path / "c.parquet", 25, seed=9)
    source = open_source(path)
    assert source.kind == "parquet" and source.count() == 25
    report = _run(store, path, size=10)
    expected = {text_sha256(a.text) for a in generate(25, seed=9)}
    assert report.progress.stored == len(expected)
    assert store.existing_sha256(expected) == expected


def test_a_bad_line_fails_alone_and_keeps_its_batch_out_of_the_journal(
    store: SqlStore, tmp_path: Path
) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"text": KENYA, "published": "2024-08-01"}) + "\n{oops\n")
    [spec] = list(iter_batches(open_source(path), 10))
    result = process_batch(spec, _ctx(store))
    assert isinstance(result, BatchResult) and len(result.documents) == 1
    [problem] = result.problems
    assert problem.where.endswith("c.jsonl:2") and "not JSON" in problem.problem
    CorpusWriter(store, CorpusReport(CorpusProgress(None))).write(result)
    assert store.corpus_batches_done({spec.key}) == set()


def test_unknown_source_kinds_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("x")
    with pytest.raises(InputError, match="expected a directory"):
        open_source(tmp_path / "a.csv")
    with pytest.raises(InputError, match="no such file"):
        open_source(tmp_path / "missing")


def test_ingest_adds_its_report_to_a_claim_the_corpus_found(
    store: SqlStore, tmp_path: Path
) -> None:
    """One identity rule for both ways in: a later `ingest` of the same claim, worded and
    published differently, is a second source of the corpus's candidate."""
    _run(store, _jsonl(tmp_path / "c.jsonl", [{"text": KENYA, "published": "2024-08-01"}]))
    [fact] = store.find_facts(CANDIDATES)
    later = Document(
        text="Over 400 Kenyan police have been deployed to Haiti as of July 2024.",
        fmt="text",
        origin="later.txt",
        published=FuzzyDate.parse("2024-09-03"),
    )
    (d,) = ingest_documents(store, [later], recorded_by="t").documents
    assert d.stored and d.candidates == 0 and d.grouped == (fact.fact_id,)
    assert store.find_facts(CANDIDATES) == [fact]
    assert source_counts(store, [fact.fact_id]) == {fact.fact_id: 2}


CORPUS_TABLES = ("corpus_batches", "fact_claims", "fact_evidence")


def _rows(store: SqlStore, table: str) -> int:
    with store.engine.connect() as c:
        return int(c.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_each_postgresql_test_starts_without_claims_evidence_or_journal(
    pg_schema: str, tmp_path: Path
) -> None:
    """The PostgreSQL schema is shared by the session: the `store` fixture empties the corpus
    tables too, so no test sees another's claims or resumes another's batches."""
    used = _empty_pg(pg_schema)
    try:
        _run(used, _jsonl(tmp_path / "c.jsonl", [{"text": KENYA, "published": "2024-08-01"}]))
        assert all(_rows(used, t) > 0 for t in CORPUS_TABLES)
    finally:
        used.close()
    fresh = _empty_pg(pg_schema)
    try:
        assert {t: _rows(fresh, t) for t in CORPUS_TABLES} == dict.fromkeys(CORPUS_TABLES, 0)
    finally:
        fresh.close()
