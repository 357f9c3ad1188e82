"""Attached documents the tests make themselves: a text PDF, a DOCX with its header in a
table, a scan (Vietnamese text rendered at 150 dpi with noise and skew), and bad files.

Each is an administrative document laid out as Decree 30/2020/NĐ-CP asks: issuer and
number top left, motto and place-date top right, type and subject, body, signature.
"""

from __future__ import annotations

import io
import random
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian's fonts-dejavu-core
SERIF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


def need_fonts() -> None:
    if not FONT.exists() or not SERIF.exists():
        pytest.skip("cần phông DejaVu (gói fonts-dejavu-core) để tạo tài liệu thử")


@dataclass
class Letter:
    """The parts of one administrative document."""

    issuer: tuple[str, str] = ("UBND TỈNH ĐẮK NÔNG", "SỞ TÀI CHÍNH")
    number: str = "Số: 105/BC-STC"
    place_date: str = "Đắk Nông, ngày 28 tháng 5 năm 2019"
    doc_type: str = "BÁO CÁO"
    subject: str = "Kết quả tiếp công dân tháng 5 năm 2019"
    body: list[str] = field(
        default_factory=lambda: [
            "Thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị, Sở Tài chính báo cáo kết quả "
            "công tác tiếp công dân trong tháng như sau.",
            "Trong tháng, lãnh đạo Sở đã tiếp công dân định kỳ hai lần tại trụ sở, không có "
            "đơn thư khiếu nại vượt cấp; việc rà soát hồ sơ tồn đọng về đất đai được "
            "hoàn thành đúng hạn.",
            "Nhờ phối hợp chặt chẽ với Thanh tra tỉnh, các vụ việc về bồi thường giải phóng "
            "mặt bằng ở xã Đắk Drô đã được giải quyết dứt điểm.",
        ]
    )
    role: tuple[str, str] = ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    signer: str = "Nguyễn Tấn Bi"

    def header_lines(self) -> list[tuple[str, str]]:
        return [
            (self.issuer[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            (self.issuer[1], "Độc lập - Tự do - Hạnh phúc"),
            (self.number, self.place_date),
        ]

    def lines(self) -> list[str]:
        """The document as lines of text, the two header columns side by side."""
        out = [f"{left}        {right}" for left, right in self.header_lines()]
        out += ["", self.doc_type, self.subject, ""]
        for paragraph in self.body:
            out += [paragraph, ""]
        out += [f"Nơi nhận:        {self.role[0]}", f"- Như trên;        {self.role[1]}", ""]
        out += [f"- Lưu: VT.        {self.signer}"]
        return out


def text_pdf(letters: list[Letter]) -> bytes:
    """A PDF with a text layer, one document per page (fpdf2, DejaVu Sans)."""
    from fpdf import FPDF

    need_fonts()
    pdf = FPDF(format="A4")
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_font("dejavu", size=11)
    for letter in letters:
        pdf.add_page()
        for left, right in letter.header_lines():
            pdf.cell(80, 6, left)
            pdf.cell(0, 6, right, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        for line in (letter.doc_type, letter.subject):
            pdf.cell(0, 6, line, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        for paragraph in letter.body:
            pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        pdf.ln(4)
        for left, right in (("Nơi nhận:", letter.role[0]), ("- Như trên;", letter.role[1])):
            pdf.cell(100, 6, left)
            pdf.cell(0, 6, right, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(12)
        pdf.cell(100, 6, "- Lưu: VT.")
        pdf.cell(0, 6, letter.signer, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def page_image(letter: Letter, dpi: int = 150, noise: bool = True, seed: int = 7):  # noqa: ANN201
    """One A4 page of `letter` as a greyscale picture at `dpi`, as a scanner gives it:
    slightly skewed, speckled and blurred when `noise`."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    need_fonts()
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(SERIF), round(13 * dpi / 72))
    margin, line_height, y = round(0.8 * dpi), round(13 * dpi / 72 * 1.5), round(0.8 * dpi)
    for left, right in letter.header_lines():
        draw.text((margin, y), left, font=font, fill=0)
        draw.text((width // 2, y), right, font=font, fill=0)
        y += line_height
    y += line_height
    for line in (letter.doc_type, letter.subject):
        draw.text((margin + width // 6, y), line, font=font, fill=0)
        y += line_height
    y += line_height
    for paragraph in letter.body:
        line = ""
        for word in paragraph.split():
            if font.getlength(f"{line} {word}") > width - 2 * margin:
                draw.text((margin, y), line, font=font, fill=0)
                y, line = y + line_height, word
            else:
                line = f"{line} {word}".strip()
        draw.text((margin, y), line, font=font, fill=0)
        y += line_height * 3 // 2
    for left, right in (("Nơi nhận:", letter.role[0]), ("- Như trên;", letter.role[1])):
        draw.text((margin, y), left, font=font, fill=0)
        draw.text((width // 2 + margin, y), right, font=font, fill=0)
        y += line_height
    y += line_height * 2
    draw.text((width // 2 + margin, y), letter.signer, font=font, fill=0)
    if not noise:
        return page
    rng = random.Random(seed)
    page = page.rotate(1.0, resample=Image.BICUBIC, fillcolor=255)
    pixels = page.load()
    for _ in range(width * height // 500):
        pixels[rng.randrange(width), rng.randrange(height)] = rng.choice((0, 255))
    return page.filter(ImageFilter.GaussianBlur(0.5))


def scan_pdf(letters: list[Letter], dpi: int = 150, stamp: str = "") -> bytes:
    """An image-only PDF, one scanned page per document, as a scanner makes it; `stamp`:
    a digital-signature line drawn over the first page as text ("Thời gian ký: …")."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_font("dejavu", size=7)
    pdf.set_auto_page_break(False)
    for n, letter in enumerate(letters):
        pdf.add_page()
        pdf.image(page_image(letter, dpi, seed=n), x=0, y=0, w=210, h=297)
        if stamp and n == 0:
            pdf.set_xy(110, 285)
            pdf.cell(95, 4, stamp)
    return bytes(pdf.output())


def blank_scan_pdf(pages: int) -> bytes:
    """A scan of `pages` tiny empty pages (a 1,000-page scan without the weight)."""
    from PIL import Image

    image = Image.new("L", (40, 56), 200)
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=5, save_all=True, append_images=[image] * (pages - 1))
    return out.getvalue()


def docx_letter(letter: Letter, pictures: list[bytes] = ()) -> bytes:
    """A DOCX whose header (issuer, number, motto, date) and signature sit in tables."""
    import docx

    document = docx.Document()
    header = document.add_table(rows=3, cols=2)
    for row, (left, right) in zip(header.rows, letter.header_lines(), strict=True):
        row.cells[0].text, row.cells[1].text = left, right
    document.add_paragraph(letter.doc_type)
    document.add_paragraph(letter.subject)
    for paragraph in letter.body:
        document.add_paragraph(paragraph)
    for picture in pictures:
        document.add_picture(io.BytesIO(picture))
    signature = document.add_table(rows=1, cols=2)
    signature.rows[0].cells[0].text = "Nơi nhận:\n- Như trên;\n- Lưu: VT."
    signature.rows[0].cells[1].text = f"{letter.role[0]}\n{letter.role[1]}\n\n\n{letter.signer}"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def picture_docx(letter: Letter) -> bytes:
    """A DOCX holding only the scanned page of `letter` as a picture (no text of its own)."""
    import docx

    picture = io.BytesIO()
    page_image(letter, 150).save(picture, format="PNG")
    document = docx.Document()
    document.add_picture(io.BytesIO(picture.getvalue()))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb_docx(unpacked_bytes: int) -> bytes:
    """A DOCX-shaped zip whose one part unpacks to `unpacked_bytes` of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * unpacked_bytes)
    return out.getvalue()
