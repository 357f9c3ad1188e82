"""Article identity survives a moved folder: indexing the same files elsewhere never duplicates."""

from __future__ import annotations

import json
import shutil

import pytest

from indexer.extract.parse import parse_paths
from indexer.index import index_records
from indexer.search import SearchEngine, SearchRequest

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>{head}</head>
<body><h1>{title}</h1><p>Ngày 0{n}/3/2021, Ban Thường vụ Tỉnh ủy họp bàn công tác xây dựng
Đảng số {n}. Hội nghị thống nhất các nội dung trọng tâm của quý, giao các cơ quan tham mưu
triển khai thực hiện, bảo đảm tiến độ và chất lượng đề ra.</p>
<p>Đồng chí Bí thư Tỉnh ủy nhấn mạnh yêu cầu đổi mới phương thức lãnh đạo lần {n}.</p>
</body></html>"""


def write_archive(folder, with_urls: bool = False) -> None:
    for n in range(1, 5):
        head = f'<meta property="og:url" content="https://tinhuy.example.vn/tin/{n}.html">'
        page = PAGE.format(
            title=f"Hội nghị Ban Thường vụ lần {n}", n=n, head=head if with_urls else ""
        )
        sub = folder / ("2021" if n % 2 else "2022")
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"bai-{n}.html").write_text(page, encoding="utf-8")


def ids(index) -> list[str]:
    engine = SearchEngine(index)
    try:
        return sorted(hit["id"] for hit in engine.list_documents(SearchRequest(sort="oldest")))
    finally:
        engine.close()


def test_records_are_named_relative_to_the_folder_given(tmp_path):
    write_archive(tmp_path / "luu-tru")
    names = sorted(r.path for r in parse_paths([tmp_path / "luu-tru"]))
    assert names[0] == "luu-tru/2021/bai-1.html" and len(names) == 4
    single = next(iter(parse_paths([tmp_path / "luu-tru" / "2022" / "bai-2.html"])))
    assert single.path == "2022/bai-2.html" and len(single.source_hash) == 64


def test_the_same_folder_moved_elsewhere_is_unchanged(tmp_path):
    write_archive(tmp_path / "a" / "luu-tru")
    index = tmp_path / "index"
    assert index_records(index, parse_paths([tmp_path / "a" / "luu-tru"])).added == 4
    shutil.move(tmp_path / "a", tmp_path / "b")
    again = index_records(index, parse_paths([tmp_path / "b" / "luu-tru"]))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 4)
    assert len(ids(index)) == 4


@pytest.mark.parametrize("how", ["renamed folder", "parent folder given"])
def test_the_same_files_under_another_name_update_their_entries(tmp_path, how):
    write_archive(tmp_path / "a" / "luu-tru")
    index = tmp_path / "index"
    index_records(index, parse_paths([tmp_path / "a" / "luu-tru"]))
    if how == "renamed folder":
        shutil.move(tmp_path / "a" / "luu-tru", tmp_path / "kho-moi")
        given = tmp_path / "kho-moi"
    else:
        given = tmp_path / "a"
    moved = index_records(index, parse_paths([given]))
    assert (moved.added, moved.updated) == (0, 4)
    assert len(ids(index)) == 4
    assert all(i.startswith(given.name + "/") for i in ids(index))
    assert index_records(index, parse_paths([given])).unchanged == 4


def test_a_page_that_names_its_url_is_known_by_it_wherever_it_lies(tmp_path):
    write_archive(tmp_path / "a", with_urls=True)
    index = tmp_path / "index"
    index_records(index, parse_paths([tmp_path / "a"]))
    assert ids(index) == [f"https://tinhuy.example.vn/tin/{n}.html" for n in range(1, 5)]
    shutil.copytree(tmp_path / "a", tmp_path / "sao-chep" / "khac")
    again = index_records(index, parse_paths([tmp_path / "sao-chep"]))
    assert again.added == 0 and len(ids(index)) == 4


def test_a_sidecar_url_is_the_identity_of_a_text_file(tmp_path):
    folder = tmp_path / "xuat"
    folder.mkdir()
    (folder / "bai.txt").write_text(
        "Hội nghị Ban Chấp hành\n\nNội dung hội nghị bàn về công tác cán bộ.", encoding="utf-8"
    )
    (folder / "bai.json").write_text(
        json.dumps({"url": "https://dangbo.example.vn/bai.html"}), encoding="utf-8"
    )
    record = next(iter(parse_paths([folder])))
    assert record.doc_id == "https://dangbo.example.vn/bai.html"


def test_articles_whose_og_url_is_the_home_folder_are_all_kept(tmp_path):
    # A NukeViet template writes og:url ".../home/" and canonical "index.html" on every
    # article: taken as each article's address, one article survived out of every site's.
    folder = tmp_path / "nukeviet"
    folder.mkdir()
    head = (
        '<meta property="og:url" content="http://truong.example.vn/home/">'
        '<link rel="canonical" href="index.html">'
    )
    for n in range(1, 5):
        page = PAGE.format(title=f"Hội nghị Ban Thường vụ lần {n}", n=n, head=head)
        (folder / f"bai-{n}.html").write_text(page, encoding="utf-8")
    assert index_records(tmp_path / "index", parse_paths([folder])).added == 4
    assert len(ids(tmp_path / "index")) == 4


SHARED = {
    "canonical": '<link rel="canonical" href="https://tinhuy.example.vn/guest">',
    "og:url": '<meta property="og:url" content="https://tinhuy.example.vn/tin/chung.html">',
}


@pytest.mark.parametrize("head", SHARED.values(), ids=SHARED)
def test_an_address_pages_with_different_content_share_is_no_identity(tmp_path, head):
    """A template writing one canonical on every page made one article of 26."""
    folder = tmp_path / "cong"
    folder.mkdir()
    for n in range(1, 7):
        page = PAGE.format(title=f"Hội nghị Ban Thường vụ lần {n}", n=n, head=head)
        (folder / f"bai-{n}.html").write_text(page, encoding="utf-8")
    records = list(parse_paths([folder]))
    assert [r.url for r in records] == [None] * 6
    assert index_records(tmp_path / "index", parse_paths([folder])).added == 6
    assert ids(tmp_path / "index") == [f"cong/bai-{n}.html" for n in range(1, 7)]


def test_copies_of_one_article_still_share_their_address(tmp_path):
    """A print view and the article, different bytes, one article: one address."""
    folder = tmp_path / "cong"
    folder.mkdir()
    head = '<link rel="canonical" href="https://tinhuy.example.vn/tin/1.html">'
    page = PAGE.format(title="Hội nghị Ban Thường vụ lần 1", n=1, head=head)
    (folder / "bai-1.html").write_text(page, encoding="utf-8")
    (folder / "bai-1-in.html").write_text(page.replace("<body>", "<body><!-- in -->"))
    records = list(parse_paths([folder]))
    assert [r.url for r in records] == ["https://tinhuy.example.vn/tin/1.html"] * 2
    index_records(tmp_path / "index", parse_paths([folder]))
    assert ids(tmp_path / "index") == ["https://tinhuy.example.vn/tin/1.html"]


def test_warc_captures_sharing_a_template_canonical_keep_their_own_addresses(tmp_path):
    from indexer.crawl.fetch import FetchResult
    from indexer.crawl.warc import WarcArchive

    archive = WarcArchive(tmp_path / "warc")
    head = '<link rel="canonical" href="https://tinhuy.example.vn/guest">'
    for n in range(1, 4):
        page = PAGE.format(title=f"Hội nghị Ban Thường vụ lần {n}", n=n, head=head)
        url = f"https://tinhuy.example.vn/tin/{n}.html"
        archive.write(FetchResult(url, 200, {"Content-Type": "text/html"}, page.encode()), {})
    records = list(parse_paths([tmp_path / "warc"]))
    assert sorted(r.url for r in records) == [
        f"https://tinhuy.example.vn/tin/{n}.html" for n in range(1, 4)
    ]
