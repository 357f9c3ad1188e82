"""URL identity: one spelling per address, changed only where no server can tell.

Every normalisation here is one that RFC 3986 (section 6) or HTTP itself makes
meaningless to a server, or one that strips a parameter that only carries tracking or a
visitor's session. Anything a server may answer differently is kept as given:

- kept: the trailing slash (`/tin-tuc` and `/tin-tuc/` are two resources; folder
  servers answer the first with 301 to the second), the case of the path, `index.html`
  and `index.php`, `www.`, the order and spelling of query parameters, `+` and `%20`,
  `%2F` (an encoded slash is not a path separator), NFC and NFD spellings of a
  Vietnamese slug (different bytes on the server's disk);
- changed: scheme and host to lower case, the default port dropped, an empty path
  becoming `/`, dot segments removed, percent-escapes in upper case, escapes of
  unreserved characters decoded, raw non-ASCII characters (a slug typed in Vietnamese)
  encoded as UTF-8 percent-escapes as browsers send them, the fragment dropped (never
  sent to the server), `utm_*`, click identifiers and session identifiers removed.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|zarsrc|zalo_source|mc_cid|mc_eid|_ga"
    r"|phpsessid|jsessionid|aspsessionid\w*|cfid|cftoken)$",
    re.I,
)
DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_PATH_SESSION = re.compile(r";jsessionid=[^/?#]*", re.I)


def _normalise_escapes(text: str) -> str:
    """Upper-case escapes, decode unreserved ones, encode raw non-ASCII and spaces as UTF-8."""

    def escape(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    text = _ESCAPE.sub(escape, text)
    return "".join(
        ch if " " < ch < "\x7f" else "".join(f"%{b:02X}" for b in ch.encode("utf-8")) for ch in text
    )


def remove_dot_segments(path: str) -> str:
    """RFC 3986 5.2.4: `/a/b/../c/` -> `/a/c/`; keeps empty segments and the trailing slash."""
    output: list[str] = []
    segments = path.split("/")
    for n, segment in enumerate(segments):
        last = n == len(segments) - 1
        if segment == ".":
            if last:
                output.append("")
            continue
        if segment == "..":
            if len(output) > 1:
                output.pop()
            if last:
                output.append("")
            continue
        output.append(segment)
    result = "/".join(output)
    return result if result.startswith("/") else "/" + result


def _query(query: str) -> str:
    """The query as given, minus tracking and session parameters."""
    if not query:
        return ""
    kept = [part for part in query.split("&") if part and not TRACKING.match(part.split("=", 1)[0])]
    return _normalise_escapes("&".join(kept))


def canonical_url(url: str, base: str | None = None) -> str | None:
    """Absolute URL in its one spelling (see the module docstring for what changes).

    Returns None for what is not an http(s) URL (mailto:, javascript:, data:).
    """
    url = (url or "").strip()
    if base:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a port that is not a number, a broken IPv6 literal
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{port}" if port and port != DEFAULT_PORTS[scheme] else host
    path = _PATH_SESSION.sub("", parts.path or "/")
    path = remove_dot_segments(_normalise_escapes(path))
    return urlunsplit((scheme, netloc, path, _query(parts.query), ""))


def same_site(url: str, host: str) -> bool:
    """True when `url` is on `host` (www. ignored: one site, though two URL identities)."""
    other = (urlsplit(url).hostname or "").lower()
    return other.removeprefix("www.") == host.lower().removeprefix("www.")
