"""Issue 13 on the web: every headline says its source's kind, whether it is derived, and why it
stands; conflicts across dates sit beside the standing figure; an ended mission is shown as of
its last day; the state is also a CSV table with an HXL row."""

from __future__ import annotations

import csv
import html as htmllib
import io
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from peaceledger.store.sql.store import SqlStore
from peaceledger.web import schemas
from peaceledger.web.brief import render_brief

KINDS = {"official", "wire", "outlet", "aggregator", "mirror", "unrated"}


def _text(page: str) -> str:
    """The page's text as a reader sees it (tags dropped, entities decoded, spaces folded)."""
    text = " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    return re.sub(r" ([:;,.)])", r"\1", text)


def _measures(state: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for a in (state["mission_wide"], *state["actors"]):
        who = a["actor"] or "mission"
        for series in ("personnel_pledged", "personnel_deployed", "personnel_authorized"):
            if a.get(series):
                yield f"{who} {series}", a[series]
        for rung, f in a["funding"].items():
            for ch, m in f["channels"].items():
                yield f"{who} {rung} {ch}", m


def test_every_measure_in_the_state_carries_its_source_kind(client: TestClient) -> None:
    for as_of in ("2024-06-30", "2025-06-30", "2026-03-01"):
        for code in ("MSS-HTI", "GSF-HTI"):
            st = client.get(f"/api/v1/missions/{code}/state", params={"as_of": as_of}).json()
            schemas.StateOut.model_validate(st)
            seen = 0
            for where, m in _measures(st):
                seen += 1
                assert m["source_kind"] in KINDS, (code, as_of, where)
                assert "why" in m and m["why"]["series_rule"], (code, as_of, where)
                for r in (m["base"] or {"readings": []})["readings"]:
                    assert r["source_kind"] in KINDS, (code, as_of, where)
            assert seen or code == "GSF-HTI", (code, as_of)
            assert all(s["credibility"] in KINDS for s in st["sources"].values())
            assert st["series_rules"] and "phase" in st


def test_an_ended_mission_defaults_to_its_last_day_on_the_page_and_the_api(
    client: TestClient,
) -> None:
    api = client.get("/api/v1/missions/MSS-HTI/state").json()
    assert api["as_of"] == "2026-02-06" == api["mission"]["end"]
    assert api["phase"] == "ended"
    given = client.get("/api/v1/missions/MSS-HTI/state", params={"as_of": "2026-03-01"}).json()
    assert given["as_of"] == "2026-03-01", "a date given is kept, even after the end"
    page = client.get("/missions/MSS-HTI").text
    assert 'id="as-of-shown">2026-02-06<' in page
    text = _text(page)
    assert "MSS-HTI ended on 2026-02-06; figures as of its last day" in text
    ended = page.split('id="ended"')[1].split("</p>")[0]
    assert 'href="/missions/GSF-HTI"' in ended and 'href="/force/HTI"' in ended
    # a mission still running defaults to today
    assert client.get("/api/v1/missions/GSF-HTI/state").json()["as_of"] == date.today().isoformat()
    assert 'id="ended"' not in client.get("/missions/MSS-HTI?as_of=2025-06-30").text


def test_state_as_csv_has_the_hxl_row_and_the_source_kind(client: TestClient) -> None:
    r = client.get(
        "/api/v1/missions/MSS-HTI/state", params={"as_of": "2025-06-30", "format": "csv"}
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(r.text)))
    header, hxl, data = rows[0], rows[1], rows[2:]
    assert all(tag.startswith("#") for tag in hxl) and len(hxl) == len(header)
    assert hxl[header.index("source_kind")] == "#meta+source+kind"
    col = {name: header.index(name) for name in header}
    assert data and all(row[col["source_kind"]] in KINDS for row in data)
    ken = next(
        row
        for row in data
        if row[col["actor"]] == "KEN" and row[col["metric"]] == "personnel_deployed"
    )
    assert ken[col["derived"]] in ("true", "True", "1")
    assert "991 − 259" in ken[col["derivation"]] and "MSS-133" in ken[col["derived_from"]]
    # the same date defaulted for an ended mission, and documented in the OpenAPI document
    default = client.get("/api/v1/missions/MSS-HTI/state?format=csv").text.splitlines()[2]
    assert ",2026-02-06," in default
    doc = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/missions/{code}/state"]
    assert "text/csv" in doc["get"]["responses"]["200"]["content"]
    assert "HXL" in doc["get"]["description"]


def test_openapi_models_name_the_new_fields(client: TestClient) -> None:
    comps = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for model, fields in {
        "SourceOut": ("origin", "origin_kind", "credibility", "report_key"),
        "FactOut": ("scope", "derived", "derived_from", "derivation"),
        "MissionOut": ("phases",),
        "StateOut": ("series_rules", "phase"),
        "ForceStateOut": ("chain", "handovers", "current"),
    }.items():
        assert set(fields) <= set(comps[model]["properties"]), model
    detail = client.get("/api/v1/facts/MSS-132").json()
    fact = schemas.FactDetailOut.model_validate(detail).fact
    assert detail["fact"]["derived"] and "MSS-133" in detail["fact"]["derived_from"]
    assert fact.model_dump()["derivation"]


