"""`peaceledger import`: facts, sources and events from CSV or JSON, in one transaction.

Three layouts are read:

* a directory like the built-in dataset: `facts.csv`, `sources.csv`, optional `events.csv`;
* a facts file whose `source_id` column points into a `sources.csv` beside it (or into sources
  the ledger already holds);
* one file with the source inline (`source_url`, `source_title`, `source_publisher`,
  `source_published`, `source_kind`).

Every row is checked before anything is written; one bad row means nothing is imported, and
every problem is reported as `file:line: field: reason`. Importing the same file twice changes
nothing; a row whose `fact_id` exists with different content becomes a new version of it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from ..data import load_registry
from ..domain.credibility import Registry
from ..domain.events import Event
from ..domain.facts import Evidence, Fact, KnownNames, fact_problems
from ..domain.money import FxTable
from ..domain.sources import Source, source_id_for
from ..domain.vocab import (
    LEGACY_SOURCE_KINDS,
    PERSONS,
    Basis,
    Channel,
    EventKind,
    Metric,
    PersonnelType,
    Qualifier,
    ReviewStatus,
    Scope,
    SourceKind,
)
from ..errors import ParseError, Problem, ValidationError
from ..store.base import LedgerStore
from .fields import FieldErrors
from .tabular import Row, read_csv, read_json

FACT_COLUMNS = (
    "fact_id",
    "mission",
    "actor",
    "metric",
    "qualifier",
    "value",
    "unit",
    "personnel_type",
    "channel",
    "date_of_fact",
    "source_id",
    "note",
    "basis",
    "status",
    "pinned",
    "evidence_start",
    "evidence_end",
    "evidence_quote",
    "scope",
    "derived_from",
    "derivation",
)
INLINE_SOURCE = (
    "source_url",
    "source_title",
    "source_publisher",
    "source_published",
    "source_kind",
    "source_page_kind",
    "source_origin",
)
SOURCE_COLUMNS = (
    "source_id",
    "url",
    "title",
    "publisher",
    "published",
    "kind",
    "origin",
    "retrieved_at",
)
EVENT_COLUMNS = (
    "event_id",
    "mission",
    "actor",
    "date",
    "kind",
    "value",
    "unit",
    "description",
    "source_id",
)
# Columns our own exports add; a re-import ignores them (they are derived).
DERIVED = (
    "actor_name",
    "version",
    "currency",
    "amount_usd",
    "usd_status",
    "rate_per_usd",
    "rate_date",
    "rate_kind",
    "rate_source",
    "date_precision",
    "source_title",
    "source_publisher",
    "source_published",
    "source_url",
    "recorded_by",
    "recorded_at",
    "produced_by",
    "confidence",
    "change_note",
    "known_since",
    "date_start",
    "date_end",
    "published_precision",
    "sha256",
    "recorded",
    "text",
    "origin_kind",
    "report_key",
)


@dataclass
class ImportBundle:
    """The rows of one import, read but not yet checked."""

    origin: str
    sources: list[Row] = field(default_factory=list)
    facts: list[Row] = field(default_factory=list)
    events: list[Row] = field(default_factory=list)


@dataclass
class ImportReport:
    origin: str
    sources_added: int = 0
    sources_existing: int = 0
    sources_rated: int = 0
    """Kept sources whose kind or origin the import changed."""
    facts_added: int = 0
    facts_updated: int = 0
    facts_unchanged: int = 0
    events_added: int = 0
    events_unchanged: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.sources_added or self.facts_added or self.facts_updated or self.events_added
        )


def read_bundle(path: Path) -> ImportBundle:
    """Read an import from a directory, a CSV (with `sources.csv` beside it) or a JSON file."""
    path = Path(path)
    if path.is_dir():
        facts = path / "facts.csv"
        if not facts.exists():
            raise ParseError("a directory import needs a facts.csv", str(path))
        return _csv_bundle(facts, str(path))
    suffix = path.suffix.lower()
    if suffix == ".json":
        parts = read_json(path)
        return ImportBundle(str(path), parts["sources"], parts["facts"], parts["events"])
    if suffix in (".csv", ".tsv", ".txt") or not suffix:
        return _csv_bundle(path, str(path))
    raise ParseError(f"unsupported file type {suffix!r}: give a .csv or a .json file", str(path))


def _csv_bundle(facts: Path, origin: str) -> ImportBundle:
    bundle = ImportBundle(origin, facts=read_csv(facts))
    for name, attr in (("sources.csv", "sources"), ("events.csv", "events")):
        beside = facts.with_name(name)
        if beside.exists() and beside != facts:
            setattr(bundle, attr, read_csv(beside))
    return bundle


@dataclass(frozen=True)
class ImportContext:
    known: KnownNames
    fx: FxTable
    stored_sources: Mapping[str, Source]
    recorded_by: str
    status: ReviewStatus = ReviewStatus.ACCEPTED
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    registry: Registry = field(default_factory=load_registry)
    keep_edits_of_others: bool = False
    """Reloading the built-in data: a fact whose current version someone else recorded (a
    reviewer's edit) is kept, not replaced by the file's row."""


def check_bundle(
    bundle: ImportBundle, ctx: ImportContext
) -> tuple[list[Source], list[Fact], list[Event], list[str]]:
    """Turn rows into domain values; raise `ValidationError` listing every bad field."""
    problems: list[Problem] = []
    warnings: list[str] = []
    file_sources: dict[str, Source] = {}
    for row in bundle.sources:
        src = _source_from_row(row, problems, ctx)
        if src is not None:
            file_sources[src.source_id] = src
    facts: list[Fact] = []
    seen: dict[str, str] = {}
    for row in bundle.facts:
        _warn_unknown_columns(row, FACT_COLUMNS + INLINE_SOURCE, warnings)
        f = _fact_from_row(row, problems, ctx, file_sources)
        if f is None:
            continue
        if f.fact_id in seen:
            problems.append(
                Problem(
                    f"{row.where}: fact_id",
                    f"{f.fact_id} appears twice (first at {seen[f.fact_id]})",
                )
            )
            continue
        seen[f.fact_id] = row.where
        facts.append(f)
    events: list[Event] = []
    for row in bundle.events:
        ev = _event_from_row(row, problems, ctx, file_sources)
        if ev is not None:
            events.append(ev)
    if problems:
        raise ValidationError.from_problems(problems, bundle.origin)
    return list(file_sources.values()), facts, events, warnings


def import_bundle(store: LedgerStore, bundle: ImportBundle, ctx: ImportContext) -> ImportReport:
    """Check, then write everything in one transaction."""
    sources, facts, events, warnings = check_bundle(bundle, ctx)
    report = ImportReport(bundle.origin, warnings=warnings)
    with store.transaction():
        rated = {
            r.values.get("source_id", "").strip() or source_id_for(_get(r, "url") or None)
            for r in bundle.sources
            if _get(r, "kind") or _get(r, "origin")
        }
        for s in sources:
            if store.add_source(s):
                report.sources_added += 1
            else:
                report.sources_existing += 1
                if s.source_id in rated and store.update_source_credibility(
                    s, by=ctx.recorded_by, note=f"rated by {Path(bundle.origin).name}"
                ):
                    report.sources_rated += 1
        new: list[Fact] = []
        for f in facts:
            current = store.get_fact(f.fact_id)
            if current is None:
                new.append(f)
            elif current.content_key() == f.content_key():
                report.facts_unchanged += 1
            elif ctx.keep_edits_of_others and current.recorded_by != ctx.recorded_by:
                report.facts_unchanged += 1
                report.warnings.append(
                    f"{f.fact_id}: kept version {current.version} by {current.recorded_by}; "
                    "the file's row differs"
                )
            else:
                store.add_fact_version(
                    replace(
                        f,
                        version=current.version + 1,
                        change_note=f"re-imported from {Path(bundle.origin).name}",
                    ),
                    current.version,
                )
                report.facts_updated += 1
        report.facts_added = store.add_facts(new) if new else 0
        for ev in events:
            if store.add_event(ev):
                report.events_added += 1
            else:
                report.events_unchanged += 1
    return report


# rows to domain values -------------------------------------------------------------------------
def _warn_unknown_columns(row: Row, allowed: tuple[str, ...], warnings: list[str]) -> None:
    unknown = sorted(set(row.values) - set(allowed) - set(DERIVED))
    if unknown and not warnings:
        warnings.append(f"{row.where}: ignored unknown column(s): {', '.join(unknown)}")


def _get(row: Row, name: str) -> str:
    return (row.values.get(name) or "").strip()


def _source_from_row(row: Row, problems: list[Problem], ctx: ImportContext) -> Source | None:
    err = FieldErrors(row.where)
    url = _get(row, "url") or None
    sid = _get(row, "source_id") or source_id_for(url)
    if not url and not _get(row, "source_id"):
        err.add("source_id", "a source needs a source_id or a url")
    published = err.date("published", _get(row, "published"))
    if url and not url.lower().startswith(("http://", "https://")):
        err.add("url", f"not an http(s) URL: {url!r}")
    rated = _rate(err, "kind", _get(row, "kind"), url, _get(row, "origin"), ctx)
    problems.extend(err.problems)
    if err.problems or rated is None:
        return None
    kind, origin, origin_kind, key = rated
    return Source(
        source_id=sid,
        kind=kind,
        url=url,
        title=_get(row, "title"),
        publisher=_get(row, "publisher"),
        published=published,
        recorded_by=ctx.recorded_by,
        recorded_at=ctx.now,
        origin=origin,
        origin_kind=origin_kind,
        report_key=key,
    )


def _rate(
    err: FieldErrors, field: str, text: str, url: str | None, origin: str, ctx: ImportContext
) -> tuple[SourceKind, str | None, SourceKind | None, str] | None:
    """A source's kind from the row (new or legacy words), else from the publisher registry by
    its domain; with its origin's canonical name and kind, and whose report it is."""
    text = text.strip().lower()
    given: SourceKind | None = None
    if text in LEGACY_SOURCE_KINDS:
        given = LEGACY_SOURCE_KINDS[text]
    elif text:
        given = err.enum(field, SourceKind, text)
        if given is None:
            legacy = ", ".join(LEGACY_SOURCE_KINDS)
            err.problems[-1] = Problem(
                err.problems[-1].where, err.problems[-1].problem + f" (or the older {legacy})"
            )
            return None
    return ctx.registry.classify(url, origin or None, given)


def _inline_source(row: Row, err: FieldErrors, ctx: ImportContext) -> Source | None:
    url = _get(row, "source_url")
    if not url:
        return None
    if not url.lower().startswith(("http://", "https://")):
        err.add("source_url", f"not an http(s) URL: {url!r}")
        return None
    published = err.date("source_published", _get(row, "source_published"))
    # our exports give the page's own kind beside the kind its report is weighed by
    field = "source_page_kind" if _get(row, "source_page_kind") else "source_kind"
    rated = _rate(err, field, _get(row, field), url, _get(row, "source_origin"), ctx)
    if rated is None:
        return None
    kind, origin, origin_kind, key = rated
    return Source(
        source_id=_get(row, "source_id") or source_id_for(url),
        kind=kind,
        url=url,
        title=_get(row, "source_title"),
        publisher=_get(row, "source_publisher"),
        published=published,
        recorded_by=ctx.recorded_by,
        recorded_at=ctx.now,
        origin=origin,
        origin_kind=origin_kind,
        report_key=key,
    )


def _fact_from_row(
    row: Row, problems: list[Problem], ctx: ImportContext, file_sources: dict[str, Source]
) -> Fact | None:
    err = FieldErrors(row.where)
    metric = err.enum("metric", Metric, _get(row, "metric"))
    if not _get(row, "metric"):
        err.add("metric", "missing")
    qualifier = err.enum("qualifier", Qualifier, _get(row, "qualifier"), Qualifier.EXACT)
    value = err.decimal("value", _get(row, "value"))
    ptype = err.enum("personnel_type", PersonnelType, _get(row, "personnel_type"))
    channel = err.enum("channel", Channel, _get(row, "channel"))
    basis = err.enum("basis", Basis, _get(row, "basis"), Basis.TOTAL)
    scope = err.enum("scope", Scope, _get(row, "scope"), Scope.MISSION)
    derived_from = tuple(
        x for x in _get(row, "derived_from").replace(",", " ").replace("|", " ").split() if x
    )
    status = err.enum("status", ReviewStatus, _get(row, "status"), ctx.status)
    pinned = err.boolean("pinned", _get(row, "pinned"))
    date_of_fact = err.date("date_of_fact", _get(row, "date_of_fact"))
    mission = _get(row, "mission")
    if not mission:
        err.add("mission", "missing")
    unit = _get(row, "unit") or (PERSONS if metric is not None and metric.is_personnel else "")
    if not unit:
        err.add("unit", "missing: give an ISO 4217 currency code for money")
    evidence = None
    if _get(row, "evidence_quote") or _get(row, "evidence_start"):
        start = err.integer("evidence_start", _get(row, "evidence_start")) or 0
        end = err.integer("evidence_end", _get(row, "evidence_end")) or start
        evidence = Evidence(start, end, _get(row, "evidence_quote"))

    source = _inline_source(row, err, ctx)
    sid = _get(row, "source_id") or (source.source_id if source else "")
    if source is not None:
        file_sources.setdefault(source.source_id, source)
    if not sid:
        err.add("source_id", "missing source: give a source_id or the source_url columns")
    else:
        source = file_sources.get(sid) or ctx.stored_sources.get(sid)
        if source is None:
            err.add("source_id", f"unknown source {sid!r}: not in sources.csv nor in the ledger")

    if date_of_fact is None and source is not None and not _get(row, "date_of_fact"):
        if source.published is None:
            err.add("date_of_fact", "missing, and the source has no publication date to use")
        else:
            date_of_fact = source.published
    if (
        err.problems
        or metric is None
        or qualifier is None
        or basis is None
        or status is None
        or scope is None
    ):
        problems.extend(err.problems)
        return None

    fact = Fact(
        fact_id=_get(row, "fact_id") or "",
        mission=mission,
        actor=_get(row, "actor") or None,
        metric=metric,
        qualifier=qualifier,
        value=value,
        unit=unit,
        personnel_type=ptype,
        channel=channel,
        date_of_fact=date_of_fact,
        source_id=sid,
        evidence=evidence,
        basis=basis,
        status=status,
        pinned=pinned,
        note=_get(row, "note"),
        produced_by=f"import:{Path(row.where.split(':')[0]).name}",
        recorded_by=ctx.recorded_by,
        recorded_at=ctx.now,
        scope=scope,
        derived_from=derived_from,
        derivation=_get(row, "derivation"),
    )
    rule_problems = fact_problems(fact, ctx.known, row.where)
    if rule_problems:
        problems.extend(rule_problems)
        return None
    if not fact.fact_id:
        fact = replace(fact, fact_id=derived_fact_id(fact))
    if fact.money is not None:
        fact = replace(fact, usd=ctx.fx.convert(fact.money, fact.date_of_fact))
    return fact


def derived_fact_id(f: Fact) -> str:
    """A stable id for a fact given without one: re-importing the same row finds it again."""
    key = "|".join(
        str(x)
        for x in (
            f.mission,
            f.actor,
            f.metric,
            f.qualifier,
            f.value,
            f.unit,
            f.personnel_type,
            f.channel,
            f.date_of_fact,
            f.source_id,
            f.basis,
        )
    )
    return "F" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def _event_from_row(
    row: Row, problems: list[Problem], ctx: ImportContext, file_sources: dict[str, Source]
) -> Event | None:
    err = FieldErrors(row.where)
    d = err.date("date", _get(row, "date"))
    if not _get(row, "date"):
        err.add("date", "missing")
    kind = err.enum("kind", EventKind, _get(row, "kind"), EventKind.OTHER)
    value = err.decimal("value", _get(row, "value"))
    mission = _get(row, "mission")
    if mission not in ctx.known.missions:
        err.add("mission", f"unknown mission {mission!r}")
    actor = _get(row, "actor") or None
    if actor is not None and actor not in ctx.known.actors:
        err.add("actor", f"unknown country or organisation code {actor!r}")
    sid = _get(row, "source_id")
    if not sid:
        err.add("source_id", "missing source")
    elif sid not in file_sources and sid not in ctx.stored_sources:
        err.add("source_id", f"unknown source {sid!r}: not in sources.csv nor in the ledger")
    if not _get(row, "description"):
        err.add("description", "missing")
    if not _get(row, "event_id"):
        err.add("event_id", "missing")
    problems.extend(err.problems)
    if err.problems or d is None or kind is None:
        return None
    return Event(
        event_id=_get(row, "event_id"),
        mission=mission,
        actor=actor,
        date_of_event=d,
        kind=kind,
        description=_get(row, "description"),
        source_id=sid,
        value=value,
        unit=_get(row, "unit"),
        recorded_by=ctx.recorded_by,
        recorded_at=ctx.now,
    )


def import_file(
    store: LedgerStore,
    path: Path,
    fx: FxTable,
    known: KnownNames,
    recorded_by: str,
    status: ReviewStatus = ReviewStatus.ACCEPTED,
) -> ImportReport:
    """Read, check and import one file or directory in a single transaction."""
    bundle = read_bundle(path)
    cited = {r.values.get("source_id", "").strip() for r in [*bundle.facts, *bundle.events]}
    stored = store.get_sources({c for c in cited if c})
    ctx = ImportContext(
        known=known, fx=fx, stored_sources=stored, recorded_by=recorded_by, status=status
    )
    return import_bundle(store, bundle, ctx)
