"""Searching by document code: typed patterns resolved against the index's own codes,
the ranking of code queries, the sentence that cites the code, and the nearest codes
when nothing matches.

Kept apart from indexer/search.py, which calls these functions; they see the index only
through the columns (its codes and titles) and a record loader.
"""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache

from indexer import bitset
from indexer.search.code_spelling import CodePattern, code_readings, parse_code_pattern
from indexer.search.columns import Columns
from indexer.search.highlight import highlight_terms
from indexer.search.query import CodeRef, Node
from indexer.text.codes import (
    _BARE_KINDS,
    BARE_REF,
    KIND_NAMES,
    PLENUM,
    PLENUM_ALIASES,
    TYPE_SPELLING,
    DocumentCode,
    find_codes,
    parse_code,
)
from indexer.text.codes import prepare_for_codes as _prepare
from indexer.text.normalize import fold_diacritics, normalize_text

# Ranking tiers of a code query (higher first).
TITLE_NAMES_CODE = 3
LEAD_OR_REPEATED = 2
CITES = 1
LEAD_CHARS = 400  # the lead: the first paragraph, or at most this many characters
TIERED_LIMIT = 5000  # above this many matches, only the best-scored candidates are tiered
BODY_CHECKS = 60  # bodies read (at least) to find the lead and repeated citations
_PLENUM_CODES = frozenset(PLENUM_ALIASES.values())  # cited by a plenum's name, not a number
CITATION_REACH = 80  # a citation's number stands at most this far after its start ("Chỉ thị số 05")
SNIPPET_CHARS = 300
RESOLVED_CACHE_SIZE = 10_000  # typed patterns remembered with their indexed codes
# Finding the nearest codes compares a typed code with every indexed one: done for this
# many codes of a query that match nothing; the others are only said to match nothing.
MAX_NEAREST_LOOKUPS = 2

_CANONICAL_TYPES: dict[str, list[str]] = {}
for _spelling in sorted(set(TYPE_SPELLING.values())):
    _CANONICAL_TYPES.setdefault(fold_diacritics(_spelling), []).append(_spelling)


def indexed_codes(columns: Columns) -> list[DocumentCode]:
    """Every code the index holds, parsed (cached with the columns)."""

    def build() -> list[DocumentCode]:
        parsed = (parse_code(value) for value in columns.facet_names("code"))
        return [c for c in parsed if c is not None]

    return columns._cached("parsed-codes", build)


def _codes_by_number(columns: Columns) -> dict[int, list[DocumentCode]]:
    def build() -> dict[int, list[DocumentCode]]:
        out: dict[int, list[DocumentCode]] = {}
        for code in indexed_codes(columns):
            out.setdefault(code.number, []).append(code)
        return out

    return columns._cached("codes-by-number", build)


def codes_numbered(number: int, columns: Columns) -> list[str]:
    """The indexed codes of one number, as spelled in the index."""
    return [c.code for c in _codes_by_number(columns).get(number, [])]


def matching_codes(pattern: CodePattern, columns: Columns) -> list[DocumentCode]:
    """The indexed codes a typed pattern may mean (every reading that exists), cached."""
    cache = columns._cached("resolved-patterns", dict)
    found = cache.get(pattern)
    if found is None:
        if len(cache) > RESOLVED_CACHE_SIZE:
            cache.clear()
        candidates = _codes_by_number(columns).get(pattern.number, [])
        found = [c for c in candidates if pattern.matches(c)]
        if pattern.whole():  # a code typed in full is that code, when the index has it
            found = [c for c in found if pattern.spelled(c)] or found
        cache[pattern] = found
    return found


