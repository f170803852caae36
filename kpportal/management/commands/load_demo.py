from django.core.management.base import BaseCommand

from kpportal.demo import ensure_demo_users, load_demo_content


class Command(BaseCommand):
    help = (
        "Nạp nội dung trình diễn (tổ chức, chương trình phối hợp, bài viết) và tài khoản mẫu. "
        "Chạy lại không thay đổi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-users", action="store_true", help="Không tạo tài khoản trình diễn.")

    def handle(self, *args, no_users=False, **options):
        counts = load_demo_content()
        self.stdout.write(
            self.style.SUCCESS(
                "Nội dung trình diễn: {organizations} tổ chức, {programmes} chương trình, {articles} bài viết.".format(
                    **counts
                )
            )
        )
        if not no_users:
            self.stdout.write("Tài khoản trình diễn (đổi mật khẩu trước khi dùng thật):")
            for username, password, role in ensure_demo_users():
                self.stdout.write(f"  {username} / {password}  ({role})")
