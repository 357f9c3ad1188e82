"""Roles: the title phrase a text binds to a person's name.

A role is written right after the name, after a dash, a comma, a colon or a bracket ("Lê
Diễn, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy"), or right before it ("Phó Chủ tịch UBND
tỉnh Trương Thanh Tùng"). It is the title and the organisation it belongs to, and it stops
where the sentence goes on: at a verb or a preposition, at "và"/"cùng"/"với" bringing in
someone else, at a sentence or clause boundary, and at the next person named. A title
phrase that runs straight into the next name is that person's, not the previous one's.

Pure functions over NFC text; `persons.py` finds the names and passes where the
neighbouring names are.
"""

from __future__ import annotations

import re

from indexer.text.normalize import LOWER_LETTERS, UPPER_LETTERS

# Titles and offices that open a role (also used by persons.py to cut names off titles).
ROLE_ALTERNATIVES = (
    r"Ủy viên|Tổng Bí thư|Bí thư|Phó Bí thư|Chủ tịch|Phó Chủ tịch|Thủ tướng|"
    r"Phó Thủ tướng|Bộ trưởng|Thứ trưởng|Giám đốc|Phó Giám đốc|Trưởng|Phó Trưởng|Chủ nhiệm|"
    r"Phó Chủ nhiệm|Chánh|Phó Chánh|Viện trưởng|Tổng Giám đốc|Hiệu trưởng|Đại biểu|Thành ủy viên|"
    r"Tỉnh ủy viên|Huyện ủy viên|Chỉ huy|Chính ủy|Tư lệnh|Đại sứ|Tổng thư ký|Thư ký|Chuyên viên|"
    r"Cán bộ|Đại tá|Thượng tá|Trung tá|Thiếu tá|Đại úy|Thượng úy|Trung úy|Thiếu úy|Thiếu tướng|"
    r"Trung tướng|Thượng tướng|Đại tướng|Nguyên|Phó|Người phát ngôn|Kế toán|Đội trưởng|Tổ trưởng|"
    r"Bác sĩ|Luật sư|Giáo viên|Nhà giáo|Nghệ sĩ|Tiến sĩ|Giáo sư|Phó Giáo sư|Tùy viên"
)
# Offices written as abbreviations ("UVTVTU", "TUV"), academic titles ("GS-TS", "PGS.TS."),
# and titles of a newsroom, a craft or a village: they open roles too.
_MORE_ROLE_STARTS = (
    r"UV[A-ZĐ]{2,}|[THQ]UV|ThUV|ĐBQH|"
    r"(?:PGS|GS|TSKH|TS|ThS|BS|KS|NGND|NGƯT|NSND|NSƯT)(?:\s?[.\-]\s?(?:TSKH|TS|ThS|BS|KS))*\.?|"
    r"Phó Tổng Biên tập|Tổng Biên tập|Biên tập viên|Phóng viên|Thành viên|Nghệ nhân|Già làng|"
    r"Trưởng thôn|Trưởng bon|Trưởng ấp|"
    r"(?:Phó )?(?:Tổng cục|Chi cục|Cục|Vụ|Hạt|Trạm|Đồn|Sư đoàn|Trung đoàn|Tiểu đoàn|Lữ đoàn|"
    r"Đại đội|Kiểm toán) trưởng"
)
ROLE_START = re.compile(
    rf"(?<![\w'])(?:nguyên |tân )?(?:{_MORE_ROLE_STARTS}|{ROLE_ALTERNATIVES})(?![\w'])", re.I
)
MAX_ROLE_CHARS = 150  # longer is a sentence, not a title
_SCAN_CHARS = 220
# Lower-case words that go on with the sentence, never with a title: verbs of reporting
# and acting, auxiliaries, prepositions and conjunctions ("… Bí thư Tỉnh ủy phát biểu",
# "… Giám đốc Sở, để góp phần …"). Matched as written: "Sở Thông tin" keeps its capital.
_CLAUSE_WORDS = (
    r"phát biểu|báo cáo|chủ trì|tham dự|dự(?! khuyết)|cho biết|nhấn mạnh|đề nghị|trình bày|khẳng định|"
    r"chỉ đạo|yêu cầu|làm trưởng đoàn|trao|tặng|đã|đang|sẽ|được|bị|thay mặt|nói|cho rằng|tới|"
    r"tham gia|(?<![Tt]hư )ký|"
    r"đến|cũng|vừa|là|có|không|để|nhằm|khi|thì|mà|nhưng|đánh giá|thông tin|phân tích|chia sẻ|"
    r"bày tỏ|kết luận|giải trình|tin tưởng|ghi nhận|biểu dương|kêu gọi|chúc mừng|nêu rõ|nêu|"
    r"điều hành|dẫn đầu|làm việc|lưu ý|thăm|tiếp|trả lời|giới thiệu|khai mạc|bế mạc|gửi|"
    r"mong muốn|cảm ơn|đề xuất|quán triệt|truyền đạt|tâm sự|kiến nghị|hội đàm|gặp|đón|"
    r"chứng kiến|trực tiếp|tại|trong|về|theo|sau|trước|từ|qua|của|cho|nay|hiện|vẫn|luôn|"
    r"đều|lên|ra|vào|đi|làm|giữ|nhận|cùng với|như|rằng|"
    r"ở|thuộc|người|chủ động|tích cực|khẳng|nhắc|lại|đồng thời|rất|chạy|dùng|này|đó|kia|"
    r"phụ trách|xác nhận|thừa nhận|tiếp nhận|cho hay|thông báo|công bố|cảnh báo|phát động|"
    r"triển khai|động viên|trao đổi|thảo luận|ký kết|chúc|tuyên bố|khánh thành|cắt băng|"
    r"dâng hương|viếng|tiếp xúc|đối thoại|nghe|xem|bắt đầu|kết thúc|gặp gỡ|thăm hỏi|lắng nghe|"
    r"giải thích|cam kết|lần lượt"
)
_CLAUSE_WORD = re.compile(rf"(?<![\w'])(?:{_CLAUSE_WORDS})(?![\w'])")
# "và", "cùng", "với" bring in another party unless an organisation's name goes on
# ("Sở Giáo dục và Đào tạo"): they end a role before a lower-case word, a title or a cue.
_JOINER = re.compile(r"(?<![\w'])(?:và|cùng|với)\s+(?P<next>\S+(?:\s+\S+)?)")
# Words that address a person: a list item that opens with one is the next person, and
# one inside a phrase starts a new person ("… phóng viên báo X đồng chí …").
_ADDRESS_WORDS = r"(?:các đồng chí|đồng chí|đ/c|ông|bà|anh|chị|em)"
_ADDRESS = re.compile(rf"^{_ADDRESS_WORDS}(?![\w'])", re.I)
# A dash followed by a lower-case word starts a caption's verb: "Phó Chủ tịch X - trò chuyện".
_DASHED_CLAUSE = re.compile(rf"\s[-–]\s*(?=[{LOWER_LETTERS}])")
_ADDRESS_INSIDE = re.compile(r"(?<![\w'])(?:đồng chí|Đồng chí|đ/c|Đ/c|ông|Ông|bà|anh|chị)(?![\w'])")
# Where a sentence or a clause ends: a role never crosses these. "TP." is an abbreviation.
_HARD_STOP = re.compile(r"(?<!\bTP)(?<!\bTp)\.(?=\s|$)|[;:!?…\n“”\"()\[\]]")
_AFTER_NAME = re.compile(r"\s*(?:[–\-:,(]|\s-\s)\s*")
# A short abbreviation in brackets belongs to the title: "Bộ trưởng Kế hoạch và Đầu tư (KH-ĐT)".
_ABBREVIATION = re.compile(r"\s*\([A-ZĐ][A-ZĐ0-9&/\-]{0,11}\)")


