"""The scorer: the README's rules, the reference scorer's figures, and the F1 targets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from peaceledger.errors import InputError, ParseError
from peaceledger.extract.evaluation import (
    Case,
    dates_agree,
    evaluate,
    parse_cases,
    predict,
    read_cases,
    score_predictions,
    values_agree,
)

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "tests" / "data" / "eval_dev.jsonl"
CASES = Path(__file__).resolve().parent / "cases"
REFERENCE = Path("/work/shared/eval/score.py")


def _fact(**kw: Any) -> dict[str, Any]:
    base = {
        "actor": "KEN",
        "metric": "personnel_deployed",
        "qualifier": "exact",
        "value": 400,
        "unit": "persons",
        "personnel_type": "police",
        "channel": "",
        "date_of_fact": "2024-07-16",
    }
    return {**base, **kw}


@pytest.mark.parametrize(
    ("expected", "predicted", "agree"),
    [
        ("", "2024-07-16", True),  # no expected date: any
        ("2024-07-16", "", False),
        ("2024-07-16", "2024-07-19", True),  # days: within 3
        ("2024-07-16", "2024-07-20", False),
        ("2024-06", "2024-07-16", True),  # months: within 1
        ("2024-06", "2024-08", False),
        ("2024", "2024-11-30", True),  # years: the same
        ("2024", "2025-01", False),
        ("2024-06", "2024-Q2", False),  # not a form the cases use
    ],
)
def test_dates_agree_at_the_coarser_precision(expected: str, predicted: str, agree: bool) -> None:
    assert dates_agree(expected, predicted) is agree


def test_values_agree_within_half_a_percent() -> None:
    assert values_agree(1000, 1004) and not values_agree(1000, 1006)
    assert values_agree(None, "") and not values_agree(None, 0)


def test_matching_is_one_to_one_and_optional_facts_are_set_aside() -> None:
    case = Case(
        "c1",
        "2024-07-17",
        "text",
        "...",
        expected=(_fact(), _fact(actor="JAM", value=20)),
        optional=(_fact(value=300, metric="personnel_pledged", date_of_fact=""),),
    )
    preds = [
        _fact(),
        _fact(),  # a duplicate: matched once, then spurious
        _fact(value=300, metric="personnel_pledged"),  # optional: set aside
        _fact(actor="", mission="MSS-HTI"),  # wrong actor
    ]
    r = score_predictions([case], {"c1": preds})
    assert (r.overall.matched, r.overall.expected, r.overall.predicted) == (1, 2, 3)
    [misses] = r.misses
    assert [m["actor"] for m in misses.missed] == ["JAM"]
    assert len(misses.spurious) == 2
    assert r.by_metric["personnel_deployed"].predicted == 3


def test_value_unit_level_ignores_who_and_what() -> None:
    case = Case("c1", "", "text", "...", expected=(_fact(), _fact(value=None)))
    r = score_predictions([case], {"c1": [_fact(actor="USA", metric="funding_paid")]}, "value_unit")
    assert (r.overall.matched, r.overall.expected, r.overall.predicted) == (1, 1, 1)


def test_attribute_accuracy_over_matched_pairs() -> None:
    case = Case("c1", "", "text", "...", expected=(_fact(), _fact(value=20)))
    preds = [_fact(qualifier="about"), _fact(value=20)]
    r = score_predictions([case], {"c1": preds})
    assert r.accuracy("qualifier") == 0.5 and r.accuracy("personnel_type") == 1.0


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"text": "x"}', "missing 'case_id'"),
        ('{"case_id": "a"}', "missing 'text'"),
        ('{"case_id": "a", "text": "x", "format": "pdf"}', "'format' must be"),
        ('{"case_id": "a", "text": "x", "published": "2024-13"}', "'published'"),
        ('{"case_id": "a", "text": "x", "expected": {}}', "'expected' must be a list"),
    ],
)
def test_bad_case_lines_name_file_and_line(line: str, message: str) -> None:
    good = '{"case_id": "ok", "text": "x"}'
    with pytest.raises(ParseError) as exc:
        parse_cases([good, "", line], "cases.jsonl")
    assert exc.value.where == "cases.jsonl:3"
    assert message in str(exc.value)


def test_unreadable_case_files(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_text("")
    (tmp_path / "bad.jsonl").write_bytes(b'{"case_id": "a", "text": "\xff"}\n')
    with pytest.raises(InputError, match="empty"):
        read_cases(tmp_path / "empty.jsonl")
    with pytest.raises(InputError, match="not UTF-8") as exc:
        read_cases(tmp_path / "bad.jsonl")
    assert exc.value.where.endswith("bad.jsonl:1")
    with pytest.raises(InputError, match="cannot read"):
        read_cases(tmp_path / "missing.jsonl")


# --- the extractor against the cases ------------------------------------------------------


def test_dev_set_f1_is_at_least_0_90() -> None:
    report = evaluate(read_cases(DEV))
    assert report.overall.f1 >= 0.90, report.summary_line()


@pytest.mark.parametrize(
    ("name", "floor"),
    [
        ("extra.jsonl", 0.90),
        ("extra2.jsonl", 0.90),
        ("extra3.jsonl", 0.90),
        ("extra4.jsonl", 0.93),
        ("extra5.jsonl", 0.93),
    ],
)
def test_held_out_style_cases_score_well(name: str, floor: float) -> None:
    report = evaluate(read_cases(CASES / name))
    assert report.overall.f1 >= floor, report.summary_line()


@pytest.mark.skipif(not REFERENCE.exists(), reason="the reference scorer is not on this machine")
@pytest.mark.parametrize("level", ["full", "value_unit"])
@pytest.mark.parametrize("name", ["dev", "extra.jsonl", "extra2.jsonl", "extra3.jsonl"])
def test_same_figures_as_the_reference_scorer(tmp_path: Path, level: str, name: str) -> None:
    path = DEV if name == "dev" else CASES / name
    cases = read_cases(path)
    preds = predict(cases)
    # Perturb some predictions so the comparison also covers misses and spurious facts.
    for i, (_, facts) in enumerate(sorted(preds.items())):
        if facts and i % 3 == 0:
            facts[0] = {**facts[0], "value": (facts[0]["value"] or 0) + 7}
        if i % 4 == 1:
            facts.append({**_fact(), "date_of_fact": "2024"})
    pred_file = tmp_path / "pred.jsonl"
    pred_file.write_text(
        "".join(json.dumps({"id": k, "facts": v}) + "\n" for k, v in preds.items())
    )
    done = subprocess.run(
        [sys.executable, str(REFERENCE), str(path), str(pred_file), "--level", level],
        capture_output=True,
        text=True,
        check=False,
    )
    ours = score_predictions(cases, preds, level).summary_line()  # type: ignore[arg-type]
    assert done.stdout.strip().splitlines()[-1] == ours
