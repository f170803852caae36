"""The admin page "Nhập từ bài viết": paste, review with source sentences, confirm."""

import datetime
import json

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from agreements.models import Party, Programme
from importer import rules, services
from importer.models import ImportRecord, ImportSession
from news.models import Article
from organizations.models import Organization
from tests.factories import OrganizationFactory, png_bytes
from tests.importer.conftest import CORPUS, corpus_text

pytestmark = pytest.mark.django_db

PASTE_URL = reverse("admin:importer_importrecord_changelist")
CONFIRM_URL = reverse("admin:importer_importrecord_confirm")
LE_CHAN = "01_lechan_quan_doan.txt"


def form_value(value):
    if isinstance(value, bool):
        return "on" if value else None
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def review_data(response) -> dict:
    """What the browser would post back from the review page, unchanged."""
    data = {}
    forms = [response.context["review"]]
    for formset in (response.context["parties"], response.context["signatories"]):
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for name in form.fields:
            value = form_value(form[name].value())
            if value is not None:
                data[form.add_prefix(name)] = value
    return data


def paste(client, text=None, **extra):
    return client.post(PASTE_URL, {"text": text if text is not None else corpus_text(LE_CHAN), **extra})


class AccessTests:
    def test_anonymous_visitors_are_sent_to_the_login(self, client):
        response = client.get(PASTE_URL)
        assert response.status_code == 302 and "/quan-tri/login/" in response["Location"]

    def test_anonymous_posts_create_nothing(self, client):
        response = client.post(CONFIRM_URL, {"payload": corpus_text(LE_CHAN), "title": "x"})
        assert response.status_code == 302 and "/quan-tri/login/" in response["Location"]
        assert not Article.objects.exists()

    def test_staff_who_may_not_add_articles_are_refused(self, client, django_user_model):
        clerk = django_user_model.objects.create_user("vanthu", password="x", is_staff=True)
        clerk.user_permissions.add(Permission.objects.get(codename="view_article"))
        client.force_login(clerk)
        assert client.get(PASTE_URL).status_code == 403
        assert paste(client).status_code == 403
        assert client.post(CONFIRM_URL, {}).status_code == 403
        assert "Nhập từ bài viết" not in client.get(reverse("admin:index")).content.decode()

    def test_an_editor_finds_the_page_on_the_admin_index(self, client, editor):
        client.force_login(editor)
        index = client.get(reverse("admin:index")).content.decode()
        assert f'href="{PASTE_URL}"' in index and "Nhập từ bài viết" in index
        page = client.get(PASTE_URL)
        assert page.status_code == 200
        assert 'name="text"' in page.content.decode() and 'name="upload"' in page.content.decode()

    def test_the_add_link_leads_to_the_same_page(self, client, editor):
        client.force_login(editor)
        assert client.get(reverse("admin:importer_importrecord_add"))["Location"] == PASTE_URL


