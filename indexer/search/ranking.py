"""Ranking: the allowed documents of a match, in order, one per repost group.

Relevance is scored by the storage view over a backend-neutral scoring tree (see
indexer/store/interface.py), then re-ranked from the text column (words standing together, exact
accents); a large result set is ranked by features instead (title words, persons,
codes, recency) because scoring every match in pure Python costs too much. The other
sorts read the date order of the columns.
"""

from __future__ import annotations

import heapq
import math
from itertools import islice

import numpy as np

from indexer import bitset
from indexer.search import code_search
from indexer.search.columns import Columns
from indexer.search.matching import (
    Matching,
    prefix_terms,
    title_docs,
    title_phrase_docs,
    word_docs,
)
from indexer.search.query import (
    And,
    CodeRef,
    FieldValue,
    Node,
    Or,
    ParsedQuery,
    Phrase,
    Prefix,
    Words,
)
from indexer.search.snapshot import Snapshot
from indexer.store.interface import AllOf, AndMaybe, AnyOf, PhraseScore, Scoring, TermScore
from indexer.text.analysis import Term
from indexer.text.codes import loose_key

RERANK_DEPTH = 200  # candidates re-ranked for words standing together
# Above this many text matches, BM25 over every match costs too much in pure Python: the
# ranking then uses title matches, persons, codes and recency (see rank_by_features).
EXACT_RANKING_LIMIT = 1500
# Scoring reads the occurrence lists of every word and prefix expansion of the query, in
# pure Python: above this many (32 common words, a word typed 32 times, 30 prefixes),
# the features ranking is used too, whatever the number of matches.
MAX_SCORED_POSTINGS = 10_000
# Candidates ranked for a page of `want` results: enough that collapsing duplicates
# (one article on several sites) still leaves a full page.
CANDIDATE_FACTOR, CANDIDATE_SLACK = 3, 20
# When more than one document in this many is wanted, scanning the date order beats a heap.
DENSE_DATE_SCAN = 20
# Longer result lists (deep pages) are collapsed to one per repost group in numpy.
COLLAPSE_IN_NUMPY = 1000
# Boosts of the scoring tree.
EXACT_CODE_BOOST, BARE_CODE_BOOST = 2.0, 0.5
ACCENTED_TITLE_BOOST = 1.5
TITLE_PHRASE_BOOST = 2.0
PERSON_FIELD_BOOST = 2.0
RECOGNISED_PERSON_BOOST = 3.0
# Points of rank_by_features: a recognised person or an exactly cited code.
PERSON_POINTS = CODE_POINTS = 3
# The rarest words of a query earn points in titles: a common word adds little (its
# inverse document frequency is small) and each costs a read of its titles. So do its
# first runs of words found together in a title (each a look-up in the text column).
MAX_TITLE_WORDS = 8
MAX_TITLE_PHRASES = 3


# -- the scoring tree -----------------------------------------------------------------


def word_scoring(word: Term) -> Scoring:
    """A word in any text field; its typed accents count in the title and page text."""
    variants = [
        TermScore("title_f", word.folded),
        TermScore("body_f", word.folded),
        TermScore("page_f", word.folded),
    ]
    if word.has_diacritics:  # the body's exact accents count in rerank
        variants.append(TermScore("title", word.accented, boost=ACCENTED_TITLE_BOOST))
        variants.append(TermScore("page", word.accented))
    return AnyOf(tuple(variants))


def code_scoring(columns: Columns, node: CodeRef) -> Scoring:
    """An exact code also finds bare mentions of its type and number ("Nghị quyết 29")."""
    if node.pattern is not None:
        codes = code_search.resolve(node.pattern, columns)
        bare = code_search.bare_keys(node.pattern, columns)
        terms = [TermScore("code", c, boost=EXACT_CODE_BOOST) for c in codes]
        terms += [TermScore("code_bare", k, boost=BARE_CODE_BOOST) for k in bare]
        return AnyOf(tuple(terms))
    if node.loose:
        return TermScore("code_loose", node.key)
    return AnyOf(
        (
            TermScore("code", node.key, boost=EXACT_CODE_BOOST),
            TermScore("code_bare", loose_key(node.key), boost=BARE_CODE_BOOST),
        )
    )


