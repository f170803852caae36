"""manage.py sync_public_media: make the public media area anew from the database.

Run once after upgrading a portal whose uploads predate the public area, after copying media by
hand, or from cron as a safety net; a restore does it by itself (core/private_media.py)."""

from django.core.management.base import BaseCommand

from core.private_media import public_root, rebuild_public_area


class Command(BaseCommand):
    help = (
        "Tạo lại vùng tệp công khai (media/public/ hoặc public/ trong kho S3) theo cơ sở dữ liệu: "
        "chỉ tệp của nội dung đã xuất bản được phục vụ cho mọi người (xem docs/operations.md)."
    )

    def handle(self, *args, **options):
        count = rebuild_public_area()
        message = f"Đã công khai {count} tệp trong {public_root()}; các tệp khác chỉ nhân viên xem được."
        self.stdout.write(self.style.SUCCESS(message))
