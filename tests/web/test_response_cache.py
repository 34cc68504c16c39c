"""The read API's response cache (`web/cache.py`) through a real server on a real database.

A repeated GET is a hit with the same body and a strong ETag (304 on `If-None-Match`, HEAD
from the same entry); a write made by another process (the real CLI in a subprocess) makes the
next GET a miss with the new content; the cache answers only whom the app would answer; exports,
the review queue and errors are never hits; `cache_mb=0` turns it off; memory stays within
`cache_mb`. Every test that writes runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from peaceledger.accounts import add_user, create_token
from peaceledger.config import Settings
from peaceledger.data import load_fx_table
from peaceledger.domain.accounts import Role
from peaceledger.ledger.builtin import known_names
from peaceledger.ledger.importing import import_file
from peaceledger.store.sql.store import SqlStore
from peaceledger.web import create_app
from peaceledger.web.cache import ResponseCache
from tests.conftest import run_cli

from .live import serving
from .test_auth import PASSWORD, Site, login

AS_OF = "2025-01-01"
STATE = f"/api/v1/missions/MSS-HTI/state?as_of={AS_OF}"
HEADER = "fact_id,mission,actor,metric,value,date_of_fact,source_url,source_published,status\n"
SEED = (
    "T-1,MSS-HTI,KEN,personnel_deployed,400,2024-06-25,https://example.org/a,2024-06-26,accepted\n"
    "C-1,MSS-HTI,KEN,personnel_deployed,600,2024-09-01,https://example.org/b,2024-09-02,candidate\n"
)
LATER = (
    "T-3,MSS-HTI,KEN,personnel_deployed,700,2024-10-01,https://example.org/c,2024-10-02,accepted\n"
)


@dataclass
class Served:
    site: Site
    app: FastAPI
    db: str
    """The same database as a URL the CLI takes, for writes from another process."""
    tmp: Path

    def client(self, token: str | None = None) -> httpx.Client:
        return self.site.client(token)

    def cli(self, *args: str) -> None:
        done = run_cli(*args, db=self.db, env={"PEACELEDGER_USER": "cli:other-process"})
        assert done.returncode == 0, done.stderr

    def cli_import(self, rows: str) -> None:
        self.cli("import", str(facts_csv(self.tmp, rows)))

    def store_import(self, rows: str) -> None:
        """The same write in this process (where who writes does not matter)."""
        import_rows(self.site.store, self.tmp, rows)

    def cache(self) -> ResponseCache:
        layer: Any = self.app.middleware_stack
        while not isinstance(layer, ResponseCache):
            layer = layer.app
        return layer


def facts_csv(tmp: Path, rows: str) -> Path:
    path = tmp / f"facts-{len(list(tmp.glob('facts-*.csv')))}.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def import_rows(store: SqlStore, tmp: Path, rows: str) -> None:
    import_file(store, facts_csv(tmp, rows), load_fx_table(), known_names(store), "test:seed")


def cli_url(store: SqlStore) -> str:
    """`store`'s database for a CLI subprocess (PostgreSQL: its schema as the search path)."""
    if store.schema is None:
        return store.url
    sep = "&" if "?" in store.url else "?"
    return f"{store.url}{sep}options=-csearch_path%3D{store.schema}"


@contextmanager
def serve(store: SqlStore, tmp: Path, **settings: Any) -> Iterator[Served]:
    """A real uvicorn server over `store` with two facts and an account of each role."""
    import_rows(store, tmp, SEED)
    tokens: dict[str, str] = {}
    for role in Role:
        add_user(store, role.value, PASSWORD, role, by="test")
        tokens[role.value] = create_token(store, role.value, "t", None, by="test")[1]
    app = create_app(Settings(db_url=store.url, data_dir=tmp, user="test:web", **settings), store)
    with serving(app) as url:
        yield Served(Site(url, store, tokens), app, cli_url(store), tmp)


@pytest.fixture
def public(store: SqlStore, tmp_path: Path) -> Iterator[Served]:
    with serve(store, tmp_path, public=True) as s:
        yield s


