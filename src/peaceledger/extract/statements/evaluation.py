"""Scoring statement extraction against a labelled set (`tests/cases/statements.jsonl`).

Each case is a document with its publication date and the statements a person found in it.
An expected statement is matched to the predicted statement with the shortest evidence that
contains its `evidence` words; a statement the extractor missed counts as wrong on every
field. Speaker, actor, role, kind, subject and stance accuracy are over all expected
statements; predictions matching nothing are counted as `extra` (they may be right and
unlabelled, or wrong: a reviewer would see them).

Speakers compare by name (people) or label (groups, unnamed officials) without determiners
and case; `null` means "no speaker can be resolved" and matches an unresolved prediction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ...domain.statements import Statement
from ..sentences import normalise
from .extractor import extract_statements
from .speakers import label

FIELDS = ("speaker", "actor", "role", "kind", "subject", "stance")


@dataclass
class StatementScore:
    expected: int = 0
    predicted: int = 0
    matched: int = 0
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    counted: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    errors: list[str] = field(default_factory=list)

    def accuracy(self, name: str) -> float:
        n = self.counted[name]
        return self.correct[name] / n if n else 1.0

    @property
    def extra(self) -> int:
        return self.predicted - self.matched

    def summary(self) -> str:
        accs = ", ".join(f"{f} {self.accuracy(f):.3f}" for f in FIELDS)
        return (
            f"{self.expected} expected, {self.predicted} predicted, {self.matched} matched, "
            f"{self.extra} extra; accuracy: {accs}"
        )


def _key(s: str | None) -> str:
    return label(s or "").casefold()


def _predicted(st: Statement, name: str) -> str | None:
    if name == "speaker":
        return _key(st.speaker.name) if st.speaker.resolved else None
    if name == "actor":
        return st.actor
    if name == "role":
        return st.speaker.role.casefold()
    return str(getattr(st, name).value)


def _expected(exp: dict[str, Any], name: str) -> str | None:
    v = exp.get(name)
    if name == "speaker":
        return _key(v) if v else None
    if name == "role":
        return str(v).casefold()
    return v if v is None else str(v)


def load_cases(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def evaluate_statements(cases: Iterable[dict[str, Any]]) -> StatementScore:
    score = StatementScore()
    for case in cases:
        preds = extract_statements(case["text"], date.fromisoformat(case["published"]))
        score.predicted += len(preds)
        used: set[int] = set()
        for exp in case["expected"]:
            score.expected += 1
            words = normalise(exp["evidence"])
            hits = [
                (len(p.evidence.quote), i)
                for i, p in enumerate(preds)
                if p.evidence is not None and words in normalise(p.evidence.quote) and i not in used
            ]
            hit = preds[min(hits)[1]] if hits else None
            if hit is not None:
                used.add(min(hits)[1])
                score.matched += 1
            for name in FIELDS:
                if name == "role" and "role" not in exp:
                    continue
                score.counted[name] += 1
                want = _expected(exp, name)
                got = _predicted(hit, name) if hit is not None else "(missed)"
                if got == want:
                    score.correct[name] += 1
                else:
                    score.errors.append(f"{case['case_id']}: {name} {got!r} != {want!r}")
    return score
