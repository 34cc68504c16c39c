"""Corpus reading: SOURCE into batches on the client, batches into results on a worker.

The client side is cheap on purpose (it is also the database writer): a directory is walked in
sorted order and batched as paths, a JSON Lines file is cut into raw lines without parsing
them, a Parquet dataset is read as Arrow record batches. Everything costly — parsing JSON,
decoding, taking the article out of a page, extraction — happens in `process_batch`, on a
worker. Each batch has a key naming its content (paths with their sizes and modification
times, the lines' bytes, or the Parquet file's identity and the batch's position), which is
what the resume journal records.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from ..data.catalogue import load_fx_table
from ..domain.dates import FuzzyDate
from ..domain.facts import Fact, KnownNames, fact_problems
from ..domain.sources import Source, source_id_for, text_sha256
from ..errors import InputError, PeaceledgerError, Problem
from .claims import claim_key
from .documents import MAX_DOCUMENT_BYTES, Document, RawInput, decode, detect_format
from .pages import read_page
from .service import candidate_fact_id

FILE_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm"})
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_FRONT_KEYS = {"published": "published", "date": "published", "url": "url", "title": "title"}
_COLUMNS = ("text", "published", "url", "title")


@dataclass(frozen=True)
class CorpusSource:
    """What `ingest-corpus` reads: a directory of files, a JSON Lines file or Parquet."""

    path: Path
    kind: str
    """`directory`, `jsonl` or `parquet`."""

    def count(self) -> int | None:
        """The number of documents, for the progress bar's ETA (cheap: no parsing)."""
        if self.kind == "directory":
            return sum(1 for _ in _walk(self.path))
        if self.kind == "jsonl":
            n, last = 0, b"\n"
            with self.path.open("rb") as fh:
                while chunk := fh.read(1 << 20):
                    n += chunk.count(b"\n")
                    last = chunk[-1:]
            return n + (last != b"\n")  # blank lines are counted too: an estimate
        import pyarrow.parquet as pq

        return sum(int(pq.ParquetFile(f).metadata.num_rows) for f in _parquet_files(self.path))


def open_source(path: Path) -> CorpusSource:
    if not path.exists():
        raise InputError("no such file or directory", str(path))
    if path.is_dir():
        if any(_parquet_files(path)) and not any(_walk(path)):
            return CorpusSource(path, "parquet")
        return CorpusSource(path, "directory")
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return CorpusSource(path, "jsonl")
    if suffix in (".parquet", ".pq"):
        return CorpusSource(path, "parquet")
    raise InputError(
        "expected a directory of .txt/.md/.html files, a .jsonl file or a Parquet dataset",
        str(path),
    )


@dataclass(frozen=True)
class BatchSpec:
    """A batch as the scheduler carries it: paths or rows, never the whole corpus."""

    key: str
    index: int
    size: int
    paths: tuple[str, ...] = ()
    lines: tuple[bytes, ...] = ()
    first_line: int = 0
    table: Any = None
    """A `pyarrow.RecordBatch` (pickled by Arrow, compactly)."""
    origin: str = ""


def iter_batches(source: CorpusSource, size: int) -> Iterator[BatchSpec]:
    if source.kind == "directory":
        yield from _directory_batches(source.path, size)
    elif source.kind == "jsonl":
        yield from _jsonl_batches(source.path, size)
    else:
        yield from _parquet_batches(source.path, size)


def _walk(root: Path) -> Iterator[Path]:
    """Readable files under `root`, in a stable order (sorted names, depth first)."""
    for here, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if Path(name).suffix.lower() in FILE_SUFFIXES and not name.startswith("."):
                yield Path(here, name)


def _directory_batches(root: Path, size: int) -> Iterator[BatchSpec]:
    batch: list[Path] = []
    index = 0
    for path in _walk(root):
        batch.append(path)
        if len(batch) == size:
            yield _paths_spec(batch, index)
            batch, index = [], index + 1
    if batch:
        yield _paths_spec(batch, index)


