"""peaceledger: a source-backed ledger of multinational security missions.

The Python API is small on purpose::

    import peaceledger
    store = peaceledger.open_ledger()                # the default SQLite file, built-in data
    report = peaceledger.mission_state(store, "MSS-HTI", date(2025, 6, 30))
"""

from __future__ import annotations

from collections.abc import Callable

from .domain.dates import FuzzyDate, Precision
from .domain.events import Event
from .domain.facts import Evidence, Fact
from .domain.missions import Mission
from .domain.money import FxRate, Money, UsdConversion
from .domain.sources import Source
from .domain.state import MissionState
from .errors import PeaceledgerError
from .ledger.query import mission_state
from .store.base import LedgerStore

__version__ = "0.1.0"


def open_ledger(
    db_url: str | None = None,
    *,
    load_builtin: bool = True,
    on_builtin_loaded: Callable[[str], None] | None = None,
) -> LedgerStore:
    """Open the ledger at `db_url` (default: the SQLite file in the user's data directory),
    creating and migrating it, and loading the built-in MSS Haiti dataset into a new one."""
    import os

    from .config import Settings
    from .ledger.builtin import builtin_loaded, builtin_outdated, ensure_reference_data
    from .ledger.builtin import load_builtin as load
    from .store import open_store

    settings = Settings.resolve({"db_url": db_url}, os.environ)
    store = open_store(settings.db_url)
    if not store.list_missions():
        ensure_reference_data(store)
        if load_builtin and not builtin_loaded(store):
            report = load(store)
            if on_builtin_loaded is not None:
                on_builtin_loaded(
                    f"Loaded the built-in MSS Haiti dataset: {report.facts_added} facts, "
                    f"{report.events_added} events, {report.sources_added} sources."
                )
    elif builtin_outdated(store):
        # a newer package revised its built-in data: take it, keeping reviewers' edits
        report = load(store)
        if on_builtin_loaded is not None:
            on_builtin_loaded(
                f"Updated the built-in MSS Haiti dataset: {report.facts_added} facts added, "
                f"{report.facts_updated} revised, {report.sources_rated} sources rated."
            )
    else:
        ensure_reference_data(store)
    return store


__all__ = [
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
]