class ReviewTests:
    def test_the_review_shows_each_field_with_its_source_sentence_and_writes_nothing(self, client, editor):
        client.force_login(editor)
        response = paste(client)
        body = response.content.decode()
        assert response.status_code == 200
        assert 'value="Quận đoàn và Hội Khuyến học quận Lê Chân ký kết chương trình phối hợp"' in body
        assert "Câu gốc" in body and "“QR CODE: Quận đoàn và Hội Khuyến học quận Lê Chân" in body
        assert 'name="start_year" value="2024"' in body and 'name="end_year" value="2027"' in body
        assert 'name="signing_date" value="12/10/2024"' in body and 'value="Hội trường Quận ủy Lê Chân"' in body
        assert "<strong>Hội Khuyến học quận Lê Chân</strong>" in body and 'value="Trần Văn Khải"' in body
        assert "Tuyên truyền để đoàn viên, thanh niên hiểu rõ" in body
        assert not Article.objects.exists() and not Organization.objects.exists()

    def test_a_known_organization_is_preselected(self, client, editor):
        known = OrganizationFactory(name="Hội Khuyến học quận Lê Chân")
        client.force_login(editor)
        parties = paste(client).context["parties"]
        assert [f["organization"].value() for f in parties.forms[:2]] == [None, known.pk]

    def test_an_article_without_a_signing_says_why_and_offers_no_programme(self, client, editor):
        client.force_login(editor)
        response = paste(client, corpus_text("09_cantho_hoc_bong.txt"))
        assert response.context["review"]["create_programme"].value() is False
        assert "Không đề xuất chương trình: Bài viết đưa tin trao học bổng" in response.content.decode()

    @pytest.mark.parametrize(
        ("name", "content", "expected_title"),
        [
            ("bai.txt", corpus_text("08_thaibinh_so_ket.txt").encode(), "Sơ kết 2 năm thực hiện chương trình"),
            ("bai.html", (CORPUS / "12_bacgiang_html.html").read_bytes(), "Bắc Giang: Ký kết phối hợp khuyến học"),
        ],
    )
    def test_an_uploaded_text_or_html_file_is_read(self, client, editor, name, content, expected_title):
        client.force_login(editor)
        response = client.post(PASTE_URL, {"upload": SimpleUploadedFile(name, content), "text": ""})
        assert response.context["review"]["title"].value().startswith(expected_title)

    def test_removed_scripts_are_announced(self, client, editor):
        client.force_login(editor)
        response = client.post(
            PASTE_URL, {"upload": SimpleUploadedFile("a.html", (CORPUS / "12_bacgiang_html.html").read_bytes())}
        )
        assert "mã script" in response.content.decode()

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"text": ""}, "Chưa có nội dung"),
            ({"upload": SimpleUploadedFile("anh.txt", png_bytes())}, "không phải là văn bản"),
            ({"upload": SimpleUploadedFile("bai.docx", b"PK\x03\x04")}, "Chỉ nhận tệp .txt hoặc .html"),
            ({"text": "Trang chủ\nLiên hệ"}, "Không nhận ra một bài viết"),
            ({"text": "x" * (1024 * 1024 + 1)}, "lớn hơn 1 MB"),
        ],
    )
    def test_bad_input_is_explained_on_the_page_in_vietnamese(self, client, editor, data, message):
        client.force_login(editor)
        response = client.post(PASTE_URL, data)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Article.objects.exists()


