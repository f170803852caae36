"""Progress entries of commitments: what staff enter in the admin, what bad input is told, and what
readers see on the programme's page (published entries only, with their evidence articles)."""

import datetime

import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements.models import CommitmentProgress, ProgressStatus
from news.models import Article, ProgressEvidence
from pagecache import middleware as pagecache
from tests.factories import (
    ArticleFactory,
    CommitmentFactory,
    CommitmentProgressFactory,
    OrganizationFactory,
    ReviewAssessmentFactory,
    ReviewFactory,
    programme_with_parties,
)
from tests.security.forms import form_data

ADD_URL = reverse("admin:agreements_commitmentprogress_add")
FORM_ID = "commitmentprogress_form"


@pytest.fixture
def programme():
    lead = OrganizationFactory(name="Hội Khuyến học thành phố Hải Phòng")
    partner = OrganizationFactory(name="Thành đoàn Hải Phòng")
    return programme_with_parties([lead, partner], start_year=2019, end_year=2022)


@pytest.fixture
def commitment(programme):
    return CommitmentFactory(programme=programme, number=1, title="Tuyên truyền về khuyến học")


def add_page_data(client, commitment, **changes):
    page = client.get(ADD_URL, {"commitment": commitment.pk})
    assert page.status_code == 200
    data = form_data(page.content, FORM_ID)
    return data | {"commitment": commitment.pk, "status": ProgressStatus.IN_PROGRESS, "done": "Mở 5 lớp học."} | changes


def error_text(response):
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
class ProgressValidationTests:
    @pytest.mark.parametrize("year", [2018, 2023])
    def test_a_year_outside_the_period_is_refused_in_vietnamese(self, commitment, year):
        entry = CommitmentProgress(commitment=commitment, year=year, status=ProgressStatus.DONE)
        with pytest.raises(ValidationError) as refused:
            entry.full_clean()
        assert refused.value.message_dict["year"] == [
            f"Năm {year} nằm ngoài giai đoạn của chương trình (2019–2022). Hãy nhập một năm trong giai đoạn."
        ]

    def test_an_open_period_accepts_any_later_year(self, commitment):
        commitment.programme.end_year = None
        commitment.programme.save()
        CommitmentProgress(commitment=commitment, year=2040, status=ProgressStatus.DONE).full_clean()

    def test_a_date_must_match_its_year_and_half(self, commitment):
        entry = CommitmentProgress(
            commitment=commitment, year=2020, half=1, date=datetime.date(2020, 9, 1), status=ProgressStatus.DONE
        )
        with pytest.raises(ValidationError) as refused:
            entry.full_clean()
        assert "không thuộc “6 tháng đầu năm” đã chọn" in refused.value.message_dict["date"][0]
        entry.half, entry.date = None, datetime.date(2021, 1, 5)
        with pytest.raises(ValidationError) as refused:
            entry.full_clean()
        assert "không thuộc năm 2020 đã nhập" in refused.value.message_dict["date"][0]

    def test_the_party_must_be_a_party_of_the_programme(self, commitment):
        outsider = OrganizationFactory(name="Hội Nông dân tỉnh Hà Nam")
        entry = CommitmentProgress(commitment=commitment, year=2020, status=ProgressStatus.DONE, party=outsider)
        with pytest.raises(ValidationError) as refused:
            entry.full_clean()
        message = refused.value.message_dict["party"][0]
        assert "“Hội Nông dân tỉnh Hà Nam” không phải là bên tham gia của chương trình này" in message
        assert "Thành đoàn Hải Phòng" in message


