"""The audit history of a fact, and reverting it to an earlier version.

The store writes an audit entry with every fact version (who, when, before, after, why), so
this module only reads them. A revert is not an undo: it is a new version whose content equals
the chosen older one, recorded like any other change ("revert to vN by admin ...").
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from ..domain.accounts import AuditEntry
from ..domain.facts import Fact
from ..errors import InputError, NotFoundError
from ..store.base import TrustedStore


def fact_audit(store: TrustedStore, fact_id: str) -> list[AuditEntry]:
    """Every recorded change of a fact, oldest first; `NotFoundError` for an unknown fact."""
    if store.get_fact(fact_id) is None:
        raise NotFoundError("fact", fact_id)
    return store.audit_entries("fact", fact_id)


def revert_fact(
    store: TrustedStore,
    fact_id: str,
    to_version: int,
    *,
    by: str,
    note: str = "",
    expected_version: int | None = None,
) -> Fact:
    """Record a new version with the content of version `to_version`. `expected_version`
    (default: the current one) guards against reverting over someone else's fresh change."""
    with store.transaction():
        current = store.get_fact(fact_id)
        if current is None:
            raise NotFoundError("fact", fact_id)
        versions = {v.version: v for v in store.fact_history(fact_id)}
        target = versions.get(to_version)
        if target is None:
            raise InputError(
                f"fact {fact_id} has versions 1 to {current.version}; no version {to_version}",
                "--to-version",
            )
        if to_version == current.version:
            raise InputError(f"version {to_version} is already the current one", "--to-version")
        base = expected_version if expected_version is not None else current.version
        change = f"revert to v{to_version} by admin {by}" + (f": {note}" if note else "")
        after = replace(
            target,
            version=base + 1,
            recorded_by=by,
            recorded_at=datetime.now(UTC),
            change_note=change,
        )
        store.add_fact_version(after, expected_version=base)
    return after


def audit_dict(entry: AuditEntry) -> dict[str, Any]:
    """One entry as the CLI's `--format json` and the API give it: the changed fields first."""
    return {
        "id": entry.entry_id,
        "at": entry.at.isoformat() if entry.at else None,
        "actor": entry.actor,
        "action": entry.action,
        "object_kind": entry.object_kind,
        "object_id": entry.object_id,
        "note": entry.note,
        "changes": {
            k: {"before": b, "after": a} for k, (b, a) in sorted(entry.changed_fields().items())
        },
        "before": entry.before,
        "after": entry.after,
    }
