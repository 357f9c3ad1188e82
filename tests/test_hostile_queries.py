"""Hostile queries through the engine: no crash, a clear answer, bounded work.

Work is counted, never timed: a loaded machine passes or fails these alike.
"""

from __future__ import annotations

import html

import pytest

from indexer.index import index_records
from indexer.search import SearchEngine, SearchRequest, code_search, matching, ranking
from indexer.search.matching import prefix_terms, title_phrase_docs
from indexer.search.query import MAX_EXPANSIONS, NOTHING_TO_SEARCH, Prefix, parse_query
from tests.fixtures import ARTICLES, cli
from tests.work import measured
from webui.app import create_app
from webui.settings import Settings


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile")
    index_records(path, ARTICLES)
    return path


@pytest.fixture(scope="module")
def engine(index_dir):
    engine = SearchEngine(index_dir)
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def client(index_dir):
    app = create_app(Settings(index_dir=index_dir, warc_dir=index_dir / "none"))
    app.config.update(TESTING=True)
    return app.test_client()


def run(engine, q="", **kwargs):
    return engine.search(SearchRequest(q=q, **kwargs))


@pytest.mark.parametrize(
    "q",
    ["NOT", "*", "-", "😀", "🇻🇳 👍", "!!! ... ???", "()", '""', "OR AND NOT", "year:abc", "\x00"],
)
def test_a_query_with_nothing_to_search_finds_nothing_and_says_why(engine, q):
    response = run(engine, q)
    assert response.total == 0 and response.hits == []
    assert response.understood["warnings"][0] == NOTHING_TO_SEARCH


@pytest.mark.parametrize("q", ["", "   "])
def test_an_empty_query_still_lists_every_article(engine, q):
    response = run(engine, q, sort="newest")
    assert response.total == 5
    assert NOTHING_TO_SEARCH not in response.understood["warnings"]


def test_a_query_of_negations_only_finds_the_articles_without_them(engine):
    everything, without = run(engine).total, run(engine, "-hòa").total
    assert 0 < without < everything
    assert NOTHING_TO_SEARCH not in run(engine, "-hòa").understood["warnings"]


@pytest.mark.parametrize("opening", ["(", "-(", "NOT (", "(a OR "])
def test_deep_nesting_is_answered(engine, opening):
    response = run(engine, (opening * 400)[:1990] + "xây dựng")
    assert response.total >= 0
    assert any("lồng sâu" in w for w in response.understood["warnings"])


def test_deep_nesting_finds_what_its_words_find(engine):
    nested = run(engine, "(" * 400 + "xây dựng Đảng" + ")" * 400)
    assert [h.id for h in nested.hits] == [h.id for h in run(engine, "xây dựng Đảng").hits]


@pytest.mark.parametrize("q", ["NOT", "😀", "*"])
def test_the_web_says_a_query_has_nothing_to_search(client, q):
    response = client.get("/search.json", query_string={"q": q})
    assert response.status_code == 200
    assert response.get_json()["total"] == 0
    assert response.get_json()["understood"]["warnings"][0] == NOTHING_TO_SEARCH
    page = client.get("/search", query_string={"q": q})
    assert page.status_code == 200 and html.escape(NOTHING_TO_SEARCH) in page.get_data(True)


def test_the_command_line_says_a_query_has_nothing_to_search(index_dir):
    done = cli("search", "NOT", "--index", str(index_dir))
    assert done.returncode == 0 and not done.stderr
    assert done.stdout.startswith("0 kết quả")
    assert f"Lưu ý: {NOTHING_TO_SEARCH}" in done.stdout


# -- bounded work: what each stage may do for one query is counted ----------------------


@pytest.fixture
def suggest_calls(engine, monkeypatch):
    """The words the storage view is asked to respell (each a scan of its vocabulary)."""
    view, asked = engine.snapshot.view, []
    original = view.suggest

    def counting(field, word, maxdist):
        asked.append(word)
        return original(field, word, maxdist)

    monkeypatch.setattr(view, "suggest", counting)
    return asked


def test_a_typo_is_still_respelled(engine, suggest_calls):
    assert run(engine, "hòa giảii").suggestion == "hòa giải"
    assert suggest_calls


