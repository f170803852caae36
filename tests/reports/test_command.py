"""``manage.py report --from … --to … --format docx|xlsx|html --output FILE``."""

import io

import docx
import openpyxl
import pytest
from django.core.management import CommandError, call_command

from tests.reports.known_data import TITLES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_issue_day")]


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.usefixtures("known")
def test_the_half_year_report_in_each_format(tmp_path):
    for fmt in ("docx", "xlsx", "html"):
        path = tmp_path / f"bao-cao.{fmt}"
        out, _err = run("--from", "2026-01-01", "--to", "2026-06-30", "--format", fmt, "--output", str(path))
        assert f"Đã ghi báo cáo Kết quả thực hiện các chương trình phối hợp 6 tháng đầu năm 2026 vào {path}" in out
    word = docx.Document(tmp_path / "bao-cao.docx")
    assert "Kết quả thực hiện các chương trình phối hợp 6 tháng đầu năm 2026" in [p.text for p in word.paragraphs]
    signed = openpyxl.load_workbook(tmp_path / "bao-cao.xlsx")["Ký kết"]
    assert [row[1] for row in signed.iter_rows(min_row=3, values_only=True)] == [TITLES["A"]]
    html = (tmp_path / "bao-cao.html").read_text()
    assert "Hải Phòng, ngày 05 tháng 12 năm 2026" in html and TITLES["A"] in html


@pytest.mark.usefixtures("known")
def test_a_region_and_a_kind_of_partner(tmp_path):
    path = tmp_path / "r.xlsx"
    run("--from", "2026-01-01", "--to", "2026-12-31", "--format", "xlsx", "--output", str(path), "--region", "hà nam")
    signed = openpyxl.load_workbook(path)["Ký kết"]
    assert [row[1] for row in signed.iter_rows(min_row=3, values_only=True)] == [TITLES["E"]]


def test_bad_input_gets_a_vietnamese_message(tmp_path):
    path = str(tmp_path / "r.docx")
    with pytest.raises(CommandError, match=r"Ngày kết thúc \(01/01/2026\) không được trước ngày bắt đầu"):
        run("--from", "2026-06-30", "--to", "2026-01-01", "--output", path)
    with pytest.raises(CommandError, match="Ngày bắt đầu không hợp lệ"):
        run("--from", "hôm qua", "--to", "2026-01-01", "--output", path)
    with pytest.raises(CommandError, match="Không có địa bàn “Sao Hỏa”"):
        run("--from", "2026-01-01", "--to", "2026-06-30", "--output", path, "--region", "Sao Hỏa")
    with pytest.raises(CommandError, match="Không ghi được tệp"):
        run("--from", "2026-01-01", "--to", "2026-06-30", "--output", str(tmp_path / "khong-co" / "r.docx"))
    assert not list(tmp_path.iterdir())


def test_an_empty_period_is_written_and_said(tmp_path):
    path = tmp_path / "r.docx"
    _out, err = run("--from", "2001-01-01", "--to", "2001-12-31", "--output", str(path))
    assert "Kỳ báo cáo năm 2001 không có số liệu" in err
    assert path.exists()