def other_issuers(pattern: CodePattern, columns: Columns) -> list[DocumentCode]:
    """For a code typed in full, the indexed codes of the same number and type (and year)
    from other issuers: offered beside the results, never mixed into them."""
    if not pattern.whole():
        return []
    matched = matching_codes(pattern, columns)
    types = {code_readings(c).type for c in matched} | {t for t in pattern.types if t}
    if not types and pattern.tail is not None:
        typed = parse_code(pattern.display) if pattern.display else None
        types = {code_readings(typed).type} if typed is not None else set()
    return [
        c
        for c in _codes_by_number(columns).get(pattern.number, [])
        if c not in matched
        and code_readings(c).type in types
        and (not pattern.year or c.year == pattern.year)
    ]


def resolve(pattern: CodePattern, columns: Columns) -> list[str]:
    """The canonical spellings of the indexed codes a typed pattern may mean."""
    return [c.code for c in matching_codes(pattern, columns)]


def bare_keys(pattern: CodePattern, columns: Columns) -> list[str]:
    """Keys of bare mentions ("Nghị quyết 29" -> 29-NQ) the pattern also finds."""
    types = {code_readings(c).type for c in matching_codes(pattern, columns)}
    types |= {t for t in pattern.types if t}
    keys = []
    for folded in sorted(types):
        for spelling in _CANONICAL_TYPES.get(folded, []):
            keys.append(f"{pattern.number:02d}-{spelling}")
    return keys


def year_docs(columns: Columns, year: int) -> int:
    """Articles published in `year`."""
    return columns.in_date_range(date(year, 1, 1), date(year, 12, 31))


# "05-CT/TW ngày 15/5/2016", "05-CT/TW, ngày 15 tháng 5 năm 2016": the date a code was issued.
_ISSUED = re.compile(
    r"(?:\s*của\s+[^,.;()\n]{1,40}?)?\s*[,(]?\s*(?:ban hành\s+)?(?:ngày\s+)?\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?P<a>(?:19|20)\d\d)"
    r"|(?:\s*của\s+[^,.;()\n]{1,40}?)?\s*[,(]?\s*(?:ban hành\s+)?ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+(?P<b>(?:19|20)\d\d)",
    re.I,
)
ISSUE_YEAR_DOCS = 100  # articles read to learn the year a code without one was issued


def issue_year(code: str, columns: Columns, load_body: Callable[[int], str]) -> int | None:
    """The year articles give a code that carries none ("05-CT/TW ngày 15/5/2016"): the
    most frequent, read from the newest articles citing it (cached with the columns)."""
    cache = columns._cached("code-issue-years", dict)
    if code in cache:
        return cache[code]
    votes: Counter[int] = Counter()
    docs = bitset.to_docs(columns.with_values("code", [code]))
    for doc in sorted(docs, key=lambda d: -columns.published.get(d, 0))[:ISSUE_YEAR_DOCS]:
        text = load_body(doc)
        for _, end, item in scan_mentions(text):
            if isinstance(item, DocumentCode) and item.code == code:
                m = _ISSUED.match(text, end)
                if m:
                    votes[int(m["a"] or m["b"])] += 1
    cache[code] = votes.most_common(1)[0][0] if votes else None
    return cache[code]


def pattern_docs(
    pattern: CodePattern,
    columns: Columns,
    bare_docs: Callable[[list[str]], int],
    load_body: Callable[[int], str],
) -> int:
    """The documents citing a code the pattern means, or mentioning its type and number.

    A year typed beside the code ("chỉ thị 05 năm 2016") is the code's own year when it
    has one, or the year the articles say it was issued ("05-CT/TW ngày 15/5/2016").
    Otherwise the articles of that year are kept, and those without a date when the
    code's year is not known.
    """
    codes = matching_codes(pattern, columns)
    # Bare mentions ("Chỉ thị 17") name no issuer: found by a number and type, never by a
    # code typed in full (they are offered beside its results instead).
    keys = [] if pattern.whole() else bare_keys(pattern, columns)
    bare = bare_docs(keys) if keys else 0
    if not pattern.near_year:
        return columns.with_values("code", [c.code for c in codes]) | bare
    year = pattern.near_year
    issued = {c.code: c.year or issue_year(c.code, columns, load_body) for c in codes}
    of_year = columns.with_values("code", [c for c, y in issued.items() if y == year])
    unknown = columns.with_values("code", [c for c, y in issued.items() if y is None]) | bare
    other = columns.with_values("code", [c for c, y in issued.items() if y and y != year])
    # An article without a date may be of that year: kept (the ranking still applies).
    undated_articles = columns.all_docs & ~columns.in_date_range(None, None)
    articles_of_year = year_docs(columns, year)
    return of_year | (unknown & (articles_of_year | undated_articles)) | (other & articles_of_year)