@pytest.fixture
def private(store: SqlStore, tmp_path: Path) -> Iterator[Served]:
    with serve(store, tmp_path) as s:
        yield s


def kenya_deployed(body: dict[str, Any]) -> int:
    ken = next(a for a in body["actors"] if a["actor"] == "KEN")
    return int(ken["personnel_deployed"]["value"])


# hits, validators, HEAD --------------------------------------------------------------------
def test_a_repeated_get_is_a_hit_with_the_same_body(public: Served) -> None:
    with public.client() as c:
        first = c.get(STATE)
        assert first.status_code == 200 and first.headers["x-cache"] == "miss"
        assert kenya_deployed(first.json()) == 400
        etag = first.headers["etag"]
        assert etag.startswith('"') and etag.endswith('"')  # strong
        assert first.headers["cache-control"] == "no-cache"
        assert first.headers["content-type"].startswith("application/json")
        assert "content-security-policy" in first.headers  # the app's own headers are kept
        second = c.get(STATE)
        assert second.status_code == 200 and second.headers["x-cache"] == "hit"
        assert second.content == first.content and second.headers["etag"] == etag
        assert int(second.headers["content-length"]) == len(first.content)
        assert "content-security-policy" in second.headers

        for tags in (etag, f"W/{etag}", f'"other", {etag}', "*"):
            r = c.get(STATE, headers={"If-None-Match": tags})
            assert r.status_code == 304 and r.content == b"", tags
            assert r.headers["etag"] == etag and r.headers["x-cache"] == "hit"
        stale = c.get(STATE, headers={"If-None-Match": '"not-this-one"'})
        assert stale.status_code == 200 and stale.content == first.content

        head = c.head(STATE)
        assert head.status_code == 200 and head.content == b""
        assert head.headers["x-cache"] == "hit" and head.headers["etag"] == etag
        assert int(head.headers["content-length"]) == len(first.content)
        # another query string is another entry
        other = c.get(f"/api/v1/missions/MSS-HTI/state?as_of={AS_OF}&known_at=2024-07-01")
        assert other.headers["x-cache"] == "miss" and other.content != first.content


def test_head_before_any_get_answers_as_it_will_afterwards(public: Served) -> None:
    with public.client() as c:
        cold = c.head("/api/v1/facts/T-1")
        warm = c.head("/api/v1/facts/T-1")
        got = c.get("/api/v1/facts/T-1")
    assert cold.status_code == warm.status_code == got.status_code == 200
    assert cold.content == warm.content == b""
    assert warm.headers["x-cache"] == got.headers["x-cache"] == "hit"
    assert cold.headers["etag"] == warm.headers["etag"] == got.headers["etag"]
    assert int(cold.headers["content-length"]) == len(got.content)


def test_every_cacheable_route_gives_hits(public: Served) -> None:
    source = public.site.store.get_fact("T-1")
    assert source is not None
    urls = [
        "/api/v1/missions",
        "/api/v1/missions/MSS-HTI",
        STATE,
        "/api/v1/missions/MSS-HTI/timeline?actor=KEN",
        "/api/v1/facts",
        "/api/v1/facts?mission=MSS-HTI&limit=1",
        "/api/v1/facts/T-1",
        "/api/v1/sources",
        f"/api/v1/sources/{source.source_id}",
        "/api/v1/actors",
    ]
    with public.client() as c:
        for url in urls:
            first, second = c.get(url), c.get(url)
            assert first.status_code == 200, (url, first.text[:200])
            assert (first.headers["x-cache"], second.headers["x-cache"]) == ("miss", "hit"), url
            assert second.content == first.content, url


