"""Ingestion and review against the real store (SQLite and PostgreSQL) and the real extractor."""

from __future__ import annotations

from datetime import date

import pytest

from peaceledger.domain.dates import FuzzyDate
from peaceledger.domain.vocab import Metric, ReviewStatus
from peaceledger.errors import ConflictError, InputError, ValidationError
from peaceledger.ingest import Document, ingest_documents, read_documents, require_published
from peaceledger.ingest.documents import RawInput, detect_format
from peaceledger.ledger import review
from peaceledger.ledger.builtin import ensure_reference_data
from peaceledger.ledger.query import mission_state
from peaceledger.store.base import FactFilter
from peaceledger.store.sql.store import SqlStore

from .fixtures import ARTICLE, NO_ARTICLE_PAGE, PAGE, feed

PUBLISHED = FuzzyDate.parse("2024-07-17")


def _doc(text: str = ARTICLE, url: str | None = "https://news.example/kenya") -> Document:
    return Document(text=text, fmt="text", origin="article.txt", url=url, published=PUBLISHED)


def _candidates(store: SqlStore) -> list:
    return store.find_facts(FactFilter(statuses=(ReviewStatus.CANDIDATE,)))


def test_ingest_stores_source_and_candidates_with_evidence(store: SqlStore) -> None:
    ensure_reference_data(store)
    report = ingest_documents(store, [_doc()], recorded_by="test")
    (d,) = report.documents
    assert d.stored and d.candidates == len(d.fact_ids) > 0
    src = store.get_sources([d.source_id], with_text=True)[d.source_id]
    assert src.text == ARTICLE and src.sha256 and src.published == PUBLISHED
    facts = _candidates(store)
    assert {f.fact_id for f in facts} == set(d.fact_ids)
    for f in facts:
        assert f.source_id == d.source_id and f.produced_by and f.evidence is not None
        assert ARTICLE[f.evidence.start : f.evidence.end] in f.evidence.quote or (
            f.evidence.quote in ARTICLE
        )
    assert any(f.actor == "KEN" for f in facts)


def test_ingesting_the_same_text_again_changes_nothing(store: SqlStore) -> None:
    first = ingest_documents(store, [_doc()], recorded_by="test").documents[0]
    n = len(_candidates(store))
    sources_before = store.table_counts()["sources"]
    again = ingest_documents(store, [_doc(url="https://mirror.example/copy")], recorded_by="t")
    (d,) = again.documents
    assert not d.stored and d.source_id == first.source_id and d.candidates == 0
    assert len(_candidates(store)) == n
    assert store.table_counts()["sources"] == sources_before


def test_changed_page_at_the_same_url_is_kept_as_a_second_source(store: SqlStore) -> None:
    a = ingest_documents(store, [_doc()], recorded_by="t").documents[0]
    b = ingest_documents(store, [_doc(ARTICLE + "\nUpdated.")], recorded_by="t").documents[0]
    assert b.stored and b.source_id != a.source_id
    assert any("already holds this URL" in w for w in b.warnings)


def test_a_document_is_one_transaction(store: SqlStore) -> None:
    ensure_reference_data(store)
    before = store.table_counts()

    def broken_extractor(text: str, published: FuzzyDate | None) -> list:
        raise RuntimeError("extractor crashed mid-document")

    with pytest.raises(RuntimeError):
        ingest_documents(store, [_doc()], recorded_by="t", extractor=broken_extractor)
    assert store.table_counts() == before


def test_accept_edit_reject_keep_history(store: SqlStore) -> None:
    ingest_documents(store, [_doc()], recorded_by="t")
    ken = next(f for f in _candidates(store) if f.actor == "KEN")
    d = review.decide(store, ken.fact_id, ReviewStatus.ACCEPTED, by="alice", note="checked")
    assert d.after.version == 2 and d.after.status is ReviewStatus.ACCEPTED
    e = review.decide(
        store,
        ken.fact_id,
        ReviewStatus.ACCEPTED,
        by="bob",
        changes={"value": "650", "qualifier": "about"},
    )
    assert str(e.after.value) == "650" and "value:" in e.after.change_note
    history = store.fact_history(ken.fact_id)
    assert [v.status for v in history] == [
        ReviewStatus.CANDIDATE,
        ReviewStatus.ACCEPTED,
        ReviewStatus.ACCEPTED,
    ]
    assert history[0].value == ken.value and history[0].produced_by == ken.produced_by
    # a stale write is refused, not applied over bob's edit
    with pytest.raises(ConflictError):
        review.decide(store, ken.fact_id, ReviewStatus.REJECTED, by="carol", expected_version=2)
    assert store.get_fact(ken.fact_id).version == 3  # type: ignore[union-attr]


