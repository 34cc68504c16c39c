"""Response models of the statements API, for the OpenAPI document (issue 6). The bodies are
built by `ledger.statements_serialize`; nested statements stay loosely typed, with
`docs/positions.md` as the reference."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class _Out(BaseModel):
    model_config = ConfigDict(extra="allow")


class StatementList(_Out):
    statements: list[dict[str, Any]]


class PositionsOut(_Out):
    mission: str | None
    statuses: list[str]
    positions: list[dict[str, Any]]
    unattributed: int
    sources: dict[str, Any]
