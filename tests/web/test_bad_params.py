"""Every route answers bad input with a 4xx and a message naming the parameter; none with 500.

The cases cover each route of the app (a meta-test checks that no route is left out), with an
unknown mission, actor, fact or source, malformed dates, absurd page sizes and bad formats.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Route

from peaceledger.web import create_app

from .conftest import settings_for

M = "/missions/MSS-HTI"
A = "/api/v1"
GET_CASES: list[tuple[str, str]] = [
    # (url, a word the message must contain)
    (f"{A}/missions/NOPE", "NOPE"),
    (f"{A}/missions/NOPE/state", "mission"),
    (f"{A}/missions/MSS-HTI/state?as_of=2024-13-45", "as_of"),
    (f"{A}/missions/MSS-HTI/state?as_of=yesterday", "as_of"),
    (f"{A}/missions/MSS-HTI/state?known_at=2024-02-30", "known_at"),
    (f"{A}/missions/NOPE/timeline", "mission"),
    (f"{A}/missions/MSS-HTI/timeline?actor=XXX", "XXX"),
    (f"{A}/missions/MSS-HTI/timeline?metric=troops", "metric"),
    (f"{A}/missions/MSS-HTI/timeline?from=2025&to=2024", "from"),
    (f"{A}/facts?limit=1e9", "limit"),
    (f"{A}/facts?limit=1000000000", "limit"),
    (f"{A}/facts?limit=0", "limit"),
    (f"{A}/facts?limit=-5", "limit"),
    (f"{A}/facts?mission=NOPE", "mission"),
    (f"{A}/facts?actor=ZZZ", "ZZZ"),
    (f"{A}/facts?metric=nonsense", "metric"),
    (f"{A}/facts?status=maybe", "status"),
    (f"{A}/facts?from=2024-99", "from"),
    (f"{A}/facts?to=soon", "to"),
    (f"{A}/facts?from=2025&to=2024", "from"),
    (f"{A}/facts?known_at=x", "known_at"),
    (f"{A}/facts?cursor=garbage", "cursor"),
    (f"{A}/facts?cursor=2024-13-01|MSS-001", "cursor"),
    (f"{A}/facts?format=pdf", "format"),
    (f"{A}/facts/NOPE-1", "NOPE-1"),
    (f"{A}/sources?limit=1e9", "limit"),
    (f"{A}/sources?offset=-1", "offset"),
    (f"{A}/sources/S000", "S000"),
    (f"{A}/review?limit=1000000000", "limit"),
    (f"{A}/review?mission=NOPE", "mission"),
    (f"{A}/assess", "budget"),
    (f"{A}/assess?budget=-5", "budget"),
    (f"{A}/assess?budget=lots", "budget"),
    (f"{A}/assess?budget=1e30", "budget"),
    (f"{A}/assess?budget=1e8&period=2024-13", "period"),
    (f"{A}/assess?budget=1e8&us_cap=150", "us_cap"),
    (f"{A}/assess?budget=1e8&model=magic", "model"),
    (f"{A}/assess?budget=1e8&currency=XYZ", "currency"),
    (f"{A}/assess?budget=1e8&mission=NOPE", "mission"),
    (f"{A}/assess?budget=1e8&format=pdf", "format"),
    (f"{A}/nothing-here", "nothing-here"),
    ("/?as_of=2024-13-45", "as_of"),
    ("/missions/NOPE", "NOPE"),
    (f"{M}?as_of=2024-13-45", "as_of"),
    (f"{M}?known_at=tomorrow", "known_at"),
    (f"{M}/charts/pie.svg", "chart"),
    (f"{M}/charts/strength.gif", "chart"),
    ("/missions/NOPE/charts/strength.svg", "mission"),
    (f"{M}/charts/strength.svg?as_of=2024-02-30", "as_of"),
    ("/countries/ZZZ", "ZZZ"),
    ("/countries/KEN?mission=NOPE", "mission"),
    ("/countries/KEN?as_of=13/13/2024", "as_of"),
    ("/countries/ZZZ/charts/strength.svg", "ZZZ"),
    ("/countries/KEN/charts/bar.svg", "chart"),
    ("/facts?limit=1e9", "limit"),
    ("/facts?limit=1000000000", "limit"),
    ("/facts?mission=NOPE", "mission"),
    ("/facts?from=2024-99", "from"),
    ("/facts?format=pdf", "format"),
    ("/facts?cursor=%3Cscript%3E", "cursor"),
    ("/facts/NOPE-1", "NOPE-1"),
    ("/sources/S000", "S000"),
    ("/search?page=0", "page"),
    ("/search?page=1e9", "page"),
    ("/review?source=S000", "S000"),
    ("/review?mission=NOPE", "mission"),
    ("/review?limit=1e9", "limit"),
    ("/burden?budget=-1", "budget"),
    ("/burden?budget=1e8&sort=nothing", "sort"),
    ("/burden?budget=1e8&period=someday", "period"),
    ("/burden?budget=1e8&scale=imaginary", "scale"),
    ("/burden?budget=1e8&format=pdf", "format"),
    ("/burden/chart.svg", "budget"),
    ("/burden/chart.gif?budget=1e8", "chart"),
    ("/static/nothing.js", "not found"),
    # issue 6: statements and positions
    (f"{A}/statements?actor=ZZZ", "ZZZ"),
    (f"{A}/statements?status=maybe", "status"),
    (f"{A}/statements?subject=weather", "subject"),
    (f"{A}/statements?from=2025&to=2024", "from"),
    (f"{A}/statements?limit=0", "limit"),
    (f"{A}/statements?format=pdf", "format"),
    (f"{A}/statements?mission=NOPE", "mission"),
    (f"{A}/missions/NOPE/positions", "mission"),
    (f"{A}/missions/MSS-HTI/positions?status=maybe", "status"),
    ("/positions?mission=NOPE", "mission"),
    ("/positions?subject=weather", "subject"),
    ("/positions?to=soon", "to"),
    (f"{A}/facts/NOPE-1/history", "NOPE-1"),
    # issue 13: the force across missions, the state as CSV
    (f"{A}/missions/MSS-HTI/state?format=pdf", "format"),
    (f"{A}/forces/XXX/state", "XXX"),
    (f"{A}/forces/HTI/state?known_at=x", "known_at"),
    ("/force?as_of=2024-13-45", "as_of"),
    ("/force/XXX", "XXX"),
    ("/force/HTI?as_of=soon", "as_of"),
    ("/force/HTI/charts/pie.svg", "chart"),
    ("/force/XXX/charts/strength.svg", "XXX"),
]
POST_CASES: list[tuple[str, dict[str, object] | None, dict[str, str] | None, str]] = [
    # (url, JSON body, form body, a word the message must contain)
    (f"{A}/extract", {"text": "x"}, None, "published"),
    (f"{A}/extract", {"text": "", "published": "2024-07-17"}, None, "text"),
    (f"{A}/extract", {"text": "Kenya sent 200.", "published": "July"}, None, "published"),
    (f"{A}/extract", {"text": "Kenya", "published": "2024-07-17", "fmt": "pdf"}, None, "fmt"),
    (f"{A}/ingest", {"text": "Kenya sent 200 police."}, None, "published"),
    (f"{A}/ingest", {"published": "2024-07-17"}, None, "text"),
    (f"{A}/ingest", {"text": "a", "url": "https://x.example", "published": "2024"}, None, "one"),
    (f"{A}/ingest", {"url": "ftp://x.example/a", "published": "2024"}, None, "url"),
    (f"{A}/ingest", {"text": "Kenya", "published": "2024-02-30"}, None, "published"),
    (f"{A}/ingest", {"text": "Kenya", "published": "2024", "mission": "NOPE"}, None, "mission"),
    (f"{A}/review/NOPE-1", {"decision": "accept"}, None, "NOPE-1"),
    (f"{A}/review/MSS-001", {"decision": "maybe"}, None, "decision"),
    (f"{A}/review/MSS-001", {"decision": "accept", "expected_version": 0}, None, "version"),
    ("/ingest", None, {"text": "Kenya sent 200 police."}, "published"),
    ("/ingest", None, {"published": "2024-07-17"}, "text"),
    ("/ingest", None, {"text": "Kenya", "published": "2024", "mission": "NOPE"}, "mission"),
    ("/ingest", None, {"text": "Kenya", "published": "2024", "fmt": "pdf"}, "fmt"),
    ("/review/NOPE-1", None, {"decision": "accept", "expected_version": "1"}, "NOPE-1"),
    ("/review/MSS-001", None, {"decision": "maybe", "expected_version": "1"}, "decision"),
    ("/review/MSS-001", None, {"decision": "accept"}, "expected_version"),
    (f"{A}/facts/NOPE-1/revert", {"to_version": 1}, None, "NOPE-1"),
    (f"{A}/facts/MSS-001/revert", {"to_version": 0}, None, "to_version"),
    ("/facts/NOPE-1/revert", None, {"to_version": "1"}, "NOPE-1"),
]


@pytest.mark.parametrize(("url", "word"), GET_CASES, ids=[u for u, _ in GET_CASES])
def test_bad_get_parameters_are_4xx_with_a_clear_message(
    client: TestClient, url: str, word: str
) -> None:
    r = client.get(url)
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    if url.startswith("/api/"):
        body = r.json()
        assert word.lower() in (body["error"] + str(body.get("where"))).lower(), body
    else:
        assert r.headers["content-type"].startswith("text/html")
        assert word.lower() in r.text.lower(), r.text[:500]


@pytest.mark.parametrize(
    ("url", "payload", "form", "word"), POST_CASES, ids=[c[0] for c in POST_CASES]
)
def test_bad_post_bodies_are_4xx_with_a_clear_message(
    write_client: TestClient,
    url: str,
    payload: dict[str, object] | None,
    form: dict[str, str] | None,
    word: str,
) -> None:
    r = (
        write_client.post(url, json=payload)
        if payload is not None
        else write_client.post(url, data=form)
    )
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    text = r.text.lower()
    assert word.lower() in text, text[:500]


def _routes(app: FastAPI) -> Iterator[tuple[str, re.Pattern[str]]]:
    """Every route's path and pattern. FastAPI from 0.16x keeps an included router as one
    entry whose routes it resolves lazily; reading only `Route` entries then found none, and
    this sweep passed without checking anything."""
    for route in app.routes:
        if isinstance(route, Route):
            yield route.path, route.path_regex
        elif hasattr(route, "effective_route_contexts"):
            for ctx in route.effective_route_contexts():
                yield ctx.path, ctx.path_regex


NO_PARAMETERS = ("/", "/api/v1/openapi.json", "/api/v1/missions", "/api/v1/actors", "/ingest")
AUTH_PAGES = ("/login", "/logout")
"""The login form and logout: their bad input (bad password, no CSRF token, rate limit) is
what test_auth.py is about."""


def test_every_route_has_a_bad_parameter_case(builtin_store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A new route without a case here fails this test, so the sweep stays complete."""
    app = create_app(settings_for(builtin_store, tmp_path), builtin_store)
    covered = [u.split("?")[0] for u, _ in GET_CASES] + [c[0] for c in POST_CASES]
    routes = list(_routes(app))
    assert len(routes) > 30, "the sweep must see the app's routes"
    missing = [
        path
        for path, pattern in routes
        if path not in NO_PARAMETERS + AUTH_PAGES and not any(pattern.match(u) for u in covered)
    ]
    assert not missing, f"routes without a bad-parameter case: {missing}"