class ReviewPageTests:
    """What issue 17 asks of the review page: rows for every signatory, a proposed title, dd/mm/yyyy
    dates, and a mark where the rules were unsure."""

    def test_the_dates_are_dd_mm_yyyy_with_a_time_only_where_the_page_gives_one(self, client, editor):
        client.force_login(editor)
        with_time = paste(client).content.decode()
        assert 'name="published_at" value="14/10/2024 09:42"' in with_time
        day_only = paste(client, corpus_text("27_dienbien_dai_hoi_giao_uoc.txt")).content.decode()
        assert 'name="published_at" value="14/05/2025"' in day_only

    def test_a_date_typed_as_dd_mm_yyyy_is_the_one_saved(self, client, editor):
        client.force_login(editor)
        data = review_data(paste(client)) | {"signing_date": "02/11/2024", "published_at": "03/11/2024 07:05"}
        client.post(CONFIRM_URL, data)
        assert Programme.objects.get().signing_date == datetime.date(2024, 11, 2)
        published = Article.objects.get().published_at.astimezone(datetime.timezone(datetime.timedelta(hours=7)))
        assert (published.day, published.month, published.hour, published.minute) == (3, 11, 7, 5)

    def test_a_date_in_another_order_is_refused_in_vietnamese(self, client, editor):
        client.force_login(editor)
        response = client.post(CONFIRM_URL, review_data(paste(client)) | {"signing_date": "2024-11-02"})
        assert response.status_code == 400
        assert "Hãy nhập ngày ký dạng dd/mm/yyyy" in response.content.decode()
        assert not Programme.objects.exists()

    def test_every_signatory_the_text_names_gets_a_row_and_one_row_stays_empty(self, client, editor):
        client.force_login(editor)
        response = paste(client, corpus_text("28_lamdong_bon_don_vi.txt"))
        signatories = response.context["signatories"]
        assert [f["name"].value() for f in signatories.forms] == ["Phạm Minh Tâm", "Đinh Thị Hoa", "Vũ Đức Long", None]
        assert len(response.context["parties"].forms) == 5 + 1

    def test_all_signatories_found_are_saved_with_their_party(self, client, editor):
        client.force_login(editor)
        client.post(CONFIRM_URL, review_data(paste(client, corpus_text("28_lamdong_bon_don_vi.txt"))))
        saved = [(s.name, s.organization.name) for s in Programme.objects.get().signatories.order_by("order")]
        assert saved == [
            ("Phạm Minh Tâm", "Hội Khuyến học tỉnh Lâm Đồng"),
            ("Đinh Thị Hoa", "Hội Liên hiệp Phụ nữ tỉnh Lâm Đồng"),
            ("Vũ Đức Long", "Liên đoàn Lao động tỉnh Lâm Đồng"),
        ]

    def test_without_a_name_in_the_text_the_title_is_built_from_parties_and_period(self, client, editor):
        client.force_login(editor)
        response = paste(client, corpus_text("24_caobang_headline_only.txt"))
        assert response.context["review"]["programme_title"].value() == (
            "Chương trình phối hợp giữa Hội Khuyến học tỉnh Cao Bằng và Hội Nông dân tỉnh Cao Bằng giai đoạn 2025–2028"
        )
        assert "Bài không nêu tên chương trình" in response.content.decode()

    def test_the_texts_own_name_of_the_programme_is_proposed_as_it_is(self, client, editor):
        client.force_login(editor)
        response = paste(client, corpus_text("30_phuyen_quy_che_khong_giai_doan.txt"))
        review = response.context["review"]
        assert review["programme_title"].value() == "Quy chế phối hợp trong công tác khuyến học, khuyến tài"
        assert "Bài không nêu tên chương trình" not in response.content.decode()

    def test_what_the_text_does_not_state_is_left_empty_and_marked(self, client, editor):
        client.force_login(editor)
        response = paste(client, corpus_text("07_yenthe_no_timestamp.txt"))
        review, body = response.context["review"], response.content.decode()
        assert review["published_at"].value() == "" and review["signing_date"].value() == ""
        assert "Bài không ghi ngày đăng" in body and "Bài không ghi đủ ngày ký" in body
        marked = [
            row[0].name for row in response.context["article_rows"] + response.context["programme_rows"] if row[3]
        ]
        assert {"published_at", "signing_date"} <= set(marked) and "title" not in marked

    def test_a_period_the_text_does_not_state_is_not_guessed(self, client, editor):
        client.force_login(editor)
        response = paste(client, corpus_text("30_phuyen_quy_che_khong_giai_doan.txt"))
        assert response.context["review"]["start_year"].value() is None
        assert "Bài không nêu giai đoạn" in response.content.decode()

    def test_a_party_missing_from_the_directory_is_marked_and_a_known_one_is_not(self, client, editor):
        OrganizationFactory(name="Hội Khuyến học quận Lê Chân")
        client.force_login(editor)
        rows = paste(client).context["party_rows"]
        assert [bool(unsure) for _form, _source, unsure in rows] == [True, False, False]

    def test_the_review_page_uses_the_admins_layout(self, client, editor):
        client.force_login(editor)
        body = paste(client).content.decode()
        assert 'id="container"' in body and 'class="module aligned"' in body and "importer/importer.css" in body


