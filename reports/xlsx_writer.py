"""A report as an Excel workbook (openpyxl): a first sheet naming the report, then one sheet per
table, its header row bold and frozen, numbers stored as numbers. Written in openpyxl's write-only
mode, so memory stays flat however many rows a table has."""

import io
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from reports.document import Document

SHEET_NAME_LIMIT = 31
FORBIDDEN_IN_SHEET_NAMES = re.compile(r"[\[\]\*\?/\\:]")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
CONTROL_CHARACTERS = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]")
COLUMN_UNIT = 6  # characters per unit of a table's relative column widths


def sheet_name(name: str, taken: set) -> str:
    base = FORBIDDEN_IN_SHEET_NAMES.sub("-", name)[:SHEET_NAME_LIMIT]
    candidate, number = base, 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate, number = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix, number + 1
    taken.add(candidate.lower())
    return candidate


def write_xlsx(document: Document) -> bytes:
    workbook = Workbook(write_only=True)
    taken: set = set()
    cover = workbook.create_sheet(sheet_name(_("Báo cáo"), taken))
    cover.column_dimensions["A"].width = 100
    head = document.letterhead
    cover.append([styled(cover, head.organization.upper(), BOLD)])
    cover.append([head.number_line])
    cover.append([head.place_and_date])
    cover.append([])
    cover.append([styled(cover, document.title, TITLE)])
    cover.append([styled(cover, document.subject, BOLD)])
    if document.notice:
        cover.append([styled(cover, document.notice, BOLD)])
    for section in document.sections:
        for paragraph in section.paragraphs:
            cover.append([paragraph])
    for table in document.tables():
        sheet = workbook.create_sheet(sheet_name(table.key, taken))
        weights = table.widths or [3] * len(table.columns)
        for index, weight in enumerate(weights):
            sheet.column_dimensions[column_letter(index)].width = max(6, weight * COLUMN_UNIT)
        sheet.freeze_panes = "A3"
        sheet.append([styled(sheet, table.title, BOLD)])
        sheet.append([styled(sheet, column, BOLD) for column in table.columns])
        for row in table.rows:
            sheet.append([cell_value(value) for value in row])
        if not table.rows:
            sheet.append([table.empty_text])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def styled(sheet, value, font):
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    return cell


def cell_value(value):
    """Numbers stay numbers; text loses the control characters a spreadsheet cannot hold."""
    if isinstance(value, int | float):
        return value
    return CONTROL_CHARACTERS.sub("", "" if value is None else str(value))


def column_letter(index: int) -> str:
    return get_column_letter(index + 1)
