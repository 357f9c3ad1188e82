"""What a query asks the snippet to show: the words typed together and the accents typed."""

from __future__ import annotations

from indexer.highlight import QueryTerms
from indexer.query import And, Node, Or, ParsedQuery, Phrase, Words


def query_terms(parsed: ParsedQuery, terms: set[str]) -> QueryTerms:
    """`terms` (folded words to mark) with the query's runs of words and typed accents."""
    runs: list[list[str]] = []
    typed: list[str] = []

    def walk(node: Node | None) -> None:
        if isinstance(node, Words | Phrase):
            runs.append(list(node.words))
            typed.extend(node.words)
        elif isinstance(node, And | Or):
            for child in node.children:
                walk(child)

    walk(parsed.root)
    return QueryTerms(terms, runs, typed)
