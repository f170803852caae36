"""importer.services and importer.drafts: checking input, writing drafts in one transaction, importing the same
article once."""

import datetime

import pytest
from django.db import IntegrityError

from agreements.models import Commitment, Party, Programme, Signatory
from importer import drafts, services
from importer.forms import ImportForms
from importer.models import ImportRecord
from news.models import Article, Category
from organizations.models import Organization
from tests.factories import VN, ArticleFactory, CategoryFactory, OrganizationFactory, png_bytes
from tests.importer.conftest import CORPUS, corpus_text

pytestmark = pytest.mark.django_db

LE_CHAN = "01_lechan_quan_doan.txt"


def proposed(text):
    """The reading of ``text`` and the review forms' data as the rules propose it."""
    prepared = services.prepare_import(text=text)
    return prepared, ImportForms.proposed(prepared.extraction).as_data()


def write(prepared, data):
    forms = ImportForms.submitted(data)
    forms.is_valid()
    return forms, lambda: drafts.create_drafts(extraction=prepared.extraction, forms=forms)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Article, Programme, Party, Signatory, Commitment, Organization, ImportRecord, Category)
    }


class BadInputTests:
    NOT_AN_ARTICLE = [
        "Trang chủ\nTin tức\nLiên hệ\nĐăng nhập",
        "Hội Khuyến học thành phố.",
        "ma_to_chuc,ten,viet_tat\n1,Hội Khuyến học,HKH\n2,Thành đoàn,TĐ\n",
        "<html><body><script>alert('x')</script><p>Xin chào</p></body></html>",
    ]

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"text": ""}, "Chưa có nội dung"),
            ({"text": "   \n\n  "}, "Chưa có nội dung"),
            ({"text": "á" * (services.MAX_INPUT_BYTES // 2 + 1)}, "lớn hơn 1 MB"),
            ({"data": b"a" * (services.MAX_INPUT_BYTES + 1), "filename": "bai.txt"}, "lớn hơn 1 MB"),
            ({"data": png_bytes(), "filename": "bai.txt"}, "không phải là văn bản"),
            ({"text": "\x01\x02\x03\x1b[0m" * 200}, "không phải là văn bản"),
            ({"data": b"\xff\xfe\xfd\x00\x01" * 50, "filename": "bai.txt"}, "không phải là văn bản"),
            (
                {"data": b"B\xe0i vi\xeat v\xea\xf2 khuy\xea\xf2n h\xf2c", "filename": "bai.txt"},
                "không phải là văn bản",
            ),
            ({"data": b"%PDF-1.7 ...", "filename": "bai.pdf"}, "Chỉ nhận tệp .txt hoặc .html"),
            ({"text": corpus_text(LE_CHAN), "source_url": "javascript:alert(1)"}, "Địa chỉ nguồn không hợp lệ"),
            *[({"text": text}, "Không nhận ra một bài viết") for text in NOT_AN_ARTICLE],
        ],
    )
    def test_bad_input_is_refused_with_a_vietnamese_message_and_nothing_is_written(self, kwargs, message):
        before = counts()
        with pytest.raises(services.ImportRejected) as refused:
            drafts.import_article(**kwargs)
        assert message in refused.value.message
        assert counts() == before

    def test_a_refused_import_leaves_what_was_saved_untouched(self):
        article = ArticleFactory(title="Bài đã có")
        organization = OrganizationFactory(name="Hội Khuyến học quận Lê Chân")
        stamp = (article.updated_at, organization.updated_at)
        with pytest.raises(services.ImportRejected):
            drafts.import_article(text="Trang chủ\nTin tức")
        article.refresh_from_db()
        organization.refresh_from_db()
        assert (article.title, organization.name) == ("Bài đã có", "Hội Khuyến học quận Lê Chân")
        assert (article.updated_at, organization.updated_at) == stamp

    def test_an_html_file_with_scripts_is_imported_as_text_with_a_warning(self):
        result = drafts.import_article(
            data=(CORPUS / "12_bacgiang_html.html").read_bytes(), filename="12_bacgiang_html.html"
        )
        body = result.article.body
        assert "<script" not in body and "alert" not in body and "quảng cáo" not in body and "onerror" not in body
        assert "<p>Theo chương trình, hai bên thống nhất" in body
        assert any("script" in w for w in result.warnings)
        assert result.article.title == "Bắc Giang: Ký kết phối hợp khuyến học với Công an tỉnh"

    def test_script_looking_text_in_a_plain_paste_is_kept_as_harmless_text(self):
        text = corpus_text("08_thaibinh_so_ket.txt").replace(
            "Toàn cảnh hội nghị sơ kết.", "Toàn cảnh hội nghị sơ kết. <img src=x onerror=alert(1)>"
        )
        body = drafts.import_article(text=text).article.body
        assert "<img" not in body and "&lt;img" in body

    def test_a_utf16_file_is_read(self):
        data = corpus_text("08_thaibinh_so_ket.txt").encode("utf-16")
        assert drafts.import_article(data=data, filename="bai.txt").article.byline == "Phạm Tuấn Anh"


class DraftArticleTests:
    def test_the_import_creates_a_draft_article_with_what_the_page_says(self, editor):
        result = drafts.import_article(
            text=corpus_text(LE_CHAN), source_url="https://lechan.haiphong.gov.vn/tin/1", user=editor
        )
        article = result.article
        assert result.created
        assert article.status == Article.Status.DRAFT and article.state() == Article.State.DRAFT
        assert article.title == "Quận đoàn và Hội Khuyến học quận Lê Chân ký kết chương trình phối hợp"
        assert article.published_at == datetime.datetime(2024, 10, 14, 9, 42, tzinfo=VN)
        assert (article.byline, article.source_name) == ("Minh Khôi", "Cổng thông tin điện tử quận Lê Chân")
        assert article.source_url == "https://lechan.haiphong.gov.vn/tin/1"
        assert article.lead.startswith("Sáng 12/10, tại Hội trường Quận ủy Lê Chân")
        assert article.body.startswith("<p>Chương trình hướng tới việc đưa phong trào")
        assert "QR" not in article.body and "Tiện ích" not in article.body
        assert article.created_by == editor

    def test_a_user_who_may_publish_still_gets_a_draft(self, publisher):
        article = drafts.import_article(text=corpus_text(LE_CHAN), user=publisher).article
        assert article.status == Article.Status.DRAFT
        assert not Article.objects.published().exists()

    def test_captions_stay_where_the_pictures_were(self):
        body = drafts.import_article(text=corpus_text("09_cantho_hoc_bong.txt")).article.body
        assert body.startswith(
            "<figure><figcaption>Các em học sinh nhận học bổng tại buổi lễ.</figcaption></figure><p>"
        )
        assert "<figcaption>Đại diện nhà tài trợ trao học bổng cho học sinh</figcaption>" in body

    def test_a_list_in_the_page_becomes_a_list_in_the_body(self):
        body = drafts.import_article(text=corpus_text("05_vinhphuc_dotted_date.txt")).article.body
        assert "<ol><li>Tuyên truyền, giáo dục đoàn viên" in body

    def test_a_day_without_a_time_becomes_midnight_in_vietnam(self):
        article = drafts.import_article(text=corpus_text("27_dienbien_dai_hoi_giao_uoc.txt")).article
        assert article.published_at == datetime.datetime(2025, 5, 14, 0, 0, tzinfo=VN)

    def test_a_page_without_a_date_line_gives_an_undated_draft(self):
        article = drafts.import_article(text=corpus_text("07_yenthe_no_timestamp.txt")).article
        assert article.published_at is None and article.status == "draft"

    def test_the_first_category_is_used_and_one_is_made_only_when_there_is_none(self):
        assert (
            drafts.import_article(text=corpus_text("08_thaibinh_so_ket.txt")).article.category.name == "Tin hoạt động"
        )
        chosen = CategoryFactory(name="Hoạt động hội", order=0)
        CategoryFactory(name="Zzz", order=5)
        article = drafts.import_article(text=corpus_text("10_laocai_trien_khai.txt")).article
        assert article.category == chosen

    def test_an_article_that_is_not_a_signing_gets_no_programme(self):
        result = drafts.import_article(text=corpus_text("08_thaibinh_so_ket.txt"))
        assert result.programme is None and not Programme.objects.exists()
        assert result.extraction.not_signing_reason.startswith("Bài viết đưa tin hội nghị sơ kết")


class DraftProgrammeTests:
    def test_a_signing_creates_an_unpublished_programme_with_parties_signatories_and_commitments(self):
        result = drafts.import_article(text=corpus_text(LE_CHAN))
        programme = result.programme
        assert programme.is_published is False
        assert (programme.start_year, programme.end_year) == (2024, 2027)
        assert programme.signing_date == datetime.date(2024, 10, 12)
        assert programme.venue == "Hội trường Quận ủy Lê Chân"
        parties = [(p.organization.name, p.role) for p in programme.parties.select_related("organization")]
        assert parties == [("Quận đoàn Lê Chân", Party.Role.PARTNER), ("Hội Khuyến học quận Lê Chân", Party.Role.LEAD)]
        assert [(s.name, s.organization.name) for s in programme.signatories.all()] == [
            ("Trần Văn Khải", "Hội Khuyến học quận Lê Chân"),
            ("Phạm Thị Hồng Vân", "Quận đoàn Lê Chân"),
        ]
        assert next((c.number, c.title) for c in programme.commitments.all()) == (
            1,
            "Tuyên truyền để đoàn viên, thanh niên hiểu rõ ý nghĩa của việc học tập suốt đời",
        )
        assert list(result.article.programmes.all()) == [programme]
        assert set(result.article.organizations.all()) == {p.organization for p in programme.parties.all()}

    def test_parties_already_in_the_directory_are_used_and_the_others_created_with_a_guessed_kind(self):
        known = OrganizationFactory(
            name="Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Ninh",
            abbreviation="",
            aliases="Ủy ban MTTQ tỉnh Quảng Ninh",
        )
        programme = drafts.import_article(text=corpus_text("04_quangninh_mattran.txt")).programme
        organizations = [p.organization for p in programme.parties.all()]
        assert organizations[0] == known
        created = organizations[1]
        assert (created.name, created.kind, created.level) == (
            "Hội Khuyến học tỉnh Quảng Ninh",
            Organization.Kind.STUDY_PROMOTION,
            Organization.Level.PROVINCE,
        )
        assert Organization.objects.count() == 2

    def test_a_party_is_matched_without_diacritics_and_by_abbreviation(self):
        hkh = OrganizationFactory(name="Hoi Khuyen hoc tinh Nghe An")
        ldld = OrganizationFactory(name="Liên đoàn Lao động tỉnh Nghệ An", abbreviation="LĐLĐ Nghệ An")
        programme = drafts.import_article(text=corpus_text("02_nghean_lao_dong.txt")).programme
        assert [p.organization for p in programme.parties.all()] == [hkh, ldld]
        # She speaks for the federation; nothing ties her to the signing, so she is not a signatory.
        assert not programme.signatories.exists()

    def test_a_long_commitment_keeps_its_full_text_in_the_description(self):
        prepared, data = proposed(corpus_text(LE_CHAN))
        data["commitments"] = "Tuyên truyền " + "rất " * 200 + "rộng rãi"
        _forms, create = write(prepared, data)
        commitment = create().programme.commitments.get()
        assert len(commitment.title) <= 500 and commitment.title.endswith("…")
        assert commitment.description.endswith("rộng rãi")


class IdempotenceTests:
    def test_importing_the_same_article_again_creates_nothing_new(self):
        first = drafts.import_article(text=corpus_text(LE_CHAN))
        before = counts()
        second = drafts.import_article(text=corpus_text(LE_CHAN))
        assert (first.created, second.created) == (True, False)
        assert second.record == first.record and second.article == first.article
        assert counts() == before

    def test_the_same_article_copied_with_other_furniture_is_the_same_import(self):
        drafts.import_article(text=corpus_text("03_kimbang_cdkh.txt"))
        again = "Tin mới\n\n" + corpus_text("03_kimbang_cdkh.txt").replace("Bình luận của bạn", "Xem thêm")
        assert drafts.import_article(text=again).created is False
        assert ImportRecord.objects.count() == 1

    def test_the_record_keeps_the_fingerprint_and_links_the_drafts(self, editor):
        result = drafts.import_article(text=corpus_text(LE_CHAN), user=editor)
        record = ImportRecord.objects.get()
        assert record.fingerprint == result.extraction.fingerprint and len(record.fingerprint) == 64
        assert (record.article, record.programme, record.created_by) == (result.article, result.programme, editor)

    def test_deleting_the_draft_lets_staff_import_the_article_afresh(self):
        drafts.import_article(text=corpus_text("08_thaibinh_so_ket.txt")).article.delete()
        assert not ImportRecord.objects.exists()
        assert drafts.import_article(text=corpus_text("08_thaibinh_so_ket.txt")).created

    def test_an_import_finished_by_someone_else_a_moment_earlier_is_returned_instead(self, monkeypatch):
        prepared, data = proposed(corpus_text("08_thaibinh_so_ket.txt"))
        other = ArticleFactory()
        original = drafts._write

        def someone_else_first(*args):
            ImportRecord.objects.create(fingerprint=prepared.fingerprint, title="x", article=other)
            return original(*args)

        monkeypatch.setattr(drafts, "_write", someone_else_first)
        _forms, create = write(prepared, data)
        result = create()
        assert (result.created, result.article) == (False, other)
        assert Article.objects.count() == 1


class AtomicTests:
    def test_a_failure_while_writing_commitments_leaves_nothing_behind(self, monkeypatch):
        OrganizationFactory(name="Hội Khuyến học quận Lê Chân")
        before = counts()

        def broken(*args, **kwargs):
            raise IntegrityError("ổ đĩa đầy")

        monkeypatch.setattr(Commitment.objects, "create", broken)
        with pytest.raises(IntegrityError):
            drafts.import_article(text=corpus_text(LE_CHAN))
        assert counts() == before

    def test_two_parties_resolved_to_one_organization_are_refused_and_nothing_is_written(self):
        organization = OrganizationFactory(name="Hội Khuyến học quận Lê Chân")
        prepared, data = proposed(corpus_text(LE_CHAN))
        data |= {"ben-0-organization": str(organization.pk), "ben-1-organization": str(organization.pk)}
        before = counts()
        forms, create = write(prepared, data)
        with pytest.raises(drafts.FormsInvalid):
            create()
        assert "mỗi tổ chức chỉ là một bên" in forms.error_text()
        assert counts() == before

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"end_year": "2020"}, "Năm kết thúc không được trước năm bắt đầu."),
            ({"start_year": ""}, "cần có năm bắt đầu"),
            ({"programme_title": "  "}, "cần có tên"),
            ({"signing_date": "01/01/2031"}, "Ngày ký phải trước khi giai đoạn kết thúc."),
        ],
    )
    def test_an_invalid_programme_is_refused_and_the_article_is_not_written_either(self, change, message):
        prepared, data = proposed(corpus_text(LE_CHAN))
        before = counts()
        forms, create = write(prepared, data | change)
        with pytest.raises(drafts.FormsInvalid):
            create()
        assert message in forms.error_text()
        assert counts() == before

    def test_a_signatory_for_a_party_that_is_not_there_is_refused(self):
        prepared, data = proposed(corpus_text(LE_CHAN))
        forms, create = write(prepared, data | {"nguoiky-0-party": "9"})
        with pytest.raises(drafts.FormsInvalid):
            create()
        assert "phải thay mặt một trong các bên" in forms.error_text()
        assert not Article.objects.exists()

    def test_forms_never_validated_write_nothing(self):
        prepared, data = proposed(corpus_text(LE_CHAN))
        with pytest.raises(drafts.FormsInvalid):
            drafts.create_drafts(extraction=prepared.extraction, forms=ImportForms.submitted(data))
        assert not Article.objects.exists()


class PreparationTests:
    def test_preparing_writes_nothing_and_reports_an_earlier_import(self):
        before = counts()
        prepared = services.prepare_import(text=corpus_text(LE_CHAN))
        assert counts() == before and prepared.existing is None
        record = drafts.import_article(text=corpus_text(LE_CHAN)).record
        assert services.prepare_import(text=corpus_text(LE_CHAN)).existing == record

    def test_the_raw_input_is_kept_for_the_review_form(self):
        html = (CORPUS / "12_bacgiang_html.html").read_text(encoding="utf-8")
        prepared = services.prepare_import(text=html)
        assert prepared.raw == html and "<" not in prepared.text
