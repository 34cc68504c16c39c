"""`peaceledger extract` and `peaceledger eval`, run as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

DATA = Path(__file__).resolve().parents[1] / "data"
SEED = DATA / "seed-article.txt"
DEV = DATA / "eval_dev.jsonl"


def test_extract_seed_article_json(tmp_path: Path) -> None:
    # No database is opened: point the data directory somewhere empty and check it stays so.
    home = tmp_path / "data"
    done = run_cli(
        "--data-dir", str(home), "extract", str(SEED), "--published", "2025-01-16", "-f", "json"
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    facts = data["facts"]
    assert len(facts) == 7
    assert all(f["value"] != 193 for f in facts)
    assert {f["actor"] for f in facts} == {"KEN", "USA", "GTM", "SLV", "JAM", "BLZ"}
    text = SEED.read_text(encoding="utf-8")
    for f in facts:
        assert text[f["evidence_start"] : f["evidence_end"]] == f["evidence"]
        assert f["rule"].startswith("rule:")
    assert not home.exists() or not any(home.iterdir())


def test_extract_table_from_stdin_autodetects_html() -> None:
    page = (
        '<html><head><meta property="article:published_time" content="2024-06-26T08:45:00">'
        "</head><body><nav>Home</nav><article><p>Some two hundred Kenyan police officers "
        "landed in Haiti on Tuesday, the first foreign personnel of the long-delayed mission, "
        "officials said.</p></article></body></html>"
    )
    done = run_cli("extract", "-", input_text=page)
    assert done.returncode == 0, done.stderr
    assert "personnel_arrived" in done.stdout and "~200" in done.stdout
    assert "2024-06-25" in done.stdout  # "on Tuesday", against the page's own date
    assert "from the page's metadata" in done.stderr


def test_extract_jsonl_batch(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "a", "text": "Kenya has deployed 400 police officers to Haiti.",
                    "published": "2024-07-01"}) + "\n"
        + json.dumps({"id": "b", "text": "Nothing here.", "format": "text"}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    out = tmp_path / "out.jsonl"
    done = run_cli("extract", "--jsonl", str(src), "--output", str(out))
    assert done.returncode == 0, done.stderr
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["a", "b"]
    [fact] = lines[0]["facts"]
    assert (fact["actor"], fact["metric"], fact["value"]) == ("KEN", "personnel_deployed", 400)
    assert lines[1]["facts"] == []


def test_extract_jsonl_of_eval_cases_then_eval_predictions(tmp_path: Path) -> None:
    out = tmp_path / "pred.jsonl"
    done = run_cli("extract", "--jsonl", str(DEV), "--output", str(out))
    assert done.returncode == 0, done.stderr
    scored = run_cli("eval", str(DEV), "--predictions", str(out), "-f", "json")
    assert scored.returncode == 0, scored.stderr
    data = json.loads(scored.stdout)
    assert data["f1"] >= 0.9 and data["level"] == "full"
    assert set(data["by_metric"]) >= {"personnel_deployed", "funding_paid"}


def test_eval_table_and_verbose_misses(tmp_path: Path) -> None:
    done = run_cli("eval", str(DEV))
    assert done.returncode == 0, done.stderr
    assert "F1=" in done.stdout and "By metric" in done.stdout
    assert "personnel_deployed" in done.stdout
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        json.dumps({"case_id": "x", "published": "2024-07-17", "format": "text",
                    "text": "Kenya has deployed 400 police officers to Haiti.",
                    "expected": [{"actor": "KEN", "metric": "personnel_pledged", "value": 1000,
                                  "unit": "persons", "date_of_fact": ""}]}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    done = run_cli("eval", str(cases), "--verbose", "--level", "full")
    assert done.returncode == 0, done.stderr
    assert "== x" in done.stdout and "missed:" in done.stdout and "spurious:" in done.stdout


def test_extract_bad_files(tmp_path: Path) -> None:
    bad = {
        "empty.txt": (b"", "the input is empty"),
        "binary.dat": (b"\x00\x01\x02binary\x00", "a binary file"),
        "latin1.txt": (b"Kenya \xff\xfe deployed", "not UTF-8 text"),
    }
    for name, (content, _) in bad.items():
        (tmp_path / name).write_bytes(content)
    for name, (_, message) in bad.items():
        done = run_cli("extract", str(tmp_path / name))
        assert done.returncode == 2, name
        assert message in done.stderr and name in done.stderr
        assert "Traceback" not in done.stderr


def test_bad_jsonl_line_names_file_and_line(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "Kenya."}\n\n{"id": "b", "text": \n', encoding="utf-8")
    for args in (("extract", "--jsonl", str(src)), ("eval", str(src))):
        done = run_cli(*args)
        assert done.returncode == 2, args
        assert f"{src}:3" in done.stderr and "not valid JSON" in done.stderr
        assert "Traceback" not in done.stderr


def test_bad_arguments() -> None:
    done = run_cli("extract", str(SEED), "--published", "2024-13-01")
    assert done.returncode == 2 and "--published" in done.stderr
    done = run_cli("extract", str(SEED), "--jsonl", str(DEV))
    assert done.returncode == 2 and "not both" in done.stderr
