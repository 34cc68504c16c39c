"""Corpus ingestion on Dask: millions of articles, extraction on the workers, one writer.

The split follows where the work is. Reading, decoding and extracting a document costs
milliseconds of pure Python, so it runs on Dask workers (a `LocalCluster` of processes on one
machine, or an existing cluster); the workers never touch the database. The client is the one
writer: it takes finished batches as they complete and stores each in ONE transaction with
bulk inserts (`store.base.CorpusStore`), so a document's source and its candidates land
together, and a crash loses at most the batches in flight.

* Batches carry paths (a directory: the files must be visible to the workers) or rows
  (JSON Lines and Parquet: shipped with the batch), never the corpus: the scheduler holds at
  most `max_in_flight` batches, and so does the writer (bounded memory, whatever the size).
* Idempotent: a text already stored (same sha256) is skipped. Resumable: each committed batch
  is journaled in its own transaction under a key naming its content, so a re-run after a
  crash or Ctrl-C skips those batches without reading them and finishes the rest.
* Repeated reports of one claim become one candidate with many pieces of evidence (see
  `claim_key`), so a reviewer decides each claim once and sees how many sources carry it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..domain.dates import FuzzyDate
from ..domain.sources import source_id_for
from ..errors import ConflictError, ExtractionError, InputError, Problem, StoreError
from ..ledger.builtin import ensure_reference_data, known_names
from ..store.base import CorpusLedgerStore, CorpusStore, LedgerStore
from ._corpus_read import (
    BatchResult,
    BatchSpec,
    CorpusSource,
    DocResult,
    WorkContext,
    iter_batches,
    open_source,
    process_batch,
)
from .claims import claim_key, group_reports
from .service import candidate_fact_id

if TYPE_CHECKING:
    from distributed import Client

__all__ = [
    "CorpusProgress",
    "CorpusReport",
    "CorpusSource",
    "claim_key",
    "dask_client",
    "ingest_corpus",
    "open_source",
    "source_counts",
]

MAX_PROBLEMS = 50
"""Failed documents kept in the report; the count goes on past it."""
_JOURNAL_LOOKAHEAD = 16
"""Batch specs whose journal entries are looked up in one query (and held by the client)."""


@dataclass
class CorpusProgress:
    """What the progress bar shows; sent to `on_progress` after every batch."""

    total: int | None
    documents: int = 0
    """Documents done: stored, skipped as duplicates, resumed or failed."""
    stored: int = 0
    duplicates: int = 0
    resumed: int = 0
    """Skipped without being read: their batch was committed by an earlier run."""
    failed: int = 0
    candidates: int = 0
    """New candidate facts (one per claim)."""
    evidence: int = 0
    """Reports stored, the first of each claim included."""
    grouped: int = 0
    """Reports added as evidence to a claim already known."""
    batches: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    @property
    def rate(self) -> float:
        """Documents read and processed per second (resumed ones are not work done)."""
        work = self.documents - self.resumed
        return work / self.seconds if self.seconds > 0 else 0.0


@dataclass
class CorpusReport:
    progress: CorpusProgress
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    workers: int = 0


Store = CorpusLedgerStore


class CorpusWriter:
    """The one writer: a batch of extraction results -> one transaction."""

    def __init__(self, store: Store, report: CorpusReport) -> None:
        self.store = store
        self.report = report

    def write(self, result: BatchResult) -> None:
        for attempt in range(3):
            try:
                self._write(result)
                break
            except (ConflictError, StoreError) as exc:
                # another writer on the same database got there first, or a lock timed out:
                # the lookups are repeated, so a retry stores only what is still new
                if attempt == 2 or (isinstance(exc, StoreError) and not exc.transient):
                    raise
        p = self.report.progress
        p.batches += 1
        p.failed += len(result.problems)
        room = MAX_PROBLEMS - len(self.report.problems)
        self.report.problems.extend(result.problems[: max(room, 0)])

    def _write(self, result: BatchResult) -> None:
        store = self.store
        fresh = self._fresh(result.documents)
        groups = group_reports(
            ((d.source.source_id, d.facts, d.keys) for d in fresh),
            store.claim_facts({k for d in fresh for k in d.keys}),
        )
        with store.transaction():
            store.add_sources([d.source for d in fresh])
            store.add_facts(groups.facts)
            store.add_claims(groups.claims)
            store.add_evidence(groups.evidence)
            if not result.problems:  # a batch with failures is read again by a re-run
                store.mark_corpus_batch(result.key, len(result.documents), len(fresh))
        p = self.report.progress
        p.documents += len(result.documents) + len(result.problems)
        p.stored += len(fresh)
        p.duplicates += len(result.documents) - len(fresh)
        p.candidates += len(groups.facts)
        p.evidence += len(groups.evidence)
        p.grouped += len(groups.evidence) - len(groups.facts)

    def _fresh(self, docs: tuple[DocResult, ...]) -> list[DocResult]:
        """The documents not stored yet, each under a source id no other source holds."""
        stored = self.store.existing_sha256({d.sha256 for d in docs})
        out: list[DocResult] = []
        seen: set[str] = set()
        for d in docs:
            if d.sha256 in stored or d.sha256 in seen:
                continue
            seen.add(d.sha256)
            out.append(d)
        taken = self.store.existing_source_ids({d.source.source_id for d in out})
        ids: set[str] = set()
        for i, d in enumerate(out):
            sid = d.source.source_id
            if sid in taken or sid in ids:
                # the URL is held by other text (the page changed): keep both, as `ingest` does
                out[i] = d = _renamed(d, source_id_for(None, d.source.text))
                self.report.warnings.append(
                    f"{d.origin}: {sid} already holds this URL with other text; "
                    f"stored this text as {d.source.source_id}"
                )
            ids.add(d.source.source_id)
        return out


def _renamed(d: DocResult, source_id: str) -> DocResult:
    facts = []
    for f in d.facts:
        f = replace(f, source_id=source_id)
        facts.append(replace(f, fact_id=candidate_fact_id(source_id, f)))
    return replace(d, source=replace(d.source, source_id=source_id), facts=tuple(facts))


def ingest_corpus(
    store: LedgerStore,
    client: Client,
    source: CorpusSource,
    *,
    recorded_by: str,
    batch_size: int = 200,
    mission: str | None = None,
    published: FuzzyDate | None = None,
    max_in_flight: int | None = None,
    on_progress: Callable[[CorpusProgress], None] | None = None,
) -> CorpusReport:
    """Ingest every document of `source` through the Dask `client`; see the module docstring.

    `published` dates the documents that declare no date of their own.
    """
    if not isinstance(store, CorpusStore):
        raise StoreError("this store cannot take corpus batches")
    if batch_size < 1:
        raise InputError("must be at least 1", "--batch-size")
    ensure_reference_data(store)
    if mission is not None and store.get_mission(mission) is None:
        raise InputError(f"unknown mission {mission!r}", "--mission")
    workers = _check_workers(client)
    ctx = WorkContext(
        mission=mission,
        recorded_by=recorded_by,
        known=known_names(store),
        published=published,
        retrieved=datetime.now(UTC),
    )
    report = CorpusReport(CorpusProgress(total=source.count()), workers=workers)
    writer = CorpusWriter(store, report)
    limit = max_in_flight or 2 * max(workers, 1) + 1
    notify = on_progress or (lambda _p: None)
    notify(report.progress)
    _run_batches(
        client,
        ctx,
        _not_done(store, iter_batches(source, batch_size), report),
        writer,
        limit,
        notify,
    )
    return report


def _run_batches(
    client: Client,
    ctx: WorkContext,
    specs: Iterator[BatchSpec],
    writer: CorpusWriter,
    limit: int,
    notify: Callable[[CorpusProgress], None],
) -> None:
    """Keep at most `limit` batches in flight; write each as it completes (backpressure: a
    slow database slows the reading, never fills the memory)."""
    from distributed import as_completed

    [shared] = client.scatter([ctx], broadcast=True)

    def submit(spec: BatchSpec) -> object:
        return client.submit(process_batch, spec, shared, pure=False)

    pending = as_completed([submit(s) for _, s in zip(range(limit), specs, strict=False)])
    for future in pending:
        try:
            result = future.result()
        except Exception as exc:  # a worker died or the cluster went away
            raise ExtractionError(f"a Dask task failed: {type(exc).__name__}: {exc}") from exc
        writer.write(result)
        future.release()
        notify(writer.report.progress)
        nxt = next(specs, None)
        if nxt is not None:
            pending.add(submit(nxt))


def _not_done(
    store: CorpusStore, specs: Iterator[BatchSpec], report: CorpusReport
) -> Iterator[BatchSpec]:
    """The batches no earlier run committed; the others are counted as resumed."""
    while True:
        chunk = [s for _, s in zip(range(_JOURNAL_LOOKAHEAD), specs, strict=False)]
        if not chunk:
            return
        done = store.corpus_batches_done({s.key for s in chunk})
        for s in chunk:
            if s.key in done:
                report.progress.resumed += s.size
                report.progress.documents += s.size
            else:
                yield s


def _worker_version() -> str:
    from .. import __version__

    return __version__


def _check_workers(client: Client) -> int:
    """The number of workers, after checking each can import this version of peaceledger
    (a cluster's workers need it installed: they run the extraction)."""
    from .. import __version__

    try:
        versions = client.run(_worker_version)
    except ModuleNotFoundError:
        raise InputError(
            "peaceledger is not installed on every Dask worker; install the same version there",
            "--scheduler",
        ) from None
    wrong = {w: v for w, v in versions.items() if v != __version__}
    if wrong:
        raise InputError(
            f"workers run other versions of peaceledger ({wrong}); this is {__version__}",
            "--scheduler",
        )
    if not versions:
        raise InputError("the Dask cluster has no workers", "--scheduler")
    return len(versions)


@contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None) -> Iterator[Client]:
    """A client of the cluster at `scheduler`, or of a new local cluster of `workers`
    processes (one thread each: extraction is pure Python and holds the GIL). The local
    cluster's workers exit with this process, even when it is killed: Dask's worker processes
    watch a pipe from their parent."""

    import dask
    from distributed import Client

    n = workers or 1
    if n < 1:
        raise InputError("must be at least 1", "--workers")
    with dask.config.set(_BOUNDED_LOGS):
        if scheduler:
            try:
                client = Client(scheduler, timeout="10s")
            except OSError as exc:
                raise InputError(f"cannot reach the Dask scheduler: {exc}", "--scheduler") from None
            with client:
                yield client
            return
        with _local_client(n) as client:
            yield client


_BOUNDED_LOGS = {"distributed.admin.low-level-log-length": 10}
"""Dask keeps the last 1,000 messages of each connection for debugging, including every task
with its arguments: 1,000 batches of raw text, hundreds of megabytes growing with the corpus
until the cap. Ten are enough to debug with."""


@contextmanager
def _local_client(n: int) -> Iterator[Client]:
    import logging

    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=n,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def source_counts(store: LedgerStore, fact_ids: list[str]) -> dict[str, int]:
    """How many sources report each fact: grouped evidence when the store keeps it, else 1."""
    counts = store.evidence_counts(fact_ids) if isinstance(store, CorpusStore) else {}
    return {f: max(counts.get(f, 1), 1) for f in fact_ids}
