"""`peaceledger ingest` and `peaceledger review`."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the ingestion and review commands to the root app."""