def node_scoring(snapshot: Snapshot, node: Node | None) -> Scoring | None:
    """What earns points for a query node (None: nothing, as under a NOT)."""
    match node:
        case Words(terms=terms):
            required = [word_scoring(t) for t in terms]
            return required[0] if len(required) == 1 else AllOf(tuple(required))
        case Phrase(terms=terms):  # the documents are those holding the phrase already
            folded = tuple(t.folded for t in terms)
            all_words = AllOf(tuple(TermScore("body_f", w) for w in folded))
            title = PhraseScore("title_f", folded, boost=TITLE_PHRASE_BOOST)
            return AnyOf((all_words, title, PhraseScore("page_f", folded)))
        case Prefix():
            words = prefix_terms(snapshot, node)
            return AnyOf(tuple(TermScore("body_f", w) for w in words)) if words else None
        case CodeRef():
            return code_scoring(snapshot.columns, node)
        case FieldValue(field="title", terms=terms):
            return AnyOf(tuple(TermScore("title_f", t.folded) for t in terms))
        case FieldValue(field="person", folded=folded):
            return TermScore("person_f", folded, boost=PERSON_FIELD_BOOST)
        case And(operands=operands) | Or(operands=operands):
            # A NOT operand scores nothing (it gives None): only what is wanted ranks.
            parts = [node_scoring(snapshot, c) for c in operands]
            parts = [p for p in parts if p is not None]
            if not parts:
                return None
            return parts[0] if len(parts) == 1 else AnyOf(tuple(parts))
    return None


def request_scoring(snapshot: Snapshot, m: Matching) -> Scoring | None:
    """The scoring of a relevance search: the query's, plus the persons it names."""
    scoring = node_scoring(snapshot, m.parsed.root)
    if m.person_keys:
        boost = AnyOf(
            tuple(TermScore("person_f", k, boost=RECOGNISED_PERSON_BOOST) for k in m.person_keys)
        )
        scoring = boost if scoring is None else AndMaybe(scoring, boost)
    return scoring


# -- ordering -------------------------------------------------------------------------


def order(m: Matching, sort: str, want: int) -> list[tuple[int, float | None]]:
    """The first `want` results in order, one per repost group."""
    snapshot, columns, allowed = m.snapshot, m.columns, m.allowed
    patterns = code_search.positive_patterns(m.parsed.root)
    by_score = bool(word_runs(m.parsed.root))
    # Codes without words: rank_for_codes orders every match by tier and date, unscored.
    codes_alone = (
        sort == "relevance"
        and bool(patterns)
        and not by_score
        and allowed.bit_count() <= code_search.TIERED_LIMIT
    )
    scoring = request_scoring(snapshot, m) if sort == "relevance" and not codes_alone else None
    ordered: list[tuple[int, float | None]] = []
    candidates = want * CANDIDATE_FACTOR + CANDIDATE_SLACK
    if codes_alone:
        pass  # ordered by rank_for_codes below
    elif (
        scoring is not None
        and allowed
        and (
            scoring_cost(snapshot, m.parsed, m.matched.bit_count()) > EXACT_RANKING_LIMIT
            or scored_postings(snapshot, m.parsed) > MAX_SCORED_POSTINGS
        )
    ):
        ordered = rank_by_features(snapshot, m, candidates)
    elif scoring is not None and allowed:
        ordered = rank_by_score(snapshot, m, scoring, want, candidates)
    else:
        newest = sort != "oldest"
        ordered = [(d, None) for d in by_date(columns, allowed, newest, candidates)]
        if len(collapse(columns, ordered, want)) < want:
            everything = allowed.bit_count()
            ordered = [(d, None) for d in by_date(columns, allowed, newest, everything)]
    if patterns and sort == "relevance" and allowed:
        ordered = code_search.rank_for_codes(
            code_search.CodeMatcher.build(patterns, columns),
            columns,
            allowed,
            ordered,
            snapshot.body,
            by_score=by_score,
            want=want,
        )
    return collapse(columns, ordered, want)


