"""Scoring the extractor against labelled cases, by the rules of `shared/eval/README.md`.

A prediction matches an expected fact when who (actor, or `@mission` when the actor is empty),
metric and unit are equal, values agree within 0.5% (or are both empty) and dates agree at the
coarser precision (±3 days for two days, ±1 month for months, the same year otherwise; an empty
expected date accepts any). Predictions matching an `optional` fact are set aside first; then
each expected fact, in order, takes the first unused prediction it matches. This greedy order
is the reference scorer's, so both report the same figures for the same predictions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from ..domain.dates import FuzzyDate
from ..errors import InputError, ParseError
from .documents import parse_jsonl, read_text_file

Level = Literal["full", "value_unit"]
Facts = list[dict[str, Any]]
ATTRIBUTES = ("qualifier", "personnel_type", "channel")


@dataclass(frozen=True)
class Case:
    case_id: str
    published: str
    fmt: str
    text: str
    expected: tuple[dict[str, Any], ...] = ()
    optional: tuple[dict[str, Any], ...] = ()
    distractors: tuple[str, ...] = ()

    @property
    def published_date(self) -> FuzzyDate | None:
        return FuzzyDate.parse(self.published) if self.published else None


def _case(obj: object, where: str) -> Case:
    if not isinstance(obj, dict):
        raise ParseError("expected a JSON object per line", where)
    cid = obj.get("case_id", obj.get("id"))
    text = obj.get("text")
    if not isinstance(cid, str) or not cid:
        raise ParseError("missing 'case_id' (a non-empty string)", where)
    if not isinstance(text, str):
        raise ParseError("missing 'text' (a string)", where)
    fmt = obj.get("format", "text") or "text"
    if fmt not in ("text", "html"):
        raise ParseError(f"'format' must be 'text' or 'html', not {fmt!r}", where)
    published = obj.get("published") or ""
    if published:
        try:
            FuzzyDate.parse(str(published))
        except InputError as exc:
            raise ParseError(f"'published': {exc.problem}", where) from None
    lists = {}
    for key in ("expected", "optional"):
        v = obj.get(key, [])
        if not isinstance(v, list) or not all(isinstance(f, dict) for f in v):
            raise ParseError(f"'{key}' must be a list of fact objects", where)
        lists[key] = tuple(v)
    return Case(
        cid,
        str(published),
        fmt,
        text,
        lists["expected"],
        lists["optional"],
        tuple(str(d) for d in obj.get("distractors", []) or []),
    )


def parse_cases(lines: Iterable[str], name: str) -> list[Case]:
    cases = [_case(obj, where) for where, obj in parse_jsonl(lines, name)]
    if not cases:
        raise ParseError("no cases in the file", name)
    return cases


def read_cases(path: Path | str) -> list[Case]:
    """Cases from a JSONL file (`case_id`, `published`, `format`, `text`, `expected`, ...)."""
    p = Path(path)
    return parse_cases(read_text_file(p).splitlines(), str(p))


# --- matching ------------------------------------------------------------------------------


def _who(f: Mapping[str, Any]) -> str:
    return str(f.get("actor") or "") or "@" + str(f.get("mission") or "")


def _empty(v: object) -> bool:
    return v is None or v == ""


def values_agree(a: object, b: object) -> bool:
    if _empty(a) or _empty(b):
        return _empty(a) and _empty(b)
    x, y = float(a), float(b)  # type: ignore[arg-type]
    return abs(x - y) <= 0.005 * max(abs(x), abs(y), 1e-9)


_RANK = {"day": 0, "month": 1, "year": 2}


def _eval_date(text: object) -> tuple[str, date] | None:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` (anything after the day is ignored); None otherwise."""
    if _empty(text):
        return None
    parts = str(text).split("-")
    try:
        if len(parts) == 1:
            return "year", date(int(parts[0]), 1, 1)
        if len(parts) == 2:
            return "month", date(int(parts[0]), int(parts[1]), 1)
        return "day", date(int(parts[0]), int(parts[1]), int(parts[2][:2]))
    except ValueError:
        return None


def dates_agree(expected: object, predicted: object) -> bool:
    e = _eval_date(expected)
    if e is None:
        return True
    p = _eval_date(predicted)
    if p is None:
        return False
    grain = e[0] if _RANK[e[0]] >= _RANK[p[0]] else p[0]
    if grain == "year":
        return e[1].year == p[1].year
    if grain == "month":
        return abs((e[1].year - p[1].year) * 12 + e[1].month - p[1].month) <= 1
    return abs((e[1] - p[1]).days) <= 3


def _unit(f: Mapping[str, Any]) -> str:
    return str(f.get("unit") or "")


