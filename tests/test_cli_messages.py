"""The command line speaks Vietnamese, like the web, and shows progress while indexing."""

from __future__ import annotations

import argparse
import gettext
import io
import os
import subprocess
import sys

import pytest

from indexer.cli import main
from indexer.index import index_records
from indexer.progress import IndexProgress
from tests.conftest import ROOT
from tests.fixtures import ARTICLES, cli


def test_help_and_usage_are_vietnamese():
    result = cli("--help")
    assert result.returncode == 0
    assert "cách dùng: vankien" in result.stdout and "tùy chọn:" in result.stdout
    assert "usage:" not in result.stdout and "show this help" not in result.stdout
    search_help = cli("search", "--help").stdout
    assert "số kết quả mỗi trang" in search_help and "lọc theo người" in search_help


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("search", "--page", "x"), "giá trị không hợp lệ"),
        (("search", "--from", "2020-13-01"), "không phải ngày (YYYY-MM-DD)"),
        (("bogus",), "lựa chọn không hợp lệ"),
        ((), "thiếu tham số bắt buộc"),
        (("index",), "thiếu tham số bắt buộc"),
        (("search", "x", "--nope"), "tham số không hiểu: --nope"),
    ],
)
def test_usage_errors_are_vietnamese(args, expected):
    result = cli(*args)
    assert result.returncode == 2
    assert expected in result.stderr and "lỗi:" in result.stderr
    assert "error:" not in result.stderr and "usage:" not in result.stderr


def test_runtime_errors_are_vietnamese_and_match_the_web(tmp_path):
    result = cli("search", "x", "--index", str(tmp_path / "khong-co"))
    assert result.returncode == 2 and "chưa có chỉ mục" in result.stderr
    assert "Traceback" not in result.stderr
    index_records(tmp_path, ARTICLES[:1])
    too_many = cli("search", "x", "--index", str(tmp_path), "--page", "5000")
    assert too_many.returncode == 2 and "Vượt giới hạn" in too_many.stderr


def test_argparse_speaks_english_again_outside_the_command_line(capsys):
    with pytest.raises(SystemExit):
        main(["--khong-co"])
    assert "lỗi:" in capsys.readouterr().err
    assert argparse._ is gettext.gettext  # other programs in the process are left alone


def test_progress_is_a_bar_on_a_terminal():
    stream = io.StringIO()
    progress = IndexProgress(40, stream=stream, tty=True, mininterval=0)
    for count in range(1, 41):
        progress(count, f"bai-{count}.html")
    progress.close()
    drawn = stream.getvalue()
    assert "vankien index" in drawn and "40/40" in drawn


def test_progress_is_a_few_plain_lines_in_a_log():
    stream = io.StringIO()
    progress = IndexProgress(200, stream=stream, tty=False)
    for count in range(1, 201):
        progress(count, f"bai-{count}.html")
    progress.close()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 10 and "\r" not in stream.getvalue()
    assert lines[0] == "vankien index: đã đọc 20/200 tệp (10%)"
    assert lines[-1] == "vankien index: đã đọc 200/200 tệp (100%)"


def test_index_on_a_pipe_prints_progress_lines_then_the_summary(tmp_path):
    folder = tmp_path / "kho"
    folder.mkdir()
    for n in range(60):
        (folder / f"bai-{n}.txt").write_text(
            f"Tin số {n}\n\nHội nghị lần {n} bàn về công tác xây dựng Đảng ở cơ sở.",
            encoding="utf-8",
        )
    result = cli("index", str(folder), "--index", str(tmp_path / "index"))
    assert result.returncode == 0, result.stderr
    assert "vankien index: đã đọc 60/60 tệp (100%)" in result.stderr
    assert result.stdout.startswith("đã thêm 60")


@pytest.mark.parametrize("command", [("search", "x"), ("serve",)])
def test_a_bad_limit_setting_is_a_message_not_a_traceback(tmp_path, command):
    result = subprocess.run(
        [sys.executable, "-m", "indexer.cli", *command, "--index", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "VANKIEN_MAX_PAGE": "nhiều"},
        timeout=60,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "VANKIEN_MAX_PAGE phải là số nguyên dương" in result.stderr


def test_index_into_a_file_is_a_message_not_a_traceback(tmp_path, capsys):
    from indexer.cli import main

    article = tmp_path / "bai.txt"
    article.write_text("Hội nghị Đảng ủy\nNội dung về Nghị quyết 29-NQ/TW.", encoding="utf-8")
    target = tmp_path / "not-a-folder"
    target.write_text("x", encoding="utf-8")
    assert main(["index", str(article), "--index", str(target)]) == 2
    assert "vankien index: không ghi được chỉ mục vào" in capsys.readouterr().err


def test_a_path_that_does_not_exist_is_refused_in_vietnamese_and_creates_nothing(tmp_path):
    for command in ("index", "parse"):
        extra = ("--index", str(tmp_path / "index")) if command == "index" else ()
        result = cli(command, str(tmp_path / "does" / "not" / "exist"), *extra)
        assert result.returncode == 2
        assert "không có tệp hay thư mục nào tên" in result.stderr and "exist" in result.stderr
        assert "No such file" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "index").exists()


def test_files_not_read_are_named_with_their_reason(tmp_path):
    folder = tmp_path / "trang"
    (folder / "css").mkdir(parents=True)
    (folder / "bai.html").write_text(
        "<html><head><title>Hội nghị Ban Chấp hành</title></head><body>"
        "<h1>Hội nghị Ban Chấp hành Đảng bộ tỉnh</h1><p>Hội nghị bàn về công tác xây dựng "
        "Đảng và triển khai Nghị quyết 29-NQ/TW ở các chi bộ cơ sở trong tỉnh.</p></body></html>",
        encoding="utf-8",
    )
    (folder / "loi.html").write_text(
        "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"
    )
    for n in range(5):
        (folder / f"ghi-chu-{n}.md").write_text("# ghi chú")
    (folder / "css" / "site.css").write_text("body{}")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n")
    for command in ("index", "parse"):
        extra = ("--index", str(tmp_path / "index")) if command == "index" else ()
        result = cli(command, str(folder), *extra)
        assert result.returncode == 0, result.stderr  # nothing failed: skipping is no error
        lines = result.stderr.splitlines()
        [md] = [line for line in lines if ".md" in line]
        assert md.startswith(f"vankien {command}: bỏ qua 5 tệp (loại tệp .md chưa đọc được): ")
        assert md.endswith("ghi-chu-2.md và 2 tệp khác")
        assert [line for line in lines if "site.css" in line and "giao diện" in line]
        assert [line for line in lines if "logo.png" in line and "ảnh" in line]
        assert [line for line in lines if "loi.html" in line and "trang báo lỗi" in line]
    assert "bỏ qua 8" in cli("index", str(folder), "--index", str(tmp_path / "index")).stdout