@pytest.mark.django_db
class ProgressAdminTests:
    def test_an_editor_records_progress_with_a_published_article_as_evidence(self, client, editor, commitment):
        article = ArticleFactory(title="Thành đoàn ra quân tuyên truyền khuyến học")
        party = commitment.programme.parties.last().organization
        client.force_login(editor)
        data = add_page_data(client, commitment, year="2020", party=party.pk, **{"evidence-0-article": article.pk})
        response = client.post(ADD_URL, data)
        assert response.status_code == 302, response.context and response.context["errors"]
        entry = CommitmentProgress.objects.get()
        assert (entry.year, entry.party, entry.is_published) == (2020, party, False)
        assert [e.article for e in entry.evidence.all()] == [article]

    @pytest.mark.parametrize(
        ("article_fields", "why"),
        [
            ({"status": Article.Status.DRAFT, "published_at": None}, "draft"),
            ({"published_at": datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC)}, "scheduled"),
        ],
    )
    def test_an_article_not_published_is_refused_as_evidence_and_nothing_is_saved(
        self, client, editor, commitment, article_fields, why
    ):
        article = ArticleFactory(title="Bài chưa đăng", **article_fields)
        client.force_login(editor)
        data = add_page_data(client, commitment, year="2020", **{"evidence-0-article": article.pk})
        html = error_text(client.post(ADD_URL, data))
        assert "Bài “Bài chưa đăng” chưa được đăng trên cổng" in html, why
        assert not CommitmentProgress.objects.exists()
        assert not ProgressEvidence.objects.exists()

    def test_a_year_outside_the_period_is_told_and_nothing_saved(self, client, editor, commitment):
        client.force_login(editor)
        html = error_text(client.post(ADD_URL, add_page_data(client, commitment, year="2024")))
        assert "Năm 2024 nằm ngoài giai đoạn của chương trình (2019–2022)" in html
        assert not CommitmentProgress.objects.exists()

    def test_a_party_outside_the_programme_is_told(self, client, editor, commitment):
        outsider = OrganizationFactory(name="Công an tỉnh Thanh Hóa")
        client.force_login(editor)
        html = error_text(client.post(ADD_URL, add_page_data(client, commitment, year="2020", party=outsider.pk)))
        assert "“Công an tỉnh Thanh Hóa” không phải là bên tham gia của chương trình này" in html
        assert not CommitmentProgress.objects.exists()

    def test_the_add_link_proposes_a_year_in_the_period(self, client, editor, commitment):
        client.force_login(editor)
        data = form_data(client.get(ADD_URL, {"commitment": commitment.pk}).content, FORM_ID)
        assert data["commitment"] == str(commitment.pk)
        assert data["year"] == "2019"  # the period 2019–2022 is over: its first year

    def test_only_a_publisher_publishes_an_entry(self, client, editor, publisher, commitment):
        client.force_login(editor)
        assert 'name="is_published"' not in client.get(ADD_URL).content.decode()
        response = client.post(ADD_URL, add_page_data(client, commitment, year="2020", is_published="on"))
        assert response.status_code == 403  # a forged "publish": refused, nothing saved
        assert "Không có quyền truy cập" in response.content.decode()
        assert not CommitmentProgress.objects.exists()
        response = client.post(ADD_URL, add_page_data(client, commitment, year="2020"))
        assert response.status_code == 302
        entry = CommitmentProgress.objects.get()
        assert entry.is_published is False

        # Published by a publisher, the entry is what readers see: an editor may read it, not change
        # or delete it.
        entry.is_published = True
        entry.save()
        change_url = reverse("admin:agreements_commitmentprogress_change", args=[entry.pk])
        delete_url = reverse("admin:agreements_commitmentprogress_delete", args=[entry.pk])
        page = client.get(change_url)
        assert page.status_code == 200 and 'name="done"' not in page.content.decode()
        assert (
            client.post(change_url, add_page_data(client, commitment, year="2020", done="Sửa lén")).status_code == 403
        )
        assert client.post(delete_url, {"post": "yes"}).status_code == 403
        entry.refresh_from_db()
        assert entry.done != "Sửa lén"

        client.force_login(publisher)
        response = client.post(ADD_URL, add_page_data(client, commitment, year="2021", is_published="on"))
        assert response.status_code == 302
        assert CommitmentProgress.objects.get(year=2021).is_published is True

    def test_the_programme_page_shows_each_commitments_latest_status_and_a_link_to_add_progress(
        self, client, editor, programme, commitment
    ):
        second = CommitmentFactory(programme=programme, number=2, title="Trao học bổng")
        CommitmentProgressFactory(commitment=commitment, year=2019, status=ProgressStatus.IN_PROGRESS)
        CommitmentProgressFactory(commitment=commitment, year=2021, half=1, status=ProgressStatus.DONE)
        CommitmentProgressFactory(commitment=commitment, year=2020, status=ProgressStatus.NOT_ACHIEVED)
        client.force_login(editor)
        html = client.get(reverse("admin:agreements_programme_change", args=[programme.pk])).content.decode()
        table = html.split('id="commitment-statuses"')[1].split("</table>")[0]
        rows = table.split("<tr>")[2:]
        assert "Hoàn thành (6 tháng đầu năm 2021)" in rows[0]
        assert "Chưa có tiến độ" in rows[1]
        assert f'href="{ADD_URL}?commitment={second.pk}"' in rows[1]