def fallback_words(pattern: CodePattern) -> list[str]:
    """The words to search when a number and year ("8/2017", maybe a month) match no code."""
    if pattern.tail is not None or pattern.types:
        return []
    return re.findall(r"\w+", normalize_text(pattern.typed).lower())


@dataclass
class CodeMatcher:
    """Finds where a text cites one of the codes a query asks for."""

    patterns: list[CodePattern]
    codes: set[str]
    bare: set[tuple[str, int]]  # (folded type, number) of bare mentions that count
    # Codes ranked first: those whose own year is the one typed beside them, if any.
    preferred: set[str]
    # Codes typed in full that the index holds as typed: other readings do not count.
    exact: set[CodePattern] = field(default_factory=set)

    @classmethod
    def build(cls, patterns: list[CodePattern], columns: Columns) -> CodeMatcher:
        codes: set[str] = set()
        bare: set[tuple[str, int]] = set()
        preferred: set[str] = set()
        exact: set[CodePattern] = set()
        for pattern in patterns:
            matched = matching_codes(pattern, columns)
            if pattern.whole() and matched and all(pattern.spelled(c) for c in matched):
                exact.add(pattern)
            codes.update(c.code for c in matched)
            same_year = [c.code for c in matched if c.year and c.year == pattern.near_year]
            preferred.update(same_year or [c.code for c in matched])
            for key in bare_keys(pattern, columns):
                number, spelling = key.split("-", 1)
                bare.add((fold_diacritics(spelling), int(number)))
        return cls(patterns, codes, bare, preferred, exact)

    @cached_property
    def _numbers(self) -> re.Pattern | None:
        """The wanted codes' numbers as a pattern ("05" or "5"), or None when a wanted
        code may be cited without its number in digits (a plenum: "Hội nghị Trung ương 4")."""
        numbers = {p.number for p in self.patterns} | {n for _, n in self.bare}
        for code in self.codes:
            leading = re.match(r"\d+", code)
            if leading is None or code in _PLENUM_CODES:
                return None
            numbers.add(int(leading.group()))
        alternatives = "|".join(str(n) for n in sorted(numbers))
        return re.compile(rf"(?<!\d)0*(?:{alternatives})(?!\d)") if numbers else None

    def may_stand_out(self, body: str, lead: int) -> bool:
        """False when `body` surely cites no wanted code in its lead nor more than once:
        each citation holds its number, so a body whose wanted numbers appear at most
        once, past the lead, needs no full scan (which costs ~1 ms a body)."""
        numbers = self._numbers
        if numbers is None:
            return True
        for seen, m in enumerate(numbers.finditer(body), start=1):
            if seen > 1 or m.start() < lead + CITATION_REACH:
                return True
        return False

    def _cites(self, item: DocumentCode | tuple[str, int] | str) -> bool:
        if isinstance(item, DocumentCode):
            return item.code in self.codes or any(
                p.matches(item) and (p not in self.exact or p.spelled(item)) for p in self.patterns
            )
        if isinstance(item, tuple):
            return item in self.bare
        return item in self.codes

    def mentions(self, text: str) -> list[tuple[int, int]]:
        """Spans in `text` (NFC) citing a wanted code, in full or as type and number."""
        return [(start, end) for start, end, item in scan_mentions(text) if self._cites(item)]

    def names_in_title(self, columns: Columns, doc: int) -> bool:
        """True when the title of `doc` names a wanted code (titles are read once)."""
        title = columns.summary[doc].title
        if self._numbers is not None and not self._numbers.search(title):
            return False  # no wanted number in it: no citation either
        cache = columns._cached("title-mentions", dict)
        items = cache.get(doc)
        if items is None:
            items = cache[doc] = [item for _, _, item in scan_mentions(title)]
        return any(self._cites(item) for item in items)