def fact_matches(expected: Mapping[str, Any], predicted: Mapping[str, Any], level: Level) -> bool:
    if level == "value_unit":
        return (
            not _empty(expected.get("value"))
            and _unit(expected) == _unit(predicted)
            and values_agree(expected.get("value"), predicted.get("value"))
        )
    return (
        _who(expected) == _who(predicted)
        and expected.get("metric") == predicted.get("metric")
        and _unit(expected) == _unit(predicted)
        and values_agree(expected.get("value"), predicted.get("value"))
        and dates_agree(expected.get("date_of_fact"), predicted.get("date_of_fact"))
    )


# --- the report ----------------------------------------------------------------------------


@dataclass
class Tally:
    matched: int = 0
    expected: int = 0
    predicted: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "matched": self.matched,
            "expected": self.expected,
            "predicted": self.predicted,
        }


@dataclass
class CaseMisses:
    case_id: str
    missed: list[dict[str, Any]]
    spurious: list[dict[str, Any]]


@dataclass
class EvalReport:
    level: Level
    overall: Tally
    by_metric: dict[str, Tally]
    attributes: dict[str, tuple[int, int]]
    """Per attribute: (agreeing, compared) over matched pairs."""
    misses: list[CaseMisses] = field(default_factory=list)

    def accuracy(self, attribute: str) -> float | None:
        ok, n = self.attributes.get(attribute, (0, 0))
        return ok / n if n else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            **self.overall.as_dict(),
            "by_metric": {m: t.as_dict() for m, t in sorted(self.by_metric.items())},
            "attribute_accuracy": {
                a: (round(v, 4) if (v := self.accuracy(a)) is not None else None)
                for a in ATTRIBUTES
            },
            "misses": [
                {"case_id": m.case_id, "missed": m.missed, "spurious": m.spurious}
                for m in self.misses
            ],
        }

    def summary_line(self) -> str:
        """The reference scorer's last line, for side-by-side comparison."""
        acc = " ".join(f"{a}={v:.2f}" for a in ATTRIBUTES if (v := self.accuracy(a)) is not None)
        o = self.overall
        return (
            f"P={o.precision:.3f} R={o.recall:.3f} F1={o.f1:.3f} "
            f"(expected {o.expected}, predicted {o.predicted}) {acc}"
        )


def score_predictions(
    cases: Sequence[Case],
    predictions: Mapping[str, Sequence[Mapping[str, Any]]],
    level: Level = "full",
) -> EvalReport:
    """Precision, recall and F1 (micro, over all cases), per metric, attribute accuracy over
    matched pairs, and the misses of each case."""
    overall = Tally()
    by_metric: dict[str, Tally] = {}
    attrs = {a: [0, 0] for a in ATTRIBUTES}
    misses: list[CaseMisses] = []

    def tally(metric: object) -> Tally:
        return by_metric.setdefault(str(metric or "?"), Tally())

    for case in cases:
        preds = [dict(p) for p in predictions.get(case.case_id, [])]
        expected = list(case.expected)
        if level == "value_unit":
            preds = [p for p in preds if not _empty(p.get("value"))]
            expected = [e for e in expected if not _empty(e.get("value"))]
        kept = [p for p in preds if not any(fact_matches(o, p, level) for o in case.optional)]
        used: set[int] = set()
        missed = []
        for e in expected:
            tally(e.get("metric")).expected += 1
            hit = next(
                (i for i, p in enumerate(kept) if i not in used and fact_matches(e, p, level)), None
            )
            if hit is None:
                missed.append(e)
                continue
            used.add(hit)
            tally(e.get("metric")).matched += 1
            for a in ATTRIBUTES:
                attrs[a][1] += 1
                attrs[a][0] += (e.get(a) or "") == (kept[hit].get(a) or "")
        for p in kept:
            tally(p.get("metric")).predicted += 1
        overall.expected += len(expected)
        overall.predicted += len(kept)
        overall.matched += len(expected) - len(missed)
        spurious = [p for i, p in enumerate(kept) if i not in used]
        if missed or spurious:
            misses.append(CaseMisses(case.case_id, missed, spurious))
    return EvalReport(
        level, overall, by_metric, {a: (v[0], v[1]) for a, v in attrs.items()}, misses
    )


Extractor = Callable[[Case], Facts]


def predict(cases: Sequence[Case], extractor: Extractor | None = None) -> dict[str, Facts]:
    """Predictions of the built-in extractor (or `extractor`) for every case."""
    if extractor is None:
        from .extractor import extract_facts

        def extractor(case: Case) -> Facts:
            found = extract_facts(case.text, case.published_date, fmt=case.fmt)
            return [c.to_eval_dict() for c in found]

    return {c.case_id: extractor(c) for c in cases}


def evaluate(cases: Sequence[Case], level: Level = "full") -> EvalReport:
    return score_predictions(cases, predict(cases), level)
