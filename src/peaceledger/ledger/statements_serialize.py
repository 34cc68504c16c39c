"""Statements and positions as plain dicts: what `--format json` prints and the API returns,
so the CLI and the web cannot disagree."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..domain.positions import Position, Positions
from ..domain.sources import Source
from ..domain.statements import Statement
from .serialize import source_dict


def statement_dict(st: Statement, names: Mapping[str, str] | None = None) -> dict[str, Any]:
    names = names or {}
    sp, d, ev = st.speaker, st.date, st.evidence
    return {
        "statement_id": st.statement_id,
        "version": st.version,
        "mission": st.mission,
        "speaker": {
            "name": sp.name,
            "role": sp.role,
            "actor": sp.actor,
            "kind": sp.kind.value,
            "text": sp.text,
            "resolved": sp.resolved,
        },
        "actor": st.actor,
        "actor_name": names.get(st.actor or "", "") if st.actor else "",
        "date": d.iso if d else None,
        "date_precision": d.precision.label if d else None,
        "kind": st.kind.value,
        "subject": st.subject.value,
        "stance": st.stance.value,
        "condition": st.condition,
        "cues": list(st.cues),
        "source_id": st.source_id,
        "evidence": {"start": ev.start, "end": ev.end, "quote": ev.quote} if ev else None,
        "status": st.status.value,
        "note": st.note,
        "produced_by": st.produced_by,
        "confidence": st.confidence,
        "recorded_by": st.recorded_by,
        "recorded_at": st.recorded_at.isoformat() if st.recorded_at else None,
        "change_note": st.change_note,
    }


def position_dict(p: Position, names: Mapping[str, str] | None = None) -> dict[str, Any]:
    names = names or {}
    return {
        "actor": p.actor,
        "actor_name": names.get(p.actor, ""),
        "stance": p.stance.value,
        "condition": p.condition,
        "since": p.since.iso if p.since else None,
        "latest": p.latest.iso if p.latest else None,
        "trajectory": p.trajectory,
        "changes": [
            {
                "date": c.date.iso if c.date else None,
                "from": c.before.value if c.before else None,
                "to": c.after.value,
                "statement_id": c.statement_id,
            }
            for c in p.changes
        ],
        "by_subject": {s.value: st.value for s, st in p.by_subject},
        "statements": [statement_dict(s, names) for s in p.statements],
    }


def positions_dict(
    ps: Positions,
    sources: Mapping[str, Source],
    names: Mapping[str, str] | None = None,
    statuses: tuple[str, ...] = (),
) -> dict[str, Any]:
    return {
        "mission": ps.mission,
        "statuses": list(statuses),
        "positions": [position_dict(p, names) for p in ps.rows],
        "unattributed": ps.unattributed,
        "sources": {sid: source_dict(s) for sid, s in sorted(sources.items())},
    }
