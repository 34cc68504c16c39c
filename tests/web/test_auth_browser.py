"""Accounts in a real browser (issue 7): Chromium logs in through the form, ingests and
accepts with the forms (their hidden CSRF fields), sees the audit log, and logs out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from peaceledger import open_ledger
from peaceledger.accounts import add_user
from peaceledger.config import Settings
from peaceledger.domain.accounts import Role
from peaceledger.web import create_app

from .conftest import SEED_ARTICLE, SEED_PUBLISHED
from .live import serving

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("auth-browser")
    url = f"sqlite:///{tmp / 'ledger.db'}"
    store = open_ledger(url)
    add_user(store, "eve", PASSWORD, Role.EDITOR, by="test")  # type: ignore[arg-type]
    with serving(create_app(Settings(db_url=url, data_dir=tmp, user="test:web"), store)) as base:
        yield base
    store.close()


@pytest.fixture
def page(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium", False)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(base_url=server)
        pg = context.new_page()
        pg.errors = []
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))
        yield pg
        context.close()
        browser.close()


def test_log_in_ingest_accept_and_log_out(page: Any) -> None:
    page.goto("/ingest")
    page.wait_for_url("**/login?next=/ingest")
    page.fill("#username", "eve")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/ingest")
    assert page.locator("#whoami").inner_text() == "eve (editor)"
    page.fill("#text", SEED_ARTICLE)
    page.fill("#published", SEED_PUBLISHED)
    page.get_by_role("button", name="Store and find figures").click()
    page.wait_for_url("**/review?source=**")
    first = page.locator("#candidates li[data-fact]").first.get_attribute("data-fact")
    page.keyboard.press("a")  # review.js clicks the form's Accept button: the CSRF field goes too
    page.locator(f"#c-{first}").wait_for(state="detached")
    page.goto(f"/facts/{first}")
    audit = page.locator("#audit").inner_text()
    assert "web:eve" in audit and "review" in audit and "ingest" in audit
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login")
    page.goto(f"/facts/{first}")
    page.wait_for_url("**/login?next=**")
    assert not page.errors
