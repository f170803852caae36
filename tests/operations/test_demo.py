import dataclasses
import io
import itertools
import re
import shutil
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from PIL import Image

from agreements.models import (
    Commitment,
    CommitmentProgress,
    Party,
    Programme,
    Review,
    ReviewAssessment,
    Signatory,
)
from core.text import strip_diacritics
from core.uploads import validate_pdf_upload
from news.models import Article, ArticleImage, ProgressEvidence
from operations.demo import data, pictures
from organizations.models import Organization
from tests.conftest import require_tool
from tests.kpportal.test_settings_prod import manage


def snapshot():
    rows = []
    for model in (
        Organization,
        Programme,
        Party,
        Signatory,
        Commitment,
        Review,
        Article,
        ArticleImage,
        CommitmentProgress,
        ReviewAssessment,
        ProgressEvidence,
    ):
        rows += list(model.objects.order_by("pk").values())
    history = sum(m.history.count() for m in (Organization, Programme, Article))
    return rows, history


def load_demo():
    call_command("load_demo", "--no-users", verbosity=0)


def demo_pictures():
    """(caption, opened image) of every article picture, covers first."""
    found = []
    for article in Article.objects.order_by("pk"):
        with article.cover_image.open("rb") as stored:
            found.append((article.cover_caption, Image.open(io.BytesIO(stored.read()))))
    for image in ArticleImage.objects.order_by("pk"):
        with image.image.open("rb") as stored:
            found.append((image.caption, Image.open(io.BytesIO(stored.read()))))
    return found


def has_diacritics(text: str) -> bool:
    return strip_diacritics(text) != text


