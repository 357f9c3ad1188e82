"""Write the bundled sample archive and its ground truth, deterministically.

    python corpus/generate.py            # writes corpus/sites/** and corpus/truth.jsonl

Three committee-site layouts (an HTML5 party-committee site, a legacy table portal in
windows-1258, a modern site with metadata), officials who recur with their roles,
party and state codes in the spellings found in real text, traps that must not be
taken for codes or persons, and reposts that link back to their original. The seed
article (../shared/seeds) is laid out as a page of the first site.
"""

from __future__ import annotations

import html
import json
import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SEED_TEXT = ROOT / "seed" / "so-ket-xay-dung-dang-6-thang-dau-nam-2017.txt"
ARTICLES = 230
REPOSTS = 24

SURNAMES = (
    ["Nguyễn"] * 9
    + ["Trần"] * 3
    + ["Lê"] * 3
    + ["Phạm"] * 2
    + [
        "Hoàng",
        "Huỳnh",
        "Phan",
        "Võ",
        "Vũ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Trương",
        "Đinh",
        "Lâm",
        "Đoàn",
        "Tôn Thất",
    ]
)
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Hồng", "Công", "Xuân", "Tấn", "Huỳnh"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Kim", "Ngọc", "Thị Mỹ", "Thị Hồng", "Thị Thanh"]
GIVEN_M = [
    "Sơn",
    "Long",
    "Hiếu",
    "Huy",
    "Hùng",
    "Dũng",
    "Tuấn",
    "Phong",
    "Thắng",
    "Bình",
    "Khoa",
    "Nam",
    "Tâm",
    "Trung",
    "Việt",
    "Hải",
    "Quân",
    "Thành",
    "Lộc",
    "Phúc",
]
GIVEN_F = [
    "Loan",
    "Lan",
    "Hà",
    "Trang",
    "Hương",
    "Mai",
    "Ngân",
    "Thảo",
    "Linh",
    "Yến",
    "Hạnh",
    "Nga",
    "Phượng",
    "Vân",
    "Thủy",
    "Hoa",
]
ROLES = [
    "Ủy viên Ban Thường vụ Thành ủy, Trưởng Ban Tuyên giáo Thành ủy",
    "Phó Bí thư Thường trực Thành ủy",
    "Thành ủy viên, Bí thư Đảng ủy Sở, Giám đốc Sở Giáo dục và Đào tạo",
    "Phó Bí thư thường trực Đảng ủy Sở",
    "Phó Trưởng phòng Nghiệp vụ 2, Ủy ban Kiểm tra Thành ủy",
    "Phó Trưởng phòng Khoa giáo, Ban Tuyên giáo Thành ủy",
    "Chủ nhiệm Ủy ban Kiểm tra Đảng ủy Sở",
    "Bí thư Chi bộ Văn phòng Sở",
    "Phó Giám đốc Sở Giáo dục và Đào tạo",
    "Ủy viên Ban Chấp hành Đảng bộ Sở, Chánh Văn phòng Sở",
    "Phó Chủ tịch Ủy ban nhân dân Thành phố",
    "Trưởng Ban Dân vận Thành ủy",
    "Bí thư Quận ủy Quận 3",
    "Phó Trưởng Ban Tổ chức Thành ủy",
]
PARTY_CODES = [
    ("29-NQ/TW", "Nghị quyết", "về đổi mới căn bản, toàn diện giáo dục và đào tạo"),
    (
        "05-CT/TW",
        "Chỉ thị",
        "về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    ),
    ("04-NQ/TW", "Nghị quyết", "về tăng cường xây dựng, chỉnh đốn Đảng"),
    ("21-NQ/TW", "Nghị quyết", "về công tác dân số trong tình hình mới"),
    ("35-NQ/TW", "Nghị quyết", "về tăng cường bảo vệ nền tảng tư tưởng của Đảng"),
    (
        "46-CTrHĐ/TU",
        "Chương trình hành động",
        "của Ban Thường vụ Thành ủy thực hiện Nghị quyết số 29-NQ/TW",
    ),
    ("02-ĐA/TU", "Đề án", "của Thành ủy về nâng cao chất lượng sinh hoạt chi bộ"),
    ("31-KH/TU", "Kế hoạch", "của Thành ủy về tuyên truyền kỷ niệm các ngày lễ lớn"),
    ("15-KH/ĐU", "Kế hoạch", "của Đảng ủy Sở về kiểm tra, giám sát"),
    ("858-CV/ĐUK", "Công văn", "của Đảng ủy Khối về công tác phát triển đảng viên"),
    ("102-QĐ/TW", "Quy định", "về xử lý kỷ luật đảng viên vi phạm"),
    ("65-CTr/TU", "Chương trình", "của Thành ủy về phát triển nguồn nhân lực"),
    ("08-HD/BTGTU", "Hướng dẫn", "của Ban Tuyên giáo Thành ủy về sinh hoạt chính trị"),
]
STATE_CODES = [
    ("16/2017/NĐ-CP", "Nghị định", "của Chính phủ"),
    ("22/2016/TT-BGDĐT", "Thông tư", "của Bộ Giáo dục và Đào tạo"),
    ("1234/QĐ-UBND", "Quyết định", "của Ủy ban nhân dân Thành phố"),
    ("43/2019/QH14", "Luật", "Giáo dục"),
    ("99/2015/NĐ-CP", "Nghị định", "của Chính phủ"),
]
VENUES = [
    "Hội trường Thành ủy",
    "Trường Cao đẳng Kinh tế Thành phố",
    "Hội trường Sở Giáo dục và Đào tạo",
    "Nhà Văn hóa Thanh niên",
    "Trường THPT Lê Quý Đôn",
    "Trung tâm Hội nghị 272 đường Võ Văn Tần",
]
TOPICS = [
    "xây dựng Đảng",
    "kiểm tra, giám sát",
    "dân vận",
    "tuyên giáo",
    "phát triển đảng viên",
    "cải cách hành chính",
    "phòng, chống tham nhũng, lãng phí",
]
ORGS = [
    "Đảng bộ Sở Giáo dục và Đào tạo",
    "Đảng ủy Khối Dân - Chính - Đảng",
    "Ban Tuyên giáo Thành ủy",
    "Đảng bộ Quận 3",
    "Đảng ủy Sở Tài chính",
    "Chi bộ Văn phòng Sở",
]
FILLER = [
    "Hội nghị đã đánh giá những kết quả đạt được, chỉ ra hạn chế, khuyết điểm và nguyên nhân, đồng thời đề ra phương hướng, nhiệm vụ trong thời gian tới.",
    "Các cấp ủy, tổ chức đảng đã chủ động xây dựng kế hoạch, tổ chức quán triệt sâu rộng đến cán bộ, đảng viên, công chức, viên chức và người lao động.",
    "Công tác kiểm tra, giám sát được thực hiện nghiêm túc, đúng quy định; kịp thời chấn chỉnh những thiếu sót, vi phạm.",
    "Đội ngũ cán bộ, đảng viên tiếp tục nâng cao bản lĩnh chính trị, phẩm chất đạo đức, lối sống, gắn bó mật thiết với Nhân dân.",
    "Phong trào thi đua yêu nước được triển khai rộng khắp, tạo khí thế phấn khởi trong toàn ngành.",
    "Tổng kết năm học 2016 – 2017, triển khai nhiệm vụ năm học 2017 – 2018, bảo đảm giữ vững và nâng cao chất lượng giáo dục.",
    "Việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh được gắn với nhiệm vụ chính trị của từng đơn vị.",
    "Đại biểu đã thảo luận, đóng góp nhiều ý kiến tâm huyết, trách nhiệm vào dự thảo báo cáo.",
    "Công tác tuyên truyền trên cổng thông tin điện tử và mạng xã hội được đẩy mạnh, góp phần định hướng dư luận.",
    "Toàn Đảng bộ có 45/50 tổ chức cơ sở đảng đạt danh hiệu trong sạch, vững mạnh.",
]
PANDEMIC = "Trong bối cảnh dịch bệnh COVID-19 diễn biến phức tạp, các hoạt động được tổ chức theo hình thức trực tiếp kết hợp trực tuyến."
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


@dataclass
class Official:
    name: str
    role: str


@dataclass
class Article:
    key: str
    site: str
    title: str
    published: date
    event_date: date | None
    paragraphs: list[str]
    author: str
    persons: list[str]
    codes: list[str]
    references: list[str] = field(default_factory=list)
    source_url: str | None = None


@dataclass(frozen=True)
class Site:
    name: str
    host: str
    title: str


SITES = [
    Site("dangbo-sogddt", "dangbo-sogddt.example.vn", "Đảng bộ Sở Giáo dục và Đào tạo"),
    Site("thanhuy-portal", "thanhuy.example.vn", "Cổng thông tin điện tử Thành ủy"),
    Site("bantuyengiao", "bantuyengiao.example.vn", "Ban Tuyên giáo Thành ủy"),
]


def slugify(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).replace("đ", "d")
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:80]


