"""The store on SQLite and on PostgreSQL: the same code, the same answers."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from peaceledger.domain.dates import parse_fuzzy_date
from peaceledger.domain.events import Event
from peaceledger.domain.facts import Evidence, Fact
from peaceledger.domain.money import NO_RATE, ConversionStatus, FxRate, RateKind, UsdConversion
from peaceledger.domain.sources import Source, text_sha256
from peaceledger.domain.state import state_as_of
from peaceledger.domain.vocab import (
    Basis,
    Channel,
    EventKind,
    Metric,
    PersonnelType,
    Qualifier,
    ReviewStatus,
    SourceKind,
)
from peaceledger.errors import ConflictError, NotFoundError
from peaceledger.ledger.serialize import state_dict
from peaceledger.store.base import EventFilter, FactFilter
from peaceledger.store.sql.migrate import include_name
from peaceledger.store.sql.store import SqlStore
from peaceledger.store.sql.tables import metadata

NOW = datetime(2026, 11, 29, tzinfo=UTC)


def a_source(
    sid: str = "S1", published: str | None = "2024-07-17", body: str | None = None
) -> Source:
    return Source(
        sid,
        SourceKind.OUTLET,
        f"https://example.org/{sid}",
        f"Title {sid}",
        "Wire",
        parse_fuzzy_date(published) if published else None,
        text=body,
        sha256=text_sha256(body) if body else None,
        recorded_at=NOW,
    )


def a_fact(
    fid: str = "F1",
    value: str | None = "400",
    when: str = "2024-07-16",
    source: str = "S1",
    metric: Metric = Metric.PERSONNEL_DEPLOYED,
    actor: str | None = "KEN",
    **kw: object,
) -> Fact:
    return Fact(
        fid,
        "MSS-HTI",
        actor,
        metric,
        Qualifier.ABOUT,
        Decimal(value) if value is not None else None,
        "persons",
        None,
        None,
        parse_fuzzy_date(when),
        source,
        recorded_by="test",
        recorded_at=NOW,
        **kw,
    )  # type: ignore[arg-type]


def test_migrations_match_the_table_definitions(store: SqlStore) -> None:
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_name": include_name})
        diff = compare_metadata(ctx, metadata)
    assert diff == []


def test_reference_data_is_present(store: SqlStore) -> None:
    codes = store.actor_codes()
    assert len([c for c in codes if len(c) == 3]) >= 193 and {"KEN", "USA", "UN", "EU"} <= codes
    assert {m.code for m in store.list_missions()} == {"MSS-HTI", "GSF-HTI"}
    gsf = store.get_mission("GSF-HTI")
    assert gsf is not None and gsf.predecessor == "MSS-HTI"


def test_source_is_stored_once(store: SqlStore) -> None:
    assert store.add_source(a_source(body="Kenyan police landed."))
    assert not store.add_source(a_source(body="Kenyan police landed."))
    # same text under another id is the same source
    assert not store.add_source(a_source("S2", body="Kenyan police landed."))
    got = store.get_source("S1")
    assert got is not None and got.text == "Kenyan police landed."
    assert store.source_by_sha256(text_sha256("Kenyan police landed.")) == got


def test_fact_round_trip_keeps_every_field(store: SqlStore) -> None:
    store.add_source(a_source())
    f = a_fact(
        evidence=Evidence(10, 30, "lifts Nairobi's presence"),
        note="n",
        pinned=True,
        basis=Basis.TOTAL,
        produced_by="rule:x",
        confidence=0.75,
    )
    store.add_fact(f)
    got = store.get_fact("F1")
    assert got is not None
    assert got.content_key() == f.content_key()
    assert got.evidence == Evidence(10, 30, "lifts Nairobi's presence") and got.confidence == 0.75


def test_money_keeps_decimal_amounts(store: SqlStore) -> None:
    store.add_source(a_source())
    f = a_fact(value="80500000", metric=Metric.FUNDING_PLEDGED)
    f = replace(f, unit="CAD")
    store.add_fact(f)
    assert store.get_fact("F1").value == Decimal("80500000")  # type: ignore[union-attr]


def test_bulk_insert_stores_what_a_single_insert_stores(store: SqlStore) -> None:
    """`add_facts` writes through the driver (COPY on PostgreSQL); every field must come back
    exactly as `add_fact` stores it, in `facts` and in `fact_versions`."""
    store.add_source(a_source())
    rate = FxRate("CAD", "2024-07", Decimal("1.3712"), RateKind.MONTHLY_AVERAGE, "Bank of Canada")
    money = replace(
        a_fact("M", value="80500000.25", metric=Metric.FUNDING_PAID),
        unit="CAD",
        channel=Channel.TRUST_FUND,
        usd=UsdConversion(ConversionStatus.CONVERTED, Decimal("58707701.68"), rate),
        evidence=Evidence(3, 40, "C$80.5 million"),
        pinned=True,
        confidence=0.5,
        note="a note, with \t tab and\nnewline \\ backslash",
    )
    plain = replace(
        a_fact("P", when="2024-Q3", basis=Basis.INCREMENT), personnel_type=PersonnelType.POLICE
    )
    undated = replace(
        a_fact("U", metric=Metric.FUNDING_PLEDGED, value=None, actor=None),
        unit="EUR",
        date_of_fact=None,
        usd=NO_RATE,
        status=ReviewStatus.CANDIDATE,
    )
    for f in (money, plain, undated):
        store.add_fact(replace(f, fact_id=f"single-{f.fact_id}"))
    assert (
        store.add_facts([replace(f, fact_id=f"bulk-{f.fact_id}") for f in (money, plain, undated)])
        == 3
    )
    for f in (money, plain, undated):
        single = store.get_fact(f"single-{f.fact_id}")
        bulk = store.get_fact(f"bulk-{f.fact_id}")
        assert single is not None and bulk is not None
        assert replace(bulk, fact_id=single.fact_id) == single
        # (SQLite keeps `recorded_at` without its UTC offset, by either path)
        assert replace(bulk, recorded_at=NOW) == replace(f, fact_id=bulk.fact_id)
        (version,) = store.fact_history(f"bulk-{f.fact_id}")
        assert version == bulk


def test_bulk_insert_of_a_known_id_is_a_conflict_and_stores_nothing(store: SqlStore) -> None:
    store.add_source(a_source())
    store.add_fact(a_fact("F2"))
    with pytest.raises(ConflictError):
        store.add_facts([a_fact("F1"), a_fact("F2"), a_fact("F3")])
    assert store.get_fact("F1") is None and store.get_fact("F3") is None
    assert store.table_counts()["fact_versions"] == 1


def test_a_fact_needs_its_source(store: SqlStore) -> None:
    with pytest.raises(NotFoundError):
        store.add_fact(a_fact(source="nope"))


def test_versions_and_optimistic_locking(store: SqlStore) -> None:
    store.add_source(a_source())
    f = a_fact()
    store.add_fact(f)
    v2 = f.next_version(value=Decimal(410), change_note="corrected")
    store.add_fact_version(v2, expected_version=1)
    stale = f.next_version(value=Decimal(999))
    with pytest.raises(ConflictError, match="version 2, not 1"):
        store.add_fact_version(stale, expected_version=1)
    history = store.fact_history("F1")
    assert [(h.version, h.value) for h in history] == [(1, 400), (2, 410)]
    assert store.get_fact("F1").value == 410  # type: ignore[union-attr]
    with pytest.raises(ConflictError):
        store.add_fact(f)


def test_a_failed_transaction_leaves_nothing(store: SqlStore) -> None:
    store.add_source(a_source())
    with pytest.raises(NotFoundError), store.transaction():
        store.add_fact(a_fact("F1"))
        store.add_fact(a_fact("F2", source="missing"))
    assert store.get_fact("F1") is None
    assert store.table_counts()["fact_versions"] == 0


def test_find_facts_filters_and_pages(store: SqlStore) -> None:
    store.add_source(a_source())
    store.add_facts(
        [
            a_fact("F1", when="2024-06-25"),
            a_fact("F2", when="2024-07-16"),
            a_fact("F3", when="2024-09", actor="JAM"),
            a_fact("F4", when="2025", actor=None),
            a_fact("F5", when="2025-02-01", status=ReviewStatus.CANDIDATE),
        ]
    )
    ids = lambda flt: [f.fact_id for f in store.find_facts(flt)]  # noqa: E731
    assert ids(FactFilter(actor="KEN")) == ["F1", "F2", "F5"]
    assert ids(FactFilter(actor="")) == ["F4"]
    assert ids(FactFilter(statuses=(ReviewStatus.ACCEPTED,), date_from=date(2024, 9, 15))) == [
        "F3",
        "F4",
    ]
    assert ids(FactFilter(date_to=date(2024, 7, 1))) == ["F1"]
    page1 = store.find_facts(FactFilter(limit=2))
    cursor = f"{page1[-1].date_of_fact.start}|{page1[-1].fact_id}"  # type: ignore[union-attr]
    page2 = ids(FactFilter(limit=2, after=cursor))
    assert [f.fact_id for f in page1] + page2 == ["F1", "F2", "F3", "F4"]
    assert store.count_facts(FactFilter(statuses=(ReviewStatus.ACCEPTED,))) == 4


def test_paging_walks_undated_and_same_day_facts_in_order(store: SqlStore) -> None:
    """Undated facts first (on PostgreSQL too, which sorts NULLs last unless told), then by
    date and id; a page at a time, with the cursor `list_facts` hands out, nothing is
    skipped or repeated, across the undated/dated boundary and within one day."""
    from peaceledger.ledger.query import list_facts

    store.add_source(a_source())
    items = [replace(a_fact(f"U{i}"), date_of_fact=None) for i in (3, 1, 2)]
    items += [a_fact(f"D{i}", when="2024-07-16") for i in (5, 4, 6)]
    items += [a_fact("E1", when="2024-06"), a_fact("E2", when="2025")]
    store.add_facts(items)
    want = ["U1", "U2", "U3", "E1", "D4", "D5", "D6", "E2"]
    assert [f.fact_id for f in store.find_facts(FactFilter())] == want
    for size in (1, 2, 3):
        seen: list[str] = []
        after = None
        while True:
            page = list_facts(store, FactFilter(limit=size, after=after))
            seen += [f.fact_id for f in page.facts]
            if page.next_cursor is None:
                break
            after = page.next_cursor
        assert seen == want, size


def test_a_facts_page_is_read_in_index_order(store: SqlStore) -> None:
    """The listing needs no sort of the mission's facts (migration 0006)."""
    from sqlalchemy.dialects import postgresql, sqlite

    from peaceledger.store.sql.store import _after_cursor
    from peaceledger.store.sql.tables import facts

    c = facts.c
    q = (
        facts.select()
        .where(c.mission == "MSS-HTI", c.status.in_(["accepted"]), _after_cursor("2024-07-16|F1"))
        .order_by(c.date_start.asc().nulls_first(), c.fact_id)
        .limit(100)
    )
    dialect = postgresql.dialect() if store.dialect == "postgresql" else sqlite.dialect()
    sql = str(q.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    with store.engine.connect() as conn:
        if store.dialect == "postgresql":
            conn.exec_driver_sql("SET enable_seqscan = off")
            plan = "\n".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {sql}"))
            assert "ix_facts_listing" in plan and "Sort" not in plan, plan
        else:
            plan = " ".join(r[3] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
            assert "ix_facts_listing" in plan and "TEMP B-TREE" not in plan, plan


def test_known_at_uses_the_publication_date(store: SqlStore) -> None:
    store.add_source(a_source("S1", "2024-07-17"))
    store.add_source(a_source("S2", "2024-09"))
    store.add_source(a_source("S3", None))
    store.add_facts(
        [a_fact("F1", source="S1"), a_fact("F2", source="S2"), a_fact("F3", source="S3")]
    )
    assert [f.fact_id for f in store.find_facts(FactFilter(known_at=date(2024, 9, 15)))] == ["F1"]
    assert store.count_facts(FactFilter(published_unknown=True)) == 1


def test_facts_for_state_gives_the_same_state_as_all_facts(store: SqlStore) -> None:
    """The SQL narrowing must never change the answer of the pure rule."""
    store.add_source(a_source("S1", "2024-06-26"))
    store.add_source(a_source("S2", "2025-02-07"))
    A, D, W = Metric.PERSONNEL_ARRIVED, Metric.PERSONNEL_DEPLOYED, Metric.PERSONNEL_WITHDRAWN
    facts = [
        a_fact("a1", "200", "2024-06-25", "S1", A),
        a_fact("a2", "400", "2024-06-25", "S2", A),
        a_fact("d1", "400", "2024-07-16", "S1", D),
        a_fact("d2", "382", "2024-09-26", "S2", D),
        a_fact("a3", "217", "2025-01-18", "S2", A),
        a_fact("w1", "17", "2025-01-20", "S2", W),
        a_fact("d3", "732", "2025-06", "S2", D),
        a_fact("a4", "50", "2025-06-10", "S1", A),
        a_fact("p1", "1000", "2023-07", "S1", Metric.PERSONNEL_PLEDGED),
        a_fact("p2", "300", "2024-09-25", "S2", Metric.PERSONNEL_PLEDGED, basis=Basis.PART),
        a_fact("j1", "24", "2024-09", "S1", D, actor="JAM"),
        a_fact("m1", "991", "2025-06", "S2", D, actor=None),
    ]
    store.add_facts(facts)
    mission = store.get_mission("MSS-HTI")
    assert mission is not None
    sources = store.get_sources({"S1", "S2"})
    for day in ("2024-06-30", "2024-08-01", "2024-12-31", "2025-01-19", "2025-03-01", "2025-07-01"):
        d = date.fromisoformat(day)
        narrowed = store.facts_for_state("MSS-HTI", d, None)
        assert len(narrowed) <= len(facts)
        a = state_as_of(mission, narrowed, sources, d)
        b = state_as_of(mission, store.find_facts(FactFilter()), sources, d)
        assert _summary(a) == _summary(b), day


def test_facts_for_state_keeps_facts_dated_by_their_source(store: SqlStore) -> None:
    """A fact with no date of its own is dated by its source's publication (the state rule);
    the SQL narrowing once dropped it because its `date_start` is NULL."""
    store.add_source(a_source("S1", "2024-06-26"))
    store.add_source(a_source("S2", "2025-02-07"))
    store.add_source(a_source("S3", None))
    D, A = Metric.PERSONNEL_DEPLOYED, Metric.PERSONNEL_ARRIVED
    facts = [
        a_fact("d1", "400", "2024-07-16", "S1", D),
        replace(a_fact("d2", "500", source="S2", metric=D), date_of_fact=None),
        a_fact("j1", "24", "2024-09", "S1", D, actor="JAM"),
        replace(a_fact("j2", "6", source="S2", metric=A, actor="JAM"), date_of_fact=None),
        # neither the fact nor its source is dated: left out, with the same warning
        replace(a_fact("b1", "7", source="S3", metric=D, actor="BHS"), date_of_fact=None),
        replace(a_fact("b2", "3", source="S3", actor="BHS", basis=Basis.PART), date_of_fact=None),
    ]
    store.add_facts(facts)
    mission = store.get_mission("MSS-HTI")
    assert mission is not None
    sources = store.get_sources({"S1", "S2", "S3"})
    for day in ("2024-12-31", "2025-03-01"):
        d = date.fromisoformat(day)
        a = state_as_of(mission, store.facts_for_state("MSS-HTI", d, None), sources, d)
        b = state_as_of(mission, store.find_facts(FactFilter()), sources, d)
        assert _summary(a) == _summary(b), day
        assert a.warnings == b.warnings, day
    assert _summary(a)[("KEN", "strength")][0] == 500
    # the undated arrival is dated 2025-02-07 by its source: over 60 days after Jamaica's
    # last strength report, so it is shown, not added
    assert _summary(a)[("JAM", "strength")][0] == 24


def test_facts_for_state_keeps_actors_known_only_by_a_part(store: SqlStore) -> None:
    """A contributor whose only figure so far is a tranche (`basis=part`) is listed, with no
    value, by the state rule; the SQL narrowing once left such contributors out."""
    store.add_source(a_source("S1", "2024-07-17"))
    P = Metric.PERSONNEL_PLEDGED
    store.add_facts(
        [
            a_fact("k1", "400", "2024-07-16"),
            a_fact("b1", "50", "2024-07-01", metric=P, actor="BHS", basis=Basis.PART),
            a_fact("b2", "60", "2024-07-02", metric=P, actor="BHS", basis=Basis.PART),
            a_fact("b3", "150", "2025-01-10", metric=P, actor="BHS"),
            a_fact("j1", "20", "2024-07-03", metric=P, actor="JAM", basis=Basis.PART),
            a_fact("j2", "24", "2024-07-04", metric=P, actor="JAM"),
        ]
    )
    mission = store.get_mission("MSS-HTI")
    assert mission is not None
    sources = store.get_sources({"S1"})
    for day in ("2024-07-10", "2025-02-01"):
        d = date.fromisoformat(day)
        narrowed = store.facts_for_state("MSS-HTI", d, None)
        a = state_as_of(mission, narrowed, sources, d)
        b = state_as_of(mission, store.find_facts(FactFilter()), sources, d)
        assert [x.actor for x in a.actors] == [x.actor for x in b.actors], day
        assert _summary(a) == _summary(b), day
    assert {x.actor for x in a.actors} == {"KEN", "BHS", "JAM"}


def test_facts_for_state_matches_all_facts_on_a_random_ledger(store: SqlStore) -> None:
    """Everything `status --format json` prints (less `facts_used`, which counts the input)
    is the same from the narrowed facts as from all facts, on a seeded random ledger with
    every metric, basis, status, channel and date precision, undated facts and sources, and
    invalid-but-storable oddities (a personnel figure with a channel)."""
    rng = random.Random(7)
    days = [date(2023, 1, 1) + timedelta(days=rng.randrange(3 * 365)) for _ in range(30)]
    srcs = []
    for i in range(12):
        published = (
            None if i == 0 else (days[rng.randrange(30)]).isoformat()[: rng.choice([4, 7, 10])]
        )
        srcs.append(a_source(f"S{i}", published))
        store.add_source(srcs[-1])
    actors = ["KEN", "JAM", "BHS", "USA", None]
    channels = [None, Channel.TRUST_FUND, Channel.BILATERAL]
    facts = []
    for i in range(250):
        metric = rng.choice(list(Metric))
        day = days[rng.randrange(30)].isoformat()[: rng.choice([4, 7, 7, 10, 10, 10])]
        when = rng.choice([day, day, day, f"{day[:4]}-Q{rng.randrange(1, 5)}", f"{day[:4]}-H2"])
        f = a_fact(
            f"R{i:03d}",
            str(rng.randrange(1, 500)),
            when,
            f"S{rng.randrange(12)}",
            metric,
            rng.choice(actors),
            basis=rng.choice([Basis.TOTAL, Basis.TOTAL, Basis.TOTAL, Basis.INCREMENT, Basis.PART]),
            status=rng.choice([ReviewStatus.ACCEPTED] * 5 + [ReviewStatus.CANDIDATE]),
            pinned=rng.random() < 0.05,
        )
        if metric.is_money or rng.random() < 0.02:
            f = replace(f, channel=rng.choice(channels))
        if metric.is_money:
            f = replace(f, unit=rng.choice(["USD", "EUR"]), usd=NO_RATE)
        if rng.random() < 0.05:
            f = replace(f, date_of_fact=None)
        facts.append(f)
    store.add_facts(facts)
    mission = store.get_mission("MSS-HTI")
    assert mission is not None
    sources = store.get_sources({s.source_id for s in srcs})
    names = {a: a for a in actors if a}
    every = store.find_facts(FactFilter())
    for d in sorted(days):
        narrowed = store.facts_for_state("MSS-HTI", d, None)
        assert len(narrowed) == len({f.fact_id for f in narrowed})
        a = state_dict(state_as_of(mission, narrowed, sources, d), sources, names)
        b = state_dict(state_as_of(mission, every, sources, d), sources, names)
        for x in (a, b):
            x.pop("facts_used")
        assert a == b, d
        # as known at a later day: the same, but for the warning about undated sources, which
        # `ledger.query.mission_state` words itself from a count of the store
        k = d + timedelta(days=60)
        narrowed = store.facts_for_state("MSS-HTI", d, k)
        a = state_dict(state_as_of(mission, narrowed, sources, d, k), sources, names)
        b = state_dict(state_as_of(mission, every, sources, d, k), sources, names)
        for x in (a, b):
            x.pop("facts_used")
            x["warnings"] = [w for w in x["warnings"] if "no publication date" not in w]
        assert a == b, (d, k)


def test_refresh_statistics_leaves_the_ledger_readable(store: SqlStore) -> None:
    store.add_source(a_source())
    store.add_facts([a_fact("F1"), a_fact("F2", when="2024-08")])
    store.refresh_statistics()
    got = store.facts_for_state("MSS-HTI", date(2024, 9, 1), None)
    assert sorted(f.fact_id for f in got) == ["F1", "F2"]


def _summary(st):  # type: ignore[no-untyped-def]
    out = {}
    for a in (*st.actors, st.mission_reported):
        for k, m in a.personnel.items():
            out[(a.actor, k)] = (m.value, m.qualifier, m.conflict, m.as_of_date)
    return out


def test_search_sources_full_text(store: SqlStore) -> None:
    store.add_source(a_source("S1", body="Kenyan police officers landed in Port-au-Prince"))
    store.add_source(a_source("S2", body="Guatemalan military police arrive"))
    found = [s.source_id for s in store.search_sources("kenyan police")]
    assert found == ["S1"]
    assert {s.source_id for s in store.search_sources("police")} == {"S1", "S2"}
    assert store.search_sources('"unbalanced AND (') == []  # user input is never query syntax
    assert len(store.search_sources(None)) == 2


def an_event(eid: str = "E1", source: str = "S1") -> Event:
    return Event(
        eid,
        "MSS-HTI",
        "UN",
        parse_fuzzy_date("2024-09-30"),
        EventKind.RESOLUTION,
        "S/RES/2751 renews the MSS",
        source,
        recorded_at=NOW,
    )


def test_events(store: SqlStore) -> None:
    store.add_source(a_source())
    ev = an_event()
    assert store.add_event(ev) and not store.add_event(ev)
    got = store.find_events(EventFilter(mission="MSS-HTI", date_from=date(2024, 9, 1)))
    assert [e.event_id for e in got] == ["E1"] and got[0].date_of_event.iso == "2024-09-30"


def test_backup_and_restore(store: SqlStore, tmp_path: Path) -> None:
    store.add_source(a_source())
    store.add_fact(a_fact())
    backup = tmp_path / "ledger.backup"
    store.backup(backup)
    store.add_fact(a_fact("F2"))
    store.restore(backup)
    assert store.get_fact("F1") is not None
    assert store.get_fact("F2") is None
    assert list(tmp_path.glob("*before-restore*")), "the replaced database is kept"


def test_a_restore_gives_a_new_ledger_version(store: SqlStore, tmp_path: Path) -> None:
    """A server's response cache must not keep answers from before a restore."""
    store.add_source(a_source())
    backup = tmp_path / "ledger.backup"
    store.backup(backup)
    at_backup = store.ledger_version()
    store.add_fact(a_fact("F2"))
    before_restore = store.ledger_version()
    store.restore(backup)
    assert store.ledger_version() not in ("", at_backup, before_restore)


def test_sqlite_uses_wal_and_foreign_keys(store: SqlStore) -> None:
    if store.dialect != "sqlite":
        pytest.skip("SQLite pragmas")
    with store.engine.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