def test_bad_edits_change_nothing(store: SqlStore) -> None:
    ingest_documents(store, [_doc()], recorded_by="t")
    f = _candidates(store)[0]
    with pytest.raises(ValidationError) as err:
        review.decide(
            store,
            f.fact_id,
            ReviewStatus.ACCEPTED,
            by="t",
            changes={"value": "lots", "actor": "XXX", "colour": "red"},
        )
    fields = {p.where for p in err.value.problems}
    assert {"value", "colour"} <= fields
    with pytest.raises(ValidationError):
        review.decide(store, f.fact_id, ReviewStatus.ACCEPTED, by="t", changes={"actor": "XXX"})
    assert store.get_fact(f.fact_id).version == 1  # type: ignore[union-attr]


def test_accepted_candidate_counts_in_state(store: SqlStore) -> None:
    ingest_documents(store, [_doc()], recorded_by="t")
    pledge = next((f for f in _candidates(store) if f.metric is Metric.PERSONNEL_PLEDGED), None)
    assert pledge is not None and pledge.actor == "JAM"
    review.decide(store, pledge.fact_id, ReviewStatus.ACCEPTED, by="t")
    report = mission_state(store, "MSS-HTI", as_of=date(2024, 7, 31))
    jam = next(a for a in report.state.actors if a.actor == "JAM")
    assert jam.personnel["pledge"].value == pledge.value


def test_html_clutter_gives_no_facts_and_metadata_gives_the_date(store: SqlStore) -> None:
    (doc,) = read_documents(RawInput(PAGE.encode(), "page.html", "https://daily.example/k"))
    assert doc.published == FuzzyDate.parse("2024-07-17") and doc.published_from
    assert "The Daily Example" in doc.publisher
    for clutter in ("cookies", "Related", "Copyright", "Somalia", "Ukraine"):
        assert clutter not in doc.text
    report = ingest_documents(store, [doc], recorded_by="t")
    values = {f.value for f in _candidates(store)}
    assert report.candidates > 0
    assert not values & {300, 50, 12, 3, 400, 20, 1000, 500_000_000}


def test_page_without_article_is_refused() -> None:
    with pytest.raises(InputError, match="article"):
        read_documents(RawInput(NO_ARTICLE_PAGE.encode(), "home.html"))


def test_feed_entries_become_documents() -> None:
    docs = read_documents(RawInput(feed().encode(), "wire.rss"))
    assert [d.url for d in docs] == ["https://wire.example/jam", "https://wire.example/can"]
    assert docs[0].published == FuzzyDate.parse("2024-07-16")
    assert "<p>" not in docs[1].text and "C$80.5 million" in docs[1].text


def test_broken_feed_entries_are_all_reported_and_nothing_is_read() -> None:
    with pytest.raises(ValidationError) as err:
        read_documents(RawInput(feed(broken=True).encode(), "wire.rss"))
    wheres = [p.where for p in err.value.problems]
    assert len(wheres) == 2 and "entry 3" in wheres[0] and "entry 4" in wheres[1]
    docs = read_documents(RawInput(feed(broken=True).encode(), "wire.rss"), skip_broken=True)
    assert len(docs) == 2


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.txt", "empty"),
        (b"   \n\n", "blank.txt", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "image.txt", "binary"),
        (b"Kenya sent \xff\xfe police", "latin.txt", "invalid UTF-8"),
        (b"<?xml version='1.0'?><catalog><book/></catalog>", "books.xml", "not an RSS"),
    ],
)
def test_unreadable_input_gets_a_clear_message(data: bytes, name: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as err:
        read_documents(RawInput(data, name))
    assert name in str(err.value)


def test_missing_publication_date_is_asked_for() -> None:
    doc = Document(text=ARTICLE, fmt="text", origin="a.txt")
    with pytest.raises(InputError, match="--published"):
        require_published([doc], None)
    (dated,) = require_published([doc], PUBLISHED)
    assert dated.published == PUBLISHED and dated.published_from == "--published"


def test_format_detection_trusts_content_over_names() -> None:
    assert detect_format(RawInput(PAGE.encode(), "saved.txt")) == "html"
    assert detect_format(RawInput(feed().encode(), "feed.txt")) == "feed"
    assert detect_format(RawInput(b"# Title\n\ntext", "notes.md")) == "markdown"
    assert detect_format(RawInput(b"plain words", "-")) == "text"
