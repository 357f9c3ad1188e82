"""Attached documents become records: text PDFs, DOCX with tables, scans read by OCR, and
bad files refused with a reason (issue 19)."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.documents import ocr
from indexer.documents.formats import DocumentError, document_format, looks_like_attachment_url
from indexer.documents.read import read_document
from indexer.documents.records import SIGNER_ROLE, document_record, paragraphs_of
from indexer.documents.settings import DocumentSettings
from indexer.extract.parse import ParseError, parse_bytes
from tests.documents import (
    Letter,
    blank_scan_pdf,
    docx_letter,
    picture_docx,
    scan_pdf,
    text_pdf,
    zip_bomb_docx,
)

NOTICE = Letter(
    number="Số: 12/TB-STC",
    place_date="Đắk Nông, ngày 3 tháng 6 năm 2019",
    doc_type="THÔNG BÁO",
    subject="Lịch tiếp công dân tháng 6 năm 2019",
    body=[
        "Sở Tài chính thông báo lịch tiếp công dân định kỳ của Giám đốc Sở vào sáng thứ Năm "
        "hằng tuần tại phòng tiếp dân của cơ quan."
    ],
    role=("GIÁM ĐỐC", ""),
    signer="Trần Văn Hòa",
)
needs_tesseract = pytest.mark.skipif(
    ocr.tesseract_version() is None, reason="cần Tesseract với tiếng Việt (tesseract-ocr-vie)"
)


def settings(**changes: object) -> DocumentSettings:
    return DocumentSettings(**{"ocr_cache": None, **changes})


def record_of(data: bytes, name: str = "tep.pdf", **changes: object):  # noqa: ANN201
    text = read_document(data, settings(**changes))
    return document_record(text, name, None, len(data), name)


def assert_header(record, code: str = "105/BC-STC") -> None:  # noqa: ANN001
    assert record.kind == "document"
    assert record.document.own_code == code
    assert record.codes[0].code == code
    assert record.published.isoformat() == "2019-05-28"
    assert record.title == "Báo cáo: Kết quả tiếp công dân tháng 5 năm 2019"
    assert record.document.issuer_name == "UBND TỈNH ĐẮK NÔNG – SỞ TÀI CHÍNH"
    assert record.document.signer == "Nguyễn Tấn Bi"
    assert record.persons[0].name == "Nguyễn Tấn Bi"
    assert record.persons[0].roles[0] == SIGNER_ROLE


def test_formats_are_told_by_their_bytes() -> None:
    assert document_format(text_pdf([Letter()])) == "pdf"
    assert document_format(b"junk\n%PDF-1.4 ...") == "pdf"  # bytes before the marker
    assert document_format(docx_letter(Letter())) == "docx"
    assert document_format(b"<html><body>x</body></html>") is None
    assert document_format(b"PK\x03\x04 broken zip") is None
    assert looks_like_attachment_url("http://x.vn/img/BC THANG 5.PDF")
    assert looks_like_attachment_url("http://x.vn/Attachments/bao-cao.docx")
    assert looks_like_attachment_url("http://x.vn/filedinhkem/42.xls?v=1")
    assert not looks_like_attachment_url("http://x.vn/tin-tuc/bai-1.html")


def test_text_pdf_header_becomes_the_record_fields() -> None:
    record = record_of(text_pdf([Letter()]))
    assert_header(record)
    assert record.document.signer_role == "Phó giám đốc"
    assert record.document.format == "pdf" and not record.document.scan
    assert "05-CT/TW" in record.cited_codes()
    assert any("vượt cấp" in p for p in record.body)


def test_a_file_of_two_documents_keeps_the_first_as_its_header() -> None:
    record = record_of(text_pdf([Letter(), NOTICE]))
    assert_header(record)
    assert record.document.others == [
        {
            "code": "12/TB-STC",
            "date": "2019-06-03",
            "title": "Thông báo: Lịch tiếp công dân tháng 6 năm 2019",
            "signer": "Trần Văn Hòa",
        }
    ]
    assert "12/TB-STC" in record.cited_codes()  # the second stays searchable
    assert record.document.page_starts[1] > 0  # each page starts a paragraph


def test_docx_header_and_signature_in_tables() -> None:
    record = record_of(docx_letter(Letter()), "bao-cao.docx")
    assert_header(record)
    assert record.document.format == "docx"


def test_a_draft_with_a_blank_number_has_no_code() -> None:
    draft = Letter(number="Số:        /BC-STC", place_date="Đắk Nông, ngày     tháng 5 năm 2019")
    record = record_of(docx_letter(draft), "du-thao.docx")
    assert record.document.own_code is None and record.published is None
    assert "số văn bản để trống" in record.document.notes


SIGNED = "Người ký: Sở Tài chính. Thời gian ký: 28.05.2019 16:33:44 +07:00"


@needs_tesseract
def test_a_scan_at_150_dpi_is_read_by_ocr() -> None:
    """Number and day of a scan are handwritten as a rule: the number comes from the file's
    name, the day from the digital signature stamped on it."""
    record = record_of(scan_pdf([Letter()], stamp=SIGNED), "105_BC_tiep cong dan.pdf")
    assert_header(record)
    assert record.document.scan and record.document.ocr_pages == 1
    text = record.body_text
    assert "giải phóng mặt bằng" in text and "tiếp công dân định kỳ" in text


@needs_tesseract
def test_a_scans_number_and_day_without_confirmation_are_left_out() -> None:
    """OCR reads handwriting with confidence and wrongly: precision first."""
    record = record_of(scan_pdf([Letter()]), "bao-cao-scan.pdf")
    assert record.document.own_code is None and record.published is None
    assert record.title == "Báo cáo: Kết quả tiếp công dân tháng 5 năm 2019"
    assert any("viết tay" in note for note in record.document.notes)


@needs_tesseract
def test_ocr_is_cached_by_content_so_a_second_read_runs_no_tesseract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = scan_pdf([Letter(), NOTICE])
    first = read_document(data, settings(ocr_cache=tmp_path))
    calls = []
    monkeypatch.setattr(ocr, "read_image", lambda *a: calls.append(a) or "")
    second = read_document(data, settings(ocr_cache=tmp_path))
    assert calls == [] and second.text == first.text and second.ocr_pages == 2


def test_ocr_stops_at_the_page_limit_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 1,000-page scan: the pages read are bounded, the rest noted, nothing crashes."""
    monkeypatch.setattr(ocr, "tesseract_version", lambda: "tesseract (test)")
    calls = []
    monkeypatch.setattr(ocr, "read_image", lambda image, seconds: calls.append(1) or "trang")
    text = read_document(blank_scan_pdf(1000), settings(ocr_max_pages=3, max_pages=500))
    assert len(calls) == 3
    assert text.page_count == 1000 and len(text.pages) == 500
    assert any("500 trang đầu" in note for note in text.notes)
    assert any("3 trong 500 trang scan" in note for note in text.notes)


