"""`peaceledger assess` in a subprocess: what a user types, what they see."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.conftest import run_cli

UNSOH = (
    "--segment",
    "2025-10-01:2025-12-31=90442900",
    "--segment",
    "2026-01-01:2026-06-30=180885800",
)


def test_json_100_million_in_2026() -> None:
    done = run_cli("assess", "--budget", "100000000", "--period", "2026", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    states = {s["iso3"]: s for s in data["states"]}
    assert len(states) == 193
    assert sum(s["assessed_usd"] for s in states.values()) == 100_000_000
    assert states["USA"]["assessed_usd"] == 26_137_061
    assert states["CHN"]["assessed_usd"] == 23_765_717
    assert states["KEN"]["assessed_usd"] == 7_400
    assert data["model"] == "peacekeeping" and data["segments"][0]["rates"] == "derived"
    assert "largest remainder" in data["rounding"]


def test_csv_has_193_rows_that_add_up() -> None:
    done = run_cli("assess", "-b", "1e8", "-p", "2026", "--scale", "regular-budget", "-f", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert len(rows) == 193
    assert sum(int(r["assessed_usd"]) for r in rows) == 100_000_000
    usa = next(r for r in rows if r["iso3"] == "USA")
    assert usa["assessed_usd"] == "22000000"  # regular budget: the 22% ceiling


def test_table_unsoh_with_the_us_cap() -> None:
    done = run_cli("assess", *UNSOH, "--us-cap", "25", "--top", "5")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "70,936,640" in out and "67,832,175" in out and "3,104,465" in out
    assert "not re-apportioned" in out
    assert "2025 derived" in out and "2026 derived" in out
    assert "5 of 193 Member States" in out


def test_json_unsoh_shortfall_and_periods() -> None:
    done = run_cli("assess", *UNSOH, "--us-cap", "25", "-f", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["us_cap"]["shortfall_usd"] == 3_104_465
    assert [s["assessed_usd"] for s in data["segments"]] == [90_442_900, 180_885_800]
    haiti = next(s for s in data["states"] if s["iso3"] == "HTI")
    assert haiti["assessed_usd"] == 1_628
    assert (
        haiti["assessed_usd_2025-10-01_2025-12-31"] + haiti["assessed_usd_2026-01-01_2026-06-30"]
        == 1_628
    )


def test_voluntary_model_for_the_mss(loaded_cli_db: str) -> None:
    args = ("assess", "--model", "voluntary", "--mission", "MSS-HTI", "--as-of", "2026-03-31")
    done = run_cli(
        *args, "--budget", "600000000", "--period", "2025", "-f", "json", db=loaded_cli_db
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    v = data["voluntary"]
    assert v["missions"] == ["MSS-HTI"] and v["member_states"]["count"] == 5
    assert len(v["states_without_contribution"]) == 188
    assert [o["actor"] for o in v["organisations"]] == ["EU"]
    assert v["related_missions_not_included"] == ["GSF-HTI"]
    canada = next(s for s in data["states"] if s["iso3"] == "CAN")
    assert canada["paid_usd"] == 63_000_000 and canada["paid_trust_fund_usd"] == 63_000_000

    table = run_cli(*args, "--budget", "600000000", "--period", "2025", db=loaded_cli_db)
    assert table.returncode == 0, table.stderr
    out = table.stdout
    assert "188 Member States gave no money" in out and "China" in out
    assert "Organisations (not Member States" in out and "European Union" in out
    assert "add --mission GSF-HTI" in out


def test_support_office_explains_its_split(loaded_cli_db: str) -> None:
    done = run_cli(
        "assess",
        "--model",
        "support-office",
        "--assessed-share",
        "45",
        "--budget",
        "800000000",
        "--period",
        "2026",
        "--mission",
        "GSF-HTI",
        "--as-of",
        "2026-03-31",
        "--top",
        "10",
        db=loaded_cli_db,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Support-office split" in out and "45% of the budget, US$360,000,000" in out
    assert "US$440,000,000" in out and "stays voluntary" in out


def test_budget_in_euros_records_the_rate() -> None:
    done = run_cli(
        "assess", "-b", "1e8", "--currency", "EUR", "-p", "2025-10-01:2026-06-30", "-f", "json"
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["budget"]["fx"]["rate_date"] == "2025-10"
    assert data["budget"]["amount_usd"] == sum(s["assessed_usd"] for s in data["states"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--budget", "-100", "--period", "2026"), "must not be negative"),
        (("--budget", "a lot", "--period", "2026"), "not a number"),
        (("--budget", "1e8", "--period", "2026", "--currency", "XYZ"), "unknown currency"),
        (("--budget", "1e8", "--period", "2026-09", "--currency", "KES"), "no KES exchange rate"),
        (("--budget", "1e8", "--period", "2031"), "no peacekeeping scale for 2031"),
        (("--budget", "1e8", "--period", "2026", "--mission", "NOPE-HTI"), "mission not found"),
        (("--budget", "1e8", "--period", "2026", "--model", "voluntary"), "--mission"),
        (("--budget", "1e8", "--period", "2026", "--model", "support-office"), "share"),
        (("--segment", "2026"), "PERIOD=AMOUNT"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(
    cli_db: str, args: tuple[str, ...], message: str
) -> None:
    done = run_cli("assess", *args, db=cli_db)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "error:" in done.stderr and message in done.stderr
    assert "Traceback" not in done.stderr