def make_officials(rng: random.Random) -> list[Official]:
    officials, seen = [], set()
    while len(officials) < 60:
        female = rng.random() < 0.4
        name = " ".join(
            [
                rng.choice(SURNAMES),
                rng.choice(MIDDLE_F if female else MIDDLE_M),
                rng.choice(GIVEN_F if female else GIVEN_M),
            ]
        )
        if name not in seen:
            seen.add(name)
            officials.append(Official(name, rng.choice(ROLES)))
    return officials


def spell_party(code: str, rng: random.Random) -> str:
    number, rest = code.split("-", 1)
    doc_type, issuer = rest.split("/")
    variants = [
        code,
        code,
        f"{number} - {doc_type}/{issuer}",
        f"{number}–{doc_type}/{issuer}",
        f"{number}/{doc_type}-{issuer}",
        f"{number}-{doc_type}/{issuer.replace('TW', 'TƯ')}",
    ]
    return rng.choice(variants)


def spell_state(code: str, rng: random.Random) -> str:
    return rng.choice([code, code, code.replace("-", "- ", 1)])


def spell_date(day: date, rng: random.Random) -> str:
    return rng.choice(
        [
            f"ngày {day.day:02d} tháng {day.month} năm {day.year}",
            f"ngày {day.day}/{day.month}/{day.year}",
            f"ngày {day.day:02d}-{day.month:02d}-{day.year}",
        ]
    )


