"""The end of an article: byline, source line, original link, and trailing noise."""

from __future__ import annotations

import re

from indexer.extract.layouts import BYLINE, LIST_HEADING_WORDS, ORIGINAL_LINK, TRAILING_NOISE

_URL = re.compile(r"https?://\S+")
_UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_NAME_WORD = rf"[{_UPPER}][\w.'’]*"
# A byline on its own line: "Thanh Lê", "VĂN DŨNG", "Hoàng Hoa - Văn Cảnh (TTXVN)", "PV",
# "Kim Anh/VOV.VN", "Hoàng Hưng/VTC News".
_BYLINE_LINE = re.compile(
    rf"(?:{_NAME_WORD}(?:\s*[-–,]\s*|\s+)){{0,7}}{_NAME_WORD}\.?"
    rf"(?:/{_NAME_WORD}(?:\s{_NAME_WORD})?)?(?:\s*\([^)]{{2,70}}\))?"
    r"|\([^)]{2,70}\)|[A-Z]{2,6}\.?(?:/[\w+]+)*"
)
# A byline glued to the end of the last paragraph, after its final sentence.
_GLUED_BYLINE = re.compile(
    rf"(?:(?<=[.!?…”\"])|(?<=\.\s/\.))\s+(?P<author>{_BYLINE_LINE.pattern})\s*\.?\s*$"
)
_GLUED_CAPS = re.compile(rf"\s(?P<author>[{_UPPER}]{{2,}}(?:[\s\-–.]+[{_UPPER}]{{2,}}){{1,5}})\s*$")
_TRAILING_SHORT_NOISE = re.compile(r"\s*(?:Xem thêm|Xem tiếp|Đọc thêm)\s*:?\s*$", re.I)


# Credit labels in front of a byline, misspelt ones included ("Tin, ành", "Bài và ảnh:").
_CREDIT_WORD = r"(?:tin|bài|ảnh|ành|anh|hình|video|clip|nguồn)"
_CREDIT_LABEL = re.compile(
    rf"^\W*(?:{_CREDIT_WORD}(?:\s*(?:,|và|&|/|-)\s*{_CREDIT_WORD})*\s*[:.–-]\s*"
    rf"|{_CREDIT_WORD}\s*(?:,|và|&|/)\s*{_CREDIT_WORD}\s+|theo\s+)",
    re.I,
)
# A photo credit ("Ảnh: Thống Nhất/TTXVN", "(Ảnh minh họa: ...)"): it names who took a
# picture, not who wrote the article.
_PHOTO_CREDIT = re.compile(r"^\W*(?:ảnh|ành|hình|hình ảnh|video|clip)(?: minh họa)?\s*[:.–-]", re.I)
# What is left of an empty "Nguồn tin:" or "Tác giả bài viết:" slot.
_EMPTY_SLOT = re.compile(r"^\W*(?:nguồn|tác giả|bài viết|tin|bài|ảnh|\W)*$", re.I)
# A capital cut off its word by a line break or a tag: "T\nin, ảnh".
_LONE_CAPITAL = re.compile(rf"[{_UPPER}]")
_SPLIT_INITIAL = re.compile(rf"^\W*([{_UPPER}])\s+(?=[a-zđà-ỹ])")


def clean_author(author: str | None) -> str | None:
    """The byline as a name or a source: one line, without credit labels ("Tin, ảnh:",
    "Theo") or a capital split from its word, and None for an empty slot."""
    if not author:
        return None
    text = re.sub(r"\s+", " ", _SPLIT_INITIAL.sub(r"\1", author)).strip()
    if re.fullmatch(r"\([^()]*\)", text):
        text = text[1:-1]
    for _ in range(2):
        text = _CREDIT_LABEL.sub("", text).strip()
    text = text.strip(" .,:;-–")
    if not text or _EMPTY_SLOT.match(text) or not re.search(r"\w", text):
        return None
    return text


def is_list_heading(line: str) -> bool:
    """A line made only of the words of an "other stories" heading ("TIN MỚI HƠN", "Mới
    hơn"): it names no author, however it is set."""
    words = re.findall(r"\w+", line.casefold())
    return bool(words) and all(word in LIST_HEADING_WORDS for word in words)


def _is_byline(line: str) -> bool:
    if len(line) > 90 or line.endswith((":", ";", ",")) or is_list_heading(line):
        return False
    if re.search(r"\d{3,}", line):
        return False
    return bool(_BYLINE_LINE.fullmatch(line.strip(" .")))


def _is_credit_line(line: str) -> bool:
    """ "Tin, ành Lệ Sương (Đài Truyền thanh huyện)": a credit label, misspelt or without
    its colon, before a byline."""
    label = _CREDIT_LABEL.match(line)
    return bool(label and label.group(0).strip() and len(line) <= 120) and _is_byline(
        line[label.end() :].strip()
    )


def split_byline(body: list[str]) -> tuple[list[str], str | None, str | None]:
    """Take the byline, source and original-link lines off the end of `body`.

    Returns the remaining paragraphs, the author and the original link (when the
    text gives it as a URL).
    """
    body = list(body)
    author = source_url = None
    while body:
        if len(body) > 1 and _LONE_CAPITAL.fullmatch(body[-2].strip()) and body[-1][:1].islower():
            body[-2:] = [body[-2].strip() + body[-1]]  # "T" / "in, ảnh: …" split by a tag
        last = _SPLIT_INITIAL.sub(r"\1", body[-1].strip())
        if not last:
            body.pop()
            continue
        if _URL.fullmatch(last):
            source_url = source_url or last
        elif ORIGINAL_LINK.search(last) and len(last) < 120:
            url = _URL.search(last)
            source_url = source_url or (url.group(0) if url else None)
        elif TRAILING_NOISE.match(last) and len(last) < 80:
            pass
        elif _PHOTO_CREDIT.match(last):
            break  # a caption's credit: the caption stays, and names no author
        elif (
            (m := BYLINE.match(last))
            and len(last) <= 120
            and (m["label"].lower() not in ("tin", "bài") or ":" in last[:12])
        ):
            url = _URL.search(last)
            if url:
                source_url = source_url or url.group(0)
            else:
                author = author or m["value"].strip(" .")
        elif author is None and len(body) > 1 and _is_byline(last):
            author = last.strip(" .")
        elif author is None and _is_credit_line(last):
            author = last
        else:
            break
        body.pop()
    if body:
        body[-1] = _TRAILING_SHORT_NOISE.sub("", body[-1])
    if author is None and body:
        last = body[-1]
        m = _GLUED_BYLINE.search(last) or _GLUED_CAPS.search(last)
        if (
            m
            and len(m["author"]) <= 90
            and not is_list_heading(last[m.start() :])
            and not _PHOTO_CREDIT.match(m["author"])
        ):
            author = m["author"].strip(" .")
            body[-1] = last[: m.start("author")].rstrip()
    return [line for line in body if line], clean_author(author), source_url
