"""Fetching refuses what a hostile URL could use (issue 7): other schemes, and loopback,
private, link-local and other non-global addresses, however they are written; an allowed
private fetch follows redirects by hand, each hop checked."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

from peaceledger.errors import InputError
from peaceledger.ingest.fetch import fetch
from peaceledger.ingest.sanitize import plain_text
from peaceledger.web.ingesting import safe_upload_name


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org/a",
        "gopher://example.org/",
        "http://127.0.0.1:9/",
        "http://localhost/",
        "http://0x7f000001/",
        "http://2130706433/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://172.16.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",
    ],
)
def test_refused(url: str) -> None:
    with pytest.raises(InputError) as exc:
        fetch(url, timeout=3, allow_private=False)
    assert "refused" in str(exc.value) or "http(s)" in str(exc.value)


class _Redirects(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.startswith("/hop"):
            n = int(self.path[4:] or 0)
            self.send_response(302)
            self.send_header("Location", f"/hop{n + 1}" if n < 9 else "/page")
            self.end_headers()
            return
        if self.path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        body = b"Kenya deployed 400 police officers."
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def local_site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Redirects)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_allowed_private_fetch_follows_checked_redirects(local_site: str) -> None:
    with pytest.raises(InputError, match="refused"):
        fetch(f"{local_site}/page", allow_private=False)
    raw = fetch(f"{local_site}/hop7", allow_private=True)
    assert raw.data.startswith(b"Kenya") and raw.url == f"{local_site}/page"
    with pytest.raises(InputError, match="redirects"):
        fetch(f"{local_site}/hop0", allow_private=True)
    with pytest.raises(InputError, match="http"):
        fetch(f"{local_site}/to-file", allow_private=True)


def test_upload_names_and_titles_are_made_safe() -> None:
    assert safe_upload_name("../../etc/passwd") == "passwd"
    assert safe_upload_name("C:\\Users\\x\\..\\article.html") == "article.html"
    assert safe_upload_name("..") == "upload" and safe_upload_name(None) == "upload"
    assert plain_text("<b>Kenya</b> &amp; <script>alert(1)</script>Haiti") == "Kenya & Haiti"