# writes by another process -------------------------------------------------------------------
def test_a_write_by_another_process_is_seen_at_once(public: Served) -> None:
    with public.client() as c:
        before = c.get(STATE)
        assert c.get(STATE).headers["x-cache"] == "hit"
        candidate = c.get("/api/v1/facts/C-1")
        assert candidate.json()["fact"]["status"] == "candidate"

        public.cli("review", "accept", "C-1", "--note", "checked")  # a new fact version
        after = c.get(STATE)
        assert after.headers["x-cache"] == "miss" and kenya_deployed(after.json()) == 600
        assert after.headers["etag"] != before.headers["etag"]
        # the old validator no longer matches: the new body, not a 304
        revalidated = c.get(STATE, headers={"If-None-Match": before.headers["etag"]})
        assert revalidated.status_code == 200 and revalidated.content == after.content
        assert c.get(STATE).headers["x-cache"] == "hit"
        accepted = c.get("/api/v1/facts/C-1")
        assert accepted.headers["x-cache"] == "miss"
        assert accepted.json()["fact"]["status"] == "accepted"

        public.cli_import(LATER)  # new facts and a new source
        latest = c.get(STATE)
        assert latest.headers["x-cache"] == "miss" and kenya_deployed(latest.json()) == 700
        assert "T-3" in {f["fact_id"] for f in c.get("/api/v1/facts").json()["facts"]}

        public.cli("retract", "T-3", "--note", "withdrawn")
        assert kenya_deployed(c.get(STATE).json()) == 600
        assert c.get("/api/v1/facts/T-3").json()["fact"]["status"] == "retracted"


def test_a_renamed_actor_is_in_the_next_answer(public: Served) -> None:
    """Actor names are re-read when the ledger's version changes, not once a minute: the
    60-second name cache this replaced put the old name into a freshly computed answer,
    which the response cache then kept until the next write."""
    from dataclasses import replace

    store = public.site.store
    with public.client() as c:
        first = c.get("/api/v1/facts?mission=MSS-HTI")
        assert {f["actor_name"] for f in first.json()["facts"]} == {"Kenya"}
        kenya = next(a for a in store.list_actors() if a.code == "KEN")
        store.upsert_actors([replace(kenya, name="Republic of Kenya")])
        after = c.get("/api/v1/facts?mission=MSS-HTI")
        assert after.headers["x-cache"] == "miss"
        assert {f["actor_name"] for f in after.json()["facts"]} == {"Republic of Kenya"}
        assert c.get("/api/v1/facts?mission=MSS-HTI").headers["x-cache"] == "hit"


def test_an_unrelated_write_revalidates_to_304(public: Served) -> None:
    """The ETag is the body's hash, not the version's: after a write that does not change this
    answer, a client's validator still matches (a miss answered with 304)."""
    url = "/api/v1/missions/GSF-HTI"
    with public.client() as c:
        first = c.get(url)
        public.cli("retract", "T-1")  # MSS-HTI, not GSF-HTI's mission record
        again = c.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.headers["x-cache"] == "miss"


# who gets a cached answer --------------------------------------------------------------------
def test_the_cache_answers_only_whom_the_app_would(private: Served) -> None:
    store = private.site.store
    token, secret = create_token(store, "viewer", "to revoke", None, by="test")
    with private.client(private.site.tokens["viewer"]) as viewer:
        cached = viewer.get(STATE)
        assert cached.status_code == 200 and cached.headers["x-cache"] == "miss"
        assert viewer.get(STATE).headers["x-cache"] == "hit"
        etag = cached.headers["etag"]
    with private.client(secret) as second_viewer:
        assert second_viewer.get(STATE).headers["x-cache"] == "hit"
    with private.client() as anon:
        for r in (anon.get(STATE), anon.get(STATE, headers={"If-None-Match": etag})):
            assert r.status_code == 401, r.text[:200]
            assert "x-cache" not in r.headers and "KEN" not in r.text
        head = anon.head(STATE)  # the app's own answer: its GET-only route refuses HEAD first
        assert head.status_code == 405 and "x-cache" not in head.headers
        assert anon.get(STATE).json()["error"] == "log in to read this ledger"
    with private.client("plt_not-a-real-token") as unknown:
        r = unknown.get(STATE)
        assert r.status_code == 401 and "token" in r.json()["error"]
        assert "x-cache" not in r.headers
    store.revoke_token(token.token_id, by="test")
    with private.client(secret) as revoked:
        for r in (revoked.get(STATE), revoked.get(STATE, headers={"If-None-Match": etag})):
            assert r.status_code == 401 and "token" in r.json()["error"]
            assert "x-cache" not in r.headers
    with httpx.Client(
        base_url=private.site.url, headers={"Authorization": "Basic dmlld2VyOng="}, timeout=30
    ) as basic:
        r = basic.get(STATE)
        assert r.status_code == 401 and "Bearer" in r.json()["error"]
    store.update_user("viewer", by="test", disabled=True)
    with private.client(private.site.tokens["viewer"]) as disabled:
        assert disabled.get(STATE).status_code == 401
    # a browser session of another viewer-or-better user is answered from the cache too
    browser, _ = login(private.site, "editor")
    with closing(browser):
        r = browser.get(STATE)
        assert r.status_code == 200 and r.headers["x-cache"] in ("hit", "miss")
        assert browser.get(STATE).headers["x-cache"] == "hit"