def test_a_query_of_many_unknown_words_gets_no_respelling(engine, suggest_calls):
    q = " ".join(["qwxzt", "zzkvq", "xqqvy", "kvvqz", "tqxwz", "wvqzx", "yyxqz", "qzzwk"])
    assert run(engine, q).suggestion is None
    assert suggest_calls == []
    run(engine, "qwxzt zzkvq xqqvy")  # one more than respelled
    assert suggest_calls == []


def test_at_most_two_unknown_words_are_respelled(engine, suggest_calls):
    run(engine, "hòa giảii xâyy")
    assert set(suggest_calls) <= {"giaii", "xayy"} and len(suggest_calls) <= 4


def test_a_long_unknown_word_is_not_respelled(engine, suggest_calls):
    run(engine, "hòa " + "giaiqwxzkvt" * 5)
    run(engine, "x" * 64)
    assert suggest_calls == []


def test_nearest_codes_are_looked_up_for_two_codes_at_most(engine, monkeypatch):
    looked_up = []
    original = code_search.nearest_codes

    def counting(pattern, columns, limit=3):
        looked_up.append(pattern.label())
        return original(pattern, columns, limit)

    monkeypatch.setattr(code_search, "nearest_codes", counting)
    response = run(engine, " ".join(f"{n}-NQ/TW" for n in range(901, 931)))
    assert response.total == 0
    assert looked_up == ["901-NQ/TW", "902-NQ/TW"]
    notes = response.understood["code_notes"]
    assert len(notes) == 30 and "Không có văn bản nào mang mã 930-NQ/TW." in notes


@pytest.fixture
def scorings(engine, monkeypatch):
    """The queries the storage view is asked to score (each reads every occurrence list)."""
    view, asked = engine.snapshot.view, []
    original = view.top

    def counting(scoring, allowed, limit):
        asked.append(scoring)
        return original(scoring, allowed, limit)

    monkeypatch.setattr(view, "top", counting)
    return asked


def test_scoring_reads_a_bounded_number_of_occurrences(engine, scorings, monkeypatch):
    plain = [h.id for h in run(engine, "hòa giải").hits]
    assert len(scorings) == 1  # a small query is scored by the view
    postings = ranking.scored_postings(engine.snapshot, parse_query("hòa giải"))
    assert postings == 2 * ranking.scored_postings(engine.snapshot, parse_query("hòa"))
    # The same word typed 16 times reads its occurrences 16 times.
    repeated = ranking.scored_postings(engine.snapshot, parse_query("hòa " * 16))
    assert repeated == 16 * ranking.scored_postings(engine.snapshot, parse_query("hòa"))
    monkeypatch.setattr(ranking, "MAX_SCORED_POSTINGS", postings - 1)
    over = [h.id for h in run(engine, "hòa giải").hits]
    assert len(scorings) == 1  # over the budget: ranked by features, not scored
    assert sorted(over) == sorted(plain)


def test_a_prefix_expands_to_its_share_only(engine):
    snapshot = engine.snapshot
    everything = prefix_terms(snapshot, Prefix("h"))
    assert len(everything) > 3
    assert prefix_terms(snapshot, Prefix("h", limit=3)) == everything[:3]
    shared = [n for n in parse_query("h* " * 32).walk() if isinstance(n, Prefix)]
    assert sum(len(prefix_terms(snapshot, node)) for node in shared) <= MAX_EXPANSIONS


@pytest.mark.parametrize(
    "args", [("--year", "20199"), ("--from", "0001-01-01"), ("--page", "0"), ("--limit", "-5")]
)
def test_the_command_line_refuses_out_of_range_values(index_dir, args):
    done = cli("search", "đảng", "--index", str(index_dir), *args)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith("vankien search:") or "lỗi" in done.stderr


def test_the_json_api_refuses_out_of_range_values_in_its_error_shape(client):
    for query in ({"year": "20199"}, {"month": "2017-13"}, {"from": "0001-01-01"}, {"page": "-1"}):
        response = client.get("/search.json", query_string={"q": "đảng", **query})
        assert response.status_code == 400, query
        error = response.get_json()["error"]
        assert error["status"] == 400 and error["message"]


# -- every hostile request of bench/hostile.py, at the fixture's scale ------------------

