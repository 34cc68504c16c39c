"""Server-rendered pages: they work without JavaScript and show the API's numbers."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

MAX_PAGE_BYTES = 1_000_000


def _weight(client: TestClient, url: str) -> int:
    """The page with its stylesheet and scripts (charts are inline SVG: no other requests)."""
    r = client.get(url)
    assert r.status_code == 200, r.text[:300]
    total = len(r.content)
    for ref in re.findall(r'(?:href|src)="(/static/[^"]+)"', r.text):
        total += len(client.get(ref).content)
    return total


def test_root_redirects_to_the_first_mission(client: TestClient) -> None:
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == "/missions/MSS-HTI"


def test_overview_shows_state_charts_conflicts_and_successor(client: TestClient) -> None:
    html = client.get("/missions/MSS-HTI?as_of=2025-06-30").text
    assert 'data-figure="deployed">991<' in html
    assert html.count("<svg") >= 2 and "<script" not in html.split("</main>")[0]
    assert "Conflicts between sources" in html and "Jamaica" in html
    assert 'href="/missions/GSF-HTI?' in html
    api = client.get("/api/v1/missions/MSS-HTI/state?as_of=2025-06-30").json()
    assert f"{api['country_sums']['personnel_pledged']['value']:,}" in html
    early = client.get("/missions/MSS-HTI?as_of=2024-07-01").text
    assert 'data-figure="deployed">991<' not in early


def test_country_fact_source_and_search_pages(client: TestClient) -> None:
    html = client.get("/countries/KEN?mission=MSS-HTI&as_of=2025-06-30").text
    assert "Kenya" in html and "Pledges" in html and "Deployments" in html
    assert 'href="/facts/MSS-' in html and 'href="/sources/S' in html
    fact = client.get("/facts/MSS-001").text
    assert "History" in fact and "version" in fact
    found = client.get("/search?q=trust+fund").text
    sid = re.search(r'href="/sources/(S[0-9a-f]+)"', found)
    assert sid is not None
    assert client.get(f"/sources/{sid[1]}").status_code == 200


def test_chart_downloads(client: TestClient) -> None:
    q = "?as_of=2025-06-30"
    svg = client.get(f"/missions/MSS-HTI/charts/strength.svg{q}")
    assert svg.headers["content-type"].startswith("image/svg+xml") and b"<svg" in svg.content
    png = client.get(f"/missions/MSS-HTI/charts/money.png{q}")
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    spec = client.get(f"/missions/MSS-HTI/charts/strength.json{q}").json()
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite")
    assert client.get(f"/countries/KEN/charts/strength.svg{q}").status_code == 200


def test_every_page_weighs_under_a_megabyte(client: TestClient) -> None:
    for url in (
        "/missions/MSS-HTI?as_of=2025-06-30",
        "/countries/KEN?as_of=2025-06-30",
        "/facts?mission=MSS-HTI&limit=1000",
        "/facts/MSS-001",
        "/search?q=Kenya",
        "/ingest",
        "/review",
        "/burden?budget=100000000&mission=MSS-HTI&us_cap=25",
    ):
        assert _weight(client, url) < MAX_PAGE_BYTES, url


def test_facts_page_pages_with_a_cursor(client: TestClient) -> None:
    html = client.get("/facts?mission=MSS-HTI&limit=10").text
    nxt = re.search(r'rel="next" href="/facts\?([^"]+)"', html)
    assert nxt is not None and "cursor=" in nxt[1]
    second = client.get("/facts?" + nxt[1].replace("&amp;", "&"))
    assert second.status_code == 200
