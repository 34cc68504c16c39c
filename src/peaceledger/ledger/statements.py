"""Statement services: record, review, query, and the positions timeline.

Review works as for facts: every decision (accept, reject, an edit of the speaker, the actor,
the stance ...) is a new version naming the version it was based on, so the extractor's
suggestion and the reviewer's decision both stay in the history, and two reviewers cannot
silently overwrite each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from ..domain.dates import FuzzyDate
from ..domain.positions import Positions, positions_of
from ..domain.sources import Source
from ..domain.statements import (
    Speaker,
    SpeakerKind,
    Stance,
    Statement,
    StatementKind,
    Subject,
    statement_problems,
)
from ..domain.vocab import ReviewStatus
from ..errors import InputError, NotFoundError, Problem, StoreError, ValidationError
from ..store.base import LedgerStore, StatementFilter, StatementLedgerStore, StatementStore
from .builtin import known_names

EDITABLE = (
    "speaker_name",
    "speaker_role",
    "speaker_actor",
    "speaker_kind",
    "actor",
    "mission",
    "date",
    "kind",
    "subject",
    "stance",
    "condition",
    "note",
)


def statement_store(store: LedgerStore) -> StatementLedgerStore:
    """The store, as one that keeps statements (every `SqlStore` does)."""
    if not isinstance(store, StatementStore):
        raise StoreError("this ledger store does not keep statements")
    return store


@dataclass(frozen=True)
class StatementListing:
    statements: list[Statement]
    sources: dict[str, Source]


@dataclass(frozen=True)
class StatementDecision:
    statement_id: str
    before: Statement
    after: Statement


@dataclass(frozen=True)
class PositionsReport:
    positions: Positions
    sources: dict[str, Source]
    statuses: tuple[ReviewStatus, ...]


def record_statement(store: LedgerStore, st: Statement) -> None:
    """Store a new statement after checking it (a user entry or an import)."""
    known = known_names(store)
    problems = statement_problems(st, known.missions, known.actors, where=st.statement_id)
    if problems:
        raise ValidationError("the statement is not valid; nothing was stored", "", problems)
    statement_store(store).add_statement(st)


def list_statements(store: LedgerStore, flt: StatementFilter) -> StatementListing:
    sts = statement_store(store).find_statements(flt)
    return StatementListing(sts, store.get_sources({s.source_id for s in sts}))


def pending_statements(
    store: LedgerStore, *, mission: str | None = None, source_id: str | None = None, limit: int = 0
) -> list[Statement]:
    """Candidates waiting for a decision, in date order."""
    flt = StatementFilter(
        mission=mission,
        source_id=source_id,
        statuses=(ReviewStatus.CANDIDATE,),
        limit=limit or None,
    )
    return statement_store(store).find_statements(flt)


def statement_detail(store: LedgerStore, statement_id: str) -> tuple[Statement, list[Statement]]:
    ss = statement_store(store)
    st = ss.get_statement(statement_id)
    if st is None:
        raise NotFoundError("statement", statement_id)
    return st, ss.statement_history(statement_id)


def _parse(changes: Mapping[str, str | None]) -> dict[str, object]:
    out: dict[str, object] = {}
    problems: list[Problem] = []
    enums: dict[str, type[StatementKind] | type[Subject] | type[Stance] | type[SpeakerKind]] = {
        "kind": StatementKind,
        "subject": Subject,
        "stance": Stance,
        "speaker_kind": SpeakerKind,
    }
    for name, raw in changes.items():
        text = (raw or "").strip()
        if name not in EDITABLE:
            problems.append(Problem(name, f"not editable; editable: {', '.join(EDITABLE)}"))
            continue
        try:
            if name in enums:
                out[name] = enums[name](text)
            elif name == "date":
                out[name] = FuzzyDate.parse(text) if text else None
            elif name in ("actor", "speaker_actor"):
                out[name] = (text.upper() if len(text) == 3 else text) or None
            else:
                out[name] = text
        except (ValueError, InputError) as exc:
            problems.append(Problem(name, f"{text!r} is not valid: {exc}"))
    if problems:
        raise ValidationError(f"{len(problems)} bad field(s); nothing was changed", "", problems)
    return out


def _apply(st: Statement, typed: Mapping[str, object]) -> Statement:
    sp = st.speaker
    speaker = Speaker(
        name=str(typed.get("speaker_name", sp.name)),
        role=str(typed.get("speaker_role", sp.role)),
        actor=typed.get("speaker_actor", sp.actor),  # type: ignore[arg-type]
        kind=typed.get("speaker_kind", sp.kind),  # type: ignore[arg-type]
        text=sp.text,
    )
    if "speaker_name" in typed and "speaker_kind" not in typed and sp.kind is SpeakerKind.UNKNOWN:
        speaker = replace(speaker, kind=SpeakerKind.PERSON)  # a reviewer named the speaker
    rest = {k: v for k, v in typed.items() if not k.startswith("speaker_")}
    if rest.get("stance") not in (None, Stance.CONDITIONAL) and "condition" not in rest:
        rest["condition"] = ""
    return replace(st, speaker=speaker, **rest)  # type: ignore[arg-type]


def decide_statement(
    store: LedgerStore,
    statement_id: str,
    status: ReviewStatus,
    *,
    by: str,
    note: str = "",
    changes: Mapping[str, str | None] | None = None,
    expected_version: int | None = None,
) -> StatementDecision:
    """Record a review decision, optionally with edits, as the next version."""
    ss = statement_store(store)
    current = ss.get_statement(statement_id)
    if current is None:
        raise NotFoundError("statement", statement_id)
    base = expected_version if expected_version is not None else current.version
    after = _apply(current, _parse(changes or {}))
    known = known_names(store)
    problems = statement_problems(after, known.missions, known.actors, where=statement_id)
    if problems:
        raise ValidationError(
            "the edited statement is not valid; nothing was changed", "", problems
        )
    edited = sorted(k for k in (changes or {}) if k in EDITABLE)
    summary = status.value + (f" with edits ({', '.join(edited)})" if edited else "")
    after = replace(
        after,
        version=base + 1,
        status=status,
        recorded_by=by,
        recorded_at=datetime.now(UTC),
        change_note=f"{summary}{': ' + note if note else ''}",
    )
    ss.add_statement_version(after, expected_version=base)
    return StatementDecision(statement_id, current, after)


def positions(
    store: LedgerStore,
    *,
    mission: str | None,
    statuses: tuple[ReviewStatus, ...] = (ReviewStatus.ACCEPTED,),
    actor: str | None = None,
    subject: Subject | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> PositionsReport:
    """One row per actor: latest stance, its changes and the statements behind them. Only
    accepted statements by default: the reviewer decides what a position is."""
    flt = StatementFilter(
        mission=mission,
        actor=actor,
        statuses=statuses,
        subjects=(subject,) if subject else (),
        date_from=date_from,
        date_to=date_to,
    )
    sts = statement_store(store).find_statements(flt)
    return PositionsReport(
        positions_of(sts, mission=mission),
        store.get_sources({s.source_id for s in sts}),
        statuses,
    )