Mention = DocumentCode | tuple[str, int] | str


# Dashes and odd spaces the code patterns expect plain, mapped one character to one.
_ALIGNED = str.maketrans(
    {
        **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"},
        **{c: " " for c in "\u00a0\u00ad\u200b\u200c\u200d\u202f\u2060\u3000\ufeff\t"},
    }
)


def _prepare_aligned(text: str) -> str | None:
    """`text` ready for the code patterns with the same offsets, or None if it cannot be."""
    if not unicodedata.is_normalized("NFC", text):
        prepared = _prepare(text)
        return prepared if len(prepared) == len(text) else None
    return text.translate(_ALIGNED)


@lru_cache(maxsize=2048)
def scan_mentions(text: str) -> tuple[tuple[int, int, Mention], ...]:
    """Every code mention in `text`: a full code, a plenum's code (a str), or a bare type
    and number such as "Chỉ thị 05" (a (folded type, number) tuple). Remembered for the
    texts seen last: ranking and snippets read the same articles again."""
    prepared = _prepare_aligned(text)
    if prepared is None:
        return ()
    found: list[tuple[int, int, Mention]] = list(find_codes(prepared))
    for m in PLENUM.finditer(prepared):
        plenum = f"NQTW{int(m['n'])}-K{m['term'].upper()}"
        found.append((m.start(), m.end(), PLENUM_ALIASES.get(plenum, plenum)))
    found.sort(key=lambda item: item[0])
    starts = [start for start, _, _ in found]
    for m in BARE_REF.finditer(prepared):
        i = bisect_right(starts, m.start())
        before = found[i - 1] if i else None
        after = found[i] if i < len(found) else None
        if (before and before[1] > m.start()) or (after and after[0] < m.end()):
            continue  # inside a full code (or a plenum's name)
        folded_type = fold_diacritics(_BARE_KINDS[m["kind"].lower()])
        found.append((m.start(), m.end(), (folded_type, int(m["num"]))))
    return tuple(sorted(found, key=lambda item: item[0]))


def positive_patterns(node: Node | None) -> list[CodePattern]:
    """The code patterns a query requires (not those under NOT)."""
    return [
        current.pattern
        for current in (() if node is None else node.walk(negated=False))
        if isinstance(current, CodeRef) and current.pattern is not None
    ]


def _tier(matcher: CodeMatcher, body: str) -> int:
    first_break = body.find("\n")
    lead = LEAD_CHARS if first_break <= 0 else min(first_break, LEAD_CHARS)
    if not matcher.may_stand_out(body, lead):
        return CITES
    spans = matcher.mentions(body)
    if len(spans) > 1 or any(start < lead for start, _ in spans):
        return LEAD_OR_REPEATED
    return CITES


