"""Issue 8 on the web: a claim reported by several sources is one candidate, and the review
page, the fact page and the API show its sources. On both backends; article text (titles,
quotes) is shown as text."""

from __future__ import annotations

from fastapi.testclient import TestClient

from peaceledger.store.base import ClaimEvidence
from peaceledger.store.sql.store import SqlStore
from peaceledger.web import schemas

MONDAY = "Monday. Kenya has deployed more than 400 police officers to Haiti as of July 2024."
TUESDAY = "Tuesday. Over 400 Kenyan police have been deployed to Haiti as of July 2024."
BAD_TITLE = "Kenyan police &lt;img src=x onerror=alert(1)&gt;"
"""Markup survives the title sanitiser when it arrives as entities: the page must escape it."""
TITLE_TEXT = "Kenyan police <img src=x onerror=alert(1)>"


def _ingest(client: TestClient, text: str, title: str) -> schemas.DocumentOut:
    r = client.post(
        "/api/v1/ingest", json={"text": text, "published": "2024-08-01", "title": title}
    )
    assert r.status_code == 200, r.text
    (doc,) = schemas.IngestOut.model_validate(r.json()).documents
    return doc


def test_the_api_gives_each_candidate_its_sources(write_client: TestClient) -> None:
    first = _ingest(write_client, MONDAY, "Monday story")
    [fid] = first.fact_ids
    second = _ingest(write_client, TUESDAY, BAD_TITLE)
    assert second.candidates == 0 and second.grouped == [fid]
    listed = schemas.ReviewList.model_validate(write_client.get("/api/v1/review").json())
    assert [(c.fact_id, c.sources) for c in listed.candidates] == [(fid, 2)]
    detail = schemas.FactDetailOut.model_validate(write_client.get(f"/api/v1/facts/{fid}").json())
    assert [(e.source_id, e.title, e.quote) for e in detail.evidence] == [
        (first.source_id, "Monday story", "deployed more than 400 police officers"),
        (second.source_id, TITLE_TEXT, "Over 400 Kenyan police have been deployed"),
    ]


def test_pages_show_the_count_and_every_source(write_client: TestClient, store: SqlStore) -> None:
    first = _ingest(write_client, MONDAY, "Monday story")
    [fid] = first.fact_ids
    second = _ingest(write_client, TUESDAY, BAD_TITLE)
    # a report whose quote is markup (a corpus stores whatever the article says)
    store.add_evidence([ClaimEvidence(fid, second.source_id, 0, 7, "<b>Tuesday</b>")])

    review = write_client.get("/review").text
    assert f'<a href="/facts/{fid}#sources-h">2 sources</a>' in review

    page = write_client.get(f"/facts/{fid}").text
    assert "Reported by 2 sources" in page
    for sid in (first.source_id, second.source_id):
        assert f'<a href="/sources/{sid}">' in page
    assert "&lt;b&gt;Tuesday&lt;/b&gt;" in page and "<b>Tuesday</b>" not in page
    assert "&lt;img src=x" in page and "<img src=x" not in page


def test_a_fact_without_grouped_reports_keeps_its_page(client: TestClient) -> None:
    """Facts not grouped from reports (the built-in data): no list on the page, an empty one
    in the API."""
    assert "Reported by" not in client.get("/facts/MSS-001").text
    assert client.get("/api/v1/facts/MSS-001").json()["evidence"] == []


def test_the_ingest_form_says_what_was_grouped(write_client: TestClient) -> None:
    _ingest(write_client, MONDAY, "Monday story")
    r = write_client.post(
        "/ingest", data={"text": TUESDAY, "published": "2024-08-01"}, follow_redirects=False
    )
    assert r.status_code == 303 and "grouped=1" in r.headers["location"]
    page = write_client.get(r.headers["location"]).text
    assert "It also reports 1 claim(s) already in the ledger" in page
