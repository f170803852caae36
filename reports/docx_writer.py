"""A report as a Word document (python-docx) in the form of Decree 30/2020/NĐ-CP on administrative
documents, so staff can finish it in Word: A4; margins 20 mm top and bottom, 30 mm left, 15 mm
right; Times New Roman 13 pt (title and motto 14 pt, the names in the header 12 pt); the issuing
association and the national name and motto side by side above, each underlined by a short rule;
number and symbol; place and date in words; title; body; "Nơi nhận" and the signature block side by
side below."""

import copy
import io
import re

from django.utils.translation import gettext as _
from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from reports.document import MOTTO, NATIONAL_NAME, Document

FONT = "Times New Roman"
BODY_SIZE = Pt(13)
TITLE_SIZE = Pt(14)
HEADER_SIZE = Pt(12)  # the issuer's and the nation's names: 12–13 pt in the decree
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
CONTROL_CHARACTERS = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]")
TEXT_WIDTH = PAGE_WIDTH - MARGINS["left"] - MARGINS["right"]


def write_docx(document: Document) -> bytes:
    word = new_docx()
    set_up_page(word)
    letterhead(word, document)
    title(word, document)
    if document.notice:
        paragraph = body_paragraph(word, document.notice)
        for run in paragraph.runs:
            run.bold = run.italic = True
    for section in document.sections:
        heading = word.add_paragraph()
        heading.paragraph_format.space_before = Pt(6)
        heading.paragraph_format.keep_with_next = True
        heading.add_run(section.heading).bold = True
        for text in section.paragraphs:
            body_paragraph(word, text)
        for table in section.tables:
            data_table(word, table)
    closing(word, document)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def set_up_page(word):
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    normal = word.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY_SIZE
    # Word takes East Asian and complex-script text from their own font slots: Times New Roman there too.
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    word.core_properties.language = "vi-VN"


def centred(cell_or_doc, text="", *, bold=False, italic=False, size=BODY_SIZE, first=False):
    paragraph = cell_or_doc.paragraphs[0] if first else cell_or_doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, size
    return paragraph


def short_rule(cell_or_doc, width):
    """A centred horizontal rule ``width`` long: the bottom border of an empty paragraph indented to it."""
    paragraph = cell_or_doc.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(2)
    line = paragraph.paragraph_format.element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in {"w:val": "single", "w:sz": "6", "w:space": "1", "w:color": "000000"}.items():
        bottom.set(qn(key), value)
    borders.append(bottom)
    line.append(borders)
    run = paragraph.add_run()
    run.font.size = Pt(2)
    return paragraph, width


def indent_to(paragraph, column_width, rule_width):
    side = max(int((column_width - rule_width) / 2), 0)
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side


def borderless_table(word, widths):
    table = word.add_table(rows=1, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = width
    return table


def letterhead(word, document):
    head = document.letterhead
    left_width, right_width = Cm(7.2), TEXT_WIDTH - Cm(7.2)
    table = borderless_table(word, [left_width, right_width])
    left, right = table.rows[0].cells
    if head.managing_body:
        centred(left, head.managing_body.upper(), size=HEADER_SIZE, first=True)
        centred(left, head.organization.upper(), bold=True, size=HEADER_SIZE)
    else:
        centred(left, head.organization.upper(), bold=True, size=HEADER_SIZE, first=True)
    rule, width = short_rule(left, Cm(2.5))
    indent_to(rule, left_width, width)
    centred(left, head.number_line)

    centred(right, NATIONAL_NAME, bold=True, size=HEADER_SIZE, first=True)
    centred(right, MOTTO, bold=True, size=TITLE_SIZE)
    rule, width = short_rule(right, Cm(5.8))
    indent_to(rule, right_width, width)
    date = centred(right, head.place_and_date, italic=True)
    date.paragraph_format.space_before = Pt(6)


def title(word, document):
    first = centred(word, document.title, bold=True, size=TITLE_SIZE)
    first.paragraph_format.space_before = Pt(18)
    centred(word, document.subject, bold=True, size=TITLE_SIZE)
    rule, width = short_rule(word, Cm(3))
    indent_to(rule, TEXT_WIDTH, width)
    rule.paragraph_format.space_after = Pt(12)


def body_paragraph(word, text):
    paragraph = word.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.add_run(text)
    return paragraph


def data_table(word, table):
    caption = word.add_paragraph()
    caption.paragraph_format.space_before = Pt(6)
    caption.paragraph_format.space_after = Pt(3)
    caption.paragraph_format.keep_with_next = True
    caption.add_run(table.title).bold = True
    if not table.rows:
        body_paragraph(word, table.empty_text).runs[0].italic = True
        return
    grid = word.add_table(rows=2, cols=len(table.columns))
    grid.style = word.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    weights = table.widths or [1] * len(table.columns)
    widths = [int(TEXT_WIDTH * weight / sum(weights)) for weight in weights]
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    header, model = grid.rows
    for cell, text, width in zip(header.cells, table.columns, widths, strict=True):
        cell.width = width
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(str(text)).bold = True
    repeat_as_header(header.cells[0])
    fill_rows(model, table.rows)


def fill_rows(model, rows):
    """One row per item, copied from a model row that python-docx made: a table of thousands of rows
    takes a second instead of a minute of python-docx's per-cell calls."""
    for index, cell in enumerate(model.cells):
        cell.paragraphs[0].add_run(" ")  # one w:t per cell, for the copies to fill
        if index == 0 or all(isinstance(values[index], int) for values in rows):
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER  # numbers and counts
    model_row = row_element(model.cells[0])
    text_tag, space = qn("w:t"), "{http://www.w3.org/XML/1998/namespace}space"
    for values in rows:
        row = copy.deepcopy(model_row)
        for text, value in zip(row.iter(text_tag), values, strict=True):
            text.text = "" if value is None else xml_safe(str(value))
            text.set(space, "preserve")
        model_row.addprevious(row)
    model_row.getparent().remove(model_row)


def xml_safe(text: str) -> str:
    """Line breaks become spaces (a report cell is one paragraph); control characters XML refuses go."""
    return CONTROL_CHARACTERS.sub("", text.replace("\r\n", " ").replace("\n", " "))


def row_element(cell):
    return cell.paragraphs[0].paragraph_format.element.getparent().getparent()


def repeat_as_header(first_cell):
    """Word and LibreOffice repeat the row at the top of every page the table runs onto."""
    properties = row_element(first_cell).get_or_add_trPr()
    properties.append(OxmlElement("w:tblHeader"))


def closing(word, document):
    spacer = word.add_paragraph()
    spacer.paragraph_format.space_after = Pt(12)
    left_width, right_width = Cm(7.5), TEXT_WIDTH - Cm(7.5)
    table = borderless_table(word, [left_width, right_width])
    left, right = table.rows[0].cells
    label = left.paragraphs[0].add_run(_("Nơi nhận:"))
    label.bold, label.italic, label.font.size = True, True, Pt(12)
    for recipient in document.recipients:
        left.add_paragraph().add_run(f"- {recipient}").font.size = Pt(11)
    centred(right, document.signer_capacity, bold=True, size=TITLE_SIZE, first=True)
    centred(right, document.signer_title, bold=True, size=TITLE_SIZE)
    for _line in range(4):
        right.add_paragraph()
    centred(right, _("[Họ và tên người ký]"), bold=True, size=TITLE_SIZE)
