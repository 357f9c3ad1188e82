"""The search stages over an in-memory storage backend: no Whoosh index, no searcher.

`DictView` implements `IndexView` with plain dicts built from the same documents the
index writer makes (record_to_fields). The stages (matching, facets, ranking, results)
and the whole engine run over it, and agree with the Whoosh backend on what matches,
which proves the interface is all a second storage backend has to provide.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer import bitset
from indexer.index import index_records, record_to_fields
from indexer.search import SearchEngine, SearchRequest, facets, matching, ranking, results
from indexer.search.columns import build_columns
from indexer.search.query import parse_query
from indexer.search.snapshot import Snapshot
from indexer.store.interface import (
    AllOf,
    AndMaybe,
    AnyOf,
    IndexView,
    PhraseScore,
    Scoring,
    TermScore,
)
from indexer.text.analysis import syllables
from tests.fixtures import ARTICLES

TEXT_FIELDS = ("title", "title_f", "body_f", "page", "page_f")
KEYWORD_FIELDS = ("person", "person_f", "code", "code_loose", "code_bare")
STORED = ("id", "group", "site", "author", "words", "facets", "record")


class DictView:
    """An `IndexView` over dicts: postings as sets, positions as token lists."""

    def __init__(self, documents: list[dict]) -> None:
        self.key, self.generation = "dict-1", 1
        self.documents = {
            doc: {k: f[k] for k in STORED if k in f} for doc, f in enumerate(documents)
        }
        self.tokens: dict[tuple[str, int], list[str]] = {}
        self.postings: dict[tuple[str, str], set[int]] = {}
        for doc, fields in enumerate(documents):
            for name in TEXT_FIELDS:
                self.tokens[name, doc] = syllables(fields.get(name, ""))
            for name in KEYWORD_FIELDS:
                self.tokens[name, doc] = [v.strip() for v in fields[name].split(",") if v.strip()]
            for name in ("id", "site", "author"):
                self.tokens[name, doc] = [fields[name]] if fields[name] else []
        for (name, doc), words in self.tokens.items():
            for word in words:
                self.postings.setdefault((name, word), set()).add(doc)
        self.closed = False

    def terms_docs(self, terms):
        return bitset.from_docs(d for term in terms for d in self.postings.get(tuple(term), ()))

    def phrase_docs(self, field, words):
        words = list(words)
        found = set.intersection(*(self.postings.get((field, w), set()) for w in words))
        return bitset.from_docs(d for d in found if self._holds(field, d, words))

    def _holds(self, field: str, doc: int, words: list[str]) -> bool:
        tokens = self.tokens[field, doc]
        return any(tokens[i : i + len(words)] == words for i in range(len(tokens)))

    def expand_prefix(self, field, prefix):
        return sorted(t for f, t in self.postings if f == field and t.startswith(prefix))

    def stored(self, doc):
        return self.documents[doc]["id"], json.loads(self.documents[doc]["record"])

    def doc_number(self, doc_id):
        return next((d for d, f in self.documents.items() if f["id"] == doc_id), None)

    def score(self, scoring: Scoring, doc: int) -> float | None:
        """A plain sum of boosts (None: no match), enough to rank like a real backend."""
        match scoring:
            case TermScore(field=field, text=text, boost=boost):
                return boost if doc in self.postings.get((field, text), ()) else None
            case PhraseScore(field=field, words=words, boost=boost):
                return boost if self._holds(field, doc, list(words)) else None
            case AllOf(parts=parts):
                scores = [self.score(p, doc) for p in parts]
                return None if None in scores else sum(scores)
            case AnyOf(parts=parts):
                scores = [s for s in (self.score(p, doc) for p in parts) if s is not None]
                return sum(scores) if scores else None
            case AndMaybe(required=required, optional=optional):
                base = self.score(required, doc)
                return None if base is None else base + (self.score(optional, doc) or 0.0)
        raise TypeError(scoring)

    def top(self, scoring, allowed, limit):
        scored = [
            (d, self.score(scoring, d)) for d in self.documents if allowed is None or d in allowed
        ]
        scored = [(d, s) for d, s in scored if s is not None]
        return sorted(scored, key=lambda item: (-item[1], item[0]))[:limit]

    def suggest(self, field, word, maxdist):
        near = [t for f, t in self.postings if f == field and _distance(t, word) <= maxdist]
        return sorted(near, key=lambda t: (_distance(t, word), t))[:1]

    def close(self):
        self.closed = True


def _distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ca != cb))
    return row[-1]


class DictSource:
    """A `ColumnSource` over a view's documents (no frequent-word sets, one part)."""

    def __init__(self, view: DictView) -> None:
        self.view = view
        self.doc_limit, self.segments = len(view.documents), ("dict",)

    def documents(self, first_doc=0):
        return ((d, self.view.documents[d]) for d in sorted(self.view.documents) if d >= first_doc)

    def is_deleted(self, doc):
        return False

    def frequent_terms(self, field, min_docs):
        return []

    def term_docs(self, field, text, first_doc=0):
        return bitset.from_docs(
            d for d in self.view.postings.get((field, text), ()) if d >= first_doc
        )

    def kept_documents(self, segments):
        return 0


