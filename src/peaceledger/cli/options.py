"""Options shared by many commands, as reusable `Annotated` types."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

import typer

from ..domain.dates import parse_fuzzy_date
from ..errors import InputError


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def parse_day(text: str | None, option: str, *, end: bool = False) -> date | None:
    """A day from an ISO date of any precision: the first day of the period, or the last
    with `end` (so `--to 2024` includes all of 2024)."""
    if text is None:
        return None
    try:
        d = parse_fuzzy_date(text)
    except InputError as exc:
        raise InputError(exc.problem, option) from None
    return d.end if end else d.start


FormatOpt = Annotated[
    Format, typer.Option("--format", "-f", help="Output: table (for people), json or csv.")
]
MissionOpt = Annotated[str, typer.Option("--mission", "-m", help="Mission code, e.g. MSS-HTI.")]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", help="The date the figures refer to (ISO 8601; default: today)."),
]
KnownAtOpt = Annotated[
    str | None,
    typer.Option("--known-at", help="Only what had been published by this date (ISO 8601)."),
]
ActorOpt = Annotated[
    str | None, typer.Option("--actor", "-a", help="ISO 3166 alpha-3 code (KEN) or UN, EU, ...")
]
FromOpt = Annotated[str | None, typer.Option("--from", help="Facts dated on or after (ISO 8601).")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Facts dated on or before (ISO 8601).")]
