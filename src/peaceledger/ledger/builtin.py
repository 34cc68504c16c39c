"""The built-in MSS Haiti dataset: loaded on first use, reloadable without duplicates.

The packaged `mss_haiti/*.csv` are verbatim copies of the curated files, and so is
`source_origin.csv` (each source's kind and, for a syndicated copy, its origin). Our own
`annotations.csv` sits beside them and is merged in here: how a few figures combine (`basis`:
a tranche, a share, an "additional" pledge, a rotation), which cover more than the mission
(`scope`), which are arithmetic on other rows (`derived_from`, `derivation`) and, rarely, a
figure filed under the wrong mission. `check_notes.csv` records why the patterns `peaceledger
check` still reports on this data stand. Keeping ours apart leaves the copies checkable
against their origin.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import replace
from functools import cache
from pathlib import Path

from ..data import (
    builtin_dataset_dir,
    currency_codes,
    data_file,
    load_actors,
    load_fx_table,
    load_missions,
)
from ..domain.check import CheckNote
from ..domain.facts import KnownNames
from ..domain.vocab import SourceKind
from ..store.base import LedgerStore
from .importing import ImportContext, ImportReport, import_bundle, read_bundle
from .tabular import Row

ANNOTATED = ("mission", "basis", "scope", "derived_from", "derivation", "pinned")
"""The fact fields `annotations.csv` may set (an empty cell leaves the curated value)."""

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


REFERENCE_KEY = "reference_data_sha256"


def reference_fingerprint() -> str:
    h = hashlib.sha256()
    for p in [data_file("missions.csv"), *sorted(data_file("actors").glob("*.csv"))]:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def ensure_reference_data(store: LedgerStore) -> None:
    """Missions and actors: needed before any fact can be recorded. Written when the
    package's copy differs from what the ledger last took, not on every call."""
    current = reference_fingerprint()
    if store.get_meta(REFERENCE_KEY) == current and store.list_missions():
        return
    with store.transaction():
        store.upsert_missions(load_missions())
        store.upsert_actors(load_actors())
        store.set_meta(REFERENCE_KEY, current)


def known_names(store: LedgerStore) -> KnownNames:
    return KnownNames(
        missions={m.code for m in store.list_missions()},
        actors=store.actor_codes(),
        currencies=currency_codes(),
    )


@cache
def builtin_source_credibility() -> dict[str, tuple[SourceKind, str | None]]:
    """source id -> (kind, origin) from the curated `source_origin.csv`."""
    rows = _overlay(builtin_dataset_dir() / "source_origin.csv", "source_id")
    return {sid: (SourceKind(r["kind"]), r["origin"] or None) for sid, r in rows.items()}


def builtin_check_notes(directory: Path | None = None) -> list[CheckNote]:
    rows = _overlay((directory or builtin_dataset_dir()) / "check_notes.csv", "finding_key")
    return [CheckNote(k, r["note"], BUILTIN_USER) for k, r in rows.items()]


def load_builtin(store: LedgerStore, directory: Path | None = None) -> ImportReport:
    """Load (or reload) the built-in dataset; a second run changes nothing, and a reload
    keeps a fact a reviewer has changed since."""
    directory = directory or builtin_dataset_dir()
    ensure_reference_data(store)
    bundle = read_bundle(directory)
    notes = _overlay(directory / "annotations.csv", "fact_id")
    origins = _overlay(directory / "source_origin.csv", "source_id")
    bundle.facts = [_annotated(r, notes.get(r.values.get("fact_id", ""))) for r in bundle.facts]
    bundle.sources = [
        Row(
            r.where,
            {
                **r.values,
                "kind": origins[r.values["source_id"]]["kind"],
                "origin": origins[r.values["source_id"]]["origin"],
            },
        )
        if r.values.get("source_id") in origins
        else r
        for r in bundle.sources
    ]
    ctx = ImportContext(
        known=known_names(store),
        fx=load_fx_table(),
        stored_sources={},
        recorded_by=BUILTIN_USER,
        keep_edits_of_others=True,
    )
    with store.transaction():
        report = import_bundle(store, bundle, ctx)
        known = store.check_notes()
        for note in builtin_check_notes(directory):
            mine = known.get(note.key)
            # a reviewer's own note on the same finding is never replaced by ours
            if mine is None or (mine.recorded_by == BUILTIN_USER and mine.note != note.note):
                store.set_check_note(note)
        store.set_meta(META_KEY, dataset_fingerprint(directory))
    return replace(report, origin="built-in MSS Haiti dataset")


def _annotated(row: Row, note: dict[str, str] | None) -> Row:
    if not note:
        return row
    values = dict(row.values)
    for field in ANNOTATED:
        if note.get(field):
            values[field] = note[field]
    if note.get("reason"):
        values["note"] = f"{values.get('note', '')} [peaceledger: {note['reason']}]".strip()
    return Row(row.where, values)


def builtin_loaded(store: LedgerStore) -> bool:
    return store.get_meta(META_KEY) is not None


def builtin_outdated(store: LedgerStore) -> bool:
    """The ledger holds an earlier copy of the built-in data than the package ships."""
    stored = store.get_meta(META_KEY)
    return stored is not None and stored != dataset_fingerprint(builtin_dataset_dir())