# what is never a hit ---------------------------------------------------------------------------
def test_exports_review_pages_and_errors_are_never_hits(public: Served) -> None:
    never = [
        ("/api/v1/facts?format=csv", 200),
        ("/api/v1/facts?mission=MSS-HTI&format=json", 200),
        ("/api/v1/facts?%66ormat=csv", 200),  # percent-encoded: still an export
        ("/api/v1/facts?mission=MSS-HTI&f%6Frmat=json", 200),
        ("/api/v1/review", 200),
        ("/api/v1/missions/NOPE/state?as_of=2025-01-01", 404),
        ("/api/v1/missions/NOPE", 404),
        ("/api/v1/facts/NOPE", 404),
        ("/api/v1/missions/MSS-HTI/state?as_of=yesterday", 422),
        ("/api/v1/facts?limit=0", 422),
        ("/missions/MSS-HTI", 200),
        ("/api/v1/openapi.json", 200),
    ]
    with public.client() as c:
        for url, status in never:
            answers = [c.get(url) for _ in range(3)]
            assert [r.status_code for r in answers] == [status] * 3, url
            assert all(r.headers.get("x-cache") != "hit" for r in answers), url
        first, second = c.get("/api/v1/facts?format=csv"), c.get("/api/v1/facts?format=csv")
        assert "x-cache" not in second.headers and second.content == first.content
        assert b"T-1" in second.content
        missing = c.get("/api/v1/facts/NOPE")
        assert missing.json()["error"] and "x-cache" not in missing.headers


def test_cache_off(store: SqlStore, tmp_path: Path) -> None:
    settings = Settings.resolve(
        {"db_url": store.url, "data_dir": tmp_path},
        {"PEACELEDGER_CACHE_MB": "0", "PEACELEDGER_PUBLIC": "1"},
    )
    assert settings.cache_mb == 0
    with serve(store, tmp_path, public=True, cache_mb=0) as s, s.client() as c:
        answers = [c.get(STATE) for _ in range(3)]
        assert all(r.status_code == 200 and "x-cache" not in r.headers for r in answers)
        assert len({r.content for r in answers}) == 1
        s.store_import(LATER)
        assert kenya_deployed(c.get(STATE).json()) == 700
        assert s.cache().hits == s.cache().misses == 0


@pytest.mark.parametrize("public", [True, False], ids=["anonymous", "token"])
def test_an_unavailable_database_is_a_503_as_without_the_cache(
    sqlite_template: Path, tmp_path: Path, public: bool
) -> None:
    """The cache asks the database for the version (and for a token's owner) before the app
    runs: when the database cannot be opened, the answer is still the app's own 503 with its
    JSON error, never a bare 500 or a reset connection. (SQLite: the file becomes a
    directory.)"""
    path = tmp_path / "ledger.db"
    shutil.copy(sqlite_template, path)
    store = SqlStore(f"sqlite:///{path}")
    try:
        with (
            serve(store, tmp_path, public=public) as s,
            s.client(None if public else s.site.tokens["viewer"]) as c,
        ):
            assert c.get(STATE).headers["x-cache"] == "miss"
            store.close()  # no pooled connection left: the next request opens the file again
            path.rename(tmp_path / "away.db")
            path.mkdir()
            for r in (c.get(STATE), c.get("/api/v1/facts/T-1"), c.get("/api/v1/review")):
                assert r.status_code == 503, r.text[:200]
                assert r.json()["error"].startswith("database error")
            path.rmdir()
            (tmp_path / "away.db").rename(path)
            back = c.get(STATE)
            assert back.status_code == 200 and kenya_deployed(back.json()) == 400
    finally:
        store.close()


