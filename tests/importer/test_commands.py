"""manage.py import_article: the same engine from the command line."""

import json

import pytest
from django.core.management import CommandError, call_command

from agreements.models import Programme
from importer.models import ImportRecord
from news.models import Article
from tests.factories import CategoryFactory
from tests.importer.conftest import CORPUS

pytestmark = pytest.mark.django_db

KEYS = {"title", "published", "author", "source", "is_signing_event", "programme"}
PROGRAMME_KEYS = {
    "title", "period_start_year", "period_end_year", "signing_date", "venue", "parties", "signatories", "commitments",
}  # fmt: skip


def run(*args, capsys):
    call_command("import_article", *[str(a) for a in args])
    captured = capsys.readouterr()
    return captured.out, captured.err


class DryRunJSONTests:
    def test_each_file_prints_one_json_object_with_the_issues_keys(self, capsys):
        files = [CORPUS / "01_lechan_quan_doan.txt", CORPUS / "08_thaibinh_so_ket.txt"]
        out, _err = run(*files, "--dry-run", "--json", capsys=capsys)
        signing, review = [json.loads(line) for line in out.splitlines()]
        assert set(signing) == KEYS and set(signing["programme"]) == PROGRAMME_KEYS
        assert signing["published"] == "2024-10-14T09:42:00+07:00"
        assert signing["programme"]["signing_date"] == "2024-10-12"
        assert signing["programme"]["parties"] == ["Quận đoàn Lê Chân", "Hội Khuyến học quận Lê Chân"]
        assert signing["programme"]["signatories"][0] == {
            "name": "Trần Văn Khải",
            "position": "Chủ tịch Hội Khuyến học quận Lê Chân",
            "organization": "Hội Khuyến học quận Lê Chân",
        }
        assert (review["is_signing_event"], review["programme"]) == (False, None)

    def test_the_json_is_what_the_corpus_expects(self, capsys):
        out, _err = run(CORPUS / "06_quangtri_cap_nhat.txt", "--dry-run", "--json", capsys=capsys)
        expected = json.loads((CORPUS / "06_quangtri_cap_nhat.json").read_text(encoding="utf-8"))
        expected.pop("captions")
        assert json.loads(out) == expected

    def test_a_dry_run_writes_nothing(self, capsys):
        run(CORPUS / "01_lechan_quan_doan.txt", "--dry-run", "--json", capsys=capsys)
        assert not Article.objects.exists() and not ImportRecord.objects.exists()

    def test_an_html_file_is_read_as_its_text(self, capsys):
        out, _err = run(CORPUS / "12_bacgiang_html.html", "--dry-run", "--json", capsys=capsys)
        assert json.loads(out)["source"] == "Báo Bắc Giang"

    def test_without_json_the_reading_is_printed_for_a_person(self, capsys):
        out, _err = run(CORPUS / "10_laocai_trien_khai.txt", "--dry-run", capsys=capsys)
        assert "title: Hội Khuyến học tỉnh Lào Cai triển khai nhiệm vụ năm 2025" in out
        assert "không đề xuất chương trình: Bài viết đưa tin hội nghị triển khai" in out


class WritingTests:
    def test_without_dry_run_the_drafts_are_created_once(self, capsys, editor):
        category = CategoryFactory(name="Tin nhập")
        path = CORPUS / "13_tienlu_quy_che.txt"
        out, err = run(path, "--json", "--user", editor.username, "--category", category.slug, capsys=capsys)
        assert (
            json.loads(out)["programme"]["title"]
            == "Quy chế phối hợp trong công tác khuyến học, khuyến tài giai đoạn 2024-2026"
        )
        article = Article.objects.get()
        assert (article.status, article.category, article.created_by) == ("draft", category, editor)
        programme = Programme.objects.get()
        assert programme.is_published is False and programme.parties.count() == 2
        assert f"đã tạo bài viết nháp #{article.pk}, chương trình nháp #{programme.pk}" in err

        out, err = run(path, "--json", capsys=capsys)
        assert json.loads(out)["title"] == article.title
        assert "đã nhập trước đó" in err
        assert (Article.objects.count(), Programme.objects.count()) == (1, 1)

    def test_no_programme_leaves_the_programme_out(self, capsys):
        run(CORPUS / "13_tienlu_quy_che.txt", "--no-programme", capsys=capsys)
        assert Article.objects.count() == 1 and not Programme.objects.exists()

    def test_a_bad_file_is_reported_the_others_are_imported_and_the_command_fails(self, tmp_path, capsys):
        empty = tmp_path / "rong.txt"
        empty.write_text("", encoding="utf-8")
        with pytest.raises(CommandError, match="2/3 tệp không nhập được"):
            call_command(
                "import_article", str(empty), str(tmp_path / "khong-co.txt"), str(CORPUS / "15_hiephoa_dai_hoi.txt")
            )
        err = capsys.readouterr().err
        assert "rong.txt: Chưa có nội dung" in err and "khong-co.txt: không đọc được tệp" in err
        assert Article.objects.count() == 1

    def test_an_unknown_user_or_category_is_refused_before_anything_is_read(self):
        with pytest.raises(CommandError, match="Không có người dùng"):
            call_command("import_article", str(CORPUS / "15_hiephoa_dai_hoi.txt"), "--user", "ai-do")
        with pytest.raises(CommandError, match="Không có chuyên mục"):
            call_command("import_article", str(CORPUS / "15_hiephoa_dai_hoi.txt"), "--category", "khong-co")
        assert not Article.objects.exists()