def rank_for_codes(
    matcher: CodeMatcher,
    columns: Columns,
    allowed: int,
    ordered: list[tuple[int, float | None]],
    load_body: Callable[[int], str],
    by_score: bool,
    want: int,
) -> list[tuple[int, float | None]]:
    """Order code-query results: the document that is the code itself (an attached file
    whose header carries it), then articles whose title names the code, then those whose
    lead cites it or that cite it more than once, then the rest; within a tier the text
    score when the query has words (`by_score`), then recency. Below the title tier,
    articles that cite the code itself come before those naming only its type and number
    ("Chỉ thị 05")."""
    scores = {doc: score for doc, score in ordered}
    if allowed.bit_count() <= TIERED_LIMIT:
        docs = bitset.to_docs(allowed)
    else:
        docs = [doc for doc, _ in ordered]
    published = columns.published

    def base_key(doc: int) -> tuple:
        # An article citing the code itself before one naming only its type and number.
        exact = not matcher.preferred.isdisjoint(columns.summary[doc].codes)
        score = (scores.get(doc) or 0.0) if by_score else 0.0
        return (exact, score, published.get(doc, 0), -doc)

    tiers = {d: TITLE_NAMES_CODE if matcher.names_in_title(columns, d) else CITES for d in docs}
    rest = sorted((d for d in docs if tiers[d] != TITLE_NAMES_CODE), key=base_key, reverse=True)
    for doc in rest[: max(BODY_CHECKS, want * 3)]:
        tiers[doc] = _tier(matcher, load_body(doc))

    def key(doc: int) -> tuple:
        exact, *rest = base_key(doc)
        own = columns.summary[doc].own_code in matcher.preferred
        return (own, tiers[doc] == TITLE_NAMES_CODE, exact, tiers[doc], *rest)

    ranked = sorted(docs, key=key, reverse=True)
    return [(doc, scores.get(doc)) for doc in ranked]


