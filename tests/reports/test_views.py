"""Who may open the report builder, what bad input gets, the downloads, the per-programme report."""

import io

import docx
import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.reports.known_data import HOST_NAME, TITLES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_issue_day")]
URL = "/quan-tri/bao-cao/"


def test_the_builder_lives_in_the_admin_and_is_linked_from_its_index(client, superuser):
    assert reverse("reports:period") == URL
    client.force_login(superuser)
    index = client.get("/quan-tri/").content.decode()
    assert f'href="{URL}"' in index
    page = client.get(URL)
    assert page.status_code == 200
    assert "Chọn kỳ báo cáo" in page.content.decode()
    assert "CỘNG HÒA" not in page.content.decode()  # no report before a period is chosen


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get(URL, {"kind": "nam", "year": 2026})
    assert response.status_code == 302
    assert response["Location"].startswith("/quan-tri/login/")


def test_staff_without_the_right_to_view_programmes_are_refused(client, django_user_model):
    user = django_user_model.objects.create_user("nhanvien", password="mat-khau-nhan-vien", is_staff=True)
    client.force_login(user)
    assert client.get(URL, {"kind": "nam", "year": 2026}).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="view_programme"))
    client.force_login(django_user_model.objects.get(pk=user.pk))
    assert client.get(URL, {"kind": "nam", "year": 2026}).status_code == 200


def test_editors_may_make_reports(client, editor):
    client.force_login(editor)
    assert client.get(URL, {"kind": "nam", "year": 2026}).status_code == 200


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"kind": "khoang", "start": "2026-06-30", "end": "2026-01-01"},
            "Ngày kết thúc (01/01/2026) không được trước ngày bắt đầu (30/06/2026).",
        ),
        ({"kind": "khoang", "start": "2026-01-01"}, "Hãy nhập ngày kết thúc kỳ báo cáo."),
        ({"kind": "khoang", "start": "30/02/2026", "end": "2026-03-01"}, "Ngày bắt đầu không hợp lệ"),
        ({"kind": "nam"}, "Hãy nhập năm báo cáo, ví dụ 2026."),
        ({"kind": "nam", "year": "hai nghìn"}, "Năm phải là một số, ví dụ 2026."),
        ({"kind": "nam", "year": "1800"}, "Năm phải từ 1945 trở đi."),
        ({"kind": "6-thang", "year": "2026"}, "Hãy chọn 6 tháng đầu năm hay 6 tháng cuối năm."),
        ({"kind": "6-thang", "year": "2026", "half": "3"}, "Hãy chọn một lựa chọn hợp lệ"),
        ({"kind": "nam", "year": "2026", "region": "999999"}, "Địa bàn đã chọn không còn; hãy chọn lại."),
        ({"kind": "nam", "year": "2026", "partner_kind": "ngoai-hanh-tinh"}, "Loại đối tác không hợp lệ"),
    ],
)
def test_bad_input_gets_a_clear_vietnamese_message(client, superuser, query, message):
    client.force_login(superuser)
    for fmt in ("", "docx", "xlsx", "in"):
        response = client.get(URL, {**query, "dinh-dang": fmt})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        text = response.content.decode()
        assert message in text
        assert "Chưa lập được báo cáo: hãy sửa các ô được đánh dấu bên dưới." in text


def test_an_empty_period_says_so(client, superuser, known):
    client.force_login(superuser)
    text = client.get(URL, {"kind": "nam", "year": 2010}).content.decode()
    assert "Kỳ báo cáo năm 2010 không có số liệu" in text


def test_the_downloads_are_word_and_excel_files_named_after_the_period(client, superuser, known):
    client.force_login(superuser)
    query = {"kind": "6-thang", "year": 2026, "half": 1}
    word = client.get(URL, {**query, "dinh-dang": "docx"})
    assert word["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert word["Content-Disposition"] == 'attachment; filename="bao-cao-20260101-20260630.docx"'
    assert "no-store" in word["Cache-Control"] or "max-age=0" in word["Cache-Control"]
    assert docx.Document(io.BytesIO(word.content)).tables[0].rows[0].cells[0].text.splitlines()[1] == HOST_NAME.upper()
    sheet = client.get(URL, {**query, "dinh-dang": "xlsx"})
    assert sheet["Content-Disposition"] == 'attachment; filename="bao-cao-20260101-20260630.xlsx"'
    assert "Ký kết" in openpyxl.load_workbook(io.BytesIO(sheet.content)).sheetnames
    printed = client.get(URL, {**query, "dinh-dang": "in"}).content.decode()
    assert '<button class="print-button" type="button" data-kp-print>In báo cáo</button>' in printed
    assert "reports/report.css" in printed and "print.css" in printed


def test_the_programme_report_is_pre_filled_from_its_records(client, superuser, known):
    programme = known["programmes"]["B"]
    client.force_login(superuser)
    url = reverse("reports:programme", kwargs={"pk": programme.pk})
    assert url == f"/quan-tri/bao-cao/chuong-trinh/{programme.pk}/"
    # The programme's admin page leads there.
    change_page = client.get(reverse("admin:agreements_programme_change", args=[programme.pk])).content.decode()
    assert f'href="{url}" id="bao-cao-chuong-trinh">Báo cáo tổng kết</a>' in change_page
    text = client.get(url).content.decode()
    assert f"Tổng kết chương trình {TITLES['B']}" in text
    word = docx.Document(io.BytesIO(client.get(url, {"dinh-dang": "docx"}).content))
    paragraphs = [p.text for p in word.paragraphs]
    assert "BÁO CÁO" in paragraphs
    assert f"Tổng kết chương trình {TITLES['B']}" in paragraphs
    assert (
        "Chương trình có 2 nội dung phối hợp: 1 hoàn thành, 1 đang thực hiện, 0 chưa triển khai, "
        "0 không thực hiện được."
    ) in paragraphs
    assert "Ký chương trình giai đoạn 2027-2030." in paragraphs  # the next steps of its tổng kết
    commitments = word.tables[2]
    assert [[cell.text for cell in row.cells][:4] for row in commitments.rows] == [
        ["STT", "Nội dung phối hợp", "Bên thực hiện", "Tình trạng"],
        ["1", "Xây dựng gia đình học tập", "Các bên", "Hoàn thành"],
        ["2", "Mở lớp xóa mù chữ cho phụ nữ", "Các bên", "Đang thực hiện"],
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url, {"dinh-dang": "xlsx"}).content))
    assert sheet.sheetnames == ["Báo cáo", "Các bên", "Nội dung phối hợp", "Tiến độ", "Sơ kết - tổng kết", "Bài viết"]
    assert client.get(reverse("reports:programme", kwargs={"pk": 999999})).status_code == 404


def test_a_long_table_lists_its_first_rows_on_the_page_and_every_row_in_the_files(
    client, superuser, known, monkeypatch
):
    monkeypatch.setattr("reports.document.PAGE_ROW_LIMIT", 3)
    client.force_login(superuser)
    query = {"kind": "nam", "year": 2026}
    page = client.get(URL, query).content.decode()
    assert "Trang này liệt kê 3 dòng đầu; còn 5 dòng nữa trong tệp Word (DOCX) và Excel (XLSX)." in page
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(URL, {**query, "dinh-dang": "xlsx"}).content))
    assert sheet["Nội dung phối hợp"].max_row == 2 + 8
