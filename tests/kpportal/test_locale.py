"""The project's Vietnamese catalogue (locale/vi): compiled as written, and in use where Django would
otherwise answer staff and readers in English."""

import ast
import gettext
import re

import pytest
from django import forms
from django.conf import settings
from django.test import Client
from django.urls import reverse

CATALOGUE = settings.BASE_DIR / "locale" / "vi" / "LC_MESSAGES"


def read_po(path):
    """{msgid: msgstr} and {(msgid, index): msgstr} for plurals, as Python's gettext keys a .mo."""
    entries = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields, key = {}, None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            if match := re.match(r'(msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line):
                key = match.group(1)
                fields[key] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and key:
                fields[key] += ast.literal_eval(line)
        if fields.get("msgid"):
            if "msgid_plural" in fields:
                for name, value in fields.items():
                    if index := re.fullmatch(r"msgstr\[(\d+)\]", name):
                        entries[(fields["msgid"], int(index.group(1)))] = value
            else:
                entries[fields["msgid"]] = fields["msgstr"]
    return entries


class CatalogueTests:
    def test_the_compiled_catalogue_is_the_source_compiled(self):
        # Django reads only the .mo; an edit to the .po that was not compiled would silently not show.
        with (CATALOGUE / "django.mo").open("rb") as compiled:
            catalogue = gettext.GNUTranslations(compiled)._catalog
        catalogue = {key: value for key, value in catalogue.items() if key != ""}
        assert catalogue == read_po(CATALOGUE / "django.po")

    def test_every_entry_is_translated(self):
        assert [msgid for msgid, msgstr in read_po(CATALOGUE / "django.po").items() if not msgstr] == []


@pytest.mark.django_db
class UntranslatedDjangoStringsTests:
    def test_a_failed_admin_login_is_titled_in_vietnamese(self, client):
        response = client.post(reverse("admin:login"), {"username": "khong-co", "password": "sai-mat-khau"})
        title = re.search(r"<title>(.*?)</title>", response.content.decode()).group(1)
        assert title.startswith("Lỗi: ")
        assert "Error" not in title

    def test_an_admin_form_with_errors_says_so_in_vietnamese(self, client, superuser):
        client.force_login(superuser)
        response = client.post(reverse("admin:organizations_organization_add"), {})
        html = response.content.decode()
        assert "Hãy sửa các lỗi được đánh dấu bên dưới." in html
        assert "Please correct" not in html

    def test_a_null_character_is_refused_in_vietnamese(self):
        form = forms.Form(data={"ten": "Hội\x00 Khuyến học"})
        form.fields["ten"] = forms.CharField()
        assert not form.is_valid()
        assert form.errors["ten"] == [
            "Nội dung chứa ký tự rỗng (NUL), không được chấp nhận. Hãy gõ hoặc dán lại đoạn văn bản."
        ]

    def test_a_reader_whose_form_fails_the_csrf_check_reads_why_in_vietnamese(self):
        response = Client(enforce_csrf_checks=True).post(reverse("feedback"), {"name": "Lan"})
        assert response.status_code == 403
        html = response.content.decode()
        assert "Không xác minh được biểu mẫu (CSRF)" in html
        assert "CSRF verification failed" not in html
