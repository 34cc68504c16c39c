"""Dated things without a figure to track; they belong on every timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from .dates import FuzzyDate
from .vocab import EventKind


@dataclass(frozen=True)
class Event:
    event_id: str
    mission: str
    actor: str | None
    date_of_event: FuzzyDate
    kind: EventKind
    description: str
    source_id: str
    value: Decimal | None = None
    unit: str = ""
    recorded_by: str = ""
    recorded_at: datetime | None = None
