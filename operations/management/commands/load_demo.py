import time

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from operations.demo import ensure_demo_users, load_demo_content, refuse_production_settings
from operations.demo.pictures import MISSING_FONT_WARNING, fonts_available


class Command(BaseCommand):
    help = (
        "Nạp nội dung trình diễn (tổ chức, chương trình phối hợp, bài viết có ảnh minh họa, văn bản ký kết mẫu) "
        "và tài khoản mẫu. Chạy lại không thay đổi gì. Không chạy với cấu hình sản xuất."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-users", action="store_true", help="Không tạo tài khoản trình diễn.")

    def handle(self, *args, no_users=False, **options):
        try:
            refuse_production_settings()
        except ImproperlyConfigured as refusal:
            raise CommandError(str(refusal)) from None
        if not fonts_available():
            self.stderr.write(self.style.WARNING(MISSING_FONT_WARNING))
        started = time.monotonic()
        counts = load_demo_content()
        self.stdout.write(
            self.style.SUCCESS(
                "Nội dung trình diễn: {organizations} tổ chức, {programmes} chương trình, {articles} bài viết "
                "({seconds:.1f} giây).".format(**counts, seconds=time.monotonic() - started)
            )
        )
        if not no_users:
            self.stdout.write("Tài khoản trình diễn (đổi mật khẩu trước khi dùng thật):")
            for username, password, role in ensure_demo_users():
                self.stdout.write(f"  {username} / {password}  ({role})")
