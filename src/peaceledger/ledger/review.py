"""Review: a person decides what a candidate fact becomes.

Every decision is a new version of the fact (accept, reject, edit, pin), so the original
candidate — with the rule that produced it and its evidence — stays in the fact's history.
Writes name the version they were based on; if another reviewer got there first, the write is
refused with a `ConflictError` instead of silently overwriting their decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from ..data.catalogue import load_fx_table
from ..domain.dates import FuzzyDate
from ..domain.facts import Fact, fact_problems
from ..domain.vocab import Basis, Channel, Metric, PersonnelType, Qualifier, ReviewStatus, Scope
from ..errors import InputError, NotFoundError, Problem, ValidationError
from ..store.base import FactFilter, LedgerStore
from .builtin import known_names

EDITABLE = (
    "mission",
    "actor",
    "metric",
    "qualifier",
    "value",
    "unit",
    "personnel_type",
    "channel",
    "date_of_fact",
    "basis",
    "scope",
    "derived_from",
    "derivation",
    "note",
)


@dataclass(frozen=True)
class Decision:
    fact_id: str
    before: Fact
    after: Fact


def pending(
    store: LedgerStore, *, mission: str | None = None, source_id: str | None = None, limit: int = 0
) -> list[Fact]:
    """Candidates waiting for a decision, oldest report first."""
    flt = FactFilter(
        mission=mission,
        source_id=source_id,
        statuses=(ReviewStatus.CANDIDATE,),
        limit=limit or None,
    )
    return store.find_facts(flt)


def _parse_changes(changes: Mapping[str, str | None]) -> dict[str, object]:
    """Field values as the user typed them -> typed values; every bad field is reported."""
    out: dict[str, object] = {}
    problems: list[Problem] = []
    parsers = {
        "metric": Metric,
        "qualifier": Qualifier,
        "personnel_type": PersonnelType,
        "channel": Channel,
        "basis": Basis,
        "scope": Scope,
    }
    for name, raw in changes.items():
        if name not in EDITABLE:
            problems.append(
                Problem(name, f"not an editable field; editable: {', '.join(EDITABLE)}")
            )
            continue
        text = (raw or "").strip()
        try:
            if name in parsers:
                out[name] = parsers[name](text) if text else None
            elif name == "value":
                out[name] = Decimal(text.replace(",", "")) if text else None
            elif name == "date_of_fact":
                out[name] = FuzzyDate.parse(text) if text else None
            elif name == "actor":
                out[name] = text.upper() if len(text) == 3 else (text or None)
            elif name == "derived_from":
                out[name] = tuple(x for x in text.replace(",", " ").replace("|", " ").split())
            else:
                out[name] = text
        except (ValueError, InvalidOperation, InputError) as exc:
            problems.append(Problem(name, f"{text!r} is not valid: {exc}"))
    for required in ("metric", "qualifier", "mission", "unit", "basis", "scope"):
        if required in out and out[required] in (None, ""):
            problems.append(Problem(required, "cannot be empty"))
    if problems:
        raise ValidationError(f"{len(problems)} bad field(s); nothing was changed", "", problems)
    return out


def decide(
    store: LedgerStore,
    fact_id: str,
    status: ReviewStatus,
    *,
    by: str,
    note: str = "",
    changes: Mapping[str, str | None] | None = None,
    pin: bool | None = None,
    expected_version: int | None = None,
) -> Decision:
    """Record a review decision, optionally with edits, as the next version of the fact."""
    current = store.get_fact(fact_id)
    if current is None:
        raise NotFoundError("fact", fact_id)
    base = expected_version if expected_version is not None else current.version
    typed = _parse_changes(changes or {})
    after = replace(current, **typed)  # type: ignore[arg-type]
    if after.money is not None:
        when = after.date_of_fact
        if when is None:
            src = store.get_source(after.source_id)
            when = src.published if src else None
        after = replace(after, usd=load_fx_table().convert(after.money, when))
    elif not after.is_money:
        after = replace(after, usd=None)
    problems = fact_problems(after, known_names(store), where=fact_id)
    if problems:
        raise ValidationError("the edited fact is not valid; nothing was changed", "", problems)
    what = [f"{k}: {_show(getattr(current, k))} -> {_show(getattr(after, k))}" for k in typed]
    what = [w for w, k in zip(what, typed, strict=True) if getattr(current, k) != getattr(after, k)]
    summary = status.value + (f" with edits ({'; '.join(what)})" if what else "")
    after = after.next_version(
        status=status,
        pinned=current.pinned if pin is None else pin,
        recorded_by=by,
        recorded_at=datetime.now(UTC),
        change_note=f"{summary}{': ' + note if note else ''}",
    )
    after = replace(after, version=base + 1)
    store.add_fact_version(after, expected_version=base)
    return Decision(fact_id, current, after)


def _show(v: object) -> str:
    if v is None:
        return "(none)"
    if isinstance(v, FuzzyDate):
        return v.iso
    if isinstance(v, tuple):
        return " ".join(str(x) for x in v) or "(none)"
    return str(getattr(v, "value", v))