def _joiner_ends(match: re.Match[str]) -> bool:
    following = match["next"]
    return not following[:1].isupper() or bool(
        ROLE_START.match(following) or _ADDRESS.match(following)
    )


def _clause_cut(part: str, after: int = 0) -> int | None:
    """Where the sentence takes over inside `part`, past its title words ending at `after`
    ("người phát ngôn" is a title, not the word "người"); None if it never does."""
    cuts = [m.start() for m in _CLAUSE_WORD.finditer(part, after)]
    cuts += [m.start() for m in _JOINER.finditer(part, after) if _joiner_ends(m)]
    cuts += [m.start() for m in _ADDRESS_INSIDE.finditer(part, max(1, after))]
    cuts += [m.start() for m in _DASHED_CLAUSE.finditer(part, after)]
    return min(cuts) if cuts else None


def _masked(text: str) -> str:
    """`text` with the brackets of short abbreviations hidden, so that they stop nothing;
    the length is kept, so positions still match."""
    return _ABBREVIATION.sub(lambda m: m.group(0).replace("(", "⟨").replace(")", "⟩"), text)


def _last_clause_end(segment: str) -> int:
    """Just after the last verb, preposition or joiner of `segment` (0 if none)."""
    ends = [m.end() for m in _CLAUSE_WORD.finditer(segment)]
    ends += [m.start("next") for m in _JOINER.finditer(segment) if _joiner_ends(m)]
    ends += [m.end() for m in _ADDRESS_INSIDE.finditer(segment)]
    return max(ends, default=0)