class BadInputTests:
    def test_a_page_in_another_language_is_refused_in_vietnamese(self, client, editor):
        english = (
            "Study promotion association signs cooperation programme\n\n"
            + "On Monday the provincial study promotion association and the youth union signed a programme "
            "to encourage lifelong learning among young people in the province for the period to 2030. " * 6
        )
        client.force_login(editor)
        response = paste(client, english)
        assert response.status_code == 200
        assert "không phải là một bài viết tiếng Việt" in response.content.decode()
        assert not Article.objects.exists()

    def test_html_with_scripts_gives_a_draft_without_them(self, client, editor):
        page = (
            "<html><head><title>Hội Khuyến học và Huyện đoàn ký kết</title><script>alert(1)</script></head><body>"
            f'<h1>Hội Khuyến học và Huyện đoàn ký kết</h1><p onclick="alert(2)">{corpus_text(LE_CHAN)}</p>'
            "<script>document.write('x')</script></body></html>"
        )
        client.force_login(editor)
        data = review_data(paste(client, page))
        client.post(CONFIRM_URL, data)
        article = Article.objects.get()
        assert article.status == Article.Status.DRAFT
        assert "alert" not in article.body and "<script" not in article.body and "document.write" not in article.body

    def test_a_page_without_any_date_gives_an_undated_draft(self, client, editor):
        client.force_login(editor)
        response = client.post(CONFIRM_URL, review_data(paste(client, corpus_text("07_yenthe_no_timestamp.txt"))))
        assert response.status_code == 302
        article, programme = Article.objects.get(), Programme.objects.get()
        assert article.published_at is None and article.status == Article.Status.DRAFT
        assert programme.signing_date is None and programme.is_published is False


