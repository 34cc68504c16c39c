"""Claims: repeated reports of one figure grouped as one candidate (issue 8).

One rule for both ways in: `ingest-corpus` (a batch of documents) and `ingest` (one document).
The first report of a claim becomes the candidate fact; every report, that first one
included, is a piece of evidence, so a reviewer decides each claim once and sees how many
sources carry it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ..domain.dates import FuzzyDate
from ..domain.facts import Fact
from ..store.base import ClaimEvidence


def claim_key(fact: Fact, published: FuzzyDate | None) -> str:
    """What makes two reports the same claim: who, what, how hedged, how much, of what kind,
    through which channel, when (at the precision given), and whether it is a level or an
    increment. A fact without a date is dated by its source (the data model's rule), so "more
    than 400" published in July and in December are two claims, not one. Readable on purpose:
    `fact_claims` is a table people open in Datasette."""
    when = fact.date_of_fact or published
    value = "" if fact.value is None else _plain(fact.value)
    return "|".join(
        (
            fact.mission,
            fact.actor or "",
            fact.metric.value,
            fact.qualifier.value,
            value,
            fact.unit,
            fact.personnel_type.value if fact.personnel_type else "",
            fact.channel.value if fact.channel else "",
            when.iso if when else "",
            fact.basis.value,
        )
    )


def _plain(v: Decimal) -> str:
    return format(v.normalize(), "f") if v != v.to_integral_value() else str(int(v))


@dataclass
class ClaimGroups:
    """What to store for some reports: the new candidates and their claims, and every piece
    of evidence."""

    facts: list[Fact] = field(default_factory=list)
    """One new candidate per claim not known before."""
    claims: list[tuple[str, str]] = field(default_factory=list)
    """(claim key, fact id) of those new candidates."""
    evidence: list[ClaimEvidence] = field(default_factory=list)
    """Every report, the first of each claim included; each (fact, source, start) once."""

    def reported_known(self) -> list[str]:
        """The facts of claims known before that these reports add evidence to."""
        new = {f.fact_id for f in self.facts}
        return sorted({e.fact_id for e in self.evidence} - new)


def group_reports(
    reports: Iterable[tuple[str, Sequence[Fact], Sequence[str]]], known: Mapping[str, str]
) -> ClaimGroups:
    """Group (source id, its candidate facts, their claim keys) under the claims `known`
    (claim key -> fact id) and under each other, in order: the first report of a new claim
    is its candidate."""
    claims = dict(known)
    out = ClaimGroups()
    seen: set[tuple[str, str, int]] = set()
    for source_id, facts, keys in reports:
        for f, key in zip(facts, keys, strict=True):
            fid = claims.get(key)
            if fid is None:
                fid = claims[key] = f.fact_id
                out.facts.append(f)
                out.claims.append((key, fid))
            ev = f.evidence
            if ev is not None and (fid, source_id, ev.start) not in seen:
                seen.add((fid, source_id, ev.start))
                out.evidence.append(ClaimEvidence(fid, source_id, ev.start, ev.end, ev.quote))
    return out
