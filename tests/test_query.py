"""The query parser's bounds: any input gives a tree of bounded depth and size."""

from __future__ import annotations

import pytest

from indexer.search.query import (
    MAX_DEPTH,
    MAX_EXPANSIONS,
    MAX_PHRASES,
    MAX_PREFIX_TERMS,
    MAX_TERMS,
    CodeRef,
    FieldValue,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    Words,
    parse_query,
)


def tree_depth(root: Node | None) -> int:
    """The levels of a tree, counted without recursion (the tree may be what is tested)."""
    deepest, stack = 0, [(root, 1)] if root is not None else []
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in node.children())
    return deepest


def terms_in(root: Node | None) -> int:
    """The words, prefixes, codes and field values a tree asks for."""
    count = 0
    for node in () if root is None else root.walk():
        match node:
            case Words(words=words) | Phrase(words=words):
                count += len(words)
            case FieldValue(field="title", terms=terms):
                count += len(terms)
            case Prefix() | CodeRef() | FieldValue():
                count += 1
    return count


@pytest.mark.parametrize(
    "text",
    [
        "(" * 400 + "a",
        "(" * 5000 + "a" + ")" * 5000,
        "-(" * 400 + "a",
        "NOT (" * 400 + "a",
        "(a OR " * 400 + "b",
        "(a AND (b OR " * 300 + "c",
        "title:(" * 400 + "a",
    ],
)
def test_deep_nesting_is_flattened_without_recursion(text):
    parsed = parse_query(text)
    assert parsed.root is not None
    # Every level of parentheses gives at most an operator and a NOT below it.
    assert tree_depth(parsed.root) <= 2 * MAX_DEPTH + 3


def test_nesting_up_to_the_limit_keeps_its_meaning():
    parsed = parse_query("a AND (b OR (c -(d OR e)))")
    assert parsed.depth == 3 and not parsed.warnings
    assert isinstance(parsed.root.operands[1], Or)
    inner = parsed.root.operands[1].operands[1]
    assert isinstance(inner.operands[1], Not)


def test_deeper_nesting_is_reported_once_with_its_depth():
    parsed = parse_query("(" * 400 + "a" + ")" * 400)
    assert parsed.depth == 400
    assert parsed.warnings == [f"bỏ qua dấu ngoặc lồng sâu hơn {MAX_DEPTH} cấp"]
    assert parsed.root == Words(["a"])


def test_a_repeated_mistake_is_reported_once():
    parsed = parse_query(")" * 1000 + " a " + "OR " * 500 + '"b')
    assert len(parsed.warnings) == len(set(parsed.warnings)) <= 3


@pytest.mark.parametrize(
    "text",
    [
        " ".join(f"w{i}" for i in range(500)),
        " ".join(f"{i}-NQ/TW" for i in range(1, 300)),
        '"' + " ".join(f"w{i}" for i in range(500)) + '"',
        'title:"' + " ".join(f"w{i}" for i in range(500)) + '"',
        " ".join(f"person:p{i}" for i in range(300)),
        " ".join(f"a{i}*" for i in range(300)),
        " OR ".join(f"w{i}" for i in range(300)),
        '"a b" ' * 300,
    ],
)
def test_a_query_asks_for_at_most_max_terms(text):
    parsed = parse_query(text)
    assert 0 < terms_in(parsed.root) <= MAX_TERMS
    assert len(parsed.codes) <= MAX_TERMS
    assert f"chỉ dùng {MAX_TERMS} từ đầu tiên" in parsed.warnings


def test_a_long_phrase_is_cut_not_dropped():
    parsed = parse_query("a b " + '"' + " ".join(f"w{i}" for i in range(100)) + '"')
    phrase = parsed.root.operands[1]
    assert isinstance(phrase, Phrase) and len(phrase.words) == MAX_TERMS - 2
    assert phrase.words[0] == "w0"


def test_codes_understood_are_the_codes_searched():
    parsed = parse_query(" ".join(f"{i}-NQ/TW" for i in range(1, 100)))
    searched = [n.key for n in parsed.walk() if isinstance(n, CodeRef)]
    assert parsed.codes == searched and len(searched) == MAX_TERMS


def test_the_prefixes_of_a_query_share_a_bounded_number_of_expansions():
    (one,) = [n for n in parse_query("dang*").walk() if isinstance(n, Prefix)]
    assert one.limit == MAX_PREFIX_TERMS
    many = [n for n in parse_query(" ".join(f"a{i}*" for i in range(32))).walk()]
    limits = [n.limit for n in many if isinstance(n, Prefix)]
    assert len(limits) == 32 and sum(limits) <= MAX_EXPANSIONS


def test_quoted_phrases_after_the_third_are_looked_for_as_words():
    parsed = parse_query(" ".join(f'"a{i} b{i}"' for i in range(5)) + ' "c"')
    kinds = [type(n).__name__ for n in parsed.root.operands]
    assert kinds == ["Phrase"] * MAX_PHRASES + ["Words"] * (6 - MAX_PHRASES)
    assert parsed.root.operands[4] == Words(["a4", "b4"])
    assert parsed.phrases[:MAX_PHRASES] == ["a0 b0", "a1 b1", "a2 b2"]
    assert any("cụm từ trong ngoặc kép" in w for w in parsed.warnings)


@pytest.mark.parametrize(
    "text", ["chỉ thị -ma:05-CT/TW", "chỉ thị -05-CT/TW", "chỉ thị NOT mã:05-CT/TW"]
)
def test_an_excluded_code_is_excluded_whole_and_not_listed_as_searched(text):
    parsed = parse_query(text)
    excluded = [n.operand for n in parsed.walk() if isinstance(n, Not)]
    assert [type(n) for n in excluded] == [CodeRef] and excluded[0].key == "05-CT/TW"
    required = [n for n in parsed.walk(negated=False) if isinstance(n, Words)]
    assert [w.words for w in required] == [["chỉ", "thị"]]
    assert parsed.codes == [] and parsed.fields == {}
    assert parsed.excluded == ["05-CT/TW"]


def test_a_dashed_word_excludes_all_its_parts_and_a_quoted_dash_is_kept():
    parsed = parse_query("tiêm chủng -covid-19")
    assert [n.operand for n in parsed.walk() if isinstance(n, Not)] == [Phrase(["covid", "19"])]
    assert parsed.phrases == [] and parsed.excluded == ["“covid 19”"]
    quoted = parse_query('"kế hoạch -05-KH/TU"')
    assert not [n for n in quoted.walk() if isinstance(n, Not)]
    assert quoted.phrases == ["kế hoạch 05 kh tu"]


def test_excluded_words_and_values_are_named_apart_from_what_is_searched():
    parsed = parse_query('hội nghị -"tổng kết" NOT người:"Lê Hồng Sơn" NOT (a OR b)')
    assert parsed.fields == {} and parsed.phrases == []
    assert parsed.excluded == ["“tổng kết”", "person:Lê Hồng Sơn", "(a OR b)"]
