"""Statement candidates of a document, ready to store beside its candidate facts.

Ingestion stores a source, its candidate facts and its candidate statements in one
transaction. Statement ids derive from the source and the evidence span (and the kind), so
ingesting or re-extracting the same text can never duplicate a statement.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from ..domain.dates import FuzzyDate
from ..domain.facts import KnownNames
from ..domain.statements import Statement, statement_problems
from ..domain.vocab import ReviewStatus
from ..extract.statements import extract_statements
from ..store.base import LedgerStore, StatementStore


def statement_id_for(source_id: str, st: Statement) -> str:
    """Stable: the same statement of the same source always gets the same id."""
    ev = st.evidence
    basis = "|".join(
        str(x) for x in (source_id, ev.start if ev else "", ev.end if ev else "", st.kind.value)
    )
    return "T" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:12]


def statement_candidates(
    text: str,
    published: FuzzyDate | None,
    source_id: str,
    by: str,
    known: KnownNames,
    mission: str | None = None,
) -> tuple[list[Statement], list[str]]:
    """Candidates with ids, source and recorder; those breaking a rule are left out with a
    warning (an unresolved speaker is not such a rule: it is kept for review)."""
    out: list[Statement] = []
    warnings: list[str] = []
    seen: set[str] = set()
    for st in extract_statements(text, published):
        st = replace(
            st,
            source_id=source_id,
            recorded_by=by,
            status=ReviewStatus.CANDIDATE,
            mission=mission or st.mission,
        )
        st = replace(st, statement_id=statement_id_for(source_id, st))
        if st.statement_id in seen:
            continue
        problems = statement_problems(
            st, known.missions, known.actors, where=f"statement {st.statement_id}"
        )
        if problems:
            warnings.extend(f"left out: {p}" for p in problems)
            continue
        seen.add(st.statement_id)
        out.append(st)
    return out, warnings


def store_statements(store: LedgerStore, items: list[Statement]) -> int:
    """Store candidates when the store keeps statements (a store that does not, such as a
    test double of `LedgerStore`, simply gets none)."""
    if not items or not isinstance(store, StatementStore):
        return 0
    return store.add_statements(items)
