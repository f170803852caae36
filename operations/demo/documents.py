"""The demo's signed programme document: a PDF that looks like a scanned, signed and stamped page, with
an invisible text layer (as scanners with text recognition make) so that search tools and ``pdftotext``
read its words.

The page is drawn by Pillow; the PDF around it is written here, a few objects long, because Pillow's
own PDF output holds the picture only, and no PDF library is a dependency of the project."""

import io
import random
import textwrap
from dataclasses import dataclass

from PIL import Image, ImageDraw

from operations.demo.pictures import font, star_points

A4_POINTS = (595.28, 841.89)
DPI = 120
PAGE_PIXELS = (round(A4_POINTS[0] / 72 * DPI), round(A4_POINTS[1] / 72 * DPI))
MARGIN = 110
INK = (25, 25, 30)
STAMP_RED = (200, 30, 40)
SIGNATURE_BLUE = (30, 50, 150)


@dataclass(frozen=True)
class Signature:
    organization: str
    position: str
    name: str


@dataclass(frozen=True)
class SignedDocument:
    parties: list  # organization names, as in the heading
    place_and_date: str  # "Hải Phòng, ngày 26 tháng 3 năm 2019"
    title: str
    commitments: list
    signatures: list  # of Signature
    note: str = ""
    reference_number: str = ""


class PageWriter:
    """Draws lines of text on the page and remembers where, for the text layer."""

    def __init__(self):
        self.image = Image.new("RGB", PAGE_PIXELS, (252, 251, 246))
        self.draw = ImageDraw.Draw(self.image)
        self.lines = []  # (x, baseline y, size, text) in pixels

    def text(self, x, y, text, size, *, bold=False, italic_style="serif", align="left", fill=INK):
        typeface = font(size, bold=bold, style=italic_style)
        if typeface is None:
            return y + size * 1.3
        width = self.draw.textlength(text, font=typeface)
        if align == "center":
            x -= width / 2
        self.draw.text((x, y), text, font=typeface, fill=fill)
        ascent, _descent = typeface.getmetrics()
        self.lines.append((x, y + ascent, size, text))
        return y + size * 1.35

    def wrapped(self, x, y, text, size, width_chars, **options):
        for line in textwrap.wrap(text, width_chars):
            y = self.text(x, y, line, size, **options)
        return y


def draw_page(document: SignedDocument) -> PageWriter:
    rng = random.Random(document.title)
    page = PageWriter()
    width, _height = PAGE_PIXELS
    left_centre, right_centre = MARGIN + 190, width - MARGIN - 200
    y = MARGIN
    for party in document.parties:
        for line in textwrap.wrap(party.upper(), 34):
            y = page.text(left_centre, y, line, 15, bold=True, align="center")
    page.draw.line([(left_centre - 60, y + 4), (left_centre + 60, y + 4)], fill=INK, width=1)
    if document.reference_number:
        y = page.text(left_centre, y + 14, f"Số: {document.reference_number}", 15, align="center")
    right_y = page.text(right_centre, MARGIN, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 15, bold=True, align="center")
    right_y = page.text(right_centre, right_y, "Độc lập - Tự do - Hạnh phúc", 16, bold=True, align="center")
    page.draw.line([(right_centre - 110, right_y + 2), (right_centre + 110, right_y + 2)], fill=INK, width=1)
    page.text(right_centre, right_y + 18, document.place_and_date, 15, align="center")

    y = max(y, right_y + 40) + 40
    y = page.text(width / 2, y, "CHƯƠNG TRÌNH PHỐI HỢP", 24, bold=True, align="center")
    for line in textwrap.wrap(document.title, 62):
        y = page.text(width / 2, y, line, 17, bold=True, align="center")
    y += 24
    y = page.text(MARGIN, y, "Các bên thống nhất phối hợp thực hiện những nội dung sau:", 16)
    for number, commitment in enumerate(document.commitments, start=1):
        y = page.wrapped(MARGIN + 20, y + 4, f"{number}. {commitment}", 16, 82)
    if document.note:
        y = page.wrapped(MARGIN, y + 16, document.note, 14, 96, fill=(90, 90, 90))

    y += 50
    columns = max(1, min(len(document.signatures), 4))
    column_width = (width - 2 * MARGIN) / columns
    for index, signature in enumerate(document.signatures):
        row, column = divmod(index, columns)
        centre = MARGIN + column_width * (column + 0.5)
        top = y + row * 330
        line_y = top
        for line in textwrap.wrap(f"TM. {signature.organization.upper()}", int(column_width / 10.5)):
            line_y = page.text(centre, line_y, line, 13, bold=True, align="center")
        line_y = page.text(centre, line_y, signature.position.upper(), 13, bold=True, align="center")
        stamp_signature(page.draw, rng, centre, line_y + 80)
        page.text(centre, line_y + 160, signature.name, 16, bold=True, align="center")
    return page


