import peaceledger

PUBLIC = {
    "Event",
    "Evidence",
    "Fact",
    "FuzzyDate",
    "FxRate",
    "LedgerStore",
    "Mission",
    "MissionState",
    "Money",
    "PeaceledgerError",
    "Precision",
    "Source",
    "UsdConversion",
    "__version__",
    "mission_state",
    "open_ledger",
}


def test_public_names_are_pinned() -> None:
    assert set(peaceledger.__all__) == PUBLIC
    for name in PUBLIC:
        assert hasattr(peaceledger, name), name


def test_open_ledger_on_a_new_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    store = peaceledger.open_ledger(f"sqlite:///{tmp_path / 'l.db'}")
    report = peaceledger.mission_state(store, "MSS-HTI", date(2025, 6, 30))
    assert report.state.mission_reported.deployed.value == 991  # type: ignore[union-attr]
    store.close()