def open_dict_view(known_key: str | None):
    view = DictView([record_to_fields(r) for r in ARTICLES])
    return view, None if known_key == view.key else build_columns(DictSource(view)).prepare()


class DictStore:
    """A `Store` whose every state is the same dict view (generation 1)."""

    location, ledger_dir = "dict:", Path("unused")

    def __init__(self, open_view=open_dict_view, latest_generation=lambda: 1) -> None:
        self.open_view, self.latest_generation = open_view, latest_generation


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    view, columns = open_dict_view(None)
    return Snapshot(view, columns)


@pytest.fixture(scope="module")
def dict_engine():
    engine = SearchEngine(DictStore())
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def whoosh_engine(tmp_path_factory):
    path = tmp_path_factory.mktemp("index")
    index_records(path, ARTICLES)
    engine = SearchEngine(path)
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def postgresql_engine(pg_cluster):
    address = pg_cluster.create_database("stages")
    index_records(address, ARTICLES)
    engine = SearchEngine(address)
    yield engine
    engine.close()


def names(snapshot: Snapshot, docs) -> list[str]:  # noqa: ANN001
    return sorted(snapshot.doc_id(d).rsplit("/", 1)[-1] for d in docs)


def test_every_backend_implements_the_interface(dict_engine, whoosh_engine, postgresql_engine):
    assert isinstance(dict_engine.snapshot.view, IndexView)
    assert isinstance(whoosh_engine.snapshot.view, IndexView)
    assert isinstance(postgresql_engine.snapshot.view, IndexView)


def test_no_whoosh_index_is_opened(dict_engine):
    assert not Path("no-such-folder").exists()
    assert isinstance(dict_engine.snapshot.view, DictView)
    assert dict_engine.search(SearchRequest(q="xây dựng Đảng")).total == 1


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("xay dung dang", ["1.html", "5.html"]),
        ('"xây dựng Đảng"', ["1.html", "5.html"]),
        ("hoà giải", ["4.html"]),
        ("title:hòa", ["4.html"]),
        ('person:"Le Hong Son"', ["1.html", "2.html", "5.html"]),
        ("29-NQ/TW", ["1.html", "5.html"]),
        ("nghi quyet 29", ["1.html", "3.html", "5.html"]),
        ("hoc* -dang", ["2.html"]),
        ("site:a.example.vn AND NOT dang", ["2.html", "3.html", "6.html"]),
    ],
)
def test_matching_on_the_dict_view(snapshot, q, expected):
    found = matching.query_docs(snapshot, parse_query(q))
    assert names(snapshot, bitset.to_docs(found)) == expected


def test_facets_on_the_dict_view_follow_the_selection(snapshot):
    request = SearchRequest(q="", filters={"year": ["2017"]})
    m = matching.match(snapshot, request)
    found, totals = facets.facets(snapshot.columns, request, m.matched, m.selections)
    year = {v.value: (v.count, v.selected) for v in found["year"]}
    assert year["2017"][1] is True and year["2017"][0] >= 1
    assert "month" in found  # one year selected: its months are shown
    person = {v.value: v.count for v in found["person"]}
    assert person["Lê Hồng Sơn"] == 2  # 1 and its repost 5 are one group; 2 is the other
    assert totals["person"] == len(found["person"])


def test_ranking_and_results_on_the_dict_view(snapshot):
    request = SearchRequest(q="đang")
    m = matching.match(snapshot, request)
    ordered = ranking.order(m, "relevance", 10)
    assert [snapshot.doc_id(d).rsplit("/", 1)[-1] for d, _ in ordered][0] == "4.html"
    hits = results.hits(snapshot, ordered, m.parsed)
    assert "<mark>" in hits[0].snippet
    assert results.suggestion(snapshot, parse_query("xay dung dang"), "xay dung dang") == (
        "xây dựng Đảng"
    )
    assert results.suggestion(snapshot, parse_query("xay dungg"), "xay dungg") == "xây dựng"


def test_the_newest_first_without_a_query(snapshot):
    m = matching.match(snapshot, SearchRequest(q=""))
    ordered = ranking.order(m, "newest", 2)
    assert [snapshot.doc_id(d).rsplit("/", 1)[-1] for d, _ in ordered] == ["6.html", "4.html"]


QUERIES = [
    "",
    "đảng",
    "xay dung",
    "hội nghị",
    "Lê Hồng Sơn",
    "29-NQ/TW",
    "nghi quyet 29",
    "Chỉ thị 05",
    "hoc*",
    'title:"chỉ thị"',
    "-đảng",
    "(hòa OR học) NOT 2015",
]