def _paths_spec(paths: list[Path], index: int) -> BatchSpec:
    h = hashlib.sha256(b"files\n")
    for p in paths:
        st = p.stat()
        h.update(f"{p.resolve()}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return BatchSpec(h.hexdigest(), index, len(paths), paths=tuple(str(p) for p in paths))


def _jsonl_batches(path: Path, size: int) -> Iterator[BatchSpec]:
    lines: list[bytes] = []
    first, index = 1, 0
    with path.open("rb") as fh:
        for n, line in enumerate(fh, start=1):
            if not lines:
                first = n
            lines.append(line)
            if len(lines) == size:
                yield _lines_spec(path, lines, first, index)
                lines, index = [], index + 1
    if lines:
        yield _lines_spec(path, lines, first, index)


def _lines_spec(path: Path, lines: list[bytes], first: int, index: int) -> BatchSpec:
    h = hashlib.sha256(b"jsonl\n")
    for line in lines:
        h.update(line)
    kept = tuple(ln for ln in lines if ln.strip())
    return BatchSpec(
        h.hexdigest(), index, len(kept), lines=kept, first_line=first, origin=str(path)
    )


def _parquet_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.suffix.lower() in (".parquet", ".pq"))


def _parquet_batches(root: Path, size: int) -> Iterator[BatchSpec]:
    import pyarrow.parquet as pq

    index = 0
    for path in _parquet_files(root):
        pf = pq.ParquetFile(path)
        names = set(pf.schema_arrow.names)
        missing = {"text", "published"} - names
        if missing:
            raise InputError(f"no {', '.join(sorted(missing))} column", str(path))
        st = path.stat()
        ident = f"parquet|{path.resolve()}|{st.st_size}|{st.st_mtime_ns}|{size}"
        row = 0
        columns = [c for c in _COLUMNS if c in names]
        for n, rb in enumerate(pf.iter_batches(batch_size=size, columns=columns)):
            key = hashlib.sha256(f"{ident}|{n}".encode()).hexdigest()
            yield BatchSpec(key, index, rb.num_rows, table=rb, first_line=row, origin=str(path))
            row += rb.num_rows
            index += 1


# the worker's side --------------------------------------------------------------------------
@dataclass(frozen=True)
class WorkContext:
    """What every batch needs besides its documents; scattered to the workers once."""

    mission: str | None
    recorded_by: str
    known: KnownNames
    published: FuzzyDate | None
    retrieved: datetime


@dataclass(frozen=True)
class DocResult:
    """A document ready to store: its source and its candidates with their claim keys."""

    origin: str
    sha256: str
    source: Source
    facts: tuple[Fact, ...]
    keys: tuple[str, ...]


@dataclass(frozen=True)
class BatchResult:
    key: str
    index: int
    documents: tuple[DocResult, ...]
    problems: tuple[Problem, ...]


def process_batch(spec: BatchSpec, ctx: WorkContext) -> BatchResult:
    """Read, decode and extract a batch (runs on a worker). A document that cannot be read
    is a problem of the batch, never a failed task: one bad file must not stop a corpus."""
    docs: list[DocResult] = []
    problems: list[Problem] = []
    for origin, read in _documents(spec):
        try:
            doc = read()
            if doc.published is None:
                raise InputError(
                    "no publication date (give one in the document, or --published)", origin
                )
            docs.append(_extract(doc, ctx))
        except PeaceledgerError as exc:
            problems.append(
                Problem(origin, exc.problem if isinstance(exc, InputError) else str(exc))
            )
        except Exception as exc:  # a bug in a reader or the extractor: report it, go on
            problems.append(Problem(origin, f"{type(exc).__name__}: {exc}"))
    return BatchResult(spec.key, spec.index, tuple(docs), tuple(problems))


def _documents(spec: BatchSpec) -> Iterator[tuple[str, Any]]:
    """(origin, a function reading the document) for each document of the batch."""
    for p in spec.paths:
        yield p, lambda p=p: _read_file(Path(p))
    for n, line in enumerate(spec.lines):
        where = f"{spec.origin}:{spec.first_line + n}"
        yield where, lambda line=line, where=where: _read_row(_json_row(line, where), where)
    if spec.table is not None:
        for n, row in enumerate(spec.table.to_pylist()):
            where = f"{spec.origin}: row {spec.first_line + n + 1}"
            yield where, lambda row=row, where=where: _read_row(row, where)


