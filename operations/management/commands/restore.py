"""manage.py restore FILE [--force]: a backup made by `manage.py backup`, into an empty installation."""

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu (tạo bởi `manage.py backup`) vào cài đặt trống: cơ sở dữ liệu đã migrate "
        "và chưa có nội dung, thư mục media trống. --force xoá toàn bộ dữ liệu hiện có trước khi khôi phục."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp .tar.gz do `manage.py backup` tạo.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Xoá toàn bộ dữ liệu và tệp media hiện có rồi thay bằng bản sao lưu.",
        )
        parser.add_argument("--database", default="default", help="Bí danh cơ sở dữ liệu (mặc định: default).")

    def handle(self, *args, archive, force, database, **options):
        try:
            result = restore_backup(archive, force=force, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục {result.objects} bản ghi và {result.media_files} tệp media "
                f"từ bản sao lưu lúc {result.created_at}."
            )
        )