def rank_by_score(
    snapshot: Snapshot, m: Matching, scoring: Scoring, want: int, candidates: int
) -> list[tuple[int, float | None]]:
    """The storage view's best by `scoring`, re-ranked; deeper until a page is full,
    then the allowed documents it did not score, newest first."""
    columns, allowed = snapshot.columns, m.allowed
    limit = max(RERANK_DEPTH, candidates)
    allow = None if allowed == columns.all_docs else set(bitset.to_docs(allowed))
    while True:
        scored = snapshot.view.top(scoring, allow, limit)
        ordered = rerank(columns, scored, m.parsed)
        if (
            len(scored) < limit  # the scoring matches no more
            or len(ordered) >= allowed.bit_count()
            or len(collapse(columns, ordered, want)) >= want
        ):
            break
        limit *= 4
    missing = allowed & ~bitset.from_docs(d for d, _ in ordered)
    if missing and len(collapse(columns, ordered, want)) < want:
        ordered += [(d, None) for d in by_date(columns, missing, True, candidates)]
    return ordered


def rank_by_features(snapshot: Snapshot, m: Matching, count: int) -> list[tuple[int, float | None]]:
    """Order a large result set without scoring every document.

    A document earns the inverse document frequency of each of the query's
    MAX_TITLE_WORDS rarest words in its title, a bonus when the words of a run (of the
    first MAX_TITLE_PHRASES) stand together in the title, and bonuses for a recognised
    person or an exactly cited code; ties go to the newest.
    """
    columns, allowed = snapshot.columns, m.allowed
    total = max(1, len(columns.docs))
    size = allowed.bit_length()
    scores = np.zeros(size)

    def earn(docs: int, points: float) -> None:
        if docs & allowed:
            scores[bitset.to_mask(docs & allowed, size)] += points

    runs = [[t.folded for t in run] for run in word_runs(m.parsed.root)]
    held = {word: word_docs(snapshot, word).bit_count() for run in runs for word in run}
    for word in sorted(held, key=held.__getitem__)[:MAX_TITLE_WORDS]:
        earn(title_docs(snapshot, word), math.log(1 + total / (1 + held[word])))
    for folded in [run for run in runs if len(run) > 1][:MAX_TITLE_PHRASES]:
        earn(title_phrase_docs(snapshot, folded), 2 * len(folded))
    for key in m.person_keys:
        earn(snapshot.term_docs([("person_f", key)]), PERSON_POINTS)
    for code in exact_codes(columns, m.parsed.root):
        earn(snapshot.term_docs([("code", code)]), CODE_POINTS)
    # The best `count` by score, then newest, sorted in numpy.
    candidates = np.flatnonzero(scores)
    if candidates.size > count:
        cut = candidates.size - count
        kth = np.partition(scores[candidates], cut)[cut]
        candidates = candidates[scores[candidates] >= kth]
    published = columns.published_array()[candidates]
    best = candidates[np.lexsort((published, scores[candidates]))[::-1]][:count].tolist()
    # The head is re-ranked (words standing together, accents); a deep page's tail keeps
    # the features' order: reading every candidate's words cost 1-3 s for page 1,000.
    scored = list(zip(best, np.round(scores[best], 3).tolist(), strict=True))
    ordered = rerank(columns, scored[:RERANK_DEPTH], m.parsed) + scored[RERANK_DEPTH:]
    if len(ordered) < count:
        rest = allowed & ~bitset.from_docs(best)
        ordered += [(d, 0.0) for d in by_date(columns, rest, True, count - len(ordered))]
    return ordered


def scoring_cost(snapshot: Snapshot, parsed: ParsedQuery, text_matches: int) -> int:
    """Roughly how many documents the storage view would visit to score the query."""
    words = [t.folded for run in word_runs(parsed.root) for t in run]
    if not words:
        return text_matches
    result = snapshot.columns.all_docs
    for word in words:
        result &= word_docs(snapshot, word)
    return max(result.bit_count(), text_matches)


