"""``manage.py report --from 2026-01-01 --to 2026-06-30 --format docx|xlsx|html --output FILE``:
the admin's period report, written to a file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string

from organizations.models import Organization, Region
from reports import period_document
from reports.docx_writer import write_docx
from reports.forms import PeriodKind, ReportForm
from reports.xlsx_writer import write_xlsx


class Command(BaseCommand):
    help = "Lập báo cáo các chương trình phối hợp trong một kỳ, ra tệp DOCX, XLSX hoặc HTML (bản in A4)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, help="Ngày bắt đầu, dạng 2026-01-01.")
        parser.add_argument("--to", dest="end", required=True, help="Ngày kết thúc, dạng 2026-06-30.")
        parser.add_argument("--format", choices=["docx", "xlsx", "html"], default="docx")
        parser.add_argument("--output", required=True, help="Tệp ghi ra.")
        parser.add_argument("--region", default="", help="Tên địa bàn, ví dụ: Hải Phòng.")
        parser.add_argument("--partner-kind", default="", choices=["", *Organization.Kind.values], help="Loại đối tác.")

    def handle(self, *args, start, end, format, output, region, partner_kind, **options):
        region_pk = ""
        if region:
            found = Region.objects.filter(name__iexact=region).first()
            if found is None:
                raise CommandError(f"Không có địa bàn “{region}”.")
            region_pk = str(found.pk)
        form = ReportForm(
            {"kind": PeriodKind.DATES, "start": start, "end": end, "region": region_pk, "partner_kind": partner_kind}
        )
        if not form.is_valid():
            messages = [str(message) for errors in form.errors.values() for message in errors]
            raise CommandError(" ".join(messages))
        document = period_document.build(form.period(), **form.filters())
        if format == "docx":
            content = write_docx(document)
        elif format == "xlsx":
            content = write_xlsx(document)
        else:
            content = render_to_string("reports/report_print.html", {"document": document, "query": ""}).encode()
        path = Path(output)
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Không ghi được tệp {path}: {error.strerror}.") from error
        if document.notice:
            self.stderr.write(document.notice)
        self.stdout.write(f"Đã ghi báo cáo {document.subject} vào {path} ({len(content):,} byte).".replace(",", "."))