@pytest.fixture(scope="class")
def loaded_demo(django_db_setup, django_db_blocker):
    """The demo loaded once for a class of tests that only read it, in a transaction rolled back after the
    class: each test runs in a savepoint inside it (``django_db``) and sees the demo as loaded on an empty
    database, as if it had loaded it itself (loading it is the slow part: pictures, renditions, the PDF)."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def fonts():
    require_tool(
        pictures.fonts_available(), "no TrueType font with Vietnamese glyphs (apt-get install fonts-dejavu-core)"
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("loaded_demo")
class DemoContentTests:
    def test_demo_content_holds_the_2019_hai_phong_programme(self):
        programme = Programme.objects.get(start_year=2019, end_year=2022)
        assert programme.venue.startswith("Trường THPT Ngô Quyền")
        assert str(programme.signing_date) == "2019-03-26"
        assert {p.organization.short_name for p in programme.parties.all()} == {
            "Thành đoàn Hải Phòng",
            "Hội Khuyến học Hải Phòng",
        }
        assert programme.commitments.count() == 4
        article = programme.articles.get(byline="Hoàng Tùng")
        assert article.is_public()
        assert Organization.objects.host().is_host

    def test_every_programme_has_a_signatory_for_each_party_and_only_for_parties(self):
        assert Programme.objects.count() == len(data.PROGRAMMES)
        for programme in Programme.objects.all():
            parties = set(programme.parties.values_list("organization_id", flat=True))
            signing = set(programme.signatories.values_list("organization_id", flat=True))
            assert signing == parties, programme.title
        named = Signatory.objects.get(name="Hoàng Duy Đỉnh")
        assert named.position == "Chủ tịch Hội Khuyến học thành phố Hải Phòng"
        assert named.programme.start_year == 2023

    def test_reviews_link_the_articles_that_report_them_on_the_programme_page(self, client):
        reviews = Review.objects.select_related("programme")
        assert {review.get_kind_display() for review in reviews} == {"Sơ kết", "Tổng kết"}
        for review in reviews:
            article = review.articles.get()
            assert article.is_public()
            assert article.category.name == "Sơ kết, tổng kết"
            assert review.programme in article.programmes.all()
            page = client.get(review.programme.get_absolute_url()).content.decode()
            assert article.get_absolute_url() in page

    def test_programmes_have_progress_with_evidence_and_reviews_with_results_on_their_pages(self, client):
        load_demo()
        for programme in Programme.objects.all():
            entries = CommitmentProgress.objects.filter(commitment__programme=programme, is_published=True)
            assert entries.count() >= 3, programme.title
            assert len(set(entries.values_list("year", flat=True))) >= 2, programme.title
            parties = set(programme.parties.values_list("organization_id", flat=True))
            assert set(entries.values_list("party_id", flat=True)) <= parties, programme.title
            page = client.get(programme.get_absolute_url()).content.decode()
            assert page.count('class="timeline-step') >= entries.count(), programme.title
        assert len(set(CommitmentProgress.objects.values_list("status", flat=True))) == 4
        for evidence in ProgressEvidence.objects.select_related("article", "progress__commitment__programme"):
            assert evidence.article.is_public()
            page = client.get(evidence.progress.commitment.programme.get_absolute_url()).content.decode()
            assert f'Minh chứng: <a href="{evidence.article.get_absolute_url()}"' in page
        assert ProgressEvidence.objects.count() >= 3
        for review in Review.objects.all():
            assert review.venue and review.conclusions and review.next_steps
            assert set(review.participants.values_list("pk", flat=True)) == set(
                review.programme.parties.values_list("organization_id", flat=True)
            )
            assert review.assessments.count() == review.programme.commitments.count()
            page = client.get(review.programme.get_absolute_url()).content.decode()
            assert review.conclusions in page

    def test_host_members_are_all_of_the_host_province_and_other_provinces_only_sign(self):
        host = Organization.objects.host()
        members = Organization.objects.members()
        assert members.count() >= 4
        assert {member.region.name for member in members} == {data.HOST_PROVINCE} == {host.region.name}
        for organization in Organization.objects.exclude(region=host.region):
            assert not organization.is_member, organization.name
            assert organization.parties.exists(), organization.name

    def test_every_organization_name_says_which_city_or_province_it_is_of(self):
        for organization in Organization.objects.select_related("region"):
            # Today's province, or the former one it absorbed ("Hà Nam", now in Ninh Bình).
            places = organization.region.known_names()
            assert any(place in organization.name for place in places), organization.name
            assert any(place in organization.short_name for place in places), organization.short_name
        bare = {"Công an thành phố", "Thành đoàn", "Hội Khuyến học thành phố", "Bộ Chỉ huy Quân sự thành phố"}
        assert not Organization.objects.filter(short_name__in=bare).exists()
        assert not Organization.objects.filter(name__in=bare).exists()


@pytest.mark.django_db
class DemoLoaderTests:
    def test_running_the_demo_loader_twice_changes_nothing(self):
        load_demo()
        first = snapshot()
        load_demo()
        assert snapshot() == first

    def test_demo_users_are_created_once_with_their_groups(self, django_user_model):
        call_command("load_demo", verbosity=0)
        call_command("load_demo", verbosity=0)
        assert django_user_model.objects.count() == 3
        assert django_user_model.objects.get(username="bientap").groups.get().name == "Biên tập viên"


@pytest.mark.django_db
class DemoPictureTests:
    def test_demo_pictures_are_varied_drawings_with_vietnamese_captions(self, fonts, loaded_demo):
        found = demo_pictures()
        assert len(found) >= 10
        thumbnails = []
        for caption, image in found:
            assert has_diacritics(caption), caption
            assert image.size == (1200, 675)
            small = image.convert("RGB").resize((120, 68))
            assert len(small.getcolors(maxcolors=120 * 68)) > 1000, caption  # a scene, not a flat placeholder
            thumbnails.append(small.tobytes())
        assert len(set(thumbnails)) == len(thumbnails)
        for first, second in itertools.combinations(thumbnails, 2):
            differing = sum(abs(a - b) > 40 for a, b in zip(first, second, strict=True))
            assert differing > len(first) // 10

    def test_banners_carry_their_vietnamese_lettering(self, fonts):
        for demo in data.ARTICLES:
            for caption, scene in demo.pictures:
                lettered = pictures.draw_scene(scene).convert("L")
                blank = pictures.draw_scene(dataclasses.replace(scene, banner=())).convert("L")
                changed = sum(abs(a - b) > 60 for a, b in zip(lettered.tobytes(), blank.tobytes(), strict=True))
                assert changed > 3000, caption
                text = "".join(scene.banner)
                assert not text or has_diacritics(text)
        typeface = pictures.font(40, bold=True)
        missing = bytes(typeface.getmask("\ue000"))
        letters = {char for demo in data.ARTICLES for _c, scene in demo.pictures for char in "".join(scene.banner)}
        assert not [char for char in letters if char.strip() and bytes(typeface.getmask(char)) == missing]

    def test_organizations_have_drawn_emblems(self, fonts, loaded_demo):
        assert Organization.objects.count() == len(data.ORGANIZATIONS)
        for organization in Organization.objects.all():
            with organization.logo.open("rb") as stored:
                logo = Image.open(io.BytesIO(stored.read())).convert("RGB")
            assert logo.size == (240, 240)
            assert len(logo.getcolors(maxcolors=240 * 240)) > 50, organization.name


@pytest.mark.django_db
class DemoWithoutFontTests:
    def test_without_a_vietnamese_font_the_demo_still_loads_and_says_what_to_install(self, monkeypatch, capsys):
        monkeypatch.setattr(pictures, "FONT_DIRS", [])
        pictures.font_path.cache_clear()
        pictures.font.cache_clear()
        try:
            call_command("load_demo", "--no-users")
            assert "fonts-dejavu-core" in capsys.readouterr().err
            assert Article.objects.exclude(cover_image="").count() == len(data.ARTICLES)
        finally:
            pictures.font_path.cache_clear()
            pictures.font.cache_clear()


@pytest.mark.django_db
class SignedDocumentTests:
    def test_the_demo_signed_document_is_a_pdf_whose_text_holds_the_title_and_signatures(
        self, fonts, loaded_demo, tmp_path
    ):
        require_tool(shutil.which("pdftotext") is not None, "pdftotext not found (apt-get install poppler-utils)")
        programme = Programme.objects.exclude(document="").get()
        with programme.document.open("rb") as stored:
            content = stored.read()
        assert content.startswith(b"%PDF-")
        validate_pdf_upload(ContentFile(content, name="van-ban.pdf"))
        pdf = tmp_path / "van-ban.pdf"
        pdf.write_bytes(content)
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        flat = re.sub(r"\s+", " ", text)
        assert programme.title in flat
        assert "CHƯƠNG TRÌNH PHỐI HỢP" in flat
        for signatory in programme.signatories.all():
            assert signatory.name in flat
            assert signatory.position.upper() in flat
        assert "Hải Phòng, ngày 26 tháng 3 năm 2019" in flat
        assert "minh họa" in flat


@pytest.mark.django_db
class ProductionRefusalTests:
    def test_load_demo_refuses_the_production_settings_and_writes_nothing(self):
        with override_settings(SETTINGS_MODULE="kpportal.settings.prod"):
            with pytest.raises(CommandError) as refusal:
                call_command("load_demo", verbosity=0)
        assert "setup_portal" in str(refusal.value)
        assert "README" in str(refusal.value)
        assert not Organization.objects.exists()
        assert not Article.objects.exists()

    def test_load_demo_run_with_the_production_settings_says_how_to_start_a_real_portal(self):
        result = manage("load_demo")
        assert result.returncode != 0
        assert "Không nạp dữ liệu trình diễn với cấu hình sản xuất" in result.stderr
        assert "python manage.py setup_portal" in result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.django_db
class DemoOnTheObjectStoreTests:
    def test_the_demo_loads_onto_the_object_store_with_renditions_and_public_copies(
        self, object_store, settings, django_capture_on_commit_callbacks
    ):
        bucket = object_store.new_bucket()
        settings.STORAGES = {**settings.STORAGES, "default": object_store.storage_settings(bucket)}
        with django_capture_on_commit_callbacks(execute=True):
            load_demo()
        keys = set(object_store.keys(bucket))
        article = Article.objects.published().exclude(cover_image="").first()
        programme = Programme.objects.filter(is_published=True).exclude(document="").first()
        for name in (article.cover_image.name, programme.document.name):
            assert name in keys and f"public/{name}" in keys
        assert any(key.endswith("w.webp") and not key.startswith("public/") for key in keys)