def _read_file(path: Path) -> Document:
    origin = str(path)
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        raise InputError(f"the file is {size:,} bytes; the limit is {MAX_DOCUMENT_BYTES:,}", origin)
    raw = RawInput(path.read_bytes(), origin)
    kind = detect_format(raw)
    text = decode(raw)
    if kind == "html":
        return read_page(text, origin)
    if kind == "feed":
        raise InputError("a feed: ingest feeds with `peaceledger ingest`", origin)
    return _with_front_matter(text, kind, origin)


def _with_front_matter(text: str, kind: str, origin: str) -> Document:
    """A text or Markdown file, with an optional front-matter block giving its date, URL and
    title (`published: 2024-06-25`), the way static-site generators keep them."""
    meta: dict[str, str] = {}
    m = _FRONT_MATTER.match(text)
    if m:
        for line in m.group(1).splitlines():
            name, sep, value = line.partition(":")
            if sep and name.strip().lower() in _FRONT_KEYS:
                meta[_FRONT_KEYS[name.strip().lower()]] = value.strip().strip("\"'")
        text = text[m.end() :]
    if not text.strip():
        raise InputError("no text", origin)
    return Document(
        text=text,
        fmt=kind,
        origin=origin,
        url=meta.get("url") or None,
        title=meta.get("title", ""),
        published=_date(meta.get("published"), origin),
        published_from="front matter" if meta.get("published") else "",
    )


def _json_row(line: bytes, where: str) -> dict[str, Any]:
    try:
        row = json.loads(line)
    except ValueError as exc:
        raise InputError(f"not JSON: {exc}", where) from None
    if not isinstance(row, dict):
        raise InputError("expected a JSON object per line", where)
    return row


def _read_row(row: dict[str, Any], where: str) -> Document:
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("no text", where)
    url = row.get("url") or None
    published = _date(row.get("published"), where)
    raw = RawInput(text.encode("utf-8"), where, url)
    if detect_format(raw) == "html":
        page = read_page(text, where, url)
        return replace(
            page, title=row.get("title") or page.title, published=published or page.published
        )
    return Document(
        text=text,
        fmt="text",
        origin=where,
        url=url if isinstance(url, str) else None,
        title=str(row.get("title") or ""),
        published=published,
        published_from="published column" if published else "",
    )


def _date(value: Any, where: str) -> FuzzyDate | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        value = value.date().isoformat()
    try:
        return FuzzyDate.parse(str(value)[:10] if "T" in str(value) else str(value))
    except InputError as exc:
        raise InputError(f"published: {exc.problem}", where) from None


def _extract(doc: Document, ctx: WorkContext) -> DocResult:
    from ..extract import extract_facts

    published = doc.published or ctx.published
    sha = text_sha256(doc.text)
    sid = source_id_for(doc.url, doc.text)
    source = Source(
        **doc.credibility(),
        source_id=sid,
        url=doc.url,
        title=doc.title or _first_line(doc.text),
        publisher=doc.publisher,
        published=published,
        retrieved_at=ctx.retrieved,
        text=doc.text,
        sha256=sha,
        recorded_by=ctx.recorded_by,
        recorded_at=ctx.retrieved,
    )
    fx = load_fx_table()
    facts: list[Fact] = []
    keys: list[str] = []
    seen: set[str] = set()
    for c in extract_facts(doc.text, published):
        f = c.to_fact(sid, "", mission=ctx.mission, recorded_by=ctx.recorded_by)
        f = replace(f, fact_id=candidate_fact_id(sid, f))
        if f.fact_id in seen or fact_problems(f, ctx.known):
            continue  # the same span twice, or a figure the ledger cannot hold
        if f.money is not None:
            f = replace(f, usd=fx.convert(f.money, f.date_of_fact or published))
        seen.add(f.fact_id)
        facts.append(f)
        keys.append(claim_key(f, published))
    return DocResult(doc.origin, sha, source, tuple(facts), tuple(keys))


def _first_line(text: str) -> str:
    return next((ln.strip() for ln in text.splitlines() if ln.strip()), "")[:120]
