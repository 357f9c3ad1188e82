"""URL identity: each normalisation of indexer.crawl.urls, and each one it refuses to make."""

from __future__ import annotations

import unicodedata

import pytest

from indexer.crawl.urls import canonical_url, declared_address, remove_dot_segments, same_site

# (what a page links to, the one spelling the crawler keeps) -- changed where no server can tell
SAFE = [
    # scheme and host are case-insensitive (RFC 3986 3.1, 3.2.2)
    ("HTTP://Example.VN/tin-tuc/", "http://example.vn/tin-tuc/"),
    # the default port is the same connection (RFC 3986 6.2.3)
    ("http://a.vn:80/x", "http://a.vn/x"),
    ("https://a.vn:443/x", "https://a.vn/x"),
    ("http://a.vn", "http://a.vn/"),  # an empty path is "/" for http (RFC 3986 6.2.3)
    # dot segments are resolved by every client before the request (RFC 3986 5.2.4)
    ("https://a.vn/a/b/../c/", "https://a.vn/a/c/"),
    ("https://a.vn/a/./b", "https://a.vn/a/b"),
    # the fragment is never sent to the server
    ("http://a.vn/tin-tuc/bai-2.html#binh-luan", "http://a.vn/tin-tuc/bai-2.html"),
    # percent-escapes: hex case, unreserved characters (RFC 3986 6.2.2.1, 6.2.2.2)
    ("http://a.vn/tin-t%e1%bb%a9c/", "http://a.vn/tin-t%E1%BB%A9c/"),
    ("http://a.vn/%7Enguoi-dung/", "http://a.vn/~nguoi-dung/"),
    # a Vietnamese slug typed raw is sent as its UTF-8 escapes, as browsers do
    ("http://a.vn/tin-tức/bài-1", "http://a.vn/tin-t%E1%BB%A9c/b%C3%A0i-1"),
    # tracking and session parameters never choose the content
    ("http://a.vn/bai.html?utm_source=zalo&id=3&fbclid=x", "http://a.vn/bai.html?id=3"),
    ("http://a.vn/bai.html?PHPSESSID=abc&page=2", "http://a.vn/bai.html?page=2"),
    ("http://a.vn/bai.jsp;jsessionid=0A1B?id=4", "http://a.vn/bai.jsp?id=4"),
]

# Kept as given: a server may answer these differently.
KEPT = [
    "http://a.vn/tin-tuc/",  # folder servers answer /tin-tuc with 301 -> /tin-tuc/
    "http://a.vn/tin-tuc",
    "http://a.vn/Tin-Tuc/Bai-1.html",  # paths are case-sensitive on most servers
    "http://a.vn/tin-tuc/index.html",  # not always the folder's page
    "http://a.vn/index.php?option=com_content&id=5",
    "http://www.a.vn/tin-tuc/",  # www. may be another virtual host
    "http://a.vn:8080/x",  # a non-default port is another server
    "http://a.vn/a%2Fb",  # an escaped slash is not a path separator
    "http://a.vn/a//b",  # an empty segment is a segment
    "http://a.vn/tim?q=a+b&q2=c%20d",  # + and %20 stay as written
    "http://a.vn/?b=2&a=1",  # parameter order is kept
    "http://a.vn/bai.html?ref=home",  # "ref" and "source" can be real parameters
    "http://a.vn/bai.html?source=2",
]


@pytest.mark.parametrize(("given", "expected"), SAFE)
def test_safe_normalisations(given, expected):
    assert canonical_url(given) == expected
    assert canonical_url(expected) == expected  # idempotent


@pytest.mark.parametrize("url", KEPT)
def test_what_a_server_may_tell_apart_is_kept(url):
    assert canonical_url(url) == url


def test_trailing_slash_is_part_of_the_identity():
    assert canonical_url("http://a.vn/tin-tuc") != canonical_url("http://a.vn/tin-tuc/")
    assert canonical_url("bai-1/", "http://a.vn/tin-tuc/") == "http://a.vn/tin-tuc/bai-1/"
    assert canonical_url("../", "http://a.vn/tin-tuc/bai-1/") == "http://a.vn/tin-tuc/"


