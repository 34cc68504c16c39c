"""Exports carry exactly the selected rows, in formats other tools accept."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from peaceledger.data import load_fx_table
from peaceledger.domain.vocab import Metric, ReviewStatus
from peaceledger.export import FACT_COLUMNS, ExportFormat, export_facts
from peaceledger.ledger.builtin import known_names
from peaceledger.ledger.importing import import_file
from peaceledger.ledger.query import actor_names, list_facts
from peaceledger.store.base import FactFilter
from peaceledger.store.sql.store import SqlStore

KEN = FactFilter(actor="KEN", statuses=(ReviewStatus.ACCEPTED,))


def test_csv_has_an_hxl_row_and_exactly_the_selected_rows(builtin_store: SqlStore) -> None:
    listing = list_facts(builtin_store, KEN)
    _, text = export_facts(listing, actor_names(builtin_store), ExportFormat.CSV, None, {})
    assert text is not None
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [c.name for c in FACT_COLUMNS]
    hxl = rows[1]
    for tag in ("#country+code", "#value", "#currency", "#date+reported", "#meta+id"):
        assert tag in hxl
    assert all(t.startswith("#") for t in hxl)
    data = rows[2:]
    assert len(data) == len(listing.facts) == builtin_store.count_facts(KEN)
    assert {r[rows[0].index("actor")] for r in data} == {"KEN"}


def test_money_rows_carry_the_conversion(builtin_store: SqlStore) -> None:
    flt = FactFilter(actor="CAN", metrics=(Metric.FUNDING_PLEDGED,))
    listing = list_facts(builtin_store, flt)
    _, text = export_facts(listing, {}, ExportFormat.CSV, None, {})
    rows = list(csv.DictReader(io.StringIO(text or "")))[1:]
    by_id = {r["fact_id"]: r for r in rows}
    r = by_id["MSS-030"]
    assert (r["value"], r["currency"], r["rate_date"], r["rate_kind"]) == (
        "80500000",
        "CAD",
        "2024-02",
        "monthly_average",
    )
    assert float(r["amount_usd"]) == pytest.approx(80.5e6 / float(r["rate_per_usd"]), abs=0.01)
    assert "FRED" in r["rate_source"]


def test_datapackage_validates_with_frictionless(builtin_store: SqlStore, tmp_path: Path) -> None:
    listing = list_facts(builtin_store, FactFilter())
    report, _ = export_facts(
        listing,
        actor_names(builtin_store),
        ExportFormat.DATAPACKAGE,
        tmp_path / "pkg",
        {"all": True},
    )
    assert report.facts == 137
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "frictionless",
            "validate",
            str(tmp_path / "pkg" / "datapackage.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    descriptor = json.loads((tmp_path / "pkg" / "datapackage.json").read_text())
    assert descriptor["resources"][0]["schema"]["foreignKeys"]


def test_xlsx_and_json_round_trip(builtin_store: SqlStore, store: SqlStore, tmp_path: Path) -> None:
    listing = list_facts(builtin_store, KEN)
    export_facts(listing, {}, ExportFormat.XLSX, tmp_path / "ken.xlsx", {})
    wb = load_workbook(tmp_path / "ken.xlsx")
    sheet = wb["facts"]
    assert sheet.max_row == len(listing.facts) + 2  # header + HXL row
    assert sheet.cell(2, 1).value == "#meta+id"
    export_facts(listing, {}, ExportFormat.JSON, tmp_path / "ken.json", {"actor": "KEN"})
    report = import_file(store, tmp_path / "ken.json", load_fx_table(), known_names(store), "t")
    assert report.facts_added == len(listing.facts)
    assert report.sources_added == len({f.source_id for f in listing.facts})


def test_csv_export_reimports_as_unchanged(
    builtin_store: SqlStore, store: SqlStore, tmp_path: Path
) -> None:
    listing = list_facts(builtin_store, KEN)
    export_facts(listing, {}, ExportFormat.CSV, tmp_path / "facts.csv", {})
    export_facts(listing, {}, ExportFormat.JSON, tmp_path / "sources.json", {})
    src = json.loads((tmp_path / "sources.json").read_text())["sources"]
    with (tmp_path / "sources.csv").open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(src[0]))
        w.writeheader()
        w.writerows(src)
    first = import_file(store, tmp_path / "facts.csv", load_fx_table(), known_names(store), "t")
    assert first.facts_added == len(listing.facts)
    again = import_file(store, tmp_path / "facts.csv", load_fx_table(), known_names(store), "t")
    assert not again.changed
