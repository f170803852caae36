"""manage.py setup_portal: an empty, migrated installation becomes one association's own portal.

It records the host association (the organization whose name, contacts, managing body and licence
line appear in the masthead and footer) and the first superuser, creates no demo content, and says
what to do next. Interactive by default (Vietnamese questions, each answer checked at once);
``--no-input`` with flags for scripts, the password then coming from ``DJANGO_SUPERUSER_PASSWORD``
as for Django's ``createsuperuser``. Running it again with the same answers changes nothing; a
different host is refused unless ``--update`` says to change it.
"""

import getpass
import os
import sys

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.site_address import site_url
from organizations.models import Organization, Region

PASSWORD_VARIABLE = "DJANGO_SUPERUSER_PASSWORD"
# (model field, option, question, required): the host association, in the order they are asked.
HOST_FIELDS = [
    ("name", "--name", "Tên đầy đủ của hội (ví dụ: Hội Khuyến học tỉnh Ninh Bình)", True),
    ("short_name", "--short-name", "Tên ngắn hiện ở đầu trang (để trống: dùng tên đầy đủ)", False),
    ("abbreviation", "--abbreviation", "Tên viết tắt (ví dụ: HKH)", False),
    ("region", "--region", "Tỉnh/thành phố của hội (ví dụ: Ninh Bình)", False),
    ("address", "--address", "Địa chỉ trụ sở", True),
    ("managing_body", "--managing-body", "Cơ quan chủ quản của cổng (hiện ở chân trang)", True),
    ("content_responsible", "--content-responsible", "Người chịu trách nhiệm nội dung", False),
    ("licence", "--licence", "Dòng giấy phép hiện ở chân trang (để trống nếu chưa có)", False),
    ("phone", "--phone", "Điện thoại", False),
    ("email", "--email", "Thư điện tử liên hệ", False),
    ("website", "--website", "Trang web (https://…)", False),
    ("fanpage", "--fanpage", "Fanpage (https://…)", False),
]
QUIT = "Đã dừng: không còn câu trả lời nào để đọc. Chưa lưu gì."