def test_nfc_and_nfd_slugs_are_different_addresses():
    nfc = "http://a.vn/hòa-bình"
    nfd = unicodedata.normalize("NFD", nfc)
    assert canonical_url(nfc) != canonical_url(nfd)  # different bytes on the server's disk
    assert canonical_url(nfc) == "http://a.vn/h%C3%B2a-b%C3%ACnh"


def test_not_http_is_refused():
    for url in ("javascript:alert(1)", "mailto:a@b.vn", "data:text/html,x", "ftp://a.vn/x"):
        assert canonical_url(url) is None
    assert canonical_url("http://a.vn:cong/") is None  # a port that is not a number


def test_relative_links_resolve_against_the_page():
    assert canonical_url("/x.html", "https://b.vn/d/e.html") == "https://b.vn/x.html"
    assert canonical_url("f.html", "https://b.vn/d/e/") == "https://b.vn/d/e/f.html"
    assert canonical_url("?page=2", "https://b.vn/tin-tuc/") == "https://b.vn/tin-tuc/?page=2"


def test_remove_dot_segments():
    assert remove_dot_segments("/a/b/c/./../../g") == "/a/g"
    assert remove_dot_segments("/a/b/..") == "/a/"
    assert remove_dot_segments("/../x") == "/x"


def test_same_site_ignores_www_for_scope_only():
    assert same_site("http://www.a.vn/x", "a.vn") and same_site("http://a.vn/", "www.a.vn")
    assert not same_site("http://b.vn/", "a.vn")


@pytest.mark.parametrize(
    ("href", "base", "expected"),
    [
        ("https://a.example.vn/tin/1.html", None, "https://a.example.vn/tin/1.html"),
        ("/tin/2.html", "http://a.example.vn/x/y.html", "http://a.example.vn/tin/2.html"),
        ("//b.example.vn/tin/3.html", "https://a.example.vn/", "https://b.example.vn/tin/3.html"),
        ("http://127.0.0.1:8000/tin/4.html", None, "http://127.0.0.1:8000/tin/4.html"),
        ("https://tỉnhủy.vn/tin/5.html", None, "https://tỉnhủy.vn/tin/5.html"),
        ("/tin/2.html", None, None),  # relative, and no address to resolve it against
        ("http:///guest", "http://a.example.vn/tin/1.html", None),  # no host
        ("HTTP:///guest", "http://a.example.vn/tin/1.html", None),
        ("http:/guest", "http://a.example.vn/tin/1.html", None),
        ("https:guest", "http://a.example.vn/tin/1.html", None),
        ("ftp://a.example.vn/tin/1.html", None, None),  # another scheme
        ("file:///C:/web/tin/1.html", None, None),
        ("javascript:void(0)", "http://a.example.vn/", None),
        ("{{ page.url }}", "http://a.example.vn/tin/1.html", None),  # a template's placeholder
        ("<%= Request.Url %>", "http://a.example.vn/tin/1.html", None),
        ("$canonical", "http://a.example.vn/tin/1.html", None),
        ("undefined", "http://a.example.vn/tin/1.html", None),
        ("#", "http://a.example.vn/tin/1.html", None),
        ("www.a.example.vn/tin/1.html", "http://a.example.vn/", None),  # its scheme lost
        ("tinhuy.gov.vn/tin/1.html", "http://a.example.vn/", None),
        ("http//a.example.vn/tin/1.html", "http://a.example.vn/", None),
        ("http://guest/tin/1.html", None, None),  # a host no public page has
        ("http://localhost/tin/1.html", None, None),
        ("http://a..vn/tin/1.html", None, None),
        ("http://a.example.vn:port/", None, None),
        ("https://a.example.vn/tin 1.html", None, None),
    ],
)
def test_declared_address(href, base, expected):
    assert declared_address(href, base) == expected
