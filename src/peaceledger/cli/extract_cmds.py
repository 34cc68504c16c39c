"""`peaceledger extract` and `peaceledger eval`."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the extraction commands to the root app."""
