"""`peaceledger check`: the consistency report over a ledger, and notes on why findings stand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from ..domain.check import PATTERNS, CheckNote, Finding, check_ledger
from ..domain.series import STALE_DAYS
from ..domain.vocab import ReviewStatus
from ..errors import InputError
from ..store.base import FactFilter, LedgerStore
from .query import require_mission


@dataclass(frozen=True)
class CheckReport:
    mission: str | None
    findings: list[Finding]

    @property
    def unexplained(self) -> list[Finding]:
        return [f for f in self.findings if not f.explained]

    def counts(self) -> dict[str, tuple[int, int]]:
        """pattern -> (findings, of which unexplained)."""
        return {
            p: (
                sum(1 for f in self.findings if f.pattern == p),
                sum(1 for f in self.unexplained if f.pattern == p),
            )
            for p in PATTERNS
        }


def run_check(
    store: LedgerStore, mission: str | None = None, stale_days: int = STALE_DAYS
) -> CheckReport:
    code = require_mission(store, mission).code if mission else None
    # every status: a derived figure's inputs must exist and be accepted
    facts = store.find_facts(FactFilter())
    accepted = {f.source_id for f in facts if f.status is ReviewStatus.ACCEPTED}
    sources = store.get_sources(accepted)
    findings = check_ledger(
        store.list_missions(),
        facts,
        sources,
        store.check_notes(),
        stale_days=stale_days,
        only_mission=code,
    )
    return CheckReport(code, findings)


def note_finding(store: LedgerStore, key: str, note: str, by: str) -> CheckNote:
    """Record why a finding stands. The key must be one `check` reports now, so a typo does
    not silently explain nothing."""
    key, note = key.strip(), note.strip()
    if not note:
        raise InputError("say why the finding stands", "note")
    known = {f.key for f in run_check(store).findings}
    if key not in known:
        raise InputError(
            f"no finding {key!r} in this ledger (run `peaceledger check` for the keys)", "key"
        )
    entry = CheckNote(key, note, by, datetime.now(UTC))
    store.set_check_note(entry)
    return entry
