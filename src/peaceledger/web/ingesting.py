"""What the ingest form and `/api/v1/ingest` read: pasted text, a URL or an uploaded file,
turned into documents by the same `ingest` readers the CLI uses."""

from __future__ import annotations

from ..config import Settings
from ..domain.dates import FuzzyDate
from ..errors import InputError
from ..ingest import Document, read_documents, require_published
from ..ingest.documents import MAX_DOCUMENT_BYTES, RawInput
from ..ingest.fetch import fetch, is_url
from ..ingest.sanitize import plain_text


def web_user(settings: Settings) -> str:
    """Who a change made in the browser is recorded as: the configured user, or `web:` and the
    login the server runs as."""
    if settings.origins.get("user", "default") != "default":
        return settings.user
    login = settings.user.partition(":")[2] if ":" in settings.user else settings.user
    return f"web:{login or 'unknown'}"


def published_date(text: str | None) -> FuzzyDate | None:
    if text is None or not text.strip():
        return None
    try:
        return FuzzyDate.parse(text)
    except InputError as exc:
        raise InputError(exc.problem, "published") from None


def read_input(
    *,
    text: str | None = None,
    url: str | None = None,
    upload: tuple[bytes, str] | None = None,
    fmt: str | None = None,
    published: str | None = None,
    title: str | None = None,
    allow_private: bool = False,
) -> list[Document]:
    """Exactly one of pasted `text`, a `url` or an `upload` (bytes, file name) -> documents,
    each with its publication date (the form's, else the page's own)."""
    given = [k for k, v in (("text", text and text.strip()), ("url", url), ("file", upload)) if v]
    if len(given) != 1:
        raise InputError(
            "give exactly one of: pasted text, a URL, or a file"
            + (f" (got {', '.join(given)})" if given else ""),
            "text",
        )
    if text and text.strip():
        data = text.encode("utf-8")
        if len(data) > MAX_DOCUMENT_BYTES:
            raise InputError(f"more than {MAX_DOCUMENT_BYTES:,} bytes", "text")
        raw = RawInput(data, "pasted text")
    elif url:
        if not is_url(url):
            raise InputError("not an http(s) URL", "url")
        raw = fetch(url, allow_private=allow_private)  # issue 7: no private addresses
    else:
        assert upload is not None
        data, name = upload
        if len(data) > MAX_DOCUMENT_BYTES:
            raise InputError(f"the file is larger than {MAX_DOCUMENT_BYTES:,} bytes", "file")
        # issue 7: the client's file name is only a label; never a path on this machine
        raw = RawInput(data, safe_upload_name(name))
    docs = read_documents(raw, fmt=fmt or None)
    if title:
        docs = [d if d.title else _titled(d, title) for d in docs]
    when = published_date(published)
    if when is None and any(d.published is None for d in docs):
        raise InputError(
            "no publication date found in the document; give it (YYYY-MM-DD): relative dates "
            "such as 'last month' are resolved against it",
            "published",
        )
    return require_published(docs, when)


def _titled(doc: Document, title: str) -> Document:
    from dataclasses import replace

    return replace(doc, title=plain_text(title)[:200])  # issue 7: no markup in titles


def safe_upload_name(name: str | None) -> str:
    """The last part of an uploaded file's name, without directories or control characters
    (`../../etc/passwd` -> `passwd`): it labels the source and picks the reader by extension."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip().lstrip(".")
    return base[:200] or "upload"
