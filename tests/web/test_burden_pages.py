"""The calculator page and `/api/v1/assess` over the real scales and the built-in ledger."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient


def test_assess_api_splits_the_budget_over_193_states(client: TestClient) -> None:
    r = client.get("/api/v1/assess", params={"budget": "100000000", "period": "2025"})
    assert r.status_code == 200, r.text
    data = r.json()
    assert len(data["states"]) == 193
    assert sum(s["assessed_usd"] for s in data["states"]) == 100_000_000


def test_us_cap_and_voluntary_figures(client: TestClient) -> None:
    data = client.get(
        "/api/v1/assess",
        params={
            "budget": "1e8",
            "period": "2025",
            "us_cap": "25",
            "mission": "MSS-HTI",
            "as_of": "2025-06-30",
        },
    ).json()
    assert data["us_cap"]["shortfall_usd"] > 0
    usa = next(s for s in data["states"] if s["iso3"] == "USA")
    assert usa["paid_usd"] > 0


def test_calculator_page_table_chart_and_csv(client: TestClient) -> None:
    q = "budget=100000000&period=2025&us_cap=25"
    html = client.get(f"/burden?{q}").text
    assert html.count("<tr>") >= 194 and "<svg" in html and "shortfall" in html
    first_row = html.split("<tbody>")[1].split("</tr>")[0]
    assert "USA" in first_row, "sorted by assessed share, largest first"
    asc = client.get(f"/burden?{q}&sort=iso3&order=asc").text.split("<tbody>")[1]
    assert asc.index("AFG") < asc.index("ZWE")
    r = client.get(f"/burden?{q}&format=csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 193 and "assessed_usd" in rows[0]
    assert client.get(f"/burden/chart.svg?{q}").headers["content-type"].startswith("image/svg")


def test_calculator_form_without_budget_shows_the_form(client: TestClient) -> None:
    html = client.get("/burden").text
    assert 'id="budget"' in html and "burden-table" not in html
