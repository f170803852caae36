"""manage.py import FILE [--force]: an archive made by `manage.py export`, into an empty installation."""

from django.core.management.base import BaseCommand, CommandError

from operations.backups.archive import BackupError
from operations.backups.command_arguments import add_input_arguments
from operations.backups.json_export import import_portal


class Command(BaseCommand):
    help = (
        "Nhập một bản xuất JSON (tạo bởi `manage.py export`, hoặc `manage.py backup` trên SQLite) vào cài đặt "
        "trống, SQLite hoặc PostgreSQL: cơ sở dữ liệu đã migrate và chưa có nội dung, thư mục media trống. "
        "--force xoá toàn bộ dữ liệu hiện có trước khi nhập."
    )

    def add_arguments(self, parser):
        add_input_arguments(parser, made_by="export", kind="bản xuất")

    def handle(self, *args, archive, force, database, **options):
        try:
            result = import_portal(archive, force=force, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nhập {result.objects} bản ghi và {result.media_files} tệp media "
                f"từ bản xuất lúc {result.created_at}."
            )
        )
