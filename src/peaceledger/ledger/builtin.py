"""The built-in MSS Haiti dataset: loaded on first use, reloadable without duplicates.

The packaged `mss_haiti/*.csv` are verbatim copies of the curated files. Two small files of
ours sit beside them and are merged in here: `annotations.csv` says how a few figures combine
(`basis`: a tranche, a share, an "additional" pledge) and `source_kinds.csv` marks official
documents. Keeping them apart leaves the copies checkable against their origin.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import replace
from pathlib import Path

from ..data import builtin_dataset_dir, currency_codes, load_actors, load_fx_table, load_missions
from ..domain.facts import KnownNames
from ..store.base import LedgerStore
from .importing import ImportContext, ImportReport, import_bundle, read_bundle
from .tabular import Row

BUILTIN_USER = "peaceledger:builtin"
META_KEY = "builtin_dataset_sha256"


def _overlay(path: Path, key: str) -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {r[key]: r for r in csv.DictReader(fh)}


def dataset_fingerprint(directory: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(directory.glob("*.csv")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def ensure_reference_data(store: LedgerStore) -> None:
    """Missions and actors: needed before any fact can be recorded."""
    with store.transaction():
        store.upsert_missions(load_missions())
        store.upsert_actors(load_actors())


def known_names(store: LedgerStore) -> KnownNames:
    return KnownNames(
        missions={m.code for m in store.list_missions()},
        actors=store.actor_codes(),
        currencies=currency_codes(),
    )


def load_builtin(store: LedgerStore, directory: Path | None = None) -> ImportReport:
    """Load (or reload) the built-in dataset; a second run changes nothing."""
    directory = directory or builtin_dataset_dir()
    ensure_reference_data(store)
    bundle = read_bundle(directory)
    basis = _overlay(directory / "annotations.csv", "fact_id")
    kinds = _overlay(directory / "source_kinds.csv", "source_id")
    bundle.facts = [
        Row(r.where, {**r.values, "basis": basis[r.values["fact_id"]]["basis"]})
        if r.values.get("fact_id") in basis
        else r
        for r in bundle.facts
    ]
    bundle.sources = [
        Row(r.where, {**r.values, "kind": kinds[r.values["source_id"]]["kind"]})
        if r.values.get("source_id") in kinds
        else r
        for r in bundle.sources
    ]
    ctx = ImportContext(
        known=known_names(store),
        fx=load_fx_table(),
        stored_sources={},
        recorded_by=BUILTIN_USER,
    )
    report = import_bundle(store, bundle, ctx)
    store.set_meta(META_KEY, dataset_fingerprint(directory))
    return replace(report, origin="built-in MSS Haiti dataset")


def builtin_loaded(store: LedgerStore) -> bool:
    return store.get_meta(META_KEY) is not None
