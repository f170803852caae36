"""The year report's DOCX opened by LibreOffice from Debian (``soffice --headless --convert-to pdf``):
it converts, lays out on A4 pages in the Decree 30 form, and its first page is kept as a PNG in the
test artifacts for a person to look at."""

import os
import re
import shutil
import subprocess

import pytest

from reports import period_document
from reports.docx_writer import write_docx
from reports.periods import Period
from tests.conftest import require_tool
from tests.reports.known_data import HOST_NAME, ISSUED_ON

pytestmark = pytest.mark.django_db

ARTIFACTS = os.environ.get("KP_ARTIFACTS") or os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts")


@pytest.fixture
def soffice():
    path = shutil.which("soffice")
    require_tool(path is not None, "soffice not found (apt-get install libreoffice-writer-nogui)")
    for tool in ("pdftotext", "pdfinfo", "pdftoppm"):
        require_tool(shutil.which(tool) is not None, f"{tool} not found (apt-get install poppler-utils)")
    return path


def test_libreoffice_lays_the_docx_out_on_a4_in_the_decree_form(known, soffice, tmp_path):
    document = period_document.build(Period.year(2026), issued_on=ISSUED_ON)
    source = tmp_path / "bao-cao-nam-2026.docx"
    source.write_bytes(write_docx(document))
    profile = tmp_path / "lo-profile"  # its own profile: several conversions may run at once
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    pdf = tmp_path / "bao-cao-nam-2026.pdf"
    assert pdf.exists()

    os.makedirs(ARTIFACTS, exist_ok=True)
    prefix = os.path.join(ARTIFACTS, "report-docx-libreoffice")
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), prefix], check=True)
    shutil.copy(pdf, f"{prefix}.pdf")
    assert os.path.getsize(f"{prefix}.png") > 10_000

    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595(\.\d+)? x 841(\.\d+)? pts \(A4\)", info), info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 2 <= pages <= 6

    first = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [line.strip() for line in first.splitlines() if line.strip()]
    # the two header columns side by side: the association on the left, the nation on the right
    assert re.fullmatch(r"HỘI KHUYẾN HỌC VIỆT NAM\s+CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", lines[0]), lines[0]
    assert lines[1].endswith("Độc lập - Tự do - Hạnh phúc"), lines[1]
    # the place and date under the motto, in the right half of the line
    assert re.search(r"^ {30,}Hải Phòng, ngày 05 tháng 12 năm 2026$", first, re.MULTILINE), first
    assert lines.index("BÁO CÁO") < lines.index("Kết quả thực hiện các chương trình phối hợp năm 2026")
    drawn = " ".join(
        subprocess.run(
            ["pdftotext", "-raw", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert f"HỘI KHUYẾN HỌC VIỆT NAM {HOST_NAME.upper()} Số: …/BC-HKH" in drawn

    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    for table in document.tables():
        assert table.title in text
    for label, count in [("Chương trình ký kết trong kỳ", 2), ("Chương trình kết thúc trong kỳ", 2), ("– sơ kết", 1)]:
        assert re.search(rf"^\s*[\d.]+\s+{label}\s+{count}$", first, re.MULTILINE), label
    assert "STT" in first.split("Bảng 2.")[1]  # the number column is wide enough for its heading
    assert "Nơi nhận:" in text and "TM. BAN THƯỜNG VỤ" in text and "CHỦ TỊCH" in text
