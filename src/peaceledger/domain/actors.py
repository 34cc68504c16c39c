"""States and organisations that pledge, deploy, pay or speak."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NewType

from .vocab import ActorKind

ActorCode = NewType("ActorCode", str)
"""ISO 3166-1 alpha-3 for a state (`KEN`), a short upper-case code for an organisation (`EU`)."""


@dataclass(frozen=True)
class Alias:
    """Another way the press names an actor: a demonym, a capital, an institution, a leader."""

    text: str
    kind: str
    """name, short_name, demonym, capital, seat, institution, leader, alias"""
    valid_from: date | None = None
    valid_to: date | None = None
    source: str = ""

    def valid_on(self, d: date | None) -> bool:
        if d is None:
            return True
        return (self.valid_from is None or self.valid_from <= d) and (
            self.valid_to is None or d <= self.valid_to
        )


@dataclass(frozen=True)
class Actor:
    code: ActorCode
    kind: ActorKind
    name: str
    un_member: bool = False
    un_admission: date | None = None
    aliases: tuple[Alias, ...] = field(default=(), compare=False)

    @property
    def is_state(self) -> bool:
        return self.kind is ActorKind.STATE
