"""What the review page marks as unsure, so that staff know where to look first.

A mark names why the rules could not be sure: a value the text does not state (no date line, no period),
one they had to build (a programme title from its parties), or one they found but could not place (a party
not among the known organizations)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from importer import rules

DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"


def field_doubts(extraction: rules.Extraction) -> dict[str, str]:
    """Review-form field name -> why its proposed value needs a look."""
    doubts = {}
    if not extraction.title.value:
        doubts["title"] = _("Bài không có dòng tiêu đề; đây là câu đầu của bài, hãy viết lại tiêu đề.")
    if extraction.published.value is None:
        doubts["published_at"] = _("Bài không ghi ngày đăng; hãy nhập nếu biết (dd/mm/yyyy).")
    if not extraction.author.value:
        doubts["byline"] = _("Không thấy tên tác giả ở đầu hay cuối bài.")
    proposal = extraction.programme
    if proposal is None:
        return doubts
    if not proposal.title.value:
        doubts["programme_title"] = _(
            "Bài không nêu tên chương trình; tên này được ghép từ loại văn bản, các bên và giai đoạn."
        )
    start, end = proposal.period_start_year.value, proposal.period_end_year.value
    if start is None:
        doubts["start_year"] = _("Bài không nêu giai đoạn của chương trình; hãy nhập năm bắt đầu.")
    elif end is None or end == start:
        doubts["end_year"] = _("Giai đoạn chỉ có một năm; hãy kiểm tra năm kết thúc.")
    if proposal.signing_date.value is None:
        doubts["signing_date"] = _("Bài không ghi đủ ngày ký (không có năm hay không có ngày đăng để suy ra năm).")
    if not proposal.commitments:
        doubts["commitments"] = _("Không thấy nội dung phối hợp được liệt kê trong bài.")
    return doubts


def party_doubt(party: rules.PartyProposal) -> str:
    if party.organization_pk is None:
        return str(_("Chưa có trong danh bạ: cổng sẽ tạo tổ chức mới với tên bên cạnh; hãy kiểm tra tên."))
    return ""


def signatories_doubt(extraction: rules.Extraction) -> str:
    if extraction.programme is not None and not extraction.programme.signatories:
        return str(_("Bài không nêu ai ký; nếu biết, hãy thêm người ký ở dòng trống."))
    return ""


def shown_published(value: datetime.datetime | datetime.date | None) -> str:
    """dd/mm/yyyy, with the time only when the page gave one."""
    if isinstance(value, datetime.datetime):
        return value.strftime(DATETIME_FORMAT)
    return value.strftime(DATE_FORMAT) if value else ""


def shown_date(value: datetime.date | None) -> str:
    return value.strftime(DATE_FORMAT) if value else ""
