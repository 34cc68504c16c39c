"""Settings, resolved once at the edge: flags win over `PEACELEDGER_*` variables, which win over
defaults. Every value remembers where it came from, for `peaceledger config show`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import InputError

APP_NAME = "peaceledger"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class Settings:
    db_url: str
    """SQLAlchemy URL; default: a SQLite file in the user's data directory."""
    data_dir: Path
    load_builtin: bool = True
    """Load the built-in MSS Haiti dataset into a new, empty database."""
    page_size: int = 100
    max_rows: int = 10_000
    user: str = ""
    """Who is recorded as having made a change (CLI: the login name)."""
    origins: Mapping[str, str] = field(default_factory=dict, compare=False)
    # issue 7: trust. See docs/trust.md.
    public: bool = False
    """Web: anyone may read without logging in (`serve --public`); writes still need an editor."""
    allow_private_urls: bool = False
    """Fetch URLs on loopback, private and link-local addresses (refused by default: SSRF)."""
    max_request_bytes: int = 24 * 1024 * 1024
    """Web: a request body larger than this is refused with 413 before it is read."""
    secure_cookies: bool = False
    """Web: always mark cookies Secure (behind a TLS proxy); they are whenever the URL is https."""
    cache_mb: int = 128
    """Web: memory for the read API's response cache, per server process; 0 turns it off."""
    stale_days: int = 60
    """Arrivals more than this many days after the last strength report are not added to it."""
    open_access: bool = False
    """Web without accounts (every visitor may write). Code only (tests, embedding): no flag
    or variable sets it."""

    @classmethod
    def resolve(cls, flags: Mapping[str, Any], environ: Mapping[str, str]) -> Settings:
        origins: dict[str, str] = {}

        def pick(name: str, env: str, default: Any) -> Any:
            if flags.get(name) is not None:
                origins[name] = "flag"
                return flags[name]
            if environ.get(env):
                origins[name] = f"environment ({env})"
                return environ[env]
            origins[name] = "default"
            return default

        data_dir = Path(pick("data_dir", "PEACELEDGER_DATA_DIR", None) or default_data_dir())
        db_url = pick("db_url", "PEACELEDGER_DB", None)
        if db_url is None:  # an empty --db stays empty, and is refused when the ledger opens
            db_url = f"sqlite:///{data_dir / 'peaceledger.db'}"
        load_builtin = _boolean(
            pick("load_builtin", "PEACELEDGER_LOAD_BUILTIN", True), "PEACELEDGER_LOAD_BUILTIN"
        )
        page_size = _positive(
            pick("page_size", "PEACELEDGER_PAGE_SIZE", 100), "PEACELEDGER_PAGE_SIZE"
        )
        max_rows = _positive(
            pick("max_rows", "PEACELEDGER_MAX_ROWS", 10_000), "PEACELEDGER_MAX_ROWS"
        )
        user = pick("user", "PEACELEDGER_USER", None) or _login_name()
        # issue 7: trust settings (docs/trust.md)
        public = _boolean(pick("public", "PEACELEDGER_PUBLIC", False), "PEACELEDGER_PUBLIC")
        allow_private = _boolean(
            pick("allow_private_urls", "PEACELEDGER_ALLOW_PRIVATE_URLS", False),
            "PEACELEDGER_ALLOW_PRIVATE_URLS",
        )
        max_request = _positive(
            pick("max_request_bytes", "PEACELEDGER_MAX_REQUEST_BYTES", 24 * 1024 * 1024),
            "PEACELEDGER_MAX_REQUEST_BYTES",
        )
        secure = _boolean(
            pick("secure_cookies", "PEACELEDGER_SECURE_COOKIES", False),
            "PEACELEDGER_SECURE_COOKIES",
        )
        cache_mb = _positive(
            pick("cache_mb", "PEACELEDGER_CACHE_MB", 128), "PEACELEDGER_CACHE_MB", zero=True
        )
        stale_days = _positive(
            pick("stale_days", "PEACELEDGER_STALE_DAYS", 60), "PEACELEDGER_STALE_DAYS", zero=True
        )
        return cls(
            str(db_url),
            data_dir,
            load_builtin,
            page_size,
            max_rows,
            str(user),
            origins,
            public=public,
            allow_private_urls=allow_private,
            max_request_bytes=max_request,
            secure_cookies=secure,
            cache_mb=cache_mb,
            stale_days=stale_days,
        )

    def to_json(self) -> str:
        """For another process of the same program (`serve --workers`): every value as resolved."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["data_dir"] = str(self.data_dir)
        values["origins"] = dict(self.origins)
        return json.dumps(values)

    @classmethod
    def from_json(cls, text: str) -> Settings:
        values = json.loads(text)
        values["data_dir"] = Path(values["data_dir"])
        return cls(**values)

    def describe(self) -> list[tuple[str, str, str]]:
        """(name, value, where it came from) for every setting."""
        return [
            (f.name, str(getattr(self, f.name)), self.origins.get(f.name, "default"))
            for f in fields(self)
            if f.name != "origins"
        ]


def _boolean(value: Any, where: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise InputError(f"expected true or false, got {value!r}", where)


def _positive(value: Any, where: str, zero: bool = False) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise InputError(f"expected a whole number, got {value!r}", where) from None
    if n < 0 or (n == 0 and not zero):
        raise InputError(f"must be {'zero or more' if zero else 'positive'}, got {n}", where)
    return n


def _login_name() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"
