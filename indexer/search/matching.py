"""Matching: a request and one snapshot in, the sets of documents it selects out.

Sets are bitsets of document numbers (indexer/bitset.py), cached per term in the
snapshot; the storage view is asked only for the documents of a term or a phrase.
Query words arrive analysed (`Term.folded`): nothing here folds query text again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from indexer import bitset
from indexer.fields import COLUMN_FACETS, FOLDED_FACETS
from indexer.search import code_search
from indexer.search.columns import Columns
from indexer.search.query import (
    And,
    CodeRef,
    DateRange,
    FieldValue,
    Node,
    Not,
    Or,
    ParsedQuery,
    Phrase,
    Prefix,
    Words,
    parse_query,
)
from indexer.search.request import UNDATED, SearchRequest
from indexer.search.snapshot import Snapshot
from indexer.text.codes import loose_key
from indexer.text.normalize import fold_diacritics

PERSON_NAME_SIZES = (5, 4, 3, 2)  # syllables in a name, longest tried first


@dataclass(frozen=True)
class Matching:
    """A request matched against one index state: the first stage of every search."""

    snapshot: Snapshot
    parsed: ParsedQuery
    persons: list[str]  # names recognised in the query, as indexed
    person_keys: list[str]  # the same names folded (the person_f terms)
    matched: int  # documents the query text matches (bitset)
    selections: dict[str, int]  # each filter's documents
    allowed: int  # documents the text and every filter allow

    @property
    def columns(self) -> Columns:
        return self.snapshot.columns


def match(snapshot: Snapshot, request: SearchRequest) -> Matching:
    """Validate, parse and match a request."""
    request.validate()
    parsed = parse_query(request.q)
    persons = recognise_persons(snapshot.columns, parsed)
    matched = query_docs(snapshot, parsed)
    chosen = selections(snapshot.columns, request)
    allowed = matched
    for docs in chosen.values():
        allowed = allowed & docs
    names, keys = list(persons), list(persons.values())
    return Matching(snapshot, parsed, names, keys, matched, chosen, allowed)


def query_docs(snapshot: Snapshot, parsed: ParsedQuery) -> int:
    """The documents the query text matches: every document for an empty query, none
    for one with nothing searchable in it ("NOT", "*", an emoji)."""
    if parsed.root is None:
        return snapshot.columns.all_docs if parsed.matches_everything else 0
    return node_docs(snapshot, parsed.root)


def word_docs(snapshot: Snapshot, folded: str) -> int:
    """Documents holding a (folded) word in the title, the body or the page text."""
    frequent = snapshot.columns.frequent_words.get(folded)
    if frequent is not None:  # from title and body; pages kept by their page text too
        return frequent | snapshot.term_docs([("page_f", folded)])
    return snapshot.term_docs([("title_f", folded), ("body_f", folded), ("page_f", folded)])


def title_docs(snapshot: Snapshot, folded: str) -> int:
    """Documents whose title holds a (folded) word; the commonest words' are precomputed."""
    frequent = snapshot.columns.frequent_titles.get(folded)
    return frequent if frequent is not None else snapshot.term_docs([("title_f", folded)])


def phrase_docs(snapshot: Snapshot, folded: list[str]) -> int:
    """Documents holding the words one after another, in the title or in the body
    (or in the page text of a record whose body is not sure)."""
    text = snapshot.columns.text

    def in_text() -> int:  # read only where every word stands: little text for a rare one
        holding = snapshot.columns.all_docs
        for word in dict.fromkeys(folded):
            holding &= word_docs(snapshot, word)
        if not holding:
            return 0
        within = np.flatnonzero(bitset.to_mask(holding, holding.bit_length()))
        return bitset.from_array(text.phrase_docs(folded, within))

    found = snapshot.cached(("p", *folded), in_text)
    return found | snapshot.phrase_docs(("pp", *folded), "page_f", folded)


# A title phrase is looked for in the titles holding this many of its rarest words: each
# costs a read of the word's titles, and a few rare words leave few titles to read.
TITLE_PHRASE_ANCHORS = 4


def title_phrase_docs(snapshot: Snapshot, folded: list[str]) -> int:
    """Documents whose title holds the (folded) words one after another, read from the
    text column in the titles holding the rarest of them (Whoosh intersected the title
    occurrences of every word, in Python: 1 s for 32 common words at 100,000 articles)."""
    text = snapshot.columns.text

    def compute() -> int:
        if any(w not in text.ranges for w in folded):
            return 0
        rarest = sorted(
            dict.fromkeys(folded), key=lambda w: text.counts[slice(*text.ranges[w])].sum()
        )
        holding = snapshot.columns.all_docs
        for word in rarest[:TITLE_PHRASE_ANCHORS]:
            holding &= title_docs(snapshot, word)
        if not holding:
            return 0
        within = np.flatnonzero(bitset.to_mask(holding, holding.bit_length()))
        return bitset.from_array(text.phrase_docs(folded, within, title_only=True))

    return snapshot.cached(("tp", *folded), compute)


