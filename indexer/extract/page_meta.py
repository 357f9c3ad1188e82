"""What a page says about itself: its own URL and the name of its site.

Small named readers over the parsed page (lxml tree), each returning None when the page
does not say: `page_url` (og:url, then rel=canonical) and `site_name` (og:site_name or
application-name, then the <title> suffix, then the logo's text).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree

from indexer.crawl.urls import declared_address
from indexer.text.normalize import clean_text, fold_aligned, fold_diacritics

# "Headline - Site", "Site | Headline", "Headline :: Site" ...
_TITLE_SEPARATORS = re.compile(r"\s+(?:[-|–—:»]|::)\s+")
_ENDS_WITH_SEPARATOR = re.compile(_TITLE_SEPARATORS.pattern + "$")
MAX_SITE_NAME_CHARS = 80  # longer is a headline, not a site's name
MAX_SITE_NAME_WORDS = 12
_GENERIC_NAMES = {
    "trang chu",
    "home",
    "trang chinh",
    "tin tuc",
    "logo",
    "banner",
    "wayback machine",
}
_LOGO = (
    "//*[contains(translate(@class, 'LOGO', 'logo'), 'logo') "
    "or contains(translate(@id, 'LOGO', 'logo'), 'logo')]"
)


def _meta(tree: etree._Element, *names: str) -> str | None:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            for value in tree.xpath(f"//meta[@{attr}=$n]/@content", n=name):
                text = clean_text(str(value)).strip()
                if text:
                    return text
    return None


def page_url(tree: etree._Element, base_url: str | None = None) -> str | None:
    """The page's own address as it states it: og:url, else <link rel=canonical>."""
    candidates = [_meta(tree, "og:url")]
    candidates += [str(href) for href in tree.xpath("//link[@rel='canonical']/@href")]
    for candidate in candidates:
        url = declared_address(candidate, base_url)  # None when malformed ("http:///guest")
        # A site's home page is no article's own address: some sites put it in og:url on
        # every page, and every article would then share one identity.
        if url and not is_home_page(url):
            return url
    return None


# Home pages by their path: "/", "/home/", "/index.html", "/vi/trang-chu", "/portal".
_HOME_NAMES = frozenset({"index", "default", "home", "trang-chu", "trangchu", "portal", "main"})
_LANGUAGES = frozenset({"vi", "vn", "en"})


def is_home_page(url: str) -> bool:
    """True when `url` names a site's home page rather than a page of its own."""
    parts = urlsplit(url)
    if parts.query:
        return False
    segments = [s for s in parts.path.split("/") if s]
    if segments and segments[0].lower() in _LANGUAGES:
        segments = segments[1:]
    if not segments:
        return True
    return len(segments) == 1 and segments[0].lower().split(".")[0] in _HOME_NAMES


def _usable_name(text: str | None) -> str | None:
    if not text:
        return None
    text = clean_text(text).strip(" -|–—:»\u00a0")
    if not text or len(text) > MAX_SITE_NAME_CHARS:
        return None
    if len(text.split()) > MAX_SITE_NAME_WORDS or fold_diacritics(text) in _GENERIC_NAMES:
        return None
    if text.isdigit() or "://" in text:
        return None
    return text


# What many <title>s say before the site's name: "Trang chủ - Sở Tài chính tỉnh ...".
_GENERIC_PREFIX = re.compile(
    r"^(?:trang chu|trang thong tin dien tu|cong thong tin dien tu|website|trang web)"
    r"(?![\w])[\s:|,.-]*"
)
HEADLINE_MIN_CHARS = 20  # a title part this long, inside the headline, is the headline


def _words(text: str) -> int:
    return len(text.split())


def _without_generic_prefix(part: str) -> tuple[str, bool]:
    match = _GENERIC_PREFIX.match(fold_aligned(part))
    return (part[match.end() :].strip(), True) if match else (part, False)


def _title_parts(title: str, headline: str) -> list[str]:
    """The <title>'s parts; a headline that itself holds a separator ("Khối Dân - Chính -
    Đảng") stays one part, so that its pieces are not taken for the site's name."""
    split = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if not headline or not _TITLE_SEPARATORS.search(headline) or len(headline) >= len(title):
        return split
    folded_title, folded_headline = fold_aligned(title), fold_aligned(headline)
    if folded_title.startswith(folded_headline) and _TITLE_SEPARATORS.match(title, len(headline)):
        rest = title[len(headline) :]
    elif folded_title.endswith(folded_headline) and _ENDS_WITH_SEPARATOR.search(
        title[: -len(headline)]
    ):
        rest = title[: -len(headline)]
    else:
        return split  # the headline is not a whole part of the <title>
    return [headline, *(p.strip() for p in _TITLE_SEPARATORS.split(rest) if p.strip())]


def site_from_title(title: str | None, headline: str | None = None) -> str | None:
    """The site's name from the page's <title>.

    "Hội nghị Tỉnh ủy - Báo Đảng bộ tỉnh" gives the part that is not the headline
    (`headline`, when known, else the much longer part); a <title> that is only the
    site's name ("Trang thông tin điện tử Huyện X") gives it without the generic words.
    """
    if not title:
        return None
    parts = _title_parts(clean_text(title), clean_text(headline or ""))
    folded_headline = fold_diacritics(headline or "").strip()
    kept, generic, dropped_headline = [], False, False
    for part in parts:
        folded = fold_diacritics(part)
        if folded_headline and (
            folded == folded_headline
            or len(folded) >= HEADLINE_MIN_CHARS
            and (folded in folded_headline or folded_headline in folded)
        ):
            dropped_headline = True
            continue
        part, had_prefix = _without_generic_prefix(part)
        generic = generic or had_prefix
        if part:
            kept.append(part)
    if not kept:
        return None
    if not dropped_headline and len(kept) >= 2:
        longest = max(kept, key=_words)
        rest = max(_words(p) for p in kept if p is not longest)
        if _words(longest) >= 6 and _words(longest) >= 2 * rest:
            kept.remove(longest)  # the headline, by its length
            dropped_headline = True
    if len(parts) == 1 and not generic and not (folded_headline and not dropped_headline):
        return None  # one part, nothing says it is the site rather than the headline
    return _usable_name(" - ".join(kept))


def _headline_hint(tree: etree._Element) -> str | None:
    """The article's headline as the page marks it: og:title, else the first <h1>."""
    named = _meta(tree, "og:title")
    if named:
        return named
    for heading in tree.xpath("//h1")[:1]:
        text = " ".join(heading.xpath("string()").split())
        if text:
            return text
    return None


def site_name(tree: etree._Element) -> str | None:
    """The site's name as the page gives it: metadata, <title> suffix, then the logo."""
    named = _usable_name(_meta(tree, "og:site_name", "application-name"))
    if named:
        return named
    titles = tree.xpath("//head/title/text()") or tree.xpath("//title/text()")
    named = site_from_title(str(titles[0]), _headline_hint(tree)) if titles else None
    if named:
        return named
    for logo in tree.xpath(_LOGO)[:5]:
        texts = [str(alt) for alt in logo.xpath("descendant-or-self::img/@alt")]
        texts += [str(t) for t in logo.xpath("@title")]
        texts.append(" ".join(logo.xpath("string()").split()))
        for text in texts:
            named = _usable_name(text)
            if named:
                return named
    return None