def citing_snippet(text: str, matcher: CodeMatcher, terms: set[str]) -> str | None:
    """The sentence that first cites a wanted code, the code and query words marked."""
    spans = matcher.mentions(text)
    if not spans:
        return None
    start, end = spans[0]
    left = max(
        (m.end() for m in re.finditer(r"[.!?;]\s+|\n", text[:start])),
        default=0,
    )
    right_match = re.search(r"[.!?;](?=\s|$)|\n", text[end:])
    right = end + right_match.end() if right_match else len(text)
    if right - left > SNIPPET_CHARS:
        left = max(left, start - SNIPPET_CHARS // 3)
        right = min(right, left + SNIPPET_CHARS)
        if left > 0 and (space := text.find(" ", left, start)) >= 0:
            left = space + 1
        if right < len(text) and (space := text.rfind(" ", end, right)) > end:
            right = space
    inside = [(s, e) for s, e in spans if s >= left and e <= right]
    out, last = [], left
    for s, e in inside:
        out.append(highlight_terms(text[last:s], terms))
        out.append(f"<mark>{html.escape(text[s:e])}</mark>")
        last = e
    out.append(highlight_terms(text[last:right], terms))
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(text.rstrip()) else ""
    return prefix + "".join(out).strip() + suffix


def nearest_codes(pattern: CodePattern, columns: Columns, limit: int = 3) -> list[str]:
    """Indexed codes closest to a pattern that matched none: same number first."""
    codes = indexed_codes(columns)
    wanted = fold_diacritics(pattern.label().split(" năm ")[0])
    same_number = [c for c in codes if c.number == pattern.number]
    if same_number:
        names = {fold_diacritics(c.code): c.code for c in same_number}
    else:
        names = _folded_codes(columns)
    cutoff = 0.3 if same_number else 0.75
    close = difflib.get_close_matches(wanted, list(names), n=limit, cutoff=cutoff)
    return [names[n] for n in close]


def _folded_codes(columns: Columns) -> dict[str, str]:
    """Every indexed code, folded -> as indexed (cached with the columns)."""
    return columns._cached(
        "folded-codes", lambda: {fold_diacritics(c.code): c.code for c in indexed_codes(columns)}
    )


def canonical_code(text: str, columns: Columns) -> str | None:
    """The indexed code `text` names in any spelling (the most cited reading), or None."""
    exact = parse_code(text)
    if exact is not None and exact.code in columns.value_numbers("code"):
        return exact.code
    pattern = parse_code_pattern(text)
    if pattern is None:
        return None
    resolved = resolve(pattern, columns)
    if not resolved:
        return None
    return max(resolved, key=lambda code: columns.with_values("code", [code]).bit_count())


def canonical_values(values: Iterable[str], columns: Columns) -> list[str]:
    """Filter values for the code facet: each spelling mapped to every indexed reading."""
    out: list[str] = []
    known = columns.value_numbers("code")
    for value in values:
        if value in known:
            out.append(value)
            continue
        pattern = parse_code_pattern(value)
        resolved = resolve(pattern, columns) if pattern else []
        out.extend(resolved or [value])
    return list(dict.fromkeys(out))


@dataclass
class CodeNotes:
    """What a response says about the codes of a query."""

    understood: dict
    suggestion: str | None


def code_offers(
    pattern: CodePattern, columns: Columns, count_query: Callable[[str], int]
) -> list[dict]:
    """What a code typed in full leaves out, offered as searches of their own: the same
    number from other issuers ("Cùng số, khác cơ quan: 17-CT/TW") and the mentions of
    its type and number that name no issuer ("Chỉ thị 17"). `count_query` gives what a
    query returns: each count shown is what its link finds."""
    if not pattern.whole():
        return []
    offers = []
    for code in other_issuers(pattern, columns):
        count = count_query(code.code)
        if count:
            offers.append(
                {"kind": "same_number", "q": code.code, "label": code.code, "count": count}
            )
    # The mentions not already among the results: those citing the code are left out.
    without = "".join(f" NOT code:{code}" for code in resolve(pattern, columns))
    for key in bare_keys(pattern, columns):
        number, spelling = key.split("-", 1)
        query = f"code:{key}{without}"
        count = count_query(query)
        if count:
            label = f"{KIND_NAMES.get(spelling, spelling)} {number}"
            offers.append({"kind": "unresolved", "q": query, "label": label, "count": count})
    return offers


def understood_codes(
    patterns: list[CodePattern],
    columns: Columns,
    q: str,
    total: int,
    count_query: Callable[[str], int] | None = None,
) -> CodeNotes:
    """How each typed code was read, the indexed codes it matched, the year it narrows to,
    what a code typed in full leaves out (`code_offers`, when `count_query` is given) and,
    when nothing was found, the nearest codes that exist ("Có phải …?")."""
    matches, notes, offers = [], [], []
    suggestion = None
    lookups = 0
    for pattern in patterns:
        resolved = resolve(pattern, columns)
        matches.append(
            {
                "typed": pattern.typed,
                "understood": pattern.label(),
                "number": pattern.number,
                "codes": resolved[:20],
                "year": pattern.year or pattern.near_year,
            }
        )
        if count_query is not None:
            offers += code_offers(pattern, columns, count_query)
        if pattern.near_year:
            notes.append(
                f"{pattern.label()}: văn bản năm {pattern.near_year} (mã không ghi năm: bài "
                f"viết năm {pattern.near_year} và bài không ghi ngày)"
            )
        if resolved:
            continue
        if total and fallback_words(pattern):
            notes.append(f"Không có văn bản mã {pattern.label()}: đã tìm theo các từ đã gõ.")
            continue
        if total:
            continue
        if lookups == MAX_NEAREST_LOOKUPS:
            notes.append(f"Không có văn bản nào mang mã {pattern.label()}.")
            continue
        lookups += 1
        nearest = nearest_codes(pattern, columns)
        if nearest:
            notes.append(f"Không có {pattern.label()}. Có phải {' hay '.join(nearest)}?")
            if suggestion is None and pattern.typed and pattern.typed in q:
                suggestion = q.replace(pattern.typed, nearest[0], 1)
        else:
            notes.append(f"Không có văn bản nào mang mã {pattern.label()}.")
    understood = {"code_matches": matches, "code_notes": notes, "code_offers": offers}
    return CodeNotes(understood, suggestion)