class ConfirmTests:
    def test_confirming_creates_the_drafts_and_opens_the_programme(self, client, editor):
        client.force_login(editor)
        response = client.post(CONFIRM_URL, review_data(paste(client)))
        programme = Programme.objects.get()
        article = Article.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:agreements_programme_change", args=[programme.pk])
        assert article.status == Article.Status.DRAFT and programme.is_published is False
        assert article.created_by == editor and list(article.programmes.all()) == [programme]
        assert programme.parties.count() == 2 and programme.signatories.count() == 2
        assert programme.commitments.count() == 3
        message = str(next(iter(client.get(response["Location"]).context["messages"])))
        assert "Đã tạo bài viết nháp" in message and reverse("admin:news_article_change", args=[article.pk]) in message

    def test_a_party_corrected_in_the_review_is_the_one_saved(self, client, editor):
        youth = OrganizationFactory(name="Ban Chấp hành Quận đoàn Lê Chân", kind=Organization.Kind.YOUTH_UNION)
        client.force_login(editor)
        data = review_data(paste(client))
        data["ben-0-organization"] = str(youth.pk)
        data["ben-1-new_name"] = "Hội Khuyến học quận Lê Chân, thành phố Hải Phòng"
        data["ben-1-role"] = Party.Role.LEAD
        client.post(CONFIRM_URL, data)
        parties = list(Programme.objects.get().parties.select_related("organization"))
        assert [(p.organization, p.role) for p in parties[:1]] == [(youth, Party.Role.PARTNER)]
        assert parties[1].organization.name == "Hội Khuyến học quận Lê Chân, thành phố Hải Phòng"
        assert parties[1].organization.kind == Organization.Kind.STUDY_PROMOTION
        assert Organization.objects.count() == 2
        assert Programme.objects.get().signatories.get(name="Phạm Thị Hồng Vân").organization == youth

    def test_corrected_article_and_programme_fields_are_saved(self, client, editor):
        client.force_login(editor)
        data = review_data(paste(client))
        data |= {"title": "Tiêu đề đã sửa", "end_year": "2028", "venue": "Nhà văn hóa quận", "commitments": "Một\nHai"}
        client.post(CONFIRM_URL, data)
        programme = Programme.objects.get()
        assert Article.objects.get().title == "Tiêu đề đã sửa"
        assert (programme.end_year, programme.venue) == (2028, "Nhà văn hóa quận")
        assert [c.title for c in programme.commitments.all()] == ["Một", "Hai"]

    def test_a_party_can_be_added_and_a_signatory_removed(self, client, editor):
        client.force_login(editor)
        data = review_data(paste(client))
        data |= {"ben-2-new_name": "Công an quận Lê Chân", "ben-2-new_kind": "cong_an", "ben-2-role": "phoi_hop"}
        data["nguoiky-1-DELETE"] = "on"
        client.post(CONFIRM_URL, data)
        programme = Programme.objects.get()
        assert programme.parties.count() == 3 and programme.signatories.count() == 1

    def test_without_the_programme_box_only_the_article_is_created(self, client, editor):
        client.force_login(editor)
        data = review_data(paste(client))
        del data["create_programme"]
        response = client.post(CONFIRM_URL, data)
        article = Article.objects.get()
        assert response["Location"] == reverse("admin:news_article_change", args=[article.pk])
        assert not Programme.objects.exists() and not Organization.objects.exists()

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"end_year": "2020"}, "Năm kết thúc không được trước năm bắt đầu."),
            ({"start_year": ""}, "Hãy nhập năm bắt đầu"),
            ({"title": ""}, "Trường này là bắt buộc"),
            ({"ben-0-new_name": "", "ben-0-organization": ""}, "Hãy chọn một tổ chức có sẵn hoặc nhập tên"),
            ({"ben-0-DELETE": "on"}, "Người ký phải thay mặt một trong các bên tham gia còn giữ lại."),
            ({"ben-0-DELETE": "on", "ben-1-DELETE": "on", "nguoiky-0-DELETE": "on", "nguoiky-1-DELETE": "on"},
             "Chương trình phải có ít nhất một bên tham gia."),
        ],
    )  # fmt: skip
    def test_a_wrong_correction_is_shown_again_and_nothing_is_created(self, client, editor, change, message):
        client.force_login(editor)
        data = review_data(paste(client)) | change
        response = client.post(CONFIRM_URL, data)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not Article.objects.exists() and not Programme.objects.exists() and not Organization.objects.exists()

    def test_two_parties_pointing_at_one_organization_are_refused(self, client, editor):
        organization = OrganizationFactory(name="Hội Khuyến học quận Lê Chân")
        client.force_login(editor)
        data = review_data(paste(client)) | {"ben-0-organization": str(organization.pk)}
        response = client.post(CONFIRM_URL, data)
        assert (
            response.status_code == 400 and "Tổ chức này đã là một bên của chương trình." in response.content.decode()
        )
        assert not Article.objects.exists()

    def test_confirming_the_same_article_twice_creates_it_once(self, client, editor):
        client.force_login(editor)
        data = review_data(paste(client))
        client.post(CONFIRM_URL, data)
        response = client.post(CONFIRM_URL, data, follow=True)
        assert "đã được nhập lúc" in response.content.decode()
        assert (Article.objects.count(), Programme.objects.count(), ImportRecord.objects.count()) == (1, 1, 1)

    def test_pasting_an_imported_article_again_points_to_the_draft(self, client, editor):
        client.force_login(editor)
        client.post(CONFIRM_URL, review_data(paste(client)))
        response = paste(client)
        assert response.status_code == 302 and response["Location"] == PASTE_URL
        page = client.get(PASTE_URL).content.decode()
        assert "Bài này đã được nhập lúc" in page
        assert reverse("admin:news_article_change", args=[Article.objects.get().pk]) in page

    def test_a_tampered_session_is_refused(self, client, editor):
        client.force_login(editor)
        data = review_data(paste(client)) | {"session": "Trang chủ"}
        response = client.post(CONFIRM_URL, data, follow=True)
        assert "Không tìm thấy bài đã đọc" in response.content.decode()
        assert not Article.objects.exists()

    def test_staff_who_may_not_add_programmes_get_only_the_article(self, client, django_user_model):
        writer = django_user_model.objects.create_user("phongvien", password="x", is_staff=True)
        writer.user_permissions.add(
            *Permission.objects.filter(codename__in=["add_article", "change_article", "view_article"])
        )
        client.force_login(writer)
        data = review_data(paste(client))
        response = client.post(CONFIRM_URL, data)
        assert (
            response.status_code == 400 and "Bạn không có quyền tạo chương trình phối hợp." in response.content.decode()
        )
        del data["create_programme"]
        client.post(CONFIRM_URL, data)
        assert Article.objects.count() == 1 and not Programme.objects.exists()

    def test_the_latest_imports_are_listed_on_the_page(self, client, editor):
        client.force_login(editor)
        client.post(CONFIRM_URL, review_data(paste(client)))
        page = client.get(PASTE_URL).content.decode()
        assert "Các bài đã nhập gần đây" in page
        assert reverse("admin:agreements_programme_change", args=[Programme.objects.get().pk]) in page


