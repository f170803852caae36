"""manage.py export --output DIR_OR_FILE: every row as JSON and every media file, for any database."""

from django.core.management.base import BaseCommand, CommandError

from operations.backups.archive import BackupError
from operations.backups.command_arguments import add_output_arguments
from operations.backups.json_export import export_portal


class Command(BaseCommand):
    help = (
        "Xuất mọi bản ghi (JSON của Django) và mọi tệp media vào một tệp .tar.gz kèm mã kiểm tra SHA-256, để "
        "chuyển cổng giữa SQLite và PostgreSQL (`manage.py import` ở nơi đến). Không thay cho `manage.py backup` "
        "trên PostgreSQL: mọi bản ghi đi qua Python. Xem docs/operations.md."
    )

    def add_arguments(self, parser):
        add_output_arguments(parser)

    def handle(self, *args, output, database, **options):
        try:
            result = export_portal(output, using=database)
        except (BackupError, OSError) as error:
            raise CommandError(f"Xuất dữ liệu không thành công: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã xuất {result.objects} bản ghi và {result.media_files} tệp media "
                f"({result.size / (1024 * 1024):.1f} MB) vào {result.path}"
            )
        )
