"""What a query asks the snippet to show: the words typed together and the accents typed."""

from __future__ import annotations

from indexer.search.highlight import QueryTerms
from indexer.search.query import ParsedQuery, Phrase, Words
from indexer.text.analysis import Term


def query_terms(parsed: ParsedQuery, terms: set[str]) -> QueryTerms:
    """`terms` (folded words to mark) with the query's runs of words and typed accents."""
    runs: list[list[Term]] = []
    typed: list[Term] = []
    for node in parsed.walk(negated=False):  # words under a NOT are not shown
        if isinstance(node, Words | Phrase):
            runs.append(list(node.terms))
            typed.extend(node.terms)
    return QueryTerms(terms, runs, typed)
