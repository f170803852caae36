"""manage.py backup --output DIR_OR_FILE: the database and every media file in one .tar.gz."""

from django.core.management.base import BaseCommand, CommandError

from operations.backups.archive import BackupError
from operations.backups.backup_restore import create_backup
from operations.backups.command_arguments import add_output_arguments


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và mọi tệp media vào một tệp .tar.gz kèm mã kiểm tra SHA-256. Trên PostgreSQL: "
        "pg_dump (định dạng custom; cần pg_dump cùng phiên bản chính với máy chủ hoặc mới hơn), khôi phục bằng "
        "`manage.py restore` vào PostgreSQL. Trên SQLite: bản xuất JSON như `manage.py export`. "
        "Xem docs/operations.md."
    )

    def add_arguments(self, parser):
        add_output_arguments(parser)

    def handle(self, *args, output, database, **options):
        try:
            result = create_backup(output, using=database)
        except (BackupError, OSError) as error:
            raise CommandError(f"Sao lưu không thành công: {error}") from error
        saved = "cơ sở dữ liệu (pg_dump)" if result.objects is None else f"{result.objects} bản ghi"
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu {saved} và {result.media_files} tệp media "
                f"({result.size / (1024 * 1024):.1f} MB) vào {result.path}"
            )
        )
        if options["verbosity"] > 1:
            self.stdout.write(str(result.path))
