"""Hypothesis over every importer (issue 7): CSV files, CSV bundles with sources and events,
JSON files and raw bytes. Whatever the input, the result is a checked bundle or a
`PeaceledgerError` naming the problem; never an unhandled exception."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peaceledger.data import load_fx_table
from peaceledger.domain.facts import KnownNames
from peaceledger.errors import PeaceledgerError
from peaceledger.ledger.importing import ImportContext, check_bundle, import_bundle, read_bundle
from peaceledger.store.sql.store import SqlStore

from .strategies import EVENT_FIELDS, FACT_FIELDS, SOURCE_FIELDS, json_values, rows

FUZZ = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
pytestmark = pytest.mark.slow


def _csv(items: list[dict[str, str]], fields: list[str]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields, extrasaction="ignore")
    w.writeheader()
    w.writerows(items)
    return buf.getvalue()


def _check(path: Path, known: KnownNames, store: SqlStore | None = None) -> None:
    try:
        bundle = read_bundle(path)
        ctx = ImportContext(known=known, fx=load_fx_table(), stored_sources={}, recorded_by="fuzz")
        if store is None:
            check_bundle(bundle, ctx)
        else:
            import_bundle(store, bundle, ctx)
    except PeaceledgerError:
        pass


@FUZZ
@given(facts=rows(FACT_FIELDS), sources=rows(SOURCE_FIELDS), events=rows(EVENT_FIELDS, 3))
def test_csv_bundles(
    known: KnownNames,
    facts: list[dict[str, str]],
    sources: list[dict[str, str]],
    events: list[dict[str, str]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        (d / "facts.csv").write_text(_csv(facts, FACT_FIELDS), encoding="utf-8")
        (d / "sources.csv").write_text(_csv(sources, SOURCE_FIELDS), encoding="utf-8")
        (d / "events.csv").write_text(_csv(events, EVENT_FIELDS), encoding="utf-8")
        _check(d, known)
        _check(d / "facts.csv", known)


@FUZZ
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".csv", ".json", ".tsv", ""]))
def test_raw_bytes(known: KnownNames, data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"facts{suffix}"
        path.write_bytes(data)
        _check(path, known)


@FUZZ
@given(doc=json_values)
def test_arbitrary_json(known: KnownNames, doc: object) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "facts.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        _check(path, known)


@settings(FUZZ, max_examples=150)
@given(facts=rows(FACT_FIELDS), sources=rows(SOURCE_FIELDS), events=rows(EVENT_FIELDS, 3))
def test_json_bundles_into_a_real_store(
    fuzz_store: SqlStore,
    known: KnownNames,
    facts: list[dict[str, str]],
    sources: list[dict[str, str]],
    events: list[dict[str, str]],
) -> None:
    """Through the store too: whatever passes the checks must also be writable."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bundle.json"
        path.write_text(
            json.dumps({"facts": facts, "sources": sources, "events": events}), encoding="utf-8"
        )
        _check(path, known, fuzz_store)
