"""The query tree's visitor: children() and a pre-order walk(), with or without NOT."""

from __future__ import annotations

from indexer.search.query import And, CodeRef, Not, Or, Phrase, Words, parse_query


def test_walk_is_pre_order_left_to_right():
    tree = And([Words(["a"]), Or([Phrase(["b", "c"]), Words(["d"])]), Not(Words(["e"]))])
    kinds = [type(node).__name__ for node in tree.walk()]
    assert kinds == ["And", "Words", "Or", "Phrase", "Words", "Not", "Words"]
    assert [n.words for n in tree.walk() if isinstance(n, Words)] == [["a"], ["d"], ["e"]]


def test_walk_without_negated_leaves_out_what_not_excludes():
    tree = And([Words(["a"]), Not(Or([Words(["b"]), Not(Words(["c"]))])), Words(["d"])])
    assert [n.words for n in tree.walk(negated=False) if isinstance(n, Words)] == [["a"], ["d"]]
    assert not any(isinstance(n, Not) for n in tree.walk(negated=False))
    assert list(Not(Words(["x"])).walk(negated=False)) == []


def test_children_of_leaves_and_operators():
    leaf = Words(["a"])
    assert leaf.children() == []
    assert Not(leaf).children() == [leaf]
    assert Or([leaf, leaf]).children() == [leaf, leaf]


def test_parsed_query_walks_its_tree_and_an_empty_one_yields_nothing():
    assert list(parse_query("").walk()) == []
    parsed = parse_query('hòa giải NOT "đất đai" 29-NQ/TW')
    positive = list(parsed.walk(negated=False))
    assert any(isinstance(n, CodeRef) for n in positive)
    assert not any(isinstance(n, Phrase) for n in positive)
    assert any(isinstance(n, Phrase) and n.words == ["đất", "đai"] for n in parsed.walk())