def make_article(index: int, rng: random.Random, officials: list[Official]) -> Article:
    site = SITES[index % 3]
    event = date(2010, 1, 1) + timedelta(days=rng.randrange(0, 16 * 365))
    published = event + timedelta(days=rng.randrange(0, 3))
    org, topic = rng.choice(ORGS), rng.choice(TOPICS)
    kind = rng.choice(["sơ kết", "tổng kết", "quán triệt", "kiểm tra", "huy hiệu"])
    people = rng.sample(officials, rng.randrange(2, 5))
    party = rng.sample(PARTY_CODES, rng.randrange(1, 3))
    state = rng.sample(STATE_CODES, rng.randrange(0, 2))
    codes = [c for c, _, _ in party] + [c for c, _, _ in state]
    if any(c == "46-CTrHĐ/TU" for c, _, _ in party) and "29-NQ/TW" not in codes:
        codes.append("29-NQ/TW")  # its description cites it
    part_of_day = rng.choice(["Sáng", "Chiều", ""])
    when = spell_date(event, rng)
    opening = f"{part_of_day} {when}" if part_of_day else when[0].upper() + when[1:]
    venue = rng.choice(VENUES)
    if kind in ("sơ kết", "tổng kết"):
        period = f"6 tháng đầu năm {event.year}" if kind == "sơ kết" else f"năm {event.year}"
        title = f"{org} {kind} công tác {topic} {period}"
        lead = (
            f"{opening}, tại {venue}, {org} đã tổ chức Hội nghị {kind} công tác {topic} {period}."
        )
    elif kind == "quán triệt":
        code, label, about = party[0]
        title = f"{org} học tập, quán triệt {label} {code.split('-')[0]} {about}"
        lead = f"{opening}, {org} tổ chức hội nghị học tập, quán triệt {label} số {spell_party(code, rng)} {about}."
    elif kind == "kiểm tra":
        title = f"Đoàn kiểm tra của Ban Thường vụ Thành ủy làm việc với {org}"
        lead = (
            f"{opening}, Đoàn kiểm tra số {rng.randrange(1, 12)} của Ban Thường vụ Thành ủy do đồng chí "
            f"{people[0].name} – {people[0].role} làm Trưởng đoàn đã làm việc với {org}."
        )
    else:
        title = f"{org} trao Huy hiệu Đảng đợt {event.day}/{event.month}/{event.year}"
        lead = f"{opening}, {org} tổ chức Lễ trao Huy hiệu 30 năm tuổi Đảng cho các đảng viên."
    paragraphs = [lead, "Về dự hội nghị có:"]
    for person in people:
        paragraphs.append(f"+ Đồng chí {person.name} – {person.role}.")
    for code, label, about in party:
        paragraphs.append(
            f"Hội nghị nhấn mạnh yêu cầu tiếp tục thực hiện có hiệu quả {label} số "
            f"{spell_party(code, rng)} {about}; {rng.choice(FILLER).lower()}"
        )
    for code, label, about in state:
        paragraphs.append(
            f"Các đơn vị cần thực hiện đúng {label} số {spell_state(code, rng)} {about}."
        )
    references = []
    if rng.random() < 0.4:
        paragraphs.append(
            "Các chi bộ tiếp tục thực hiện Chỉ thị 05 của Bộ Chính trị gắn với Nghị quyết Trung ương 4 khóa XII."
        )
        references += ["Chỉ thị 05", "Nghị quyết Trung ương 4 khóa XII"]
    paragraphs += rng.sample(FILLER, 3)
    if event.year >= 2020:
        paragraphs.append(PANDEMIC)
    closing = people[-1]
    paragraphs.append(
        f"Phát biểu chỉ đạo, đồng chí {closing.name} đề nghị các cấp ủy tiếp tục phát huy kết quả đạt được, "
        f"khắc phục hạn chế, hoàn thành thắng lợi nhiệm vụ năm {event.year}."
    )
    author = rng.choice(["VP Đảng Ủy", "Ban Tuyên giáo", "Thanh Hà", "Minh Quân"])
    key = f"{slugify(title)}-{index:04d}"
    return Article(
        key,
        site.name,
        title,
        published,
        event,
        paragraphs,
        author,
        [p.name for p in people],
        list(dict.fromkeys(codes)),
        references,
    )