class Command(BaseCommand):
    help = (
        "Thiết lập cổng cho hội của bạn: thông tin cơ quan chủ quản (tên, địa chỉ, cơ quan chủ quản, dòng giấy "
        "phép, liên hệ, fanpage) và tài khoản quản trị đầu tiên. Không tạo nội dung trình diễn."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        for field, option, question, _required in HOST_FIELDS:
            parser.add_argument(option, dest=field, help=question + ".")
        parser.add_argument("--username", help="Tên đăng nhập của quản trị viên đầu tiên.")
        parser.add_argument("--user-email", default=None, help="Thư điện tử của quản trị viên đầu tiên.")
        parser.add_argument(
            "--update", action="store_true", help="Cho phép sửa thông tin cơ quan chủ quản đã thiết lập."
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help=f"Không hỏi gì: lấy thông tin từ các tham số, mật khẩu từ biến môi trường {PASSWORD_VARIABLE}.",
        )

    def handle(self, *args, interactive=True, update=False, **options):
        self.stdin = options.get("stdin", sys.stdin)
        self.interactive = interactive
        host = Organization.objects.host()
        given = {field: options[field].strip() for field, *_ in HOST_FIELDS if options.get(field) is not None}
        if host is not None and not update:
            changes = self.differences(host, given)
            if changes:
                raise CommandError(
                    f"Cổng đã có cơ quan chủ quản: «{host.name}». Không ghi đè thông tin đã có "
                    f"(khác ở: {', '.join(changes)}). Chạy lại với --update để sửa, hoặc sửa trong trang quản trị "
                    "(Tổ chức). Nếu đây là nội dung trình diễn của `make run`, hãy thiết lập trên một cơ sở dữ "
                    "liệu mới (DATABASE_URL) rồi chạy `manage.py migrate` trước."
                )
            self.stdout.write(f"Cổng đã được thiết lập cho «{host.name}»; thông tin cơ quan chủ quản giữ nguyên.")
            values = None
        else:
            values = self.host_values(host, given)
        account = self.superuser_values(options["username"], options["user_email"])
        with transaction.atomic():
            if values is not None:
                host = self.save_host(host, values)
            if account is not None:
                self.create_superuser(*account)
        self.next_steps(host, account)

    # --- the host association -------------------------------------------------------------------

    @staticmethod
    def current(host, field):
        if host is None:
            return ""
        if field == "region":
            return host.region.name if host.region_id else ""
        return getattr(host, field)

    def differences(self, host, given):
        return [
            option for field, option, *_ in HOST_FIELDS if field in given and given[field] != self.current(host, field)
        ]

    def host_values(self, host, given):
        values = {field: self.current(host, field) for field, *_ in HOST_FIELDS} | given
        if self.interactive:
            self.stdout.write("Thông tin hội chủ quản cổng (Enter: giữ giá trị trong ngoặc vuông).")
            for field, _option, question, required in HOST_FIELDS:
                if field not in given:
                    values[field] = self.ask_field(field, question, required, default=values[field])
        errors = self.host_errors(values)
        if errors:
            raise CommandError("Chưa thiết lập: thông tin chưa hợp lệ.\n" + "\n".join(errors))
        return values

    def ask_field(self, field, question, required, default=""):
        while True:
            answer = self.ask(question, default)
            error = self.field_error(field, answer, required)
            if error is None:
                return answer
            self.stderr.write(f"  {error}")

    @staticmethod
    def field_error(field, value, required):
        if required and not value:
            return "Cần điền mục này."
        if field == "region":
            model_field = Region._meta.get_field("name")
        else:
            model_field = Organization._meta.get_field(field)
        try:
            model_field.clean(value, None)
        except ValidationError as error:
            return " ".join(error.messages)
        return None

    def host_errors(self, values):
        errors = []
        for field, option, _question, required in HOST_FIELDS:
            error = self.field_error(field, values[field], required)
            if error:
                errors.append(f"  {option}: {error}")
        return errors

    def save_host(self, host, values):
        values = dict(values)
        region_name = values.pop("region")
        region = Region.objects.get_or_create(name=region_name)[0] if region_name else None
        host = host or Organization(
            kind=Organization.Kind.STUDY_PROMOTION, is_member=True, is_host=True, is_published=True
        )
        for field, value in values.items():
            setattr(host, field, value)
        host.region = region
        try:
            host.full_clean(exclude=["slug"])
        except ValidationError as error:
            raise CommandError("Chưa thiết lập: " + " ".join(error.messages)) from error
        host.save()
        return host

    # --- the first superuser ----------------------------------------------------------------------

    def superuser_values(self, username, email):
        """(username, email, password) of the superuser to create, or None if there is one already."""
        User = get_user_model()
        if username is None and User.objects.filter(is_superuser=True).exists():
            return None
        if username is not None:
            existing = User.objects.filter(username=username).first()
            if existing is not None and existing.is_superuser:
                return None
            if existing is not None:
                raise CommandError(f"Đã có người dùng «{username}» nhưng không phải quản trị viên: chọn tên khác.")
        if not self.interactive:
            return self.superuser_from_options(username, email or "")
        self.stdout.write("Tài khoản quản trị viên đầu tiên (toàn quyền).")
        if username is None:
            username = self.ask_username()
        if email is None:
            email = self.ask_valid("Thư điện tử của quản trị viên (có thể để trống)", self.email_error)
        while True:
            password = self.ask_password("Mật khẩu")
            if password != self.ask_password("Nhập lại mật khẩu"):
                self.stderr.write("  Hai lần nhập mật khẩu không giống nhau.")
                continue
            error = self.password_error(password, username, email)
            if error is None:
                return username, email, password
            self.stderr.write(f"  {error}")

    def superuser_from_options(self, username, email):
        password = os.environ.get(PASSWORD_VARIABLE, "")
        if username is None or not password:
            raise CommandError(
                "Chưa có quản trị viên nào: cho tên đăng nhập bằng --username và mật khẩu bằng biến môi trường "
                f"{PASSWORD_VARIABLE}. Chưa lưu gì."
            )
        checks = (
            self.username_error(username),
            self.email_error(email),
            self.password_error(password, username, email),
        )
        errors = [error for error in checks if error]
        if errors:
            raise CommandError("Chưa thiết lập: tài khoản quản trị chưa hợp lệ. " + " ".join(errors))
        return username, email, password

    def ask_username(self):
        return self.ask_valid("Tên đăng nhập của quản trị viên", self.username_error, default="quantri")

    def ask_valid(self, question, check, default=""):
        while True:
            answer = self.ask(question, default)
            error = check(answer)
            if error is None:
                return answer
            self.stderr.write(f"  {error}")

    @staticmethod
    def username_error(username):
        User = get_user_model()
        if not username:
            return "Cần tên đăng nhập."
        try:
            User._meta.get_field(User.USERNAME_FIELD).clean(username, None)
        except ValidationError as error:
            return " ".join(error.messages)
        if User.objects.filter(username=username).exists():
            return f"Đã có người dùng «{username}»."
        return None

    @staticmethod
    def email_error(email):
        try:
            get_user_model()._meta.get_field("email").clean(email, None)
        except ValidationError as error:
            return " ".join(error.messages)
        return None

    @staticmethod
    def password_error(password, username, email):
        user = get_user_model()(username=username, email=email)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            return "Mật khẩu chưa dùng được: " + " ".join(error.messages)
        return None

    def create_superuser(self, username, email, password):
        get_user_model().objects.create_superuser(username=username, email=email, password=password)

    # --- questions and answers --------------------------------------------------------------------

    def ask(self, question, default=""):
        prompt = f"{question} [{default}]: " if default else f"{question}: "
        self.stdout.write(prompt, ending="")
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            raise CommandError(QUIT)
        return line.strip() or default

    def ask_password(self, question):
        if hasattr(self.stdin, "isatty") and self.stdin.isatty():
            return getpass.getpass(f"{question}: ")
        self.stdout.write(f"{question}: ", ending="")
        line = self.stdin.readline()
        if not line:
            raise CommandError(QUIT)
        return line.rstrip("\r\n")

    def next_steps(self, host, account):
        address = site_url()
        lines = [self.style.SUCCESS(f"Cổng thông tin của «{host.name}» đã sẵn sàng (chưa có nội dung nào).")]
        if account is not None:
            lines.append(f"Đã tạo quản trị viên «{account[0]}».")
        lines += [
            "Việc tiếp theo:",
            f"  1. Đăng nhập trang quản trị: {address}/quan-tri/",
            f"  2. Tải biểu trưng (logo) của hội lên: Tổ chức → {host.name}.",
            "  3. Tạo tài khoản cho người viết (nhóm «Biên tập viên») và người duyệt đăng (nhóm «Xuất bản»).",
            "  4. Nhập các tổ chức thành viên, chương trình phối hợp và bài viết.",
            "  5. Khi đưa lên mạng: đặt DJANGO_SITE_URL là địa chỉ công khai https://… (mã QR, RSS, sơ đồ trang "
            "dùng địa chỉ này), rồi đặt lịch sao lưu theo docs/operations.md.",
        ]
        if not host.licence:
            lines.append("  Chưa có dòng giấy phép: thêm vào khi được cấp (Tổ chức → cơ quan chủ quản).")
        self.stdout.write("\n".join(lines))