# A title part ending in three capitalised words or more ends with a place or a name: as a
# part before another title it may be another person's ("Chủ tịch nước Cộng hòa Nhân dân
# Trung Hoa Tập Cận Bình, Chủ tịch nước …"), so it is not taken in.
_TRAILING_NAME = re.compile(rf"(?:\s[{UPPER_LETTERS}][\w'’-]*){{3,}}$")


def _ends_with_name(part: str) -> bool:
    """`part` ends with what may be someone's name (or a long place name)."""
    return bool(_TRAILING_NAME.search(part))


# Countries whose offices a Vietnamese official does not hold ("Chủ tịch Quốc hội Cuba",
# "Thủ tướng Lào"); names that are also Vietnamese words or places are left out.
_FOREIGN_COUNTRY = re.compile(
    r"(?<!\w)(?:Lào(?! Cai)|Cuba|Cu Ba|Cu-ba|Campuchia|Trung Quốc|Nhật Bản|Hàn Quốc|Triều Tiên|"
    r"Thái Lan|Singapore|Xin-ga-po|Malaysia|Indonesia|In-đô-nê-xi-a|Philippines|Myanmar|"
    r"Mi-an-ma|Brunei|Hoa Kỳ|Liên bang Nga|Ấn Độ|Canada|Australia|Ucraina|Israel|Ai Cập|"
    r"Mông Cổ|Đài Loan|Cộng hòa Pháp|Cộng hòa Liên bang Đức|Vương quốc Anh)(?!\w)"
)


def names_foreign_office(role: str) -> bool:
    """The role is an office of another country (it names one, and not Việt Nam)."""
    return bool(_FOREIGN_COUNTRY.search(role)) and "Việt Nam" not in role


def _is_role(text: str) -> bool:
    """A title worth showing: it opens with a title word and is not one bare word
    ("Phó", "Nguyên") unless it is an abbreviation ("UVTVTU")."""
    return bool(ROLE_START.match(text)) and (len(text.split()) >= 2 or text.isupper())


