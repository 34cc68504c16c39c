"""`import`: every bad row reported with file:line: field, and all-or-nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peaceledger.data import load_fx_table
from peaceledger.domain.vocab import ReviewStatus
from peaceledger.errors import InputError, ParseError, ValidationError
from peaceledger.ledger.builtin import known_names
from peaceledger.ledger.importing import import_file
from peaceledger.store.base import FactFilter
from peaceledger.store.sql.store import SqlStore

SOURCES = (
    "source_id,url,title,publisher,published\n"
    "S1,https://example.org/a,Kenyan police land,Wire,2024-06-26\n"
)
HEADER = (
    "fact_id,mission,actor,metric,qualifier,value,unit,personnel_type,channel,date_of_fact,"
    "source_id,note\n"
)
GOOD = "T-1,MSS-HTI,KEN,personnel_arrived,about,200,persons,police,,2024-06-25,S1,first wave\n"


def write(tmp: Path, facts: str, sources: str | None = SOURCES) -> Path:
    (tmp / "facts.csv").write_text(facts, encoding="utf-8")
    if sources is not None:
        (tmp / "sources.csv").write_text(sources, encoding="utf-8")
    return tmp / "facts.csv"


def do_import(store: SqlStore, path: Path, status: ReviewStatus = ReviewStatus.ACCEPTED):  # type: ignore[no-untyped-def]
    return import_file(store, path, load_fx_table(), known_names(store), "tester", status)


def test_good_file_imports_and_reimport_changes_nothing(store: SqlStore, tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + GOOD)
    r = do_import(store, path)
    assert (r.facts_added, r.sources_added) == (1, 1)
    again = do_import(store, path)
    assert not again.changed and again.facts_unchanged == 1
    f = store.get_fact("T-1")
    assert f is not None and f.recorded_by == "tester" and f.produced_by == "import:facts.csv"


def test_changed_row_becomes_a_new_version(store: SqlStore, tmp_path: Path) -> None:
    do_import(store, write(tmp_path, HEADER + GOOD))
    r = do_import(store, write(tmp_path, HEADER + GOOD.replace(",200,", ",210,")))
    assert r.facts_updated == 1
    assert [v.value for v in store.fact_history("T-1")] == [200, 210]


def test_every_bad_row_is_reported_and_nothing_is_imported(store: SqlStore, tmp_path: Path) -> None:
    rows = (
        GOOD
        + "T-2,MSS-HTI,XKX,personnel_pledged,exact,10,persons,,,2024-01,S1,\n"
        + "T-3,MSS-HTI,KEN,personnel_pledged,exact,10,persons,,,2024-02-30,S1,\n"
        + "T-4,MSS-HTI,KEN,personnel_deployed,exact,-5,persons,,,2024-02,S1,\n"
        + "T-5,MSS-HTI,USA,funding_pledged,exact,100,ZZZ,,,2024-02,S1,\n"
        + "T-6,MSS-HTI,USA,funding_pledged,exact,100,USD,,,2024-02,S404,\n"
        + "T-7,MSS-HTI,USA,funding_pledged,exact,100,USD,,,2024-02,,\n"
    )
    path = write(tmp_path, HEADER + rows)
    with pytest.raises(ValidationError) as exc:
        do_import(store, path)
    got = [str(p) for p in exc.value.problems]
    expect = [
        (3, "actor", "unknown country or organisation code 'XKX'"),
        (4, "date_of_fact", "2024-02-30"),
        (5, "value", "negative personnel_deployed"),
        (6, "unit", "unknown ISO 4217 currency 'ZZZ'"),
        (7, "source_id", "unknown source 'S404'"),
        (8, "source_id", "missing source"),
    ]
    assert len(got) == len(expect)
    for (line, field, reason), message in zip(expect, got, strict=True):
        assert message.startswith(f"{path}:{line}: {field}: "), message
        assert reason in message
    assert store.table_counts()["facts"] == 0 and store.table_counts()["sources"] == 0


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary content"),
        (b"", "the file is empty"),
        (HEADER.encode() + b'T-1,MSS-HTI,KEN,personnel_arrived,about,"200', "truncated"),
        (HEADER.encode() + b"T-1,MSS-HTI,KEN,personnel_arr", "expected 12 fields, found 4"),
        (HEADER.encode() + b"T-1,MSS-HTI,KEN,\xff\xfe,about\n", "invalid UTF-8"),
    ],
)
def test_unreadable_files_get_a_clear_message(
    store: SqlStore, tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "facts.csv"
    path.write_bytes(content)
    (tmp_path / "sources.csv").write_text(SOURCES)
    with pytest.raises(ParseError) as exc:
        do_import(store, path)
    assert reason in str(exc.value) and str(path) in str(exc.value)
    assert store.table_counts()["sources"] == 0


def test_inline_sources_and_json(store: SqlStore, tmp_path: Path) -> None:
    inline = (
        "mission,actor,metric,value,unit,date_of_fact,source_url,source_title,"
        "source_published\n"
        "MSS-HTI,GTM,personnel_arrived,75,persons,2025-01-03,https://ex.org/g,Guatemalans,"
        "2025-01-04\n"
    )
    path = tmp_path / "one.csv"
    path.write_text(inline)
    r = do_import(store, path)
    assert (r.facts_added, r.sources_added) == (1, 1)
    assert do_import(store, path).facts_unchanged == 1  # derived ids are stable
    doc = {
        "sources": [{"source_id": "SJ", "url": "https://ex.org/j", "published": "2024-09"}],
        "facts": [
            {
                "mission": "MSS-HTI",
                "actor": "JAM",
                "metric": "personnel_pledged",
                "value": 170,
                "unit": "persons",
                "personnel_type": "military",
                "date_of_fact": "2024-09-10",
                "source_id": "SJ",
            }
        ],
    }
    jpath = tmp_path / "facts.json"
    jpath.write_text(json.dumps(doc))
    assert do_import(store, jpath).facts_added == 1
    bad = tmp_path / "bad.json"
    bad.write_text('{"facts": [1, 2')
    with pytest.raises(ParseError, match=r"bad.json:1:\d+: not valid JSON"):
        do_import(store, bad)


def test_a_fact_without_a_date_takes_the_publication_date(store: SqlStore, tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + GOOD.replace("2024-06-25", ""))
    do_import(store, path)
    f = store.get_fact("T-1")
    assert f is not None and f.date_of_fact is not None and f.date_of_fact.iso == "2024-06-26"


def test_import_as_candidates(store: SqlStore, tmp_path: Path) -> None:
    do_import(store, write(tmp_path, HEADER + GOOD), ReviewStatus.CANDIDATE)
    assert store.count_facts(FactFilter(statuses=(ReviewStatus.CANDIDATE,))) == 1


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_importer_never_crashes_on_garbage(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path, body: bytes
) -> None:
    """Fuzz: arbitrary bytes after a valid header give an InputError or an import, never a
    traceback."""
    import shutil

    tmp = tmp_path_factory.mktemp("fuzz")
    shutil.copy(sqlite_template, tmp / "db.sqlite")
    store = SqlStore(f"sqlite:///{tmp / 'db.sqlite'}")
    path = tmp / "facts.csv"
    path.write_bytes(HEADER.encode() + body)
    (tmp / "sources.csv").write_text(SOURCES)
    try:
        do_import(store, path)
    except InputError:
        assert store.table_counts()["facts"] == 0
    finally:
        store.close()
