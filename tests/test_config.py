"""`Settings`: resolution from flags and environment, and the JSON form `serve --workers`
hands to its worker processes."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

import pytest

from peaceledger.config import Settings
from peaceledger.errors import InputError

ENVIRON = {
    "PEACELEDGER_LOAD_BUILTIN": "0",
    "PEACELEDGER_PAGE_SIZE": "25",
    "PEACELEDGER_MAX_ROWS": "500",
    "PEACELEDGER_USER": "cli:someone",
    "PEACELEDGER_PUBLIC": "yes",
    "PEACELEDGER_ALLOW_PRIVATE_URLS": "1",
    "PEACELEDGER_MAX_REQUEST_BYTES": "1000",
    "PEACELEDGER_SECURE_COOKIES": "true",
    "PEACELEDGER_CACHE_MB": "7",
    "PEACELEDGER_STALE_DAYS": "45",
}


def assert_same(a: Settings, b: Settings) -> None:
    """Every field equal and of the same type (`==` alone skips `origins`)."""
    for f in fields(Settings):
        x, y = getattr(a, f.name), getattr(b, f.name)
        assert x == y and type(x) is type(y), (f.name, x, y)


def test_resolved_settings_survive_the_json_round_trip(tmp_path: Path) -> None:
    flags = {"db_url": f"sqlite:///{tmp_path / 'x.db'}", "data_dir": tmp_path / "data"}
    settings = Settings.resolve(flags, ENVIRON)
    # every value differs from its default, so a field the JSON forgets would show
    defaults = Settings(db_url="", data_dir=Path())
    for f in fields(Settings):
        if f.name not in ("open_access",):
            assert getattr(settings, f.name) != getattr(defaults, f.name), f.name
    text = settings.to_json()
    assert set(json.loads(text)) == {f.name for f in fields(Settings)}
    again = Settings.from_json(text)
    assert again == settings
    assert_same(again, settings)
    assert again.origins["cache_mb"] == "environment (PEACELEDGER_CACHE_MB)"
    assert again.origins["db_url"] == "flag"
    assert again.describe() == settings.describe()
    assert Settings.from_json(again.to_json()).to_json() == text


@pytest.mark.parametrize(
    "settings",
    [
        Settings(db_url="sqlite:///ledger.db", data_dir=Path("relative/dir")),
        Settings(
            db_url="postgresql+psycopg://u:p%40ss@db:5432/ledger?options=-csearch_path%3Dx",
            data_dir=Path("/srv/ledger"),
            user="web:ünïcode",
            open_access=True,
            cache_mb=0,
            origins={"db_url": "flag"},
        ),
    ],
)
def test_built_settings_survive_the_json_round_trip(settings: Settings) -> None:
    again = Settings.from_json(settings.to_json())
    assert again == settings
    assert_same(again, settings)


def test_the_worker_app_gets_the_settings_serve_resolved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from peaceledger.web.app import SETTINGS_ENV, app_from_environment

    settings = Settings.resolve(
        {"db_url": f"sqlite:///{tmp_path / 'w.db'}", "data_dir": tmp_path, "public": True},
        {**ENVIRON, "PEACELEDGER_CACHE_MB": "3"},
    )
    monkeypatch.setenv(SETTINGS_ENV, settings.to_json())
    app = app_from_environment()
    try:
        assert_same(app.state.settings, settings)
        assert app.state.settings.public and app.state.settings.cache_mb == 3
    finally:
        app.state.store.close()


@pytest.mark.parametrize(
    ("value", "expected"), [("0", 0), ("1", 1), (" 64 ", 64), ("", 128), (None, 128)]
)
def test_cache_size(value: str | None, expected: int) -> None:
    environ = {} if value is None else {"PEACELEDGER_CACHE_MB": value}
    assert Settings.resolve({}, environ).cache_mb == expected


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("-1", "must be zero or more, got -1"),
        ("lots", "expected a whole number, got 'lots'"),
        ("1.5", "expected a whole number"),
    ],
)
def test_a_bad_cache_size_says_where_and_what(value: str, problem: str) -> None:
    with pytest.raises(InputError) as caught:
        Settings.resolve({}, {"PEACELEDGER_CACHE_MB": value})
    assert caught.value.where == "PEACELEDGER_CACHE_MB"
    assert problem in str(caught.value)
