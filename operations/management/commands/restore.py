"""manage.py restore FILE [--force]: a backup made by `manage.py backup`, into an empty installation."""

from django.core.management.base import BaseCommand, CommandError

from operations.backups.archive import BackupError
from operations.backups.backup_restore import restore_backup
from operations.backups.command_arguments import add_input_arguments


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu (tạo bởi `manage.py backup`) vào cài đặt trống, sau khi kiểm tra mã SHA-256 của "
        "mọi tệp. Bản pg_dump: chỉ vào PostgreSQL, bằng pg_restore, vào một cơ sở dữ liệu mới (createdb; có hoặc "
        "không chạy migrate). Bản JSON: vào SQLite hoặc PostgreSQL đã chạy migrate. Thư mục media phải trống. "
        "--force xoá toàn bộ dữ liệu hiện có trước khi khôi phục."
    )

    def add_arguments(self, parser):
        add_input_arguments(parser, made_by="backup", kind="bản sao lưu")

    def handle(self, *args, archive, force, database, **options):
        try:
            result = restore_backup(archive, force=force, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        restored = "cơ sở dữ liệu (pg_restore)" if result.objects is None else f"{result.objects} bản ghi"
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục {restored} và {result.media_files} tệp media từ bản sao lưu lúc {result.created_at}."
            )
        )