# memory bound ----------------------------------------------------------------------------------
@pytest.fixture
def small_cache(builtin_store: SqlStore, tmp_path: Path) -> Iterator[Served]:
    """The built-in ledger (read only) behind a 1 MB cache: an entry may hold 128 KiB."""
    settings = Settings(
        db_url=builtin_store.url, data_dir=tmp_path, user="test:web", public=True, cache_mb=1
    )
    app = create_app(settings, builtin_store)
    with serving(app) as url:
        yield Served(Site(url, builtin_store, {}), app, cli_url(builtin_store), tmp_path)


def test_least_recently_used_entries_go_first(small_cache: Served) -> None:
    cache = small_cache.cache()
    pages = [f"/api/v1/facts?limit={n}" for n in range(90, 104)]  # ~80-90 KB each
    with small_cache.client() as c:
        bodies = {}
        for url in pages:
            r = c.get(url)
            assert r.status_code == 200 and r.headers["x-cache"] == "miss"
            assert 64 * 1024 < len(r.content) <= cache.max_entry, len(r.content)
            bodies[url] = r.content
            assert cache._size <= cache.max_bytes
        assert len(cache._entries) < len(pages)  # some went
        newest = c.get(pages[-1])
        assert newest.headers["x-cache"] == "hit" and newest.content == bodies[pages[-1]]
        oldest = c.get(pages[0])  # evicted: computed again, the same answer
        assert oldest.headers["x-cache"] == "miss" and oldest.content == bodies[pages[0]]
        assert c.get(pages[0]).headers["x-cache"] == "hit"
        assert cache._size <= cache.max_bytes
        assert cache._size == sum(len(e.body) for e in cache._entries.values())


def test_an_answer_larger_than_an_entry_is_never_stored(store: SqlStore, tmp_path: Path) -> None:
    rows = "".join(
        f"B-{i},MSS-HTI,KEN,personnel_deployed,{i},2024-07-01,https://example.org/b{i},2024-07-02,"
        "accepted\n"
        for i in range(250)
    )
    import_rows(store, tmp_path, rows)
    with serve(store, tmp_path, public=True, cache_mb=1) as s, s.client() as c:
        cache = s.cache()
        url = "/api/v1/facts?limit=1000"
        big = [c.get(url) for _ in range(3)]
        assert len(big[0].content) > cache.max_entry
        assert all(r.status_code == 200 and r.headers.get("x-cache") != "hit" for r in big)
        assert len({r.content for r in big}) == 1 and len(big[0].json()["facts"]) == 251
        assert cache._size == 0
        s.store_import(LATER)
        assert len(c.get(url).json()["facts"]) == 252


def test_concurrent_misses_compute_once(small_cache: Served) -> None:
    url = "/api/v1/missions/MSS-HTI/state?as_of=2025-06-30"
    barrier = threading.Barrier(8)
    answers: list[httpx.Response] = []
    lock = threading.Lock()

    def ask() -> None:
        with small_cache.client() as c:
            barrier.wait()
            r = c.get(url)
        with lock:
            answers.append(r)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(answers) == 8 and {r.status_code for r in answers} == {200}
    assert sorted(r.headers["x-cache"] for r in answers) == ["hit"] * 7 + ["miss"]
    assert len({r.content for r in answers}) == 1


# configuration ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("command", "value", "problem"),
    [
        (["config", "show"], "-1", "must be zero or more, got -1"),
        (["serve", "--port", "1"], "lots", "expected a whole number, got 'lots'"),
    ],
)
def test_a_bad_cache_size_is_refused(
    cli_db: str, value: str, problem: str, command: list[str]
) -> None:
    done = run_cli(*command, db=cli_db, env={"PEACELEDGER_CACHE_MB": value}, timeout=60)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "PEACELEDGER_CACHE_MB" in done.stderr and problem in done.stderr
    assert "Traceback" not in done.stderr
