"""`config show`: each setting, its value and where it came from."""

from __future__ import annotations

import typer

from . import render
from .main import state

config_app = typer.Typer(help="Show the resolved settings.", no_args_is_help=True)


@config_app.command()
def show(ctx: typer.Context) -> None:
    """Print every setting with its source: flag, environment or default."""
    for name, value, origin in state(ctx).settings.describe():
        render.console.print(f"{name:<14} {value}  [dim]({origin})[/dim]")