def test_without_tesseract_a_scan_is_kept_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "tesseract_version", lambda: None)
    text = read_document(blank_scan_pdf(2), settings())
    assert text.ocr_pages == 0 and "tesseract-ocr-vie" in text.notes[0]


@needs_tesseract
def test_a_docx_of_pictures_is_read_by_ocr() -> None:
    record = record_of(picture_docx(Letter()), "scan.docx")
    assert record.document.ocr_pages == 1
    assert "giải phóng mặt bằng" in record.body_text


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: _encrypted(), "mật khẩu"),
        (lambda: b"%PDF-1.7\n" + b"\x00garbage" * 50, "PDF"),
        (lambda: text_pdf([Letter()])[:300], "PDF"),
        (lambda: zip_bomb_docx(3 * 1024 * 1024), "giải nén"),
        (lambda: docx_letter(Letter())[:2000], "hỏng"),
    ],
    ids=["encrypted", "corrupt", "truncated", "zip-bomb", "truncated-docx"],
)
def test_bad_files_are_refused_at_once_with_a_vietnamese_reason(
    make,  # noqa: ANN001
    reason: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Refused before any page is rendered or read: no OCR is ever started for them."""
    data = make()
    monkeypatch.setattr(ocr, "read_image", lambda *a: pytest.fail("OCR started"))
    with pytest.raises(DocumentError, match=reason):
        read_document(data, settings(max_unpacked_bytes=1024 * 1024))
    with pytest.raises(ParseError):
        parse_bytes(data, "tep.pdf")


def _encrypted() -> bytes:
    from fpdf import FPDF

    from tests.documents import FONT

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_font("dejavu", size=12)
    pdf.cell(0, 10, "Văn bản mật")
    pdf.set_encryption(owner_password="chu", user_password="khach")
    return bytes(pdf.output())


def test_a_file_over_the_size_limit_is_refused() -> None:
    with pytest.raises(DocumentError, match="quá lớn"):
        read_document(text_pdf([Letter()]), settings(max_bytes=1000))


def test_lines_become_paragraphs() -> None:
    text = (
        "BÁO CÁO\nKết quả công tác\n\nThực hiện kế hoạch của tỉnh, đơn vị đã triển khai\n"
        "nhiều hoạt động thiết thực trong tháng.\n1. Công tác tuyên truyền\n"
        "- Tổ chức hội nghị."
    )
    assert paragraphs_of(text) == [
        "BÁO CÁO",
        "Kết quả công tác",
        "Thực hiện kế hoạch của tỉnh, đơn vị đã triển khai nhiều hoạt động thiết thực trong tháng.",
        "1. Công tác tuyên truyền",
        "- Tổ chức hội nghị.",
    ]


def test_a_word_file_typed_in_tcvn3_reads_as_unicode() -> None:
    """Text typed with the .VnTime fonts reaches us as Latin-1 soup, converted as for HTML."""
    legacy = Letter(body=["§¶ng ñy Së Gi¸o dôc vµ §µo t¹o cña c¸c tr­êng häc tËp nghÞ quyÕt."])
    record = record_of(docx_letter(legacy), "tcvn3.docx")
    assert "Đảng ủy Sở Giáo dục và Đào tạo" in record.body_text