HOSTILE_QUERIES = {
    "400 '(' then a word": "(" * 400 + "a",
    "1,990 '('": "(" * 1990 + " hòa",
    "'-(' x 990": "-(" * 990 + "a",
    "'(a OR ' x 300": ("(hòa OR " * 300)[:2000],
    "')' x 2,000": ")" * 2000,
    "a 64-letter word": "x" * 64,
    "8 unknown 12-letter words": " ".join(f"qzx{i}vkwtqzx" for i in range(8)),
    "2 unknown 16-letter words": "qzxvkwtqzxqzxvkw wtqzxqzxvkwtqzxq",
    "220 unknown words": " ".join(f"qzx{i}" for i in range(220)),
    "300 words": " ".join(["hòa", "giải", "xây", "dựng", "Đảng"] * 60),
    "300 ORs": " OR ".join(["hòa", "giải", "xây"] * 100)[:2000],
    "32 prefixes": " ".join(f"{a}{b}*" for a in "tnhc" for b in "hgra"),
    "250 codes": " ".join(f"{900 + i}-NQ/TW" for i in range(250))[:2000],
    "codes by type name": " ".join(f"nghi quyet {i}" for i in range(100))[:2000],
    "a 60-digit code": "1" * 60 + "-NQ/TW",
    "'1/2/3/…'": "/".join(str(i) for i in range(600))[:2000],
    "emoji x 500": "😀" * 500,
    "control characters": "".join(chr(i) for i in range(32)) * 60,
    "a phrase of 300 words": '"' + " ".join(["hòa", "giải"] * 150) + '"',
    "16 phrases": " ".join(f'"hòa giải{i}"' for i in range(16)),
    "600 unmatched quotes": '"a ' * 600,
    "mixed scripts": "Đảng 党 партия حزب पार्टी ☭ 𝔇𝔞𝔫𝔤 ｄａｎｇ " * 20,
    "title: long words": "title:" + " ".join("x" * 64 for _ in range(25)),
    "person: 180 names": 'person:"' + "Nguyễn Văn " * 180 + '"',
    "site: huge value": "site:" + "a." * 990,
    "year: 60 digits": "year:" + "9" * 60,
    "date: widest range": "hòa date:1000-01-01..9999-12-31",
    "300 field names": " ".join(f"author:x{i}" for i in range(300))[:2000],
    "operators only": "AND OR NOT " * 180,
    "whitespace": " \t\n\r\u00a0\u200b" * 300,
}
HOSTILE_CALLS = 250_000  # as tests/test_fuzz.py's searches


@pytest.mark.parametrize("name", HOSTILE_QUERIES)
def test_a_hostile_query_is_answered_with_bounded_work(engine, name):
    response, _ = measured(lambda: run(engine, HOSTILE_QUERIES[name]), HOSTILE_CALLS)
    assert response.total >= 0


@pytest.mark.parametrize("name", HOSTILE_QUERIES)
def test_a_hostile_query_never_gets_a_server_error(client, name):
    response = client.get("/search.json", query_string={"q": HOSTILE_QUERIES[name]})
    assert response.status_code in (200, 400)
    page = client.get("/search", query_string={"q": HOSTILE_QUERIES[name]})
    assert page.status_code == response.status_code


def test_a_deep_page_re_ranks_only_the_head_of_the_features_ranking(engine, monkeypatch):
    monkeypatch.setattr(ranking, "MAX_SCORED_POSTINGS", -1)  # every query ranked by features
    monkeypatch.setattr(ranking, "RERANK_DEPTH", 2)
    text, read = engine.columns.text, []
    original = text.numbers_held

    def counting(doc, numbers):
        read.append(doc)
        return original(doc, numbers)

    monkeypatch.setattr(text, "numbers_held", counting)
    response = run(engine, "Đảng", page=2, per_page=1)
    assert len(response.hits) == 1
    assert len(set(read)) == 2  # the words of two documents read, not of every candidate


def test_the_command_line_answers_deep_nesting_with_a_warning(index_dir):
    done = cli("search", "(" * 400 + "hòa giải", "--index", str(index_dir))
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "Lưu ý: bỏ qua dấu ngoặc lồng sâu hơn 16 cấp" in done.stdout


