"""Missions and the succession between them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Mission:
    code: str
    """Stable code such as `MSS-HTI`; the suffix is the host's ISO 3166 alpha-3."""
    name: str
    host: str
    resolutions: tuple[str, ...]
    start: date | None
    end: date | None
    lead: str | None
    predecessor: str | None = None
    successor: str | None = None
    description: str = ""

    def active_on(self, d: date) -> bool:
        return (self.start is None or self.start <= d) and (self.end is None or d <= self.end)