class ServerSideReadingTests:
    """The reading of the paste step waits server-side; confirm writes it without reading the page again."""

    def test_the_review_form_carries_a_key_not_the_page(self, client, editor):
        client.force_login(editor)
        response = paste(client)
        body = response.content.decode()
        key = ImportSession.objects.get(user=editor).key
        assert f'name="session" value="{key}"' in body
        assert 'name="payload"' not in body and "Tiện ích thông tin" not in body

    def test_confirm_does_not_read_the_page_again(self, client, editor, monkeypatch):
        client.force_login(editor)
        data = review_data(paste(client))

        def no_second_reading(*args, **kwargs):
            raise AssertionError("the page was read a second time")

        for name in ("extract_article", "extract_page", "html_to_text"):
            monkeypatch.setattr(rules, name, no_second_reading)
        monkeypatch.setattr(services, "prepare_import", no_second_reading)
        response = client.post(CONFIRM_URL, data)
        assert response.status_code == 302
        assert Article.objects.get().title == "Quận đoàn và Hội Khuyến học quận Lê Chân ký kết chương trình phối hợp"
        assert Programme.objects.get().parties.count() == 2

    def test_a_correction_refused_then_fixed_still_uses_the_first_reading(self, client, editor, monkeypatch):
        client.force_login(editor)
        data = review_data(paste(client))
        monkeypatch.setattr(services, "prepare_import", lambda **kwargs: pytest.fail("read again"))
        again = client.post(CONFIRM_URL, data | {"end_year": "2020"})
        assert again.status_code == 400 and "Câu gốc" in again.content.decode()
        assert review_data(again)["session"] == data["session"]
        client.post(CONFIRM_URL, review_data(again) | {"end_year": "2028"})
        assert Programme.objects.get().end_year == 2028

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            (lambda key: "", "Không tìm thấy bài đã đọc"),
            (lambda key: key[:-1] + ("A" if key[-1] != "A" else "B"), "Không tìm thấy bài đã đọc"),
            (lambda key: key + "<script>", "Không tìm thấy bài đã đọc"),
            (lambda key: "x" * 5000, "Không tìm thấy bài đã đọc"),
        ],
        ids=["missing", "one-letter-changed", "appended", "very-long"],
    )
    def test_a_tampered_key_leads_back_to_the_paste_page_and_creates_nothing(self, client, editor, change, message):
        client.force_login(editor)
        data = review_data(paste(client))
        response = client.post(CONFIRM_URL, data | {"session": change(data["session"])})
        assert response.status_code == 302 and response["Location"] == PASTE_URL
        page = client.get(PASTE_URL).content.decode()
        assert message in page and "hãy dán lại bài" in page
        assert not Article.objects.exists() and not Programme.objects.exists() and not Organization.objects.exists()

    def test_an_expired_reading_is_refused_with_a_way_back(self, client, editor):
        client.force_login(editor)
        data = review_data(paste(client))
        ImportSession.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
        response = client.post(CONFIRM_URL, data, follow=True)
        assert response.status_code == 200 and "quá 24 giờ" in response.content.decode()
        assert response.redirect_chain == [(PASTE_URL, 302)] and 'name="text"' in response.content.decode()
        assert not Article.objects.exists() and not ImportSession.objects.exists()

    def test_another_persons_reading_is_refused(self, client, editor, publisher):
        client.force_login(editor)
        data = review_data(paste(client))
        client.force_login(publisher)
        response = client.post(CONFIRM_URL, data, follow=True)
        assert "của người khác dán" in response.content.decode()
        assert not Article.objects.exists() and not Programme.objects.exists()

    def test_a_get_on_the_confirmation_leads_to_the_paste_page(self, client, editor):
        client.force_login(editor)
        assert client.get(CONFIRM_URL)["Location"] == PASTE_URL


