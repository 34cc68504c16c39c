"""A candidate fact: what the extractor proposes, with the rule, evidence and confidence a
reviewer needs to accept or reject it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..domain.dates import FuzzyDate, Precision
from ..domain.facts import Evidence, Fact
from ..domain.vocab import Basis, Channel, Metric, PersonnelType, Qualifier, ReviewStatus


def eval_date(d: FuzzyDate | None) -> str:
    """ISO form the extraction cases use. Quarters and halves have no `YYYY-MM` form, so they
    are written as their year: coarser, but never a precision the text did not give."""
    if d is None:
        return ""
    if d.precision in (Precision.QUARTER, Precision.HALF):
        return f"{d.start.year:04d}"
    return d.iso


def eval_value(v: Decimal | None) -> int | float | None:
    if v is None:
        return None
    return int(v) if v == v.to_integral_value() else float(v)


@dataclass(frozen=True)
class Candidate:
    actor: str | None
    """ISO 3166 alpha-3 or an organisation code; None for a figure about the whole mission."""
    mission: str
    metric: Metric
    qualifier: Qualifier
    value: Decimal | None
    unit: str
    personnel_type: PersonnelType | None
    channel: Channel | None
    date_of_fact: FuzzyDate | None
    evidence: Evidence
    sentence: str
    rule: str
    confidence: float
    basis: Basis = Basis.TOTAL

    @property
    def who(self) -> str:
        return self.actor or f"@{self.mission}"

    def to_eval_dict(self) -> dict[str, Any]:
        """The fields of the extraction cases (`shared/eval/README.md`), plus the evidence
        quote, the rule and the confidence."""
        return {
            "actor": self.actor or "",
            "mission": self.mission,
            "metric": self.metric.value,
            "qualifier": self.qualifier.value,
            "value": eval_value(self.value),
            "unit": self.unit,
            "personnel_type": self.personnel_type.value if self.personnel_type else "",
            "channel": self.channel.value if self.channel else "",
            "date_of_fact": eval_date(self.date_of_fact),
            "evidence": self.evidence.quote,
            "rule": self.rule,
            "confidence": round(self.confidence, 3),
        }

    def to_fact(
        self, source_id: str, fact_id: str, *, mission: str | None = None, recorded_by: str = ""
    ) -> Fact:
        """A ledger fact awaiting review (status `candidate`)."""
        return Fact(
            fact_id=fact_id,
            mission=mission or self.mission,
            actor=self.actor,
            metric=self.metric,
            qualifier=self.qualifier,
            value=self.value,
            unit=self.unit,
            personnel_type=self.personnel_type,
            channel=self.channel,
            date_of_fact=self.date_of_fact,
            source_id=source_id,
            evidence=self.evidence,
            basis=self.basis,
            status=ReviewStatus.CANDIDATE,
            produced_by=self.rule,
            confidence=self.confidence,
            recorded_by=recorded_by,
        )