def stamp_signature(draw, rng, cx, cy):
    """A red round stamp and a handwritten-looking stroke across it."""
    radius = 62
    for offset in (0, 8):
        draw.ellipse(
            [cx - radius + offset, cy - radius + offset, cx + radius - offset, cy + radius - offset],
            outline=STAMP_RED,
            width=3,
        )
    draw.polygon(star_points(cx, cy, 20), fill=STAMP_RED)
    points, x = [], cx - 70
    while x < cx + 70:
        points.append((x, cy + rng.uniform(-26, 22)))
        x += rng.uniform(12, 22)
    draw.line(points, fill=SIGNATURE_BLUE, width=3, joint="curve")


def utf16_hex(text: str) -> str:
    return "".join(f"{ord(char):04X}" for char in text if ord(char) <= 0xFFFF)


def to_unicode_cmap(texts) -> bytes:
    """Codes are the characters' own code points (Identity-H), so the map is the identity."""
    high_bytes = sorted({ord(char) >> 8 for text in texts for char in text if ord(char) <= 0xFFFF})
    ranges = "\n".join(f"<{high:02X}00> <{high:02X}FF> <{high:02X}00>" for high in high_bytes)
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{len(high_bytes)} beginbfrange\n{ranges}\nendbfrange\n"
        "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")


def pdf_bytes(page: PageWriter) -> bytes:
    scan = io.BytesIO()
    page.image.save(scan, format="JPEG", quality=70, optimize=True)
    scan = scan.getvalue()
    width_pt, height_pt = A4_POINTS
    to_points = width_pt / PAGE_PIXELS[0]
    content = [f"q {width_pt:.2f} 0 0 {height_pt:.2f} 0 0 cm /Scan Do Q", "BT 3 Tr"]
    for x, baseline, size, text in page.lines:
        content.append(
            f"/F1 {size * to_points:.2f} Tf 1 0 0 1 {x * to_points:.2f} {height_pt - baseline * to_points:.2f} Tm "
            f"<{utf16_hex(text)}> Tj"
        )
    content.append("ET")
    content = "\n".join(content).encode("ascii")
    cmap = to_unicode_cmap(text for *_position, text in page.lines)

    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width_pt} {height_pt}] "
        "/Resources << /XObject << /Scan 4 0 R >> /Font << /F1 5 0 R >> >> /Contents 8 0 R >>".encode("ascii"),
        f"<< /Type /XObject /Subtype /Image /Width {PAGE_PIXELS[0]} /Height {PAGE_PIXELS[1]} "
        f"/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length {len(scan)} >>\nstream\n".encode()
        + scan
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /DejaVuSerif /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 9 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DejaVuSerif "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor 7 0 R /DW 600 /CIDToGIDMap /Identity >>",
        b"<< /Type /FontDescriptor /FontName /DejaVuSerif /Flags 34 /FontBBox [-770 -347 1679 1242] "
        b"/ItalicAngle 0 /Ascent 928 /Descent -236 /CapHeight 729 /StemV 80 >>",
        f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream",
        f"<< /Length {len(cmap)} >>\nstream\n".encode() + cmap + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def signed_document_pdf(document: SignedDocument) -> bytes:
    return pdf_bytes(draw_page(document))