class JourneyTests:
    def test_staff_paste_review_edit_a_party_and_confirm_once(self, client, editor):
        """Paste a corpus article, correct the second party, confirm; a second press creates nothing more."""
        client.force_login(editor)
        review = paste(client, corpus_text("28_lamdong_bon_don_vi.txt"))
        assert review.status_code == 200
        data = review_data(review)
        proposed = [f["name"].value() for f in review.context["parties"].forms[:5]]
        women = next(i for i, name in enumerate(proposed) if "Phụ nữ" in name)
        data[f"ben-{women}-new_name"] = "Hội Liên hiệp Phụ nữ tỉnh Lâm Đồng (đã sửa)"
        data[f"ben-{women}-role"] = Party.Role.LEAD
        first = client.post(CONFIRM_URL, data)
        programme = Programme.objects.get()
        assert first.status_code == 302 and first["Location"] == reverse(
            "admin:agreements_programme_change", args=[programme.pk]
        )
        article = Article.objects.get()
        assert article.status == Article.Status.DRAFT and programme.is_published is False
        assert list(article.programmes.all()) == [programme]
        parties = list(programme.parties.select_related("organization").order_by("order"))
        assert len(parties) == len(proposed) == 5
        assert (parties[women].organization.name, parties[women].role) == (
            "Hội Liên hiệp Phụ nữ tỉnh Lâm Đồng (đã sửa)",
            Party.Role.LEAD,
        )
        assert programme.signatories.get(name="Đinh Thị Hoa").organization == parties[women].organization
        assert not Organization.objects.filter(name="Hội Liên hiệp Phụ nữ tỉnh Lâm Đồng").exists()
        before = (Article.objects.count(), Programme.objects.count(), Organization.objects.count())

        second = client.post(CONFIRM_URL, data, follow=True)
        assert "đã được nhập lúc" in second.content.decode()
        assert (Article.objects.count(), Programme.objects.count(), Organization.objects.count()) == before
        assert ImportRecord.objects.count() == 1

    def test_every_real_article_confirmed_unchanged_gives_its_drafts(self, client, editor, real_corpus_dir):
        client.force_login(editor)
        expected = json.loads((real_corpus_dir / "expected.json").read_text(encoding="utf-8"))
        for number, case in enumerate(expected, start=1):
            review = paste(client, (real_corpus_dir / case["file"]).read_text(encoding="utf-8"))
            assert review.status_code == 200, case["file"]
            data = review_data(review)
            if data.get("create_programme") and not data["start_year"]:
                data["start_year"] = "2013"  # a period the text does not state is left for staff to enter
            response = client.post(CONFIRM_URL, data)
            assert response.status_code == 302, (case["file"], response.context and response.context["review"].errors)
            assert Article.objects.count() == number
        assert ImportSession.objects.count() == len(expected)


class ForgedFormTests:
    @pytest.mark.parametrize(
        "forged",
        [
            {"ben-TOTAL_FORMS": None, "nguoiky-TOTAL_FORMS": None},
            {"ben-TOTAL_FORMS": "abc"},
            {"ben-TOTAL_FORMS": "100000", "nguoiky-TOTAL_FORMS": "-3"},
            {"nguoiky-0-party": "không-phải-số"},
            {"ben-0-organization": "999999"},
        ],
        ids=["no-management-forms", "letters", "huge-and-negative", "party-not-a-number", "unknown-organization"],
    )
    def test_forged_rows_are_shown_again_and_nothing_is_created(self, client, editor, forged):
        client.force_login(editor)
        data = review_data(paste(client)) | forged
        response = client.post(CONFIRM_URL, {k: v for k, v in data.items() if v is not None})
        assert response.status_code == 400 and 'id="importer-review-form"' in response.content.decode()
        assert not Article.objects.exists() and not Programme.objects.exists() and not Organization.objects.exists()
