"""The force in Haiti on the web: MSS-HTI then GSF-HTI as one force, the handover marked, Kenya
one line across the rename (page, chart and `/api/v1/forces/{host}/state`)."""

from __future__ import annotations

import html as htmllib
import re

from fastapi.testclient import TestClient

from peaceledger.web import schemas


def _text(page: str) -> str:
    text = " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    return re.sub(r" ([:;,.)])", r"\1", text)


def test_force_api_has_the_chain_handover_and_kenya_across_it(client: TestClient) -> None:
    r = client.get("/api/v1/forces/HTI/state", params={"as_of": "2026-03-01"})
    assert r.status_code == 200
    st = r.json()
    schemas.ForceStateOut.model_validate(st)
    assert [m["code"] for m in st["chain"]] == ["MSS-HTI", "GSF-HTI"]
    assert st["handovers"] == [{"from": "MSS-HTI", "to": "GSF-HTI", "date": "2026-02-06"}]
    assert st["current"] == "GSF-HTI"
    ken = next(a for a in st["actors"] if a["actor"] == "KEN")
    assert ken["personnel_deployed"]["source_kind"]
    assert ken["personnel_deployed"]["as_of"] >= "2026-02", "Kenya after the handover"
    assert not any(a["funding"] for a in st["actors"]), "money stays with each mission"
    before = client.get("/api/v1/forces/HTI/state", params={"as_of": "2025-06-30"}).json()
    assert before["current"] == "MSS-HTI"
    # any mission of the line names the same force
    same = client.get("/api/v1/forces/GSF-HTI/state", params={"as_of": "2026-03-01"}).json()
    assert same["actors"] == st["actors"]
    assert "/api/v1/forces/{host}/state" in client.get("/api/v1/openapi.json").json()["paths"]


def test_force_page_shows_the_handover_and_kenya_under_both_missions(
    client: TestClient,
) -> None:
    page = client.get("/force/HTI?as_of=2026-03-01").text
    text = _text(page)
    assert "The force in Haiti" in text
    assert "Handover: MSS-HTI → GSF-HTI on 2026-02-06" in text
    row = page.split('data-actor="KEN"')[1].split("</tr>")[0]
    assert "MSS-HTI → GSF-HTI" in _text(row) and "~735" in _text(row)
    assert page.count("<svg") >= 1 and "handover MSS-HTI → GSF-HTI" in page
    assert 'href="/missions/MSS-HTI?' in page and 'href="/missions/GSF-HTI?' in page
    svg = client.get("/force/HTI/charts/strength.svg?as_of=2026-03-01")
    assert svg.headers["content-type"].startswith("image/svg+xml")
    # the overview and the navigation link it; /force goes to the first mission's host
    assert 'href="/force/HTI?' in client.get("/missions/GSF-HTI?as_of=2026-03-01").text
    assert 'href="/force"' in page
    r = client.get("/force", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == "/force/HTI"


def test_force_page_defaults_to_today_while_the_line_goes_on(client: TestClient) -> None:
    api = client.get("/api/v1/forces/HTI/state").json()
    gsf = client.get("/api/v1/missions/GSF-HTI/state").json()
    assert api["as_of"] == gsf["as_of"], "the GSF has not ended: today"
    assert "(no date was given)" in _text(client.get("/force/HTI").text)
