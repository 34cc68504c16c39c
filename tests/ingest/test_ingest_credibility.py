"""A newly ingested page is rated from the publisher registry by its domain (issue 13)."""

from __future__ import annotations

from peaceledger.domain.vocab import SourceKind
from peaceledger.ingest import ingest_documents
from peaceledger.ledger.builtin import ensure_reference_data
from peaceledger.store.sql.store import SqlStore

from .fixtures import ARTICLE
from .test_ingest import _doc


def test_pages_get_their_kind_from_the_registry(store: SqlStore) -> None:
    ensure_reference_data(store)
    cases = {
        "https://www.reuters.com/world/americas/kenya-haiti": (SourceKind.WIRE, "Reuters"),
        "https://press.un.org/en/2024/sc15000.doc.htm": (SourceKind.OFFICIAL, "UN"),
        "https://sg.news.yahoo.com/kenya-police-haiti": (SourceKind.AGGREGATOR, "Yahoo News"),
        "https://unknown-blog.example/post": (SourceKind.UNRATED, "unknown-blog.example"),
    }
    for i, (url, (kind, key)) in enumerate(cases.items()):
        report = ingest_documents(store, [_doc(ARTICLE + " " * i, url=url)], recorded_by="t")
        (d,) = report.documents
        src = store.get_source(d.source_id)
        assert src is not None and src.kind is kind, url
        assert src.report == key, url  # whose report it is: canonical, for one-story-one-vote