def scored_postings(snapshot: Snapshot, parsed: ParsedQuery) -> int:
    """How many occurrence lists' documents scoring the query would read: those of each
    word as often as it is typed, and of each prefix's expansions (nothing under NOT)."""
    words = [t.folded for run in word_runs(parsed.root) for t in run]
    for node in parsed.walk(negated=False):
        if isinstance(node, Prefix):
            words += prefix_terms(snapshot, node)
    return sum(word_docs(snapshot, word).bit_count() for word in words)


def word_runs(node: Node | None) -> list[list[Term]]:
    """The runs of words a match requires: typed words, phrases and title: values."""
    runs: list[list[Term]] = []
    for current in () if node is None else node.walk(negated=False):
        match current:
            case Words(terms=terms) | Phrase(terms=terms):
                runs.append(terms)
            case FieldValue(field="title", terms=terms):
                runs.append(terms)
    return runs


def exact_codes(columns: Columns, node: Node | None) -> list[str]:
    """The indexed codes a query cites exactly (not under NOT)."""
    codes: list[str] = []
    for current in () if node is None else node.walk(negated=False):
        match current:
            case CodeRef(pattern=pattern) if pattern is not None:
                codes.extend(code_search.resolve(pattern, columns))
            case CodeRef(loose=False, key=key):
                codes.append(key)
    return codes


def rerank(
    columns: Columns, scored: list[tuple[int, float]], parsed: ParsedQuery
) -> list[tuple[int, float | None]]:
    """Re-rank the best candidates: words standing together first, then exact accents.

    Both are read from the text column for these candidates only, never for every
    document that holds frequent words, which keeps common multi-word queries fast.
    """
    runs: list[list[str]] = []
    accented: list[Term] = []
    for node in parsed.walk(negated=False):
        match node:
            case Words(terms=terms):
                if len(terms) > 1:
                    runs.append([t.folded for t in terms])
                accented.extend(t for t in terms if t.has_diacritics)
            case Phrase(terms=terms):
                accented.extend(t for t in terms if t.has_diacritics)
    if not scored or not (runs or accented):
        return list(scored)
    text = columns.text
    exact = text.number_mask(
        [n for n in (text.number(w) for w in dict.fromkeys(accented)) if n is not None]
    )
    bonus = max(1.0, max(score or 0.0 for _, score in scored))
    reranked = []
    for doc, score in scored:
        points = score or 0.0
        if any(text.holds_phrase(doc, run) for run in runs):
            points += bonus
        if accented:
            points += bonus * text.numbers_held(doc, exact) / len(accented)
        reranked.append((doc, round(points, 3)))
    return sorted(reranked, key=lambda item: -item[1])


def by_date(columns: Columns, docs: int, newest: bool, count: int) -> list[int]:
    """The first `count` of `docs` by date: scan the date order when `docs` is dense."""
    size = docs.bit_count()
    if size * DENSE_DATE_SCAN > len(columns.docs):
        present = bitset.Membership(docs)
        ordered = columns.newest_first() if newest else columns.oldest_first()
        return list(islice((d for d in ordered if d in present), count))
    key = columns.published.__getitem__
    members = bitset.to_docs(docs)
    if newest:
        return heapq.nlargest(count, members, key=lambda d: (key(d), -d))
    return heapq.nsmallest(count, members, key=lambda d: (key(d) or 10**7, d))


def collapse(
    columns: Columns, ordered: list[tuple[int, float | None]], want: int
) -> list[tuple[int, float | None]]:
    """The first `want` of `ordered`, one document per repost group."""
    if len(ordered) > COLLAPSE_IN_NUMPY:  # a deep page
        numbers = columns._group_arrays()[0]
        docs = np.array([doc for doc, _ in ordered], dtype=np.int64)
        if docs.max() < numbers.size:
            _, first = np.unique(numbers[docs], return_index=True)
            return [ordered[i] for i in np.sort(first)[:want].tolist()]
    seen, out = set(), []
    for doc, score in ordered:
        group = columns.group[doc]
        if group in seen:
            continue
        seen.add(group)
        out.append((doc, score))
        if len(out) >= want:
            break
    return out