def seed_article() -> Article:
    lines = [
        line.strip() for line in SEED_TEXT.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    body = [line for line in lines if not line.startswith(("Tác giả:", "Liên kết bài viết gốc"))]
    return Article(
        key="so-ket-xay-dung-dang-6-thang-dau-nam-2017",
        site="dangbo-sogddt",
        title="Đảng bộ Sở Giáo dục và Đào tạo sơ kết công tác xây dựng Đảng 6 tháng đầu năm 2017",
        published=date(2017, 8, 5),
        event_date=date(2017, 8, 4),
        paragraphs=body,
        author="VP Đảng Ủy",
        persons=["Trần Thị Thu Loan", "Phạm Thanh Sơn", "Lê Hồng Sơn", "Nguyễn Huỳnh Long"],
        codes=["46-CTrHĐ/TU", "29-NQ/TW", "05-CT/TW", "02-ĐA/TU"],
        references=["Nghị quyết số 02", "Nghị quyết Trung ương 4 (Khóa XII)"],
    )


def url_of(article: Article) -> str:
    host = next(s.host for s in SITES if s.name == article.site)
    return f"https://{host}/tin-tuc/{article.key}.html"


def sidebar(others: list[Article]) -> str:
    items = "".join(
        f'<li><a href="{url_of(o)}">{html.escape(o.title)}</a> <span>({o.published:%d/%m/%Y})</span></li>'
        for o in others
    )
    return items


DOCUMENT_LIST = (
    '<li><a href="/van-ban/337">Quyết định số 337-QĐ/ĐU về ban hành quy chế làm việc</a></li>'
    '<li><a href="/van-ban/417">Quy định 417-QĐ/ĐU về chế độ thông tin báo cáo</a></li>'
)
FOOTER = (
    "<p>Địa chỉ: 66-68 Lê Thánh Tôn, Quận 1 · Điện thoại: 028.3829.1234 · "
    "Đường dây nóng 0903 123 456</p><p>Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p>"
)


def render_html5(article: Article, others: list[Article]) -> str:
    """Layout of the party-committee site: HTML5, menu, sidebar, footer."""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in article.paragraphs)
    stamp = f"{WEEKDAYS[article.published.weekday()]}, {article.published:%d/%m/%Y} 09:15"
    original = (
        f'<p class="source"><a href="{html.escape(article.source_url)}">Liên kết bài viết gốc</a></p>'
        if article.source_url
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{html.escape(article.title)} - Đảng bộ Sở GD&amp;ĐT</title>
<link rel="canonical" href="{url_of(article)}"></head>
<body><header class="site-header"><div class="logo">ĐẢNG BỘ SỞ GIÁO DỤC VÀ ĐÀO TẠO</div>
<nav class="main-menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu</a></li>
<li><a href="/tin-tuc">Tin tức - Sự kiện</a></li><li><a href="/van-ban">Văn bản</a></li></ul></nav></header>
<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/tin-tuc">Tin tức</a></div>
<main><article class="post"><h1 class="post-title">{html.escape(article.title)}</h1>
<div class="post-meta">{stamp}</div>
<div class="post-content">{body}<p class="author">Tác giả: {html.escape(article.author)}</p>{original}</div>
<div class="share"><a href="#">Chia sẻ</a> <a href="#">In bài</a></div></article></main>
<aside class="sidebar"><h3>Tin khác</h3><ul>{sidebar(others)}</ul><h3>Văn bản mới</h3><ul>{DOCUMENT_LIST}</ul></aside>
<footer class="site-footer">{FOOTER}</footer></body></html>"""


def render_table_portal(article: Article, others: list[Article]) -> str:
    """Layout of the legacy portal: nested tables, <br> paragraphs, windows-1258."""
    body = "<br><br>".join(html.escape(p) for p in article.paragraphs)
    stamp = f"({article.published:%d.%m.%Y} 14:14)"
    original = (
        f'<br><br><a href="{html.escape(article.source_url)}">Liên kết bài viết gốc</a>'
        if article.source_url
        else ""
    )
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258">
<title>Cổng thông tin điện tử Thành ủy</title><link rel="canonical" href="{url_of(article)}"></head>
<body><table width="100%"><tr><td colspan="2" class="banner">CỔNG THÔNG TIN ĐIỆN TỬ THÀNH ỦY</td></tr>
<tr><td class="menu-left" width="200"><a href="/">Trang chủ</a><br><a href="/tin">Tin hoạt động</a><br>
<a href="/vb">Văn bản chỉ đạo</a><br><div class="counter">Lượt truy cập: 123456</div></td>
<td valign="top"><table><tr><td class="cat">Tin hoạt động</td><td class="time">{stamp}</td></tr>
<tr><td colspan="2" class="tieude"><b>{html.escape(article.title)}</b></td></tr>
<tr><td colspan="2"><div id="noidung">{body}<br><br><b>{html.escape(article.author)}</b>{original}</div></td></tr>
<tr><td colspan="2"><p><b>Các tin đã đưa:</b></p><ul>{sidebar(others)}</ul></td></tr></table></td></tr>
<tr><td colspan="2" class="footer">{FOOTER}</td></tr></table></body></html>"""


def render_modern(article: Article, others: list[Article]) -> str:
    """Layout of the propaganda-board site: metadata, JSON-LD, related news."""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in article.paragraphs)
    ld = json.dumps(
        {
            "@type": "NewsArticle",
            "headline": article.title,
            "datePublished": f"{article.published.isoformat()}T08:00:00+07:00",
        },
        ensure_ascii=False,
    )
    original = (
        f'<p class="vk-original">Liên kết bài viết gốc: <a href="{html.escape(article.source_url)}">'
        f"{html.escape(article.source_url)}</a></p>"
        if article.source_url
        else ""
    )
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{html.escape(article.title)} | Ban Tuyên giáo</title>
<meta property="og:title" content="{html.escape(article.title)}">
<meta property="og:site_name" content="Ban Tuyên giáo Thành ủy">
<meta property="article:published_time" content="{article.published.isoformat()}T08:00:00+07:00">
<link rel="canonical" href="{url_of(article)}"><script type="application/ld+json">{ld}</script></head>
<body><div class="topbar"><span class="clock">{WEEKDAYS[0]}, 01/01/2024</span> <a href="/lien-he">Liên hệ</a></div>
<div class="navbar"><a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a> <a href="/ly-luan">Lý luận</a></div>
<div class="vk-article"><h1>{html.escape(article.title)}</h1><span class="vk-date">{article.published:%d/%m/%Y}</span>
<div class="vk-body">{body}<p class="vk-author"><strong>{html.escape(article.author)}</strong></p>{original}</div>
<div class="social-share"><a href="#">Facebook</a> <a href="#">Zalo</a></div>
<div class="related"><h4>Tin liên quan</h4><ul>{sidebar(others)}</ul></div></div>
<div class="footer">{FOOTER}</div></body></html>"""


RENDERERS = {
    "dangbo-sogddt": render_html5,
    "thanhuy-portal": render_table_portal,
    "bantuyengiao": render_modern,
}


def encode_1258(text: str) -> bytes:
    """windows-1258 keeps tone marks as combining characters: decompose what it lacks."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize(
                "NFC", "".join(c for c in decomposed if c not in "\u0300\u0301\u0303\u0309\u0323")
            )
            tones = "".join(c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323")
            out += (base + tones).encode("cp1258", "xmlcharrefreplace")
    return bytes(out)


def build(rng_seed: int = 20170804) -> list[Article]:
    rng = random.Random(rng_seed)
    officials = make_officials(rng)
    articles = [seed_article()] + [make_article(i, rng, officials) for i in range(1, ARTICLES + 1)]
    for n, original in enumerate(rng.sample(articles[1:], REPOSTS)):
        target = SITES[
            (SITES.index(next(s for s in SITES if s.name == original.site)) + 1 + n % 2) % 3
        ]
        articles.append(
            Article(
                key=f"{original.key}-dang-lai",
                site=target.name,
                title=original.title,
                published=original.published + timedelta(days=1),
                event_date=original.event_date,
                paragraphs=list(original.paragraphs),
                author=original.author,
                persons=list(original.persons),
                codes=list(original.codes),
                references=list(original.references),
                source_url=url_of(original),
            )
        )
    return articles


def write(articles: list[Article]) -> None:
    sites_dir = ROOT / "sites"
    for old in sites_dir.rglob("*.html"):
        old.unlink()
    truth = []
    for i, article in enumerate(articles):
        others = [articles[(i + k) % len(articles)] for k in (3, 7, 11, 19, 23)]
        page = RENDERERS[article.site](article, others)
        path = sites_dir / article.site / f"{article.key}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(
            encode_1258(page) if article.site == "thanhuy-portal" else page.encode("utf-8")
        )
        truth.append(
            {
                "path": str(path.relative_to(ROOT.parent)),
                "url": url_of(article),
                "site": article.site,
                "title": article.title,
                "published": article.published.isoformat(),
                "event_date": article.event_date.isoformat() if article.event_date else None,
                "author": article.author,
                "persons": article.persons,
                "codes": article.codes,
                "references": article.references,
                "source_url": article.source_url,
                "body_first": article.paragraphs[0][:60],
                "body_last": article.paragraphs[-1][-60:],
            }
        )
    with (ROOT / "truth.jsonl").open("w", encoding="utf-8") as out:
        for row in truth:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    articles = build()
    write(articles)
    print(f"wrote {len(articles)} articles under {ROOT / 'sites'} and {ROOT / 'truth.jsonl'}")


if __name__ == "__main__":
    main()
