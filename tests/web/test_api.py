"""The JSON API over the built-in ledger, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import openpyxl
from fastapi.testclient import TestClient

from peaceledger.web import schemas


def test_openapi_document_lists_every_api_route(client: TestClient) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    paths = set(doc["paths"])
    for p in (
        "/api/v1/missions",
        "/api/v1/missions/{code}/state",
        "/api/v1/missions/{code}/timeline",
        "/api/v1/facts",
        "/api/v1/facts/{fact_id}",
        "/api/v1/sources",
        "/api/v1/sources/{source_id}",
        "/api/v1/extract",
        "/api/v1/ingest",
        "/api/v1/review",
        "/api/v1/review/{fact_id}",
        "/api/v1/assess",
    ):
        assert p in paths, p
    assert not any(p.startswith("/missions") for p in paths), "pages stay out of the API doc"


def test_missions_and_successor(client: TestClient) -> None:
    out = schemas.MissionList.model_validate(client.get("/api/v1/missions").json())
    by = {m.code: m for m in out.missions}
    assert by["MSS-HTI"].successor == "GSF-HTI" and by["GSF-HTI"].predecessor == "MSS-HTI"


def test_state_changes_with_as_of_and_matches_schema(client: TestClient) -> None:
    early = client.get("/api/v1/missions/MSS-HTI/state", params={"as_of": "2024-07-01"}).json()
    late = client.get("/api/v1/missions/MSS-HTI/state", params={"as_of": "2025-06-30"}).json()
    schemas.StateOut.model_validate(late)
    assert late["as_of"] == "2025-06-30"
    assert late["country_sums"]["personnel_deployed"]["value"] == 991
    assert (
        early["country_sums"]["personnel_deployed"]["value"]
        < late["country_sums"]["personnel_deployed"]["value"]
    )
    # a year means its last day, as in the CLI
    assert client.get("/api/v1/missions/MSS-HTI/state?as_of=2024").json()["as_of"] == "2024-12-31"


def test_known_at_hides_what_was_not_yet_published(client: TestClient) -> None:
    known = client.get(
        "/api/v1/missions/MSS-HTI/state", params={"as_of": "2025-06-30", "known_at": "2024-07-01"}
    ).json()
    assert known["known_at"] == "2024-07-01"
    full = client.get("/api/v1/missions/MSS-HTI/state", params={"as_of": "2025-06-30"}).json()
    assert known["facts_used"] < full["facts_used"]


def test_facts_cursor_pages_cover_the_selection_exactly(client: TestClient) -> None:
    seen: list[str] = []
    cursor = None
    for _ in range(50):
        params = {"mission": "MSS-HTI", "limit": "17"} | ({"cursor": cursor} if cursor else {})
        page = schemas.FactPage.model_validate(client.get("/api/v1/facts", params=params).json())
        seen += [f.fact_id for f in page.facts]
        assert all(f.source_id in page.sources for f in page.facts)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len(seen) == len(set(seen))
    everything = client.get("/api/v1/facts", params={"mission": "MSS-HTI", "limit": 1000}).json()
    assert seen == [f["fact_id"] for f in everything["facts"]]


def test_fact_filters(client: TestClient) -> None:
    ken = client.get(
        "/api/v1/facts", params={"actor": "ken", "metric": "personnel_deployed", "limit": 1000}
    ).json()["facts"]
    assert ken and all(f["actor"] == "KEN" and f["metric"] == "personnel_deployed" for f in ken)
    wide = client.get("/api/v1/facts", params={"actor": "mission", "limit": 1000}).json()["facts"]
    assert wide and all(f["actor"] is None for f in wide)
    window = client.get("/api/v1/facts", params={"from": "2025", "to": "2025-03"}).json()["facts"]
    assert all((f["date_of_fact"] or "2025") >= "2025" for f in window)


def test_fact_detail_and_timeline(client: TestClient) -> None:
    d = schemas.FactDetailOut.model_validate(client.get("/api/v1/facts/MSS-001").json())
    assert d.fact.fact_id == "MSS-001" and d.history and d.source is not None
    t = client.get(
        "/api/v1/missions/MSS-HTI/timeline", params={"actor": "KEN", "metric": "personnel_deployed"}
    ).json()
    schemas.TimelineOut.model_validate(t)
    assert any(e["type"] == "figure" and e["actor"] == "KEN" for e in t["entries"])


def test_source_search(client: TestClient) -> None:
    out = schemas.SourcePage.model_validate(
        client.get("/api/v1/sources", params={"q": "trust fund"}).json()
    )
    assert out.sources
    one = client.get(f"/api/v1/sources/{out.sources[0].source_id}").json()
    schemas.SourceDetailOut.model_validate(one)


def _count(client: TestClient, params: dict[str, str]) -> int:
    return len(client.get("/api/v1/facts", params=params | {"limit": "1000"}).json()["facts"])


def test_csv_export_is_exactly_the_selection_with_an_hxl_row(client: TestClient) -> None:
    params = {"mission": "MSS-HTI", "metric": "personnel_pledged"}
    for url in ("/api/v1/facts", "/facts"):
        r = client.get(url, params=params | {"format": "csv"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        assert "attachment" in r.headers["content-disposition"]
        rows = list(csv.reader(io.StringIO(r.text)))
        assert rows[1][0].startswith("#"), "second row is the HXL hashtag row"
        assert len(rows) - 2 == _count(client, params)
        assert {row[rows[0].index("metric")] for row in rows[2:]} == {"personnel_pledged"}


def test_a_page_export_is_that_page(client: TestClient) -> None:
    r = client.get("/api/v1/facts", params={"mission": "MSS-HTI", "limit": 5, "format": "csv"})
    assert len(list(csv.reader(io.StringIO(r.text)))) == 2 + 5


def test_json_xlsx_and_datapackage_exports(client: TestClient) -> None:
    params = {"actor": "KEN"}
    n = _count(client, params)
    doc = client.get("/api/v1/facts", params=params | {"format": "json"}).json()
    assert len(doc["facts"]) == n
    x = client.get("/api/v1/facts", params=params | {"format": "xlsx"})
    wb = openpyxl.load_workbook(io.BytesIO(x.content))
    assert wb.worksheets[0].max_row >= n + 1
    z = client.get("/api/v1/facts", params=params | {"format": "datapackage"})
    names = zipfile.ZipFile(io.BytesIO(z.content)).namelist()
    pkg = next(nm for nm in names if nm.endswith("datapackage.json"))
    assert json.loads(zipfile.ZipFile(io.BytesIO(z.content)).read(pkg))["resources"]


def test_security_headers_on_every_answer(client: TestClient) -> None:
    for url in ("/api/v1/missions", "/missions/MSS-HTI", "/static/style.css", "/nope"):
        r = client.get(url)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"


def test_cross_site_writes_are_refused(client: TestClient) -> None:
    r = client.post(
        "/api/v1/review/MSS-001",
        json={"decision": "reject"},
        headers={"origin": "https://evil.example"},
    )
    assert r.status_code == 403
