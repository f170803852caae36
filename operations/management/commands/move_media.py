"""manage.py move_media --to s3|disk: copy every media file to the other storage, verified by SHA-256."""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from operations.media_move import MoveError, configured_storage, media_storage_kinds, move_media


class Command(BaseCommand):
    help = (
        "Chuyển mọi tệp media giữa ổ đĩa (disk) và kho lưu trữ đối tượng S3 (s3): chép từng tệp, kiểm tra "
        "SHA-256, bỏ qua tệp đã có đúng nội dung (chạy lại an toàn), rồi dựng lại vùng công khai ở nơi đến. "
        "Nơi đi giữ nguyên (xem docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, choices=media_storage_kinds(), help="Nơi đến: disk hoặc s3.")
        parser.add_argument(
            "--from",
            dest="source",
            choices=media_storage_kinds(),
            help="Nơi đi (mặc định: nơi còn lại, không phải --to).",
        )

    def handle(self, *args, to, source=None, **options):
        source = source or next(kind for kind in media_storage_kinds() if kind != to)
        if source == to:
            raise CommandError("--from và --to phải khác nhau.")
        try:
            origin, destination = configured_storage(source), configured_storage(to)
        except ImproperlyConfigured as exc:
            raise CommandError(f"Chưa cấu hình nơi lưu trữ media ({source} → {to}): {exc}") from exc

        def report(name, state):
            if options["verbosity"] > 1:
                self.stdout.write(f"{state}: {name}")

        try:
            result = move_media(origin, destination, report=report)
        except MoveError as exc:
            raise CommandError(f"Chuyển media không thành công: {exc}. Chạy lại lệnh để tiếp tục.") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã chép {len(result.copied)} tệp từ {source} sang {to} (kiểm tra SHA-256), "
                f"{len(result.already_there)} tệp đã có sẵn đúng nội dung; {result.public} tệp công khai. "
                f"Đặt DJANGO_MEDIA_STORAGE={to} rồi khởi động lại các máy chủ ứng dụng."
            )
        )
