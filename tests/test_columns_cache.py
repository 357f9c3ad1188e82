"""The columns cache (indexer/search/columns.py) gives back every document summary whole."""

from __future__ import annotations

import pickle

from indexer.search.columns import Columns, DocSummary


def test_every_summary_slot_survives_the_cache() -> None:
    data = {
        "title": "Hội nghị",
        "url": "https://a.example.vn/1.html",
        "source_url": "https://b.example.vn/1.html",
        "path": "a/1.html",
        "published": "2017-05-02",
        "site": "a.example.vn",
        "author": "Lê Hồng Sơn",
        "format": "pdf",
        "own_code": "29-NQ/TW",
        "document": {"pages": 3},
    }
    first = DocSummary(data, ("Lê Hồng Sơn",), ("29-NQ/TW",))
    second = DocSummary({"title": "Tin khác"}, (), ())
    columns = Columns(docs=[0, 7], summary={0: first, 7: second})
    restored = pickle.loads(pickle.dumps(columns, protocol=pickle.HIGHEST_PROTOCOL))
    assert list(restored.summary) == [0, 7]
    for doc, original in columns.summary.items():
        for slot in DocSummary.__slots__:
            assert getattr(restored.summary[doc], slot) == getattr(original, slot), slot
    assert restored.summary[0].own_code == "29-NQ/TW" and restored.summary[7].url is None


def test_the_repost_inputs_stay_packed_until_an_update_asks_for_them() -> None:
    inputs = {
        "origins": {0: "https://a.example.vn/1.html", 7: "https://a.example.vn/1.html"},
        "digests": {0: "d0", 7: "d7"},
        "links": {7: [["https://a.example.vn/1.html", "d0"]]},
        "ids": {"https://a.example.vn/1.html": 0, "https://b.example.vn/2.html": 7},
    }
    columns = Columns(docs=[0, 7], group={0: "g", 7: "g"}, **inputs)
    restored = pickle.loads(pickle.dumps(columns, protocol=pickle.HIGHEST_PROTOCOL))
    assert restored.origins == {} and restored.ids == {}  # a searcher holds them packed
    assert restored.group == {0: "g", 7: "g"}  # what searching reads is there
    again = pickle.loads(pickle.dumps(restored, protocol=pickle.HIGHEST_PROTOCOL))
    for copy in (restored, again):
        copy.repost_inputs()
        assert {name: getattr(copy, name) for name in inputs} == inputs
