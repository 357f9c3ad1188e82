"""Test data and helpers that several test modules share: a small set of articles
(a repost, codes in several spellings, persons, HTML to escape) and the CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

from indexer.extract.persons import extract_persons
from indexer.record import ArticleRecord
from indexer.text.codes import extract_codes
from tests.conftest import ROOT


def article(
    n: int,
    title: str,
    body: str,
    published: date,
    site: str = "a.example.vn",
    source_url: str | None = None,
) -> ArticleRecord:
    record = ArticleRecord(
        path=f"/tmp/{n}.html",
        url=f"https://{site}/{n}.html",
        title=title,
        body=[body],
        published=published,
        site=site,
        source_url=source_url,
    )
    record.codes, record.references = extract_codes(title + "\n" + body)
    record.persons = extract_persons(title + "\n" + body)
    return record


def dated_articles(bodies: list[str], year: int, title: str = "Tin số") -> list[ArticleRecord]:
    """One article per body, titled "<title> n", dated 1, 2, 3… January of `year`."""
    return [article(n, f"{title} {n}", body, date(year, 1, n + 1)) for n, body in enumerate(bodies)]


ARTICLES = [
    article(
        1,
        "Hội nghị sơ kết công tác xây dựng Đảng 6 tháng đầu năm 2017",
        "Sáng ngày 04/8/2017, Đảng bộ Sở tổ chức hội nghị sơ kết công tác xây dựng Đảng. "
        "Đồng chí Lê Hồng Sơn – Bí thư Đảng ủy Sở phát biểu. Thực hiện Nghị quyết số 29-NQ/TW.",
        date(2017, 8, 5),
    ),
    article(
        2,
        "Học tập Chỉ thị 05 của Bộ Chính trị",
        "Đồng chí Nguyễn Phú Trọng nhấn mạnh việc học tập và làm theo Bác theo Chỉ thị số 05-CT/TW. "
        "Đồng chí Lê Hồng Sơn tham dự.",
        date(2017, 3, 1),
    ),
    article(
        3,
        "Triển khai Chương trình hành động 46-CTrHĐ/TU",
        "Ban Thường vụ Thành ủy ban hành Chương trình hành động số 46-CTrHĐ/TU thực hiện Nghị quyết 29. "
        "Đồng chí Trần Thị Thu Loan – Phó Trưởng phòng báo cáo.",
        date(2015, 6, 10),
    ),
    article(
        4,
        "Đảng ủy phường hòa giải tranh chấp đất đai",
        "Công tác hòa giải ở cơ sở được đẩy mạnh; người dân đang chờ kết quả. Đồng chí Trần Thị Thu Loan theo dõi.",
        date(2020, 1, 15),
    ),
    article(
        5,
        "Hội nghị sơ kết công tác xây dựng Đảng 6 tháng đầu năm 2017",
        "Sáng ngày 04/8/2017, Đảng bộ Sở tổ chức hội nghị sơ kết công tác xây dựng Đảng. "
        "Đồng chí Lê Hồng Sơn – Bí thư Đảng ủy Sở phát biểu. Thực hiện Nghị quyết số 29-NQ/TW.",
        date(2017, 8, 6),
        site="b.example.vn",
        source_url="https://a.example.vn/1.html",
    ),
    article(
        6,
        "Giáo dục <script>alert(1)</script> an toàn",
        "Nội dung có thẻ <b>đậm</b> & ký tự đặc biệt về giáo dục đào tạo.",
        date(2021, 5, 5),
    ),
]


def cli(*args: str) -> subprocess.CompletedProcess:
    """Run `vankien` with `args` in a fresh process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "indexer.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
