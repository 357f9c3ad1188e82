import codecs

from indexer.charset import decode_bytes, repair_mojibake
from indexer.legacy_fonts import detect_legacy_encoding, tcvn3_to_unicode, vni_to_unicode
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
