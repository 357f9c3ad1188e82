import codecs

import pytest

from indexer.text.charset import decode_bytes, repair_mojibake, unicode_encoding, utf8_invalid_share
from indexer.text.legacy_fonts import detect_legacy_encoding, tcvn3_to_unicode, vni_to_unicode
from tests.conftest import encode_cp1258

SENTENCE = "Đảng ủy Sở Giáo dục và Đào tạo thực hiện Nghị quyết"


def test_tcvn3_samples():
    assert (
        tcvn3_to_unicode("Céng hoµ x· héi chñ nghÜa ViÖt Nam")
        == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    )
    assert tcvn3_to_unicode("§¶ng ñy Së Gi¸o dôc vµ §µo t¹o") == "Đảng ủy Sở Giáo dục và Đào tạo"


def test_vni_samples():
    assert (
        vni_to_unicode("Ñaûng uûy Sôû Giaùo duïc vaø Ñaøo taïo") == "Đảng ủy Sở Giáo dục và Đào tạo"
    )
    assert vni_to_unicode("ñöôïc nhöõng Vieät naêm") == "được những Việt năm"


def test_detection_of_legacy_encodings():
    assert detect_legacy_encoding("§¶ng ñy Së Gi¸o dôc vµ §µo t¹o cña c¸c") == "tcvn3"
    assert detect_legacy_encoding("Ñaûng uûy Sôû Giaùo duïc vaø Ñaøo taïo cuûa caùc") == "vni"
    assert detect_legacy_encoding(SENTENCE) is None
    assert detect_legacy_encoding("El señor está aquí con la niña") is None
    assert detect_legacy_encoding("Le garçon était très content à la fête") is None


def test_decode_windows_1258_with_and_without_declaration():
    raw = encode_cp1258(SENTENCE)
    assert decode_bytes(raw) == SENTENCE
    assert decode_bytes(raw, declared="windows-1258") == SENTENCE
    page = b'<meta charset="windows-1258"><p>' + raw + b"</p>"
    assert SENTENCE in decode_bytes(page)


def test_decode_bom_and_utf8():
    assert decode_bytes(codecs.BOM_UTF8 + SENTENCE.encode()) == SENTENCE
    assert decode_bytes(SENTENCE.encode("utf-16")) == SENTENCE
    assert decode_bytes(SENTENCE.encode()) == SENTENCE


def test_wrong_declaration_falls_back_to_utf8():
    page = b'<meta charset="utf-8">' + encode_cp1258(SENTENCE)
    assert SENTENCE in decode_bytes(page)
    assert decode_bytes(SENTENCE.encode(), declared="iso-8859-1") == SENTENCE


def test_mojibake_repair():
    broken = SENTENCE.encode("utf-8").decode("cp1252", "replace")
    assert repair_mojibake("Ä\x90áº£ng") == "Đảng"
    assert decode_bytes(SENTENCE.encode().decode("latin-1").encode("utf-8")) == SENTENCE
    assert "ủy Sở" in decode_bytes(broken.encode("utf-8"))


def test_legacy_paragraph_in_unicode_page_is_converted():
    mixed = "Trang chủ\n§¶ng ñy Së Gi¸o dôc vµ §µo t¹o cña c¸c tr\u00adêng"
    assert (
        decode_bytes(mixed.encode("utf-8"))
        .splitlines()[1]
        .startswith("Đảng ủy Sở Giáo dục và Đào tạo")
    )


def test_nul_bytes_are_dropped():
    assert decode_bytes(b"Dang\x00 bo") == "Dang bo"


# -- a few broken bytes, UTF-16 and UTF-32 -----------------------------------------------

PARAGRAPH = "06 xã đủ điều kiện công nhận đạt chuẩn nông thôn mới; Đảng ủy Sở Giáo dục chỉ đạo. "
PAGE = f"<html><head><title>Tin</title></head><body><p>{PARAGRAPH * 40}</p></body></html>"


def with_bad_bytes(data: bytes, count: int) -> bytes:
    """`count` spaces of `data`, spread over it, turned into 0xFF (each invalid UTF-8)."""
    step = len(data) // (count + 1)
    out = bytearray(data)
    for n in range(1, count + 1):
        out[out.index(b" ", n * step)] = 0xFF
    return bytes(out)


@pytest.mark.parametrize("count", [1, 10, 60])
def test_a_few_bad_bytes_in_utf8_are_replaced_not_a_reason_to_decode_otherwise(count):
    text = decode_bytes(with_bad_bytes(PAGE.encode(), count))
    assert text.count("\ufffd") == count
    assert "Ă" not in text and "á»" not in text
    assert text.count("Đảng ủy Sở Giáo dục") >= 40 - count


def test_a_page_of_mostly_invalid_utf8_is_legacy_text():
    # windows-1258 with a UTF-8 word pasted in: the page's own charset wins.
    raw = encode_cp1258(SENTENCE) * 20 + "Đảng".encode()
    assert utf8_invalid_share(raw) > 0.9
    assert decode_bytes(raw).startswith(SENTENCE)


def test_real_windows_1258_and_tcvn3_pages_decode_as_before(corpus_dir):
    page = corpus_dir / "sites" / "thanhuy-portal"
    legacy = sorted(page.glob("*.html"))[:5]
    assert legacy and all(utf8_invalid_share(p.read_bytes()) > 0.9 for p in legacy)
    text = decode_bytes(legacy[0].read_bytes())
    assert "Cổng thông tin điện tử Thành ủy" in text and "\ufffd" not in text
    tcvn3 = "<p>§¶ng ñy Së Gi¸o dôc vµ §µo t¹o cña c¸c tr­êng</p>".encode("cp1252") * 5
    assert decode_bytes(tcvn3).startswith("<p>Đảng ủy Sở Giáo dục và Đào tạo của các trường")


@pytest.mark.parametrize("codec", ["utf-16", "utf-32", "utf-16-le", "utf-16-be"])
def test_utf16_and_utf32_are_read(codec):
    # "utf-16" and "utf-32" write a byte-order mark; "-le"/"-be" write none.
    assert decode_bytes(PAGE.encode(codec)) == PAGE
    assert unicode_encoding(PAGE.encode(codec)) is not None


def test_utf16_is_not_seen_in_8_bit_text():
    assert unicode_encoding(encode_cp1258(SENTENCE) * 10) is None
    assert unicode_encoding(PAGE.encode()) is None
    assert unicode_encoding(b"\x00" * 100) is None  # binary, not text
