"""Fetching a URL: with a timeout, a size limit, and a message a person can act on.

Issue 7 (SSRF): a URL someone typed into the web form must not make the server read its own
admin pages or the cloud metadata service. Only http(s) is fetched; the host is resolved and
every address it has is checked, and the connection is pinned to a checked address (the Host
header and TLS name stay the original), so a DNS answer that changes between the check and the
connection cannot slip through. Redirects are followed by hand, each hop checked the same way.
Loopback, private, link-local and other non-global addresses are refused unless allowed
(`PEACELEDGER_ALLOW_PRIVATE_URLS=1`, `Settings.allow_private_urls`).
"""

from __future__ import annotations

import ipaddress
import os
import socket
from urllib.parse import urljoin, urlsplit

import httpx

from ..errors import InputError
from .documents import MAX_DOCUMENT_BYTES, RawInput

DEFAULT_TIMEOUT = 20.0
USER_AGENT = "peaceledger/0.1 (+https://github.com/peaceledger/peaceledger)"
MAX_REDIRECTS = 5
ALLOW_PRIVATE_ENV = "PEACELEDGER_ALLOW_PRIVATE_URLS"
_REDIRECTS = {301, 302, 303, 307, 308}


def is_url(target: str) -> bool:
    return urlsplit(target).scheme in ("http", "https")


def _allowed_by_environment() -> bool:
    """The default when a caller passes no setting: fetching is reached from the CLI, the web
    and Dask workers, and the safe default must hold in all of them."""
    return os.environ.get(ALLOW_PRIVATE_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def _public_address(host: str, port: int, url: str) -> str:
    """An address of `host` after checking that every one of them is a global address."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(
            f"cannot resolve {host} ({exc}); are you offline? "
            "Save the page and ingest the file instead",
            url,
        ) from None
    addresses = [str(info[4][0]) for info in infos]
    for addr in addresses:
        ip = ipaddress.ip_address(addr.split("%")[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if not ip.is_global or ip.is_multicast:
            raise InputError(
                f"refused: {host} is {ip}, a loopback, private or link-local address "
                f"(set {ALLOW_PRIVATE_ENV}=1 to allow such addresses)",
                url,
            )
    if not addresses:
        raise InputError(f"cannot resolve {host}", url)
    return addresses[0]


def _request(client: httpx.Client, url: str, allow_private: bool) -> httpx.Request:
    target = httpx.URL(url)
    if allow_private:
        return client.build_request("GET", target)
    port = target.port or (443 if target.scheme == "https" else 80)
    addr = _public_address(target.host, port, url)
    extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
    return client.build_request(
        "GET",
        target.copy_with(host=addr),
        headers={"Host": target.netloc.decode("ascii")},
        extensions=extensions,
    )


def _check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError("not an http(s) URL", url)


def fetch(
    url: str,
    timeout: float = DEFAULT_TIMEOUT,
    limit: int = MAX_DOCUMENT_BYTES,
    *,
    allow_private: bool | None = None,
) -> RawInput:
    """The bytes at `url`. Streams, so a huge response is cut off at `limit` without being
    read whole; every failure is an `InputError` naming the URL."""
    _check_scheme(url)
    private_ok = _allowed_by_environment() if allow_private is None else allow_private
    current = url
    try:
        with httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT},
            trust_env=private_ok,  # a proxy would resolve the name itself, unchecked
        ) as client:
            for _hop in range(MAX_REDIRECTS + 1):
                response = client.send(_request(client, current, private_ok), stream=True)
                try:
                    location = response.headers.get("location")
                    if response.status_code in _REDIRECTS and location:
                        current = urljoin(current, location)
                        _check_scheme(current)
                        continue
                    return _read(response, url, current, limit)
                finally:
                    response.close()
            raise InputError(f"more than {MAX_REDIRECTS} redirects", url)
    except httpx.TimeoutException:
        raise InputError(f"no answer within {timeout:g} s (timeout)", url) from None
    except httpx.ConnectError as exc:
        raise InputError(
            f"cannot connect to {urlsplit(current).netloc} ({exc}); are you offline? "
            "Save the page and ingest the file instead",
            url,
        ) from None
    except httpx.HTTPError as exc:
        raise InputError(f"fetching failed: {exc}", url) from None


def _read(response: httpx.Response, url: str, final: str, limit: int) -> RawInput:
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
    return RawInput(b"".join(chunks), url, final, media)