@pytest.mark.parametrize("q", QUERIES)
def test_the_dict_backend_and_whoosh_agree(dict_engine, whoosh_engine, q):
    ours = dict_engine.search(SearchRequest(q=q, per_page=50))
    theirs = whoosh_engine.search(SearchRequest(q=q, per_page=50))
    assert ours.total == theirs.total
    assert sorted(h.id for h in ours.hits) == sorted(h.id for h in theirs.hits)
    assert {k: [v.to_dict() for v in vs] for k, vs in ours.facets.items()} == {
        k: [v.to_dict() for v in vs] for k, vs in theirs.facets.items()
    }
    assert ours.understood == theirs.understood
    assert dict_engine.matching_ids(q) == whoosh_engine.matching_ids(q)


@pytest.mark.parametrize("q", [*QUERIES, "đang", "xay dungg", '"xây dựng Đảng"'])
def test_postgresql_and_whoosh_agree(postgresql_engine, whoosh_engine, q):
    ours = postgresql_engine.search(SearchRequest(q=q, per_page=50))
    theirs = whoosh_engine.search(SearchRequest(q=q, per_page=50))
    assert ours.total == theirs.total
    assert [h.id for h in ours.hits] == [h.id for h in theirs.hits]  # the same order
    assert [h.snippet for h in ours.hits] == [h.snippet for h in theirs.hits]
    assert {k: [v.to_dict() for v in vs] for k, vs in ours.facets.items()} == {
        k: [v.to_dict() for v in vs] for k, vs in theirs.facets.items()
    }
    assert ours.understood == theirs.understood
    assert ours.suggestion == theirs.suggestion
    assert postgresql_engine.matching_ids(q) == whoosh_engine.matching_ids(q)


def _importers(package: str) -> list[Path]:
    """The modules of indexer/ and webui/ importing `package`."""
    import ast

    root = Path(__file__).resolve().parent.parent
    users = []
    for path in [*root.glob("indexer/**/*.py"), *root.glob("webui/**/*.py")]:
        imported = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
        if any(name.split(".")[0] == package for name in imported):
            users.append(path)
    return users


@pytest.mark.parametrize(
    ("packages", "store"),
    [(("whoosh",), "whoosh"), (("psycopg", "psycopg_pool"), "postgresql")],
)
def test_only_its_store_imports_a_storage_engine(packages, store):
    folder = Path(__file__).resolve().parent.parent / "indexer" / "store" / store
    users = [path for package in packages for path in _importers(package)]
    assert users and all(folder in path.parents for path in users), users


def test_a_refresh_swaps_the_snapshot_and_retires_the_old_view(monkeypatch):
    from indexer.search import snapshot as snapshot_module

    generations = iter([1, 2, 2, 3])
    opened: list[DictView] = []

    def open_view(known_key: str | None):
        view = DictView([record_to_fields(r) for r in ARTICLES])
        view.generation = next(generations)
        view.key = f"dict-{view.generation}"
        opened.append(view)
        return view, None if known_key == view.key else build_columns(DictSource(view)).prepare()

    holder = snapshot_module.SnapshotHolder(DictStore(open_view, lambda: 2))
    first = holder.current
    assert holder.refresh_if_changed() is True  # generation 2 was committed
    second = holder.current
    assert second is not first and second.key == "dict-2"
    assert not opened[0].closed  # a search may still read it: closed after a grace period
    holder.refresh()  # the same state again: the new view is dropped, the snapshot kept
    assert holder.current is second and opened[2].closed
    assert holder.refresh_if_changed() is False
    clock = snapshot_module.time.monotonic() + snapshot_module.RETIRE_SECONDS + 1
    monkeypatch.setattr(snapshot_module.time, "monotonic", lambda: clock)
    holder.refresh()  # generation 3: the retired view of generation 1 is closed now
    assert opened[0].closed and not opened[1].closed and holder.current.key == "dict-3"
    holder.close()
    assert all(view.closed for view in opened)


SCORINGS = [
    TermScore("body_f", "dang"),
    TermScore("title", "hòa", boost=1.5),
    TermScore("person_f", "le hong son", boost=3.0),
    AnyOf((TermScore("title_f", "hoa"), TermScore("body_f", "hoa"), TermScore("title", "hòa"))),
    AllOf((TermScore("body_f", "xay"), TermScore("body_f", "dung"))),
    AndMaybe(TermScore("body_f", "dang"), TermScore("code", "29-NQ/TW", boost=2.0)),
    TermScore("code", "29-NQ/TW", boost=2.0),
    TermScore("code", "29-NQ/TW"),
]


@pytest.mark.parametrize("scoring", SCORINGS, ids=range(len(SCORINGS)))
def test_postgresql_scores_as_whoosh_does(postgresql_engine, whoosh_engine, scoring):
    scores = []
    for engine in (postgresql_engine, whoosh_engine):
        view = engine.snapshot.view
        scores.append({view.stored(d)[0]: s for d, s in view.top(scoring, None, 50)})
    assert scores[0] and scores[0].keys() == scores[1].keys()
    for doc_id, score in scores[0].items():
        assert score == pytest.approx(scores[1][doc_id], rel=1e-6)  # Whoosh: float32
