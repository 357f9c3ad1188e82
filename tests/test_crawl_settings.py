"""A wrong crawl setting is refused in Vietnamese with exit status 2, never a traceback."""

from __future__ import annotations

import pytest

from indexer.cli import main as vankien
from indexer.crawl.crawler import CrawlError, load_settings
from indexer.crawl.settings import settings_problem

SITE = '[[sites]]\nurl = "http://127.0.0.1:9/"\n'
BAD_FILES = {
    "delay as text": 'delay = "nhanh"\n' + SITE,
    "timeout as text": 'timeout = "15s"\n' + SITE,
    "max_bytes as text": 'max_bytes = "10MB"\n' + SITE,
    "max_pages of a site as text": SITE + 'max_pages = "mot tram"\n',
    "max_depth of a site as a decimal": SITE + "max_depth = 2.5\n",
    "url as a number": "[[sites]]\nurl = 5\n",
    "start_urls as one string": '[[sites]]\nstart_urls = "http://127.0.0.1:9/"\n',
    "sites as a number": "sites = 3\n",
    "include that is no regular expression": SITE + 'include = ["("]\n',
    "per-site delay as text": SITE + 'delay = "1s"\n',
    "warc_dir as a number": "warc_dir = 7\n" + SITE,
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_wrong_value_in_the_settings_file_is_refused_in_vietnamese(name, tmp_path, capsys):
    config = tmp_path / "sites.toml"
    config.write_text(BAD_FILES[name], encoding="utf-8")
    with pytest.raises(CrawlError, match="tệp cấu hình"):
        load_settings(config)
    status = vankien(
        [
            "crawl",
            "--config",
            str(config),
            "--warc",
            str(tmp_path / "w"),
            "--index",
            str(tmp_path / "i"),
        ]
    )
    assert status == 2
    err = capsys.readouterr().err
    assert err.startswith("vankien crawl: tệp cấu hình") and "Traceback" not in err


def test_a_good_settings_file_has_no_problem(tmp_path):
    text = 'delay = 0.5\nmax_pages = 100\n[[sites]]\nstart_urls = ["http://a.vn/"]\nmax_depth = 3\n'
    config = tmp_path / "sites.toml"
    config.write_text(text, encoding="utf-8")
    sites, settings = load_settings(config)
    assert sites[0].start_urls == ["http://a.vn/"] and sites[0].max_depth == 3
    assert sites[0].max_pages == 100 and settings == {"delay": 0.5, "max_pages": 100}
    assert settings_problem({"sites": [{"url": "http://a.vn/", "include": ["/tin-tuc/"]}]}) is None


def test_an_include_pattern_on_the_command_line_is_checked_before_fetching(tmp_path, capsys):
    args = ["--warc", str(tmp_path / "w"), "--index", str(tmp_path / "i")]
    assert vankien(["crawl", "http://127.0.0.1:9/", "--include", "(", *args]) == 2
    err = capsys.readouterr().err
    assert "biểu thức địa chỉ không hợp lệ" in err and "Traceback" not in err


def test_nothing_to_crawl_is_said_in_vietnamese(tmp_path, capsys):
    assert vankien(["crawl", "--warc", str(tmp_path / "w"), "--index", str(tmp_path / "i")]) == 2
    assert "không có gì để thu thập" in capsys.readouterr().err


def test_a_warc_folder_that_is_a_file_is_a_message(tmp_path, capsys):
    taken = tmp_path / "crawl"
    taken.write_text("x", encoding="utf-8")
    args = ["crawl", "http://127.0.0.1:9/", "--warc", str(taken), "--index", str(tmp_path / "i")]
    assert vankien(args) == 2
    err = capsys.readouterr().err
    assert "không tạo được thư mục thu thập" in err and "Traceback" not in err
