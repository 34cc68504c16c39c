"""Extract, ingest and review through the API and the forms, on both backends; untrusted
article text is shown as text."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from .conftest import SEED_ARTICLE, SEED_PUBLISHED, XSS_ARTICLE


def test_extract_returns_candidates_without_storing(write_client: TestClient) -> None:
    r = write_client.post(
        "/api/v1/extract", json={"text": SEED_ARTICLE, "published": SEED_PUBLISHED}
    )
    assert r.status_code == 200, r.text
    found = r.json()["candidates"]
    assert any(c["actor"] == "KEN" and c["metric"] == "personnel_deployed" for c in found)
    assert write_client.get("/api/v1/review").json()["candidates"] == []


def test_ingest_review_accept_and_conflict(write_client: TestClient) -> None:
    r = write_client.post(
        "/api/v1/ingest", json={"text": SEED_ARTICLE, "published": SEED_PUBLISHED}
    )
    assert r.status_code == 200, r.text
    (doc,) = r.json()["documents"]
    assert doc["stored"] and doc["candidates"] == len(doc["fact_ids"]) > 0
    again = write_client.post(
        "/api/v1/ingest", json={"text": SEED_ARTICLE, "published": SEED_PUBLISHED}
    ).json()["documents"][0]
    assert not again["stored"] and again["source_id"] == doc["source_id"]

    pending = write_client.get("/api/v1/review", params={"source": doc["source_id"]}).json()
    first = pending["candidates"][0]
    ok = write_client.post(
        f"/api/v1/review/{first['fact_id']}",
        json={"decision": "accept", "expected_version": first["version"], "note": "checked"},
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["status"] == "accepted" and ok.json()["version"] == first["version"] + 1
    stale = write_client.post(
        f"/api/v1/review/{first['fact_id']}",
        json={"decision": "reject", "expected_version": first["version"]},
    )
    assert stale.status_code == 409
    edited = pending["candidates"][1]
    r = write_client.post(
        f"/api/v1/review/{edited['fact_id']}",
        json={"decision": "accept", "changes": {"value": "12345"}},
    )
    assert r.json()["fact"]["value"] == 12345
    bad = write_client.post(
        f"/api/v1/review/{edited['fact_id']}",
        json={"decision": "edit", "changes": {"colour": "blue"}},
    )
    assert bad.status_code == 422 and "colour" in bad.text


def test_forms_ingest_then_accept_and_reject(write_client: TestClient) -> None:
    r = write_client.post(
        "/ingest",
        data={"text": SEED_ARTICLE, "published": SEED_PUBLISHED, "mission": "MSS-HTI"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/review?source=S")
    page = write_client.get(r.headers["location"]).text
    assert "candidate(s) found" in page
    ids = re.findall(r'action="/review/(C[0-9a-f]+)"', page)
    assert len(ids) >= 2
    for fid, decision in ((ids[0], "accept"), (ids[1], "reject")):
        done = write_client.post(
            f"/review/{fid}",
            data={"decision": decision, "expected_version": "1", "back": "/review"},
            follow_redirects=False,
        )
        assert done.status_code == 303
    facts = write_client.get("/api/v1/facts", params={"status": ["accepted", "rejected"]}).json()
    assert {f["fact_id"]: f["status"] for f in facts["facts"]} == {
        ids[0]: "accepted",
        ids[1]: "rejected",
    }


def test_upload_a_file(write_client: TestClient) -> None:
    r = write_client.post(
        "/ingest",
        data={"published": SEED_PUBLISHED},
        files={"file": ("article.txt", SEED_ARTICLE.encode(), "text/plain")},
        follow_redirects=False,
    )
    assert r.status_code == 303


def test_untrusted_text_is_escaped_on_every_page(write_client: TestClient) -> None:
    doc = write_client.post(
        "/api/v1/ingest", json={"text": XSS_ARTICLE, "published": "2024-07-17", "fmt": "text"}
    ).json()["documents"][0]
    sid = doc["source_id"]
    pages = [f"/sources/{sid}", f"/review?source={sid}"] + [f"/facts/{f}" for f in doc["fact_ids"]]
    for url in pages:
        html = write_client.get(url).text
        assert "<script>window.__xss" not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;window.__xss" in html or "&lt;img src=x" in html, url
    api = write_client.get(f"/api/v1/sources/{sid}").json()
    assert "<script>" in api["text"], "the API returns the text as stored (JSON, not HTML)"
