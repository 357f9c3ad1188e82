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

import ipaddress
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


# What a page may declare as its own address (rel=canonical, og:url) and be believed.
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_PLACEHOLDER = re.compile(r"[{}<>$`\"'\\|^\s]|%[^0-9A-Fa-f]|%.[^0-9A-Fa-f]")
_NOT_ADDRESSES = frozenset({"undefined", "null", "none", "false", "true", "#", "/#", "nan"})
# "www.x.vn/a", "x.gov.vn/a" and "http//x.vn/a": an address with its scheme lost, which
# a browser would read as a path of the current folder.
_SCHEMELESS_HOST = re.compile(
    r"^(?:www\.|https?/|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:vn|com|net|org|gov|edu|info)(?:\.vn)?"
    r"(?:[:/]|$))",
    re.I,
)
_HOSTNAME = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$")


def is_public_host(host: str) -> bool:
    """True for a host a public page can live on: a dotted name ("tinhuy.example.vn") or
    an IP address; not "guest", "localhost" or a name with characters no host has."""
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    try:
        host = host.encode("idna").decode("ascii")  # "tỉnhủy.vn" -> "xn--..."
    except UnicodeError:
        return False
    return host != "localhost" and len(host) <= 253 and bool(_HOSTNAME.match(host))


def declared_address(href: str | None, base: str | None = None) -> str | None:
    """The address a page declares as its own (rel=canonical, og:url) in its one
    spelling, or None when the declaration is malformed: no host ("http:///guest"),
    another scheme ("ftp:", "file:"), a template's placeholder or other relative garbage
    ("{{url}}", "<%= Url %>", "undefined", "www.x.vn/a" without its scheme), or a host no
    public page has ("http://guest/"). A relative address needs `base`."""
    href = (href or "").strip()
    if not href or href.lower() in _NOT_ADDRESSES or _PLACEHOLDER.search(href):
        return None
    scheme = _SCHEME.match(href)
    if scheme and scheme.group(1).lower() not in DEFAULT_PORTS:
        return None
    if scheme or href.startswith("//"):
        # Its own host, or nothing: urljoin would graft "http:///guest" and "http:/guest"
        # onto the page's host, and every page would then claim one address.
        if not urlsplit(href if scheme else "http:" + href).hostname:
            return None
    elif base is None or _SCHEMELESS_HOST.match(href):
        return None
    url = canonical_url(href, base)
    if url is None or not is_public_host(urlsplit(url).hostname or ""):
        return None
    return url
