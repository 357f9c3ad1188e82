"""Canonical URLs: the same article under two addresses is stored once."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|zarsrc|mc_cid|mc_eid|ref|source|_ga)$", re.I
)
DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str, base: str | None = None) -> str | None:
    """Absolute, normalised URL without fragment, tracking parameters or default port.

    Returns None for what is not an http(s) URL (mailto:, javascript:, data:).
    """
    url = (url or "").strip()
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    port = parts.port if parts.port and parts.port != DEFAULT_PORTS[scheme] else None
    netloc = f"{host}:{port}" if port else host
    path = quote(unquote(parts.path or "/"), safe="/%:@!$&'()*+,;=-._~")
    path = posixpath.normpath(path) if path not in ("", "/") else "/"
    if parts.path.endswith("/") and path != "/":
        path = path.rstrip("/")  # /tin-tuc/ and /tin-tuc are one page
    path = path or "/"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)]
    )
    return urlunsplit((scheme, netloc, path, query, ""))


def same_site(url: str, host: str) -> bool:
    """True when `url` is on `host` (www. ignored)."""
    other = (urlsplit(url).hostname or "").lower()
    return other.removeprefix("www.") == host.lower().removeprefix("www.")