def role_after(text: str, end: int, limit: int | None = None) -> str | None:
    """The role written right after a name ending at `end`, before `limit` (where the next
    person's name starts)."""
    bound = min(limit if limit is not None else len(text), end + _SCAN_CHARS)
    separator = _AFTER_NAME.match(text, end, bound)
    if not separator or separator.end() == end:
        return None
    segment = _masked(text[separator.end() : bound])
    stop = _HARD_STOP.search(segment)
    reaches_next = stop is None and limit is not None and bound == limit
    segment = segment[: stop.start()] if stop else segment
    kept: list[str] = []
    parts = segment.split(",")
    for index, raw in enumerate(parts):
        part = raw.strip()
        opening = ROLE_START.match(part)
        if not part or _ADDRESS.match(part) or (not kept and not opening):
            break
        if kept and not (opening or part[:1].isupper()):
            break  # the sentence goes on: "…, lãnh đạo các cơ quan"
        cut = _clause_cut(part, opening.end() if opening else 0)
        if cut is not None:
            part = part[:cut].strip()
            if not opening and len(part.split()) < 2:
                break  # a body's name opening a new clause: "…, UBKT xem xét"
        last_part = index == len(parts) - 1
        if reaches_next and last_part and cut is None:
            break  # a title running into the next name is that person's
        if not part or len(", ".join([*kept, part])) > MAX_ROLE_CHARS:
            break
        kept.append(part)
        if cut is not None:
            break
    role = ", ".join(kept).replace("⟨", "(").replace("⟩", ")").strip(" ,–-")
    return role if role and _is_role(role) else None


def _opens_title(words: str) -> bool:
    """A title word before a name: capitalised, or a lower-case title of two words or more
    ("trung tá"); a lone lower-case "trưởng" is a word ("tăng trưởng")."""
    return words[:1].isupper() or len(words.split()) >= 2


# Words that join two titles of one person ("Chủ tịch HĐQT kiêm Tổng Giám đốc") or open a
# body whose name holds a title word ("Ban Chỉ huy Quân sự"): a title after them goes on.
_TITLE_JOINED = re.compile(
    r"(?:[-–/]|(?<!\w)(?:kiêm|và|ban|hội|hội đồng|đại hội|đoàn|ủy ban|bộ|sở|phòng|cục|"
    r"tổng cục|vụ|viện|văn phòng|trung tâm|khoa))\s*$",
    re.I,
)


# Title words that also stand inside the names of bodies ("Ban Công tác Đại biểu", "Ban Chỉ
# huy Quân sự"): never the start of a second title.
_WORDS_OF_BODIES = frozenset(
    ["đại biểu", "cán bộ", "chỉ huy", "thành viên", "chuyên viên", "kế toán", "giáo viên"]
)


def _title_opening(segment: str) -> re.Match[str] | None:
    """Where the title bound to the next name starts in `segment`: the first title word,
    unless a later capitalised one starts a title of its own (a comma lost between two
    offices of two persons: "của Chủ tịch nước Thứ trưởng Bộ Xây dựng …")."""
    opening = None
    for match in ROLE_START.finditer(segment):
        if opening is None:
            opening = match if _opens_title(match.group(0)) else None
            continue
        between = segment[opening.end() : match.start()]
        if (
            match.group(0)[:1].isupper()
            and match.group(0).casefold() not in _WORDS_OF_BODIES
            and between.strip()
            and not _TITLE_JOINED.search(between)
        ):
            opening = match
    return opening


def role_before(text: str, start: int, floor: int = 0) -> str | None:
    """The title written right before a name starting at `start`, after `floor` (where the
    previous person's name ends): "Phó Chủ tịch UBND huyện Krông Nô Nguyễn Xuân Danh"."""
    segment = text[max(floor, start - _SCAN_CHARS) : start]
    if segment[-1:] not in (" ", "\u00a0"):
        return None
    masked = _masked(segment)
    stops = list(_HARD_STOP.finditer(masked))
    masked = masked[stops[-1].end() :] if stops else masked
    masked = masked[_last_clause_end(masked) :]
    parts = masked.split(",")
    last = parts[-1]
    opening = _title_opening(last)
    if opening is None:
        return None
    kept = [last[opening.start() :].strip()]
    for part in reversed(parts[:-1]):
        part = part.strip()
        if not ROLE_START.match(part) or not part[:1].isupper() or _ends_with_name(part):
            break  # another person's title: "Chủ tịch HĐND tỉnh Xiêng Khoảng Bun-tôn …"
        if len(", ".join([part, *kept])) > MAX_ROLE_CHARS:
            break
        kept.insert(0, part)
    role = ", ".join(kept).replace("⟨", "(").replace("⟩", ")").strip(" ,–-")
    return role if _is_role(role) else None
