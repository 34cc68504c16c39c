"""Ingestion: store a document as a source and queue its candidate facts for review.

Each document is one transaction: its source and all its candidates are stored together or
not at all. A source is identified by the SHA-256 of its text, so ingesting the same article
again (from a file, a URL or a feed) changes nothing and says so. Candidate ids are derived
from the source and the evidence span, so re-extraction can never duplicate a candidate.
A report of a claim already known (the `claim_key` rule of corpus ingestion) is added to that
claim's evidence instead of becoming a second candidate.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from ..data.catalogue import load_fx_table
from ..domain.dates import FuzzyDate
from ..domain.facts import Fact, KnownNames, fact_problems
from ..domain.money import FxTable
from ..domain.sources import Source, source_id_for, text_sha256
from ..domain.statements import Statement
from ..domain.vocab import ReviewStatus
from ..errors import ConflictError, InputError
from ..ledger.builtin import ensure_reference_data, known_names
from ..store.base import CorpusStore, LedgerStore
from .claims import ClaimGroups, claim_key, group_reports
from .documents import Document
from .statements import statement_candidates, store_statements


@dataclass(frozen=True)
class DocumentReport:
    origin: str
    source_id: str
    stored: bool
    """False: the same text was already stored; nothing changed."""
    candidates: int = 0
    fact_ids: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    statements: int = 0
    """Candidate statements stored with the source (issue 6)."""
    grouped: tuple[str, ...] = ()
    """Facts of claims already known that this document reports again: it was added to their
    evidence instead of queuing a second candidate (issue 8)."""


@dataclass
class IngestReport:
    documents: list[DocumentReport] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return sum(d.stored for d in self.documents)

    @property
    def unchanged(self) -> int:
        return sum(not d.stored for d in self.documents)

    @property
    def candidates(self) -> int:
        return sum(d.candidates for d in self.documents)


def candidate_fact_id(source_id: str, fact: Fact) -> str:
    """Stable: the same statement in the same source always gets the same id."""
    ev = fact.evidence
    basis = "|".join(
        str(x)
        for x in (
            source_id,
            ev.start if ev else "",
            ev.end if ev else "",
            fact.metric.value,
            fact.actor or "@" + fact.mission,
            fact.unit,
        )
    )
    return "C" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:12]


def require_published(docs: Sequence[Document], published: FuzzyDate | None) -> list[Document]:
    """Every document with its publication date: `--published` wins, then what the document
    declares. Without one, relative dates ("last month", "on Tuesday") cannot be resolved, so
    the document is refused before anything is stored."""
    out: list[Document] = []
    missing: list[str] = []
    for d in docs:
        if published is not None:
            out.append(replace(d, published=published, published_from="--published"))
        elif d.published is not None:
            out.append(d)
        else:
            missing.append(d.origin)
    if missing:
        names = ", ".join(missing[:3]) + (
            f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        )
        raise InputError(
            "no publication date found in the document; give it with --published YYYY-MM-DD "
            "(relative dates such as 'last month' are resolved against it)",
            names,
        )
    return out


Extractor = Callable[[str, FuzzyDate | None], Sequence[Fact]]
"""Text and publication date -> candidate facts with evidence (source id left empty)."""


def default_extractor(mission: str | None) -> Extractor:
    from ..extract import extract_facts

    def run(text: str, published: FuzzyDate | None) -> list[Fact]:
        # `to_fact`, as the corpus workers use: the basis (level or increment) comes along,
        # and it is part of a claim's identity
        return [c.to_fact("", "", mission=mission) for c in extract_facts(text, published)]

    return run


def _prepare(
    doc: Document, source_id: str, extractor: Extractor, known: KnownNames, fx: FxTable, by: str
) -> tuple[list[Fact], list[str]]:
    facts: list[Fact] = []
    warnings: list[str] = []
    seen: set[str] = set()
    for f in extractor(doc.text, doc.published):
        f = replace(f, source_id=source_id, recorded_by=by, status=ReviewStatus.CANDIDATE)
        f = replace(f, fact_id=candidate_fact_id(source_id, f))
        if f.fact_id in seen:
            continue
        problems = fact_problems(f, known, where=f"candidate {f.fact_id}")
        if problems:
            warnings.extend(f"left out: {p}" for p in problems)
            continue
        if f.money is not None:
            f = replace(f, usd=fx.convert(f.money, f.date_of_fact or doc.published))
        seen.add(f.fact_id)
        facts.append(f)
    return facts, warnings


def ingest_documents(
    store: LedgerStore,
    docs: Iterable[Document],
    *,
    recorded_by: str,
    extractor: Extractor | None = None,
    mission: str | None = None,
    now: datetime | None = None,
) -> IngestReport:
    """Store each document as a source with its candidate facts, one transaction each."""
    ensure_reference_data(store)
    if mission is not None and store.get_mission(mission) is None:
        raise InputError(f"unknown mission {mission!r}", "--mission")
    run = extractor or default_extractor(mission)
    known = known_names(store)
    fx = load_fx_table()
    stamp = now or datetime.now(UTC)
    report = IngestReport()
    for doc in docs:
        report.documents.append(_ingest_one(store, doc, run, known, fx, recorded_by, stamp))
    return report


def _ingest_one(
    store: LedgerStore,
    doc: Document,
    extractor: Extractor,
    known: KnownNames,
    fx: FxTable,
    by: str,
    now: datetime,
) -> DocumentReport:
    sha = text_sha256(doc.text)
    existing = store.source_by_sha256(sha)
    if existing is not None:
        return DocumentReport(doc.origin, existing.source_id, stored=False)
    warnings: list[str] = []
    source_id = source_id_for(doc.url, doc.text)
    same_url = store.get_source(source_id)
    if same_url is not None:
        # The page changed since it was stored (or was recorded without its text): keep both.
        source_id = source_id_for(None, doc.text)
        warnings.append(
            f"{same_url.source_id} already holds this URL with other text; "
            f"stored this text as {source_id}"
        )
    source = Source(
        **doc.credibility(),
        source_id=source_id,
        url=doc.url,
        title=doc.title or _first_line(doc.text),
        publisher=doc.publisher,
        published=doc.published,
        retrieved_at=now,
        text=doc.text,
        sha256=sha,
        recorded_by=by,
        recorded_at=now,
    )
    facts, problems = _prepare(doc, source_id, extractor, known, fx, by)
    statements, st_problems = statement_candidates(doc.text, doc.published, source_id, by, known)
    keys = [claim_key(f, doc.published) for f in facts]
    groups = _store_document(store, source, facts, keys, statements)
    if groups is None:
        return DocumentReport(doc.origin, source_id, stored=False)
    return DocumentReport(
        doc.origin,
        source_id,
        stored=True,
        candidates=len(groups.facts),
        fact_ids=tuple(f.fact_id for f in groups.facts),
        warnings=tuple(warnings + problems + st_problems),
        statements=len(statements),  # issue 6
        grouped=tuple(groups.reported_known()),
    )


def _store_document(
    store: LedgerStore,
    source: Source,
    facts: list[Fact],
    keys: list[str],
    statements: list[Statement],
) -> ClaimGroups | None:
    """One transaction: the source, its candidates, their claims and evidence, its
    statements. A report of a known claim becomes evidence, not a second candidate (issue 8).
    Another writer registering the same claim first is a conflict: the claims are looked up
    again, as the corpus writer does. None: the same text was stored meanwhile."""
    attempt = 0
    while True:
        if isinstance(store, CorpusStore):
            groups = group_reports([(source.source_id, facts, keys)], store.claim_facts(keys))
        else:  # a store without claims: one candidate per report
            groups = ClaimGroups(facts=list(facts))
        try:
            with store.transaction():
                store.add_source(source)
                store.add_facts(groups.facts)
                if isinstance(store, CorpusStore):
                    store.add_claims(groups.claims)
                    store.add_evidence(groups.evidence)
                store_statements(store, statements)  # issue 6: same transaction
            return groups
        except ConflictError:
            attempt += 1
            if attempt == 3:
                raise
            if source.sha256 and store.source_by_sha256(source.sha256) is not None:
                return None


def _first_line(text: str) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line[:120]


def published_from_flag(value: str | None) -> FuzzyDate | None:
    if not value:
        return None
    try:
        return FuzzyDate.parse(value)
    except InputError as exc:
        raise InputError(exc.problem, "--published") from None