@pytest.mark.parametrize(
    "words",
    [["xay", "dung", "dang"], ["dang", "uy"], ["hoi", "nghi", "so", "ket"], ["dang", "xay"]],
)
def test_a_title_phrase_is_what_whoosh_finds_in_titles(engine, words):
    whoosh = engine.snapshot.view.phrase_docs("title_f", words) & engine.columns.all_docs
    assert title_phrase_docs(engine.snapshot, words) == whoosh


def test_a_title_phrase_reads_the_titles_of_its_rarest_words_only(engine, monkeypatch):
    snapshot, read = engine.snapshot, []
    original = snapshot.view.terms_docs

    def counting(terms):
        read.extend(field for field, _ in terms)
        return original(terms)

    monkeypatch.setattr(snapshot.view, "terms_docs", counting)
    words = [
        "hoi",
        "nghi",
        "so",
        "ket",
        "cong",
        "tac",
        "xay",
        "dung",
        "dang",
        "6",
        "thang",
        "dau",
        "nam",
        "2017",
    ]
    assert title_phrase_docs(snapshot, words)
    assert read.count("title_f") <= matching.TITLE_PHRASE_ANCHORS


def test_title_phrases_are_never_asked_of_the_view(engine, monkeypatch):
    view, asked = engine.snapshot.view, []
    original = view.phrase_docs

    def counting(field, words):
        asked.append(field)
        return original(field, words)

    monkeypatch.setattr(view, "phrase_docs", counting)
    monkeypatch.setattr(ranking, "MAX_SCORED_POSTINGS", -1)  # ranked by features
    assert run(engine, "sơ kết công tác xây dựng Đảng hai").total >= 0
    assert run(engine, 'title:"sơ kết công tác"').total == 1
    assert "title_f" not in asked


def test_the_titles_of_the_commonest_words_are_read_once_with_the_columns(engine, monkeypatch):
    columns, view = engine.columns, engine.snapshot.view
    assert columns.frequent_titles and set(columns.frequent_titles) == set(columns.frequent_words)
    for word, docs in columns.frequent_titles.items():
        assert docs == view.terms_docs([("title_f", word)]) & columns.all_docs
    read = []
    original = view.terms_docs

    def counting(terms):
        read.extend(field for field, _ in terms)
        return original(terms)

    monkeypatch.setattr(view, "terms_docs", counting)
    monkeypatch.setattr(ranking, "MAX_SCORED_POSTINGS", -1)  # ranked by features
    run(engine, "hội nghị sơ kết công tác xây dựng Đảng")  # every word frequent here
    assert "title_f" not in read


def test_the_features_ranking_reads_a_bounded_number_of_titles(engine, monkeypatch):
    looked_up = {"words": 0, "phrases": 0}
    words, phrases = ranking.title_docs, ranking.title_phrase_docs

    def word(snapshot, folded):
        looked_up["words"] += 1
        return words(snapshot, folded)

    def phrase(snapshot, folded):
        looked_up["phrases"] += 1
        return phrases(snapshot, folded)

    monkeypatch.setattr(ranking, "title_docs", word)
    monkeypatch.setattr(ranking, "title_phrase_docs", phrase)
    monkeypatch.setattr(ranking, "MAX_SCORED_POSTINGS", -1)  # ranked by features
    pairs = ["hội nghị", "sơ kết", "công tác", "xây dựng", "đảng ủy"] * 3
    q = " OR ".join(f"({pair})" for pair in pairs)
    assert run(engine, q).total > 0
    assert looked_up["words"] <= ranking.MAX_TITLE_WORDS
    assert looked_up["phrases"] <= ranking.MAX_TITLE_PHRASES


def test_a_deep_list_collapses_to_one_per_repost_group_as_a_short_one(engine):
    columns = engine.columns
    assert any(len(docs) > 1 for docs in columns.groups().values())  # the fixture has reposts
    ordered = [(doc, float(n)) for n, doc in enumerate(sorted(columns.docs) * 300)]
    assert len(ordered) > ranking.COLLAPSE_IN_NUMPY
    for want in (1, 3, 100):
        expected = ranking.collapse(columns, ordered[: ranking.COLLAPSE_IN_NUMPY], want)
        assert ranking.collapse(columns, ordered, want) == expected
