"""The only network code of vankien: one HTTP GET, redirects not followed.

Tests point it at servers they start on 127.0.0.1; nothing else in the project opens a
socket.
"""

from __future__ import annotations

import contextlib
import http.client
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass, field
from email.message import Message

USER_AGENT = "vankien/0.1 (+archive search for party committees)"
# A response longer than this is cut and recorded as failed (no article page is this big).
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass
class FetchResult:
    """What one request gave: a response (any status) or a transport error."""

    url: str
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: str | None = None
    truncated: bool = False

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        return None  # the crawler decides whether and where to follow


_OPENER = urllib.request.build_opener(_NoRedirect())


def _headers(message: Message) -> dict[str, str]:
    return {key.lower(): value for key, value in message.items()}


def _decode_content(headers: dict[str, str], body: bytes, max_bytes: int) -> bytes:
    """Undo Content-Encoding gzip/deflate, which some servers send though not asked."""
    encoding = headers.get("content-encoding", "").strip().lower()
    if encoding not in ("gzip", "x-gzip", "deflate"):
        return body
    wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
    try:
        body = zlib.decompressobj(wbits).decompress(body, max_bytes + 1)
    except zlib.error:
        return body
    headers.pop("content-encoding")
    headers["content-length"] = str(len(body))  # what is stored is the decoded body
    return body


def fetch(
    url: str,
    headers: dict[str, str] | None = None,
    timeout: float = 15.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> FetchResult:
    """GET `url`; never raises for HTTP or network failures, reports them instead."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            headers = _headers(response.headers)
            raw = response.read(max_bytes + 1)
            if len(raw) <= max_bytes and response.length:  # announced, never sent
                missing = f"{len(raw)} bytes read, {response.length} more expected"
                return FetchResult(url, error=f"IncompleteRead: {missing}")
            body = _decode_content(headers, raw, max_bytes)
            return FetchResult(
                url, response.status, headers, body[:max_bytes], truncated=len(body) > max_bytes
            )
    except urllib.error.HTTPError as error:
        body = b""
        with contextlib.suppress(OSError, ValueError, http.client.HTTPException):
            body = error.read(max_bytes)
        return FetchResult(url, error.code, _headers(error.headers) if error.headers else {}, body)
    # http.client's own errors (a chunked body cut short, an answer that is not HTTP)
    # are not OSErrors: caught too, so a broken server fails one page, not the crawl.
    except (
        urllib.error.URLError,
        TimeoutError,
        ConnectionError,
        OSError,
        ValueError,
        http.client.HTTPException,
    ) as error:
        reason = getattr(error, "reason", error)
        return FetchResult(url, error=f"{type(error).__name__}: {reason}")