@pytest.mark.django_db
class PublicProgressTests:
    def test_the_programme_page_shows_published_progress_with_its_evidence(self, client, programme, commitment):
        party = programme.parties.last().organization
        shown = CommitmentProgressFactory(
            commitment=commitment, year=2020, half=2, party=party, done="Tổ chức 12 buổi tuyên truyền."
        )
        CommitmentProgressFactory(commitment=commitment, year=2021, done="Bản nháp chưa duyệt.", is_published=False)
        ProgressEvidence.objects.create(progress=shown, article=ArticleFactory(title="Ra quân tuyên truyền"))
        ProgressEvidence.objects.create(
            progress=shown, article=ArticleFactory(title="Bài đã gỡ", status=Article.Status.DRAFT, published_at=None)
        )
        html = client.get(programme.get_absolute_url()).content.decode()
        timeline = html.split('class="commitment-timeline')[1].split("</ol>")[0]
        assert "6 tháng cuối năm 2020" in timeline
        assert "Đang thực hiện" in timeline
        assert "Tổ chức 12 buổi tuyên truyền." in timeline
        assert "Thành đoàn Hải Phòng" in timeline
        assert "Minh chứng: <a" in timeline and "Ra quân tuyên truyền" in timeline
        assert "Bài đã gỡ" not in html
        assert "Bản nháp chưa duyệt." not in html

    def test_a_commitment_without_published_progress_shows_no_timeline(self, client, programme, commitment):
        CommitmentProgressFactory(commitment=commitment, is_published=False)
        assert "commitment-timeline" not in client.get(programme.get_absolute_url()).content.decode()


@pytest.fixture
def page_cache(settings):
    """The anonymous page cache turned on (as tests/performance/conftest.py does), over a cache of this test's own."""
    settings.PAGECACHE_ENABLED = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "progress"}}
    pagecache.reset_state()
    yield
    caches["default"].clear()
    pagecache.reset_state()


@pytest.mark.django_db
@pytest.mark.usefixtures("page_cache")
class CachedProgrammePageTests:
    def test_a_new_entry_assessment_or_evidence_shows_at_once_on_a_cached_page(self, client, programme, commitment):
        url = programme.get_absolute_url()
        client.get(url)
        assert client.get(url).headers.get(pagecache.STATUS_HEADER) == "hit"
        entry = CommitmentProgressFactory(commitment=commitment, done="Mở lớp tin học cho hội viên.")
        assert "Mở lớp tin học cho hội viên." in client.get(url).content.decode()
        ProgressEvidence.objects.create(progress=entry, article=ArticleFactory(title="Lớp tin học khai giảng"))
        assert "Lớp tin học khai giảng" in client.get(url).content.decode()
        review = ReviewFactory(programme=programme)
        client.get(url)
        ReviewAssessmentFactory(review=review, commitment=commitment, text="Vượt kế hoạch.")
        assert "Vượt kế hoạch." in client.get(url).content.decode()
