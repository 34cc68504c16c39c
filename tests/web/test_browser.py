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


# issue 13: answers a journalist can quote ----------------------------------------------------
def test_us_pledge_mid_2024_with_its_kind_and_the_later_lower_report(page: Any) -> None:
    page.goto("/missions/MSS-HTI?as_of=2024-06-30")
    usa = page.locator("#money-table tr", has_text="United States")
    pledged = usa.locator('td[data-rung="funding_pledged"]').inner_text()
    assert pledged.startswith("US$300.0m") and "wire" in pledged and "Reuters" in pledged
    row = page.locator("#conflicts-table tr.across-dates", has_text="USA").inner_text()
    assert "Standing: US$300.0m" in row
    assert "a later report gives less: US$120.0m, teleSUR English, outlet" in row
    why = usa.locator("details.why")
    assert not why.locator("dl").first.is_visible()
    why.locator("summary").click()  # "why this figure" opens without JavaScript of ours
    reasons = why.inner_text()
    assert "cumulative" in reasons and "US$120.0m" in reasons and "outlet" in reasons
    shot(page, "issue13-us-pledge-2024-06-30")
    assert not page.errors


def test_kenya_june_2025_is_marked_derived_with_its_inputs(page: Any) -> None:
    page.goto("/missions/MSS-HTI?as_of=2025-06-30")
    cell = page.locator('#contributors-table td[data-actor="KEN"]')
    text = cell.inner_text()
    assert "~732" in text and "derived:" in text and "991 − 259" in text
    cards = page.locator("#headline-figures").inner_text()
    assert "not an independent check of the reported 991" in cards
    shot(page, "issue13-kenya-derived-2025-06-30")
    cell.get_by_role("link", name="MSS-133").click()
    page.wait_for_url("**/facts/MSS-133")
    assert "991" in page.locator("#fact-value").inner_text()
    assert not page.errors


def test_gsf_never_shows_zero_countries(page: Any) -> None:
    for as_of in ("2025-12-31", "2026-01-31", "2026-03-01"):
        page.goto(f"/missions/GSF-HTI?as_of={as_of}")
        main = page.locator("main").inner_text()
        assert "0 countries" not in main and "0 donors" not in main, as_of
    page.goto("/missions/GSF-HTI?as_of=2026-01-31")
    note = page.locator("#no-breakdown")
    assert "no country breakdown reported" in note.inner_text()
    shot(page, "issue13-gsf-no-breakdown")
    note.get_by_role("link").click()
    page.wait_for_url("**/force/HTI**")
    assert not page.errors


def test_force_page_shows_kenya_across_the_handover(page: Any) -> None:
    page.goto("/missions/MSS-HTI")
    assert "ended on 2026-02-06; figures as of its last day" in page.locator("#ended").inner_text()
    page.locator("header.site").get_by_role("link", name="Force across missions").click()
    page.wait_for_url("**/force/HTI")
    page.fill("#as_of", "2026-03-01")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**as_of=2026-03-01**")
    assert "MSS-HTI → GSF-HTI on 2026-02-06" in page.locator(".handover").inner_text()
    kenya = page.locator('#force-table tr[data-actor="KEN"]').inner_text()
    assert "MSS-HTI → GSF-HTI" in kenya and "~735" in kenya
    assert page.locator("figure.chart svg").count() == 1
    assert "handover" in page.locator("figure.chart svg").inner_html()
    shot(page, "issue13-force-HTI")
    assert not page.errors
