import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from importer import drafts, services
from news.models import Category


class Command(BaseCommand):
    help = (
        "Đọc trang bài viết (.txt/.html) và tạo bài viết nháp, cùng chương trình phối hợp nháp nếu bài đưa tin "
        "một lễ ký kết. Nhập lại cùng một bài không tạo gì mới. --dry-run chỉ đọc, không ghi."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="Tệp .txt hoặc .html của trang bài viết.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đọc và in kết quả, không tạo gì.")
        parser.add_argument("--json", action="store_true", help="In mỗi tệp một đối tượng JSON trên một dòng.")
        parser.add_argument("--source-url", default="", help="Địa chỉ bài gốc (khi nhập một tệp).")
        parser.add_argument("--user", default="", help="Tên đăng nhập của người nhập (ghi vào bài nháp).")
        parser.add_argument("--category", default="", help="Đường dẫn (slug) của chuyên mục cho bài nháp.")
        parser.add_argument("--no-programme", action="store_true", help="Chỉ tạo bài viết, không tạo chương trình.")

    def handle(self, *args, files, dry_run, json, source_url, user, category, no_programme, **options):
        as_json = json
        author = self._user(user)
        chosen_category = self._category(category)
        failed = 0
        for name in files:
            path = Path(name)
            try:
                data = path.read_bytes()
            except OSError as exc:
                self.stderr.write(f"{name}: không đọc được tệp ({exc.strerror}).")
                failed += 1
                continue
            try:
                if dry_run:
                    prepared = services.prepare_import(data=data, filename=path.name, source_url=source_url)
                    self._print(name, prepared.extraction, prepared.warnings, as_json)
                    continue
                result = drafts.import_article(
                    data=data,
                    filename=path.name,
                    source_url=source_url,
                    user=author,
                    category=chosen_category,
                    with_programme=not no_programme,
                )
            except services.ImportRejected as exc:
                self.stderr.write(f"{name}: {exc.message}")
                failed += 1
                continue
            self._print(name, result.extraction, result.warnings, as_json)
            if result.created:
                programme = f", chương trình nháp #{result.programme.pk}" if result.programme else ""
                self.stderr.write(f"{name}: đã tạo bài viết nháp #{result.article.pk}{programme}.")
            else:
                self.stderr.write(f"{name}: đã nhập trước đó (bài viết nháp #{result.article.pk}); không tạo gì mới.")
        if failed:
            raise CommandError(f"{failed}/{len(files)} tệp không nhập được.")

    def _print(self, name, extraction, warnings, as_json):
        if as_json:
            self.stdout.write(json.dumps(extraction.as_json(), ensure_ascii=False))
            return
        data = extraction.as_json()
        self.stdout.write(f"== {name}")
        for key in ("title", "published", "author", "source"):
            self.stdout.write(f"  {key}: {data[key] or '—'}")
        if extraction.programme:
            programme = data["programme"]
            self.stdout.write(f"  chương trình: {programme['title']}")
            self.stdout.write(
                f"    giai đoạn {programme['period_start_year']}–{programme['period_end_year'] or '…'}, "
                f"ký ngày {programme['signing_date'] or '—'} tại {programme['venue'] or '—'}"
            )
            for party in programme["parties"]:
                self.stdout.write(f"    bên: {party}")
            for person in programme["signatories"]:
                self.stdout.write(f"    người ký: {person['name']}, {person['position']} ({person['organization']})")
            for number, commitment in enumerate(programme["commitments"], start=1):
                self.stdout.write(f"    {number}. {commitment}")
        else:
            self.stdout.write(f"  không đề xuất chương trình: {extraction.not_signing_reason}")
        for warning in warnings:
            self.stdout.write(f"  lưu ý: {warning}")

    def _user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"Không có người dùng “{username}”.") from exc

    def _category(self, slug):
        if not slug:
            return None
        try:
            return Category.objects.get(slug=slug)
        except Category.DoesNotExist as exc:
            raise CommandError(f"Không có chuyên mục “{slug}”.") from exc
