import json
import subprocess
import sys

import pytest

from indexer.extract.parse import ParseError, parse_bytes, parse_file
from tests.conftest import encode_cp1258


def test_seed_text_article(corpus_dir):
    record = parse_file(corpus_dir / "seed" / "so-ket-xay-dung-dang-6-thang-dau-nam-2017.txt")
    assert record.author == "VP Đảng Ủy"
    assert record.event_date.isoformat() == "2017-08-04"
    assert [p.name for p in record.persons] == [
        "Trần Thị Thu Loan",
        "Phạm Thanh Sơn",
        "Lê Hồng Sơn",
        "Nguyễn Huỳnh Long",
    ]
    assert record.body[-1].startswith("7. Lãnh đạo đại hội công đoàn")


def test_text_article_with_title_line_and_original_link():
    text = (
        "Hội nghị sơ kết công tác Đảng\nNội dung bài viết về Nghị quyết 29-NQ/TW.\n\n"
        "Tác giả: Ban Tuyên giáo\nLiên kết bài viết gốc\nhttps://goc.example.vn/bai.html\n"
    )
    record = parse_bytes(text.encode(), "bai.txt")
    assert record.title == "Hội nghị sơ kết công tác Đảng"
    assert record.author == "Ban Tuyên giáo"
    assert record.source_url == "https://goc.example.vn/bai.html"
    assert record.body == ["Nội dung bài viết về Nghị quyết 29-NQ/TW."]


def test_legacy_encoded_text_file():
    record = parse_bytes(
        encode_cp1258("Hội nghị Đảng ủy\nĐảng ủy Sở thực hiện Nghị quyết 29-NQ/TW.").replace(
            b"", b""
        ),
        "a.txt",
    )
    assert record.title == "Hội nghị Đảng ủy"
    tcvn3 = "Héi nghÞ §¶ng ñy\n§¶ng ñy Së Gi¸o dôc vµ §µo t¹o cña c¸c tr\u00adêng".encode("cp1252")
    assert parse_bytes(tcvn3, "b.txt").title == "Hội nghị Đảng ủy"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "tệp rỗng"),
        (b"   \n ", "tệp rỗng"),
        (bytes(range(256)) * 20, "nhị phân"),
        (b"<html><body></body></html>", "không thấy bài viết"),
    ],
)
def test_bad_documents_are_reported_with_a_reason(data, reason):
    with pytest.raises(ParseError, match=reason):
        parse_bytes(data, "x.html")


def test_cli_parse_reports_failures_and_keeps_going(tmp_path, corpus_dir):
    (tmp_path / "good.txt").write_text(
        "Tiêu đề bài\nNội dung về Nghị quyết 29-NQ/TW.", encoding="utf-8"
    )
    (tmp_path / "empty.html").write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "-m", "indexer.cli", "parse", str(tmp_path), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "empty.html: tệp rỗng" in result.stderr  # Vietnamese, like every CLI message
    [line] = result.stdout.splitlines()
    record = json.loads(line)
    assert record["title"] == "Tiêu đề bài"
    assert record["codes"][0] == {
        "code": "29-NQ/TW",
        "kind": "party",
        "type": "NQ",
        "number": 29,
        "issuer": "TW",
        "year": None,
    }
    assert set(record) >= {
        "path",
        "title",
        "published",
        "event_date",
        "author",
        "source_url",
        "site",
        "persons",
        "codes",
        "references",
        "body",
        "confidence",
        "page_text",
    }
    assert record["confidence"] == "unsure"  # a text file with a title but hardly any body


UTF16_PAGE = (
    '<html><head><meta charset="utf-16"><title>Hội nghị Ban Chấp hành</title></head><body>'
    "<h1>Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ năm</h1><p>"
    + "Sáng ngày 4 tháng 8 năm 2017, Ban Thường vụ Tỉnh ủy quán triệt Nghị quyết 29-NQ/TW. " * 5
    + "</p></body></html>"
)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("name", ["bai.html", "bai"])
def test_utf16_and_utf32_pages_are_articles_not_binary(codec, name):
    record = parse_bytes(UTF16_PAGE.encode(codec), name)
    assert record.title == "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ năm"
    assert record.cited_codes() == ["29-NQ/TW"]
