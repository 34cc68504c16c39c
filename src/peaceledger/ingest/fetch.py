"""Fetching a URL: with a timeout, a size limit, and a message a person can act on."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from ..errors import InputError
from .documents import MAX_DOCUMENT_BYTES, RawInput

DEFAULT_TIMEOUT = 20.0
USER_AGENT = "peaceledger/0.1 (+https://github.com/peaceledger/peaceledger)"


def is_url(target: str) -> bool:
    return urlsplit(target).scheme in ("http", "https")


def fetch(url: str, timeout: float = DEFAULT_TIMEOUT, limit: int = MAX_DOCUMENT_BYTES) -> RawInput:
    """The bytes at `url`. Streams, so a huge response is cut off at `limit` without being
    read whole; every failure is an `InputError` naming the URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError("not an http(s) URL", url)
    try:
        with (
            httpx.Client(
                timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT}
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise InputError(f"the server answered HTTP {response.status_code}", url)
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise InputError(f"{int(declared):,} bytes; the limit is {limit:,}", url)
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise InputError(f"more than {limit:,} bytes; the limit is {limit:,}", url)
                chunks.append(chunk)
            media = response.headers.get("content-type", "").split(";")[0].strip().lower()
            return RawInput(b"".join(chunks), url, str(response.url), media)
    except httpx.TimeoutException:
        raise InputError(f"no answer within {timeout:g} s (timeout)", url) from None
    except httpx.ConnectError as exc:
        raise InputError(
            f"cannot connect to {parts.netloc} ({exc}); are you offline? "
            "Save the page and ingest the file instead",
            url,
        ) from None
    except httpx.HTTPError as exc:
        raise InputError(f"fetching failed: {exc}", url) from None
