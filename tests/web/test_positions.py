"""The positions page, the positions section of a country page, and the statements API."""

from __future__ import annotations

from fastapi.testclient import TestClient

from .conftest import SEED_ARTICLE, SEED_PUBLISHED


def _ingest_and_accept(c: TestClient) -> list[dict]:  # type: ignore[type-arg]
    r = c.post("/api/v1/ingest", json={"text": SEED_ARTICLE, "published": SEED_PUBLISHED})
    assert r.status_code < 300, r.text
    r = c.get("/api/v1/statements?status=candidate")
    assert r.status_code == 200, r.text
    items: list[dict] = r.json()["statements"]  # type: ignore[type-arg]
    store = c.app.state.store  # type: ignore[attr-defined]
    from peaceledger.domain.vocab import ReviewStatus
    from peaceledger.ledger.statements import decide_statement

    for s in items:
        decide_statement(store, s["statement_id"], ReviewStatus.ACCEPTED, by="test")
    return items


def test_statements_api_and_positions(write_client: TestClient) -> None:
    items = _ingest_and_accept(write_client)
    assert {s["speaker"]["name"] for s in items} >= {"Marco Rubio", "Donald Trump"}
    r = write_client.get("/api/v1/statements?speaker=rubio&actor=USA")
    assert r.status_code == 200
    assert all(s["speaker"]["name"] == "Marco Rubio" for s in r.json()["statements"])
    pos = write_client.get("/api/v1/missions/MSS-HTI/positions").json()
    (usa,) = pos["positions"]
    assert usa["actor"] == "USA" and usa["statements"]
    csv_ = write_client.get("/api/v1/statements?format=csv")
    assert csv_.status_code == 200 and csv_.text.splitlines()[1].startswith("#meta+id")
    z = write_client.get("/api/v1/statements?format=datapackage")
    assert z.status_code == 200 and z.headers["content-type"] == "application/zip"


def test_positions_page_and_country_section(write_client: TestClient) -> None:
    _ingest_and_accept(write_client)
    page = write_client.get("/positions?mission=MSS-HTI")
    assert page.status_code == 200 and 'data-actor="USA"' in page.text
    assert "Marco Rubio" in page.text
    country = write_client.get("/countries/USA")
    assert country.status_code == 200
    assert 'id="positions"' in country.text and "Latest stance" in country.text


def test_pages_without_statements(client: TestClient) -> None:
    page = client.get("/positions")
    assert page.status_code == 200 and "No accepted statements" in page.text
    country = client.get("/countries/KEN")
    assert country.status_code == 200 and 'id="positions"' in country.text
