"""The web edge: server-rendered pages and the JSON API over the ledger services."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