def prefix_terms(snapshot: Snapshot, node: Prefix) -> list[str]:
    """The indexed words starting with a (folded) prefix, at most its `limit`."""
    terms = []
    for fieldname in ("body_f", "title_f"):
        for text in snapshot.view.expand_prefix(fieldname, node.prefix):
            terms.append(text)
            if len(terms) >= node.limit:
                return sorted(set(terms))
    return sorted(set(terms))


def node_docs(snapshot: Snapshot, node: Node) -> int:
    """The bitset of documents a query node matches."""
    columns = snapshot.columns
    match node:
        case Words(terms=terms):
            sets = [word_docs(snapshot, t.folded) for t in terms]
            result = sets[0]
            for other in sets[1:]:
                result = result & other
            return result
        case Phrase(terms=terms):
            return phrase_docs(snapshot, [t.folded for t in terms])
        case Prefix():
            out = 0
            for word in prefix_terms(snapshot, node):
                out |= word_docs(snapshot, word)
            return out
        case CodeRef(pattern=pattern) if pattern is not None:
            docs = code_search.pattern_docs(
                pattern,
                columns,
                lambda keys: snapshot.term_docs([("code_bare", k) for k in keys]),
                snapshot.body,
            )
            words = code_search.fallback_words(pattern) if not docs else []
            return node_docs(snapshot, Words(words)) if words else docs
        case CodeRef(loose=True):
            return snapshot.term_docs([("code_loose", node.key)])
        case CodeRef(key=key):
            return snapshot.term_docs([("code", key), ("code_bare", loose_key(key))])
        case FieldValue():
            return field_docs(snapshot, node)
        case DateRange(start=start, end=end):
            return columns.in_date_range(start, end)
        case And(operands=operands):  # a NOT operand gives everything but its documents
            result = columns.all_docs
            for child in operands:
                result = result & node_docs(snapshot, child)
            return result
        case Or(operands=operands):
            out = 0
            for child in operands:
                out |= node_docs(snapshot, child)
            return out
        case Not(operand=operand):
            return columns.all_docs & ~node_docs(snapshot, operand)
    return 0


def field_docs(snapshot: Snapshot, node: FieldValue) -> int:
    """Documents of title:…, person:… or a facet's field:value."""
    if node.field == "title":
        folded = [t.folded for t in node.terms]
        if len(folded) > 1:
            return title_phrase_docs(snapshot, folded)
        return title_docs(snapshot, folded[0])
    if node.field == "person":
        return snapshot.term_docs([("person_f", node.folded)])
    facet, columns = node.field, snapshot.columns
    if facet in FOLDED_FACETS:  # how a typed value matches is declared in indexer/fields.py
        return columns.with_values(facet, columns.names_folded(facet).get(node.folded, []))
    if facet in COLUMN_FACETS:  # matched as written
        return columns.with_values(facet, [node.value])
    raise KeyError(facet)


def recognise_persons(columns: Columns, parsed: ParsedQuery) -> dict[str, str]:
    """The indexed persons the query names (runs of its words, or a person: field),
    each with its folded key, in the order found."""
    found: dict[str, str] = {}
    for node in parsed.walk(negated=False):
        match node:
            case Words(terms=terms) | Phrase(terms=terms):
                words = [t.folded for t in terms]
                for size in PERSON_NAME_SIZES:
                    for i in range(len(words) - size + 1):
                        key = " ".join(words[i : i + size])
                        name = columns.persons_folded.get(key)
                        if name and name not in found:
                            found[name] = key
            case FieldValue(field="person", folded=folded):
                name = columns.persons_folded.get(folded)
                if name and name not in found:
                    found[name] = folded
    return found


def selections(columns: Columns, request: SearchRequest) -> dict[str, int]:
    """Each filter's documents. A person filter typed by a person (the web's person
    box, the CLI's --person) is folded here, where it enters the search."""
    chosen = {}
    for name, values in request.filters.items():
        values = [v for v in values if v]
        if not values:
            continue
        if name == "person":
            variants = columns.names_folded("person")
            values = [name for v in values for name in variants.get(fold_diacritics(v), [])]
        if name == "code":  # any spelling: every indexed reading of it
            values = code_search.canonical_values(values, columns)
        chosen[name] = columns.with_values(name, values)
        if name == "year" and UNDATED in values:
            chosen[name] |= columns.undated()
    if request.date_from or request.date_to:
        chosen["date"] = columns.in_date_range(request.date_from, request.date_to)
    return chosen
