"""The app in a real browser: Playwright drives Debian's chromium (`make test` installs it)
against a real uvicorn server on a free port. A screenshot of each page goes to
`test-artifacts/`."""

from __future__ import annotations

import csv
import io
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from peaceledger import open_ledger
from peaceledger.config import Settings
from peaceledger.web import create_app
from tests.conftest import ARTIFACTS

from .conftest import SEED_ARTICLE, SEED_PUBLISHED, XSS_ARTICLE

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`peaceledger serve` in a thread: uvicorn over a new SQLite ledger with the built-in data."""
    tmp = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{tmp / 'ledger.db'}"
    store = open_ledger(url)
    # issue 7: without accounts here; test_auth_browser.py logs in through the form
    settings = Settings(db_url=url, data_dir=tmp, user="test:browser", open_access=True)
    app = create_app(settings, store)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium", False)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(
        base_url=server, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    pg = context.new_page()
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def shot(pg: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)


def test_overview_date_picker_changes_the_figures(page: Any) -> None:
    page.goto("/missions/MSS-HTI?as_of=2025-06-30")
    deployed = page.locator('[data-figure="deployed"]')
    assert deployed.inner_text() == "991"
    assert page.locator("figure.chart svg").count() >= 2
    shot(page, "overview")
    page.fill("#as_of", "2024-07-01")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**as_of=2024-07-01**")
    assert page.locator("#as-of-shown").inner_text() == "2024-07-01"
    assert deployed.inner_text() != "991"
    shot(page, "overview-2024-07-01")
    assert not page.errors


def test_open_a_country_then_a_fact(page: Any) -> None:
    page.goto("/missions/MSS-HTI?as_of=2025-06-30")
    page.locator("#contributors-table").get_by_role("link", name="Kenya").click()
    page.wait_for_url("**/countries/KEN**")
    assert "Kenya" in page.locator("h1").inner_text()
    shot(page, "country-KEN")
    page.locator("table a[href^='/facts/MSS-']").first.click()
    page.wait_for_url("**/facts/MSS-**")
    assert page.get_by_role("heading", name="History").is_visible()
    shot(page, "fact")


def test_paste_the_seed_article_and_accept_a_candidate_by_keyboard(page: Any) -> None:
    page.goto("/ingest")
    shot(page, "ingest")
    page.fill("#text", SEED_ARTICLE)
    page.fill("#published", SEED_PUBLISHED)
    page.get_by_role("button", name="Store and find figures").click()
    page.wait_for_url("**/review?source=**")
    items = page.locator("#candidates li[data-fact]")
    n = items.count()
    assert n > 0
    shot(page, "review")
    first = items.first.get_attribute("data-fact")
    page.keyboard.press("a")  # the first candidate is selected on load
    page.locator(f"#c-{first}").wait_for(state="detached")
    status = page.request.get(f"/api/v1/facts/{first}").json()["fact"]["status"]
    assert status == "accepted"
    assert page.locator("#candidates li[data-fact]").count() == n - 1
    page.keyboard.press("j")  # move to the next one, then reject it
    second = page.locator("#candidates li.current").get_attribute("data-fact")
    page.keyboard.press("r")
    page.locator(f"#c-{second}").wait_for(state="detached")
    assert page.request.get(f"/api/v1/facts/{second}").json()["fact"]["status"] == "rejected"
    assert not page.errors


def test_burden_calculator(page: Any) -> None:
    page.goto("/burden")
    page.fill("#budget", "100000000")
    page.fill("#period", "2025")
    page.fill("#us_cap", "25")
    page.select_option("#mission", "MSS-HTI")
    page.get_by_role("button", name="Calculate").click()
    page.wait_for_selector("#burden-table")
    rows = page.locator("#burden-table tbody tr")
    assert rows.count() == 193
    assert "USA" in rows.first.inner_text()
    page.get_by_role("button", name="Sort by iso3").click()  # sortable in the browser
    first = rows.first.inner_text()
    assert first.startswith(("AFG", "ZWE"))
    shot(page, "burden")


def test_download_a_csv(page: Any, tmp_path: Path) -> None:
    page.goto("/facts?mission=MSS-HTI&metric=personnel_pledged")
    shot(page, "facts")
    with page.expect_download() as info:
        page.locator("#exports").get_by_role("link", name="CSV").click()
    path = tmp_path / "facts.csv"
    info.value.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows[1][0].startswith("#") and len(rows) > 2
    assert {r[rows[0].index("metric")] for r in rows[2:]} == {"personnel_pledged"}


def test_search_sources(page: Any) -> None:
    page.goto("/search")
    page.fill("#q", "trust fund")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=trust**")
    assert page.locator("#results li a").count() > 0
    shot(page, "search")


def test_injected_markup_in_an_article_never_runs(page: Any) -> None:
    page.goto("/ingest")
    page.fill("#text", XSS_ARTICLE)
    page.fill("#published", "2024-07-17")
    page.select_option("#fmt", "text")
    page.get_by_role("button", name="Store and find figures").click()
    page.wait_for_url("**/review?source=**")
    source = page.url.split("source=")[1].split("&")[0]
    for url in (page.url, f"/sources/{source}"):
        page.goto(url)
        page.wait_for_timeout(300)
        assert page.evaluate("window.__xss") is None
        assert page.locator("img[src='x']").count() == 0
        assert page.dialogs == []
    article = page.locator("#article").inner_text()
    assert '<script>window.__xss = 1; alert("xss")</script>' in article
    assert "onerror=" in article
    shot(page, "source-xss")
