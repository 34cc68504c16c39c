"""Accounts, roles, CSRF and limits through a real server on a real database (issue 7).

Each role's allowed and refused actions: an anonymous or viewer write is refused with 401/403
and changes nothing; a form post without the CSRF token is refused; a revoked token stops
working. Every test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
import pytest

from peaceledger.accounts import add_user, create_token
from peaceledger.config import Settings
from peaceledger.data import load_fx_table
from peaceledger.domain.accounts import Role
from peaceledger.ledger.builtin import known_names
from peaceledger.ledger.importing import import_file
from peaceledger.store.sql.store import SqlStore
from peaceledger.web import create_app

from .conftest import SEED_ARTICLE, SEED_PUBLISHED
from .live import serving

PASSWORD = "correct horse battery"


@dataclass
class Site:
    url: str
    store: SqlStore
    tokens: dict[str, str]

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)

    def counts(self) -> tuple[int, int, int]:
        c = self.store.table_counts()
        return c["sources"], c["facts"], c["fact_versions"]


def _one_fact(store: SqlStore, tmp: Path) -> None:
    csv = tmp / "facts.csv"
    csv.write_text(
        "fact_id,mission,actor,metric,value,date_of_fact,source_url,source_published\n"
        "T-1,MSS-HTI,KEN,personnel_deployed,400,2024-06-25,https://example.org/a,2024-06-26\n",
        encoding="utf-8",
    )
    import_file(store, csv, load_fx_table(), known_names(store), "test:seed")


def _site(store: SqlStore, tmp: Path, public: bool) -> Iterator[Site]:
    _one_fact(store, tmp)
    tokens: dict[str, str] = {}
    for role in Role:
        add_user(store, role.value, PASSWORD, role, by="test")
        tokens[role.value] = create_token(store, role.value, "t", None, by="test")[1]
    settings = Settings(db_url=store.url, data_dir=tmp, user="test:web", public=public)
    with serving(create_app(settings, store)) as url:
        yield Site(url, store, tokens)


@pytest.fixture
def site(store: SqlStore, tmp_path: Path) -> Iterator[Site]:
    """A server that requires an account to read."""
    yield from _site(store, tmp_path, public=False)


@pytest.fixture
def public_site(store: SqlStore, tmp_path: Path) -> Iterator[Site]:
    """A `serve --public` server: anonymous reads, writes need an editor."""
    yield from _site(store, tmp_path, public=True)


def login(site: Site, username: str) -> tuple[httpx.Client, str]:
    """A browser-like client logged in through the form; returns it with its CSRF token."""
    c = site.client()
    page = c.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token, page.text[:300]
    r = c.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token.group(1)},
    )
    assert r.status_code == 303, r.text[:300]
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    home = c.get("/facts/T-1")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', home.text)
    assert csrf, home.text[:500]
    return c, csrf.group(1)


INGEST = {"text": SEED_ARTICLE, "published": SEED_PUBLISHED}


# reading ---------------------------------------------------------------------------------------
def test_reading_needs_an_account_unless_public(site: Site) -> None:
    with site.client() as anon:
        assert anon.get("/api/v1/facts").status_code == 401
        page = anon.get("/facts")
        assert page.status_code == 303 and page.headers["location"].startswith("/login?next=")
        assert anon.get("/login").status_code == 200
        assert anon.get("/static/style.css").status_code == 200
    with site.client(site.tokens["viewer"]) as viewer:
        assert viewer.get("/api/v1/facts/T-1").status_code == 200
    with site.client("plt_not-a-real-token") as bad:
        r = bad.get("/api/v1/facts")
        assert r.status_code == 401 and "token" in r.json()["error"]


def test_public_reads_are_anonymous(public_site: Site) -> None:
    with public_site.client() as anon:
        assert anon.get("/api/v1/facts/T-1").status_code == 200
        assert anon.get("/facts/T-1").status_code == 200


# writing ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", [None, "viewer"])
def test_anonymous_and_viewer_writes_are_refused_and_change_nothing(
    public_site: Site, who: str | None
) -> None:
    before = public_site.counts()
    expected = 401 if who is None else 403
    with public_site.client(public_site.tokens[who] if who else None) as c:
        assert c.post("/api/v1/ingest", json=INGEST).status_code == expected
        r = c.post("/api/v1/review/T-1", json={"decision": "reject", "expected_version": 1})
        assert r.status_code == expected
        assert c.post("/api/v1/facts/T-1/revert", json={"to_version": 1}).status_code == expected
        form = c.post("/ingest", data=INGEST)
        assert form.status_code == expected
        assert (
            c.post("/review/T-1", data={"decision": "reject", "expected_version": "1"}).status_code
            == expected
        )
    assert public_site.counts() == before
    assert public_site.store.get_fact("T-1").version == 1  # type: ignore[union-attr]


def test_editor_token_writes_and_is_recorded(public_site: Site) -> None:
    with public_site.client(public_site.tokens["editor"]) as c:
        r = c.post("/api/v1/ingest", json=INGEST)
        assert r.status_code == 200, r.text
        fid = r.json()["documents"][0]["fact_ids"][0]
        ok = c.post(f"/api/v1/review/{fid}", json={"decision": "accept", "expected_version": 1})
        assert ok.status_code == 200 and ok.json()["fact"]["recorded_by"] == "web:editor"
        history = c.get(f"/api/v1/facts/{fid}/history").json()["entries"]
        assert [e["action"] for e in history] == ["ingest", "review"]
        assert history[1]["actor"] == "web:editor"
        assert history[1]["changes"]["status"] == {"before": "candidate", "after": "accepted"}
        # an editor may not revert: that is for admins
        assert c.post(f"/api/v1/facts/{fid}/revert", json={"to_version": 1}).status_code == 403


def test_stale_edit_is_409_and_loses_nothing(public_site: Site) -> None:
    with public_site.client(public_site.tokens["editor"]) as c:
        first = c.post(
            "/api/v1/review/T-1",
            json={"decision": "edit", "changes": {"value": "450"}, "expected_version": 1},
        )
        assert first.status_code == 200
        stale = c.post(
            "/api/v1/review/T-1",
            json={"decision": "edit", "changes": {"value": "500"}, "expected_version": 1},
        )
        assert stale.status_code == 409 and "version" in stale.json()["error"]
    fact = public_site.store.get_fact("T-1")
    assert fact is not None and fact.version == 2 and fact.value == 450


def test_admin_reverts_and_the_revert_is_recorded(public_site: Site) -> None:
    with public_site.client(public_site.tokens["admin"]) as c:
        c.post("/api/v1/review/T-1", json={"decision": "reject", "expected_version": 1})
        r = c.post("/api/v1/facts/T-1/revert", json={"to_version": 1, "note": "wrong call"})
        assert r.status_code == 200, r.text
        assert r.json()["status"] == "accepted" and r.json()["version"] == 3
        entries = c.get("/api/v1/facts/T-1/history").json()["entries"]
        assert [e["action"] for e in entries] == ["import", "review", "revert"]
        assert entries[2]["actor"] == "web:admin" and "revert to v1" in entries[2]["note"]
        page = c.get("/facts/T-1").text
        assert "revert to v1 by admin web:admin: wrong call" in page


def test_revoked_token_and_disabled_user_stop_working(public_site: Site) -> None:
    store = public_site.store
    token, secret = create_token(store, "editor", "short-lived", None, by="test")
    with public_site.client(secret) as c:
        assert c.post("/api/v1/review/T-1", json={"decision": "accept"}).status_code == 200
        store.revoke_token(token.token_id, by="test")
        assert c.post("/api/v1/review/T-1", json={"decision": "accept"}).status_code == 401
        assert c.get("/api/v1/facts").status_code == 401  # never downgraded to anonymous
    store.update_user("editor", by="test", disabled=True)
    with public_site.client(public_site.tokens["editor"]) as c:
        assert c.post("/api/v1/review/T-1", json={"decision": "accept"}).status_code == 401


def test_a_token_never_exceeds_its_users_role(public_site: Site) -> None:
    store = public_site.store
    _, secret = create_token(store, "admin", "for scripts", Role.EDITOR, by="test")
    with public_site.client(secret) as c:
        assert c.post("/api/v1/facts/T-1/revert", json={"to_version": 1}).status_code == 403
    store.update_user("admin", by="test", role=Role.VIEWER)
    with public_site.client(public_site.tokens["admin"]) as c:
        assert c.post("/api/v1/review/T-1", json={"decision": "accept"}).status_code == 403


# browser sessions and CSRF --------------------------------------------------------------------
def test_form_posts_need_the_csrf_token(public_site: Site) -> None:
    c, csrf = login(public_site, "editor")
    with closing(c):
        before = public_site.counts()
        assert c.post("/ingest", data=INGEST).status_code == 403
        assert c.post("/ingest", data={**INGEST, "csrf_token": "forged"}).status_code == 403
        r = c.post("/review/T-1", data={"decision": "reject", "expected_version": "1"})
        assert r.status_code == 403
        assert c.post("/api/v1/ingest", json=INGEST).status_code == 403  # cookie, no header
        assert public_site.counts() == before
        ok = c.post("/ingest", data={**INGEST, "csrf_token": csrf})
        assert ok.status_code == 303 and ok.headers["location"].startswith("/review?source=")
        page = c.get(ok.headers["location"]).text
        assert f'name="csrf_token" value="{csrf}"' in page
        fid = re.findall(r'action="/review/(C[0-9a-f]+)"', page)[0]
        done = c.post(
            f"/review/{fid}",
            data={"decision": "accept", "expected_version": "1", "csrf_token": csrf},
        )
        assert done.status_code == 303
        js = c.post(
            "/api/v1/review/T-1", json={"decision": "accept"}, headers={"X-CSRF-Token": csrf}
        )
        assert js.status_code == 200
    fact = public_site.store.get_fact(fid)
    assert fact is not None and fact.status.value == "accepted"
    assert fact.recorded_by == "web:editor"


def test_viewer_session_cannot_write_and_logout_ends_the_session(site: Site) -> None:
    c, csrf = login(site, "viewer")
    with closing(c):
        assert "viewer (viewer)" in c.get("/facts/T-1").text
        r = c.post(
            "/review/T-1", data={"decision": "reject", "expected_version": "1", "csrf_token": csrf}
        )
        assert r.status_code == 403
        cookie = c.cookies.get("peaceledger_session")
        assert c.post("/logout", data={"csrf_token": csrf}).status_code == 303
        # the old cookie is dead on the server, not just deleted in this browser
        c.cookies.set("peaceledger_session", cookie or "")
        assert c.get("/api/v1/facts").status_code == 401


def test_login_refuses_bad_passwords_forged_forms_and_rate_limits(site: Site) -> None:
    with site.client() as c:
        page = c.get("/login", params={"next": "https://evil.example/"})
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token is not None
        assert 'name="next" value="/"' in page.text  # no open redirect
        forged = c.post("/login", data={"username": "editor", "password": PASSWORD})
        assert forged.status_code == 403
        statuses = []
        for _ in range(6):
            r = c.post(
                "/login",
                data={
                    "username": "editor",
                    "password": "wrong password!",
                    "csrf_token": token.group(1),
                },
            )
            statuses.append(r.status_code)
            token = re.search(r'name="csrf_token" value="([^"]+)"', r.text)
            assert token is not None
        assert statuses == [401] * 5 + [429]
        right = c.post(
            "/login",
            data={"username": "editor", "password": PASSWORD, "csrf_token": token.group(1)},
        )
        assert right.status_code == 429 and int(right.headers["retry-after"]) > 0


# limits and fetching ---------------------------------------------------------------------------
def test_request_size_limit_and_private_urls(store: SqlStore, tmp_path: Path) -> None:
    _one_fact(store, tmp_path)
    add_user(store, "ed", PASSWORD, Role.EDITOR, by="test")
    _, secret = create_token(store, "ed", "t", None, by="test")
    settings = replace(
        Settings(db_url=store.url, data_dir=tmp_path, user="test:web"), max_request_bytes=10_000
    )
    with (
        serving(create_app(settings, store)) as url,
        httpx.Client(base_url=url, headers={"Authorization": f"Bearer {secret}"}, timeout=30) as c,
    ):
        big = c.post("/api/v1/ingest", json={"text": "x" * 20_000, "published": "2024"})
        assert big.status_code == 413
        for target in (
            "http://127.0.0.1:1/",
            "http://169.254.169.254/latest/meta-data",
            "file:///etc/passwd",
        ):
            r = c.post("/api/v1/ingest", json={"url": target, "published": "2024"})
            assert r.status_code == 422, (target, r.text)
        assert store.table_counts()["sources"] == 1