def test_the_us_pledge_as_of_mid_2024_and_the_later_lower_report(client: TestClient) -> None:
    page = client.get("/missions/MSS-HTI?as_of=2024-06-30").text
    text = _text(page)
    money = _text(page.split('id="money-table"')[1].split("</table>")[0])
    usa = next(line for line in money.split("United States")[1:2])
    assert usa.split()[0] == "US$300.0m", usa[:80]
    assert "wire copy of Reuters" in usa[:120]
    conflicts = _text(page.split('id="conflicts-table"')[1].split("</table>")[0])
    assert "Standing: US$300.0m" in conflicts
    assert "a later report gives less: US$120.0m, teleSUR English, outlet" in conflicts
    assert "cumulative figures do not fall" in text


def test_kenya_june_2025_is_derived_and_the_sum_is_no_independent_check(
    client: TestClient,
) -> None:
    page = client.get("/missions/MSS-HTI?as_of=2025-06-30").text
    row = page.split('data-actor="KEN"')[1].split("</td>")[0]
    assert "~732" in row and "derived: 991 − (6 + 2 + 150 + 23 + 78) = 991 − 259" in _text(row)
    assert 'href="/facts/MSS-133"' in row
    note = "includes Kenya's derived ~732: not an independent check of the reported 991"
    assert note in _text(page)
    assert "Why this figure" in page and "Series rule" in page
    country = client.get("/countries/KEN?mission=MSS-HTI&as_of=2025-06-30").text
    assert "derived: 991" in _text(country) and 'href="/facts/MSS-133"' in country
    assert 'href="/force/HTI?' in country
    fact = client.get("/facts/MSS-132").text
    assert 'id="derived"' in fact and 'href="/facts/MSS-133"' in fact


def test_a_level_plus_arrivals_is_a_derived_bound(client: TestClient) -> None:
    text = _text(client.get("/missions/MSS-HTI?as_of=2025-02-28").text)
    assert re.search(r"derived: [\d,]+ \+ [\d,]+ \(a bound\)", text), "600 + 144 (a bound)"


def test_outside_scope_facts_are_listed_and_left_out(client: TestClient) -> None:
    page = client.get("/missions/MSS-HTI?as_of=2025-06-30").text
    listed = _text(page.split('id="outside-scope-list"')[1].split("</ul>")[0])
    assert "US$40.7m" in listed and "not in totals" in listed and "HNP" in listed
    usa = _text(client.get("/countries/USA?mission=MSS-HTI&as_of=2025-06-30").text)
    assert "Wider than the mission (not in totals)" in usa


def test_gsf_never_says_zero_countries(client: TestClient) -> None:
    for as_of in ("2025-10-31", "2025-12-31", "2026-01-31", "2026-03-01", ""):
        page = client.get(f"/missions/GSF-HTI?as_of={as_of}").text
        text = _text(page)
        assert not re.search(r"\b0 (countries|country|donors)\b", text), as_of
    jan = client.get("/missions/GSF-HTI?as_of=2026-01-31").text
    assert "no country breakdown reported" in _text(jan)
    assert 'href="/force/HTI?' in jan.split('id="no-breakdown"')[1].split("</div>")[0]


def test_phases_and_source_pages_say_what_they_are(client: TestClient) -> None:
    page = client.get("/missions/MSS-HTI?as_of=2025-10-15").text
    phases = _text(page.split('id="phases"')[1].split("</div>")[0])
    for phase in ("authorized 2023-10-02", "deploying 2024-06-25", "transition 2025-09-30"):
        assert phase in phases
    assert 'aria-current="step"' in page and "Phase on 2025-10-15: transition" in phases
    src = client.get("/sources/S718c193989").text
    assert "this page (mirror) carries a report by Reuters (wire)" in _text(src)


def test_brief_shows_kinds_derivations_and_conflicts_across_dates(
    builtin_store: SqlStore,
) -> None:
    late = _text(render_brief(builtin_store, "MSS-HTI", date(2025, 6, 30)))
    assert "derived: 991 − (6 + 2 + 150 + 23 + 78) = 991 − 259" in late and "MSS-133" in late
    assert "not an independent check of the reported 991" in late
    assert "Wider than the mission (not in totals)" in late
    early = _text(render_brief(builtin_store, "MSS-HTI", date(2024, 6, 30)))
    assert "standing: US$300.0m" in early
    assert "a later report gives less: US$120.0m, teleSUR English [" in early
    assert "wire" in early and "copy of Reuters" in early
