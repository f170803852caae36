"""Files follow publication (issue 13, item 5): a draft article's pictures and an unpublished
programme's PDF answer 404 to readers and 200 to staff allowed to view them, at the address pages
use; publishing makes that same address public, unpublishing, replacing or clearing a file makes the
old address stop answering to readers (core/private_media.py, core/media_views.py)."""

import datetime
import io
import os
import re

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client

import kpportal.settings.dev
from agreements.models import CommitmentProgress
from core import private_media
from core.renditions import rendition_name
from news.models import Article
from tests.factories import (
    VN,
    ArticleFactory,
    ArticleImageFactory,
    CommitmentFactory,
    OrganizationFactory,
    ProgrammeFactory,
    ReviewFactory,
    uploaded_pdf,
    uploaded_png,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (moving files in and out of the public area) at once."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture
def staff_without_permission(django_user_model):
    return django_user_model.objects.create_user("nhanvien", password="mat-khau-nhan-vien", is_staff=True)


def as_user(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def status(user, url):
    return as_user(user).get(url).status_code


def draft_article(committed):
    def make():
        article = ArticleFactory(
            status=Article.Status.DRAFT,
            published_at=None,
            cover_image=uploaded_png("anh-nhap.png", width=900, height=600),
        )
        ArticleImageFactory(article=article, image=uploaded_png("anh-trong-bai.png", width=400, height=300))
        return article

    return committed(make)


def article_addresses(article):
    picture = article.images.get().image
    return [
        article.cover_image.url,
        default_storage.url(rendition_name(article.cover_image.name, 800)),
        picture.url,
        default_storage.url(rendition_name(picture.name, 360)),
    ]


def test_a_draft_articles_pictures_and_renditions_answer_404_to_readers_and_200_to_its_editors(
    committed, editor, staff_without_permission
):
    article = draft_article(committed)
    for url in article_addresses(article):
        assert url.startswith("/media/articles/")
        assert status(None, url) == 404, url
        assert status(staff_without_permission, url) == 404, url
        response = as_user(editor).get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Type"] in ("image/png", "image/webp")
        assert b"".join(response.streaming_content) == default_storage.open(url.removeprefix("/media/")).read()
    assert not private_media.is_linked(article.cover_image.name)


def test_an_unpublished_programmes_pdf_answers_404_to_readers_and_200_to_publishers(committed, publisher):
    programme = committed(ProgrammeFactory, is_published=False, document=uploaded_pdf())
    url = programme.document.url
    assert status(None, url) == 404
    response = as_user(publisher).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_404_of_a_private_file_is_the_404_of_a_missing_one(committed):
    programme = committed(ProgrammeFactory, is_published=False, document=uploaded_pdf())
    missing_url = "/media/programmes/2024/06/khong-co-a1b2c3d4.pdf"
    private, missing = Client().get(programme.document.url), Client().get(missing_url)
    assert private.status_code == missing.status_code == 404

    def page(response, url):  # the same page, but for the address and the CSP nonce of each response
        return re.sub(rb'nonce="[^"]*"', b"", response.content.replace(url.encode(), b"URL"))

    assert page(private, programme.document.url) == page(missing, missing_url)


def test_publishing_opens_the_same_address_to_readers_and_unpublishing_closes_it(committed, editor):
    article = draft_article(committed)
    urls = article_addresses(article)

    article.status, article.published_at = Article.Status.PUBLISHED, datetime.datetime(2024, 5, 1, tzinfo=VN)
    committed(article.save)
    assert article_addresses(article) == urls  # pages and caches keep their addresses
    for url in urls:
        response = Client().get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "public, max-age=3600"
        assert private_media.is_linked(url.removeprefix("/media/")), url

    article.status = Article.Status.DRAFT
    committed(article.save)
    for url in urls:
        assert status(None, url) == 404, url
        assert not private_media.is_linked(url.removeprefix("/media/")), url
        assert status(editor, url) == 200, url


def test_replacing_or_clearing_a_published_file_closes_the_old_address(committed, publisher):
    programme = committed(ProgrammeFactory, is_published=True, document=uploaded_pdf("ban-dau.pdf"))
    article = committed(ArticleFactory, cover_image=uploaded_png("anh-cu.png", width=900, height=600))
    old_pdf, old_picture = programme.document.url, article.cover_image.url
    old_rendition = default_storage.url(rendition_name(article.cover_image.name, 800))
    assert [status(None, url) for url in (old_pdf, old_picture, old_rendition)] == [200, 200, 200]

    programme.document = uploaded_pdf("ban-sua.pdf")
    committed(programme.save)
    article.cover_image = None
    committed(article.save)

    assert status(None, programme.document.url) == 200
    for url in (old_pdf, old_picture, old_rendition):
        assert status(None, url) == 404, url
        assert not private_media.is_linked(url.removeprefix("/media/")), url


def test_deleting_an_article_closes_its_pictures(committed):
    article = committed(ArticleFactory, cover_image=uploaded_png("anh-xoa.png"))
    url = article.cover_image.url
    assert status(None, url) == 200
    committed(article.delete)
    assert status(None, url) == 404


def test_a_scheduled_articles_picture_opens_at_its_time_without_anybody_saving(committed):
    at = datetime.datetime(2030, 1, 1, 8, 0, tzinfo=VN)
    article = committed(ArticleFactory, published_at=at, cover_image=uploaded_png("hen-gio.png"))
    url = article.cover_image.url
    with time_machine.travel(at - datetime.timedelta(minutes=1), tick=False):
        assert status(None, url) == 404
    with time_machine.travel(at + datetime.timedelta(minutes=1), tick=False):
        assert status(None, url) == 200
    # The first reader made the link: nginx serves it from now on.
    assert private_media.is_linked(article.cover_image.name)


def test_a_programmes_review_report_and_published_progress_follow_the_programme(committed, publisher):
    programme = committed(ProgrammeFactory, is_published=False)
    review = committed(ReviewFactory, programme=programme, report_document=uploaded_pdf("bao-cao.pdf"))
    progress = committed(
        CommitmentProgress.objects.create,
        commitment=CommitmentFactory(programme=programme),
        year=2021,
        status="hoan_thanh",
        document=uploaded_pdf("minh-chung.pdf"),
        is_published=True,
    )
    report, evidence = review.report_document.url, progress.document.url
    assert [status(None, report), status(None, evidence)] == [404, 404]
    assert [status(publisher, report), status(publisher, evidence)] == [200, 200]

    programme.is_published = True
    committed(programme.save)
    assert [status(None, report), status(None, evidence)] == [200, 200]

    progress.is_published = False
    committed(progress.save)
    assert status(None, evidence) == 404


def test_logos_are_public(committed):
    organization = committed(OrganizationFactory, logo=uploaded_png("logo.png", width=300, height=300))
    assert status(None, organization.logo.url) == 200
    assert status(None, default_storage.url(rendition_name(organization.logo.name, 128))) == 200


def test_behind_nginx_the_file_is_sent_by_an_internal_redirect(committed, editor, settings):
    settings.MEDIA_ACCEL_REDIRECT = True
    article = draft_article(committed)
    name = article.cover_image.name
    response = as_user(editor).get(article.cover_image.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/internal-media/{name}"
    assert response["Content-Type"] == "image/png"
    assert response.content == b""
    assert Client().get(article.cover_image.url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/media/../kpportal/settings/base.py",
        "/media/%2e%2e/manage.py",
        "/media/public/logos/x.png",
        "/media/articles/",
        "/media/articles/%00.png",
    ],
)
def test_odd_addresses_answer_404(url, superuser):
    assert Client().get(url).status_code == 404
    assert status(superuser, url) == 404


def test_nothing_can_be_stored_in_the_public_area():
    from django.core.exceptions import SuspiciousFileOperation
    from django.core.files.base import ContentFile

    with pytest.raises(SuspiciousFileOperation):
        default_storage.save("public/logos/anh.png", ContentFile(b"x"))


def test_backups_do_not_see_the_public_area_and_a_rebuild_follows_the_database(committed):
    public = committed(ArticleFactory, cover_image=uploaded_png("cong-khai.png"))
    draft = committed(ArticleFactory, status=Article.Status.DRAFT, published_at=None, cover_image=uploaded_png())
    assert "public" not in default_storage.listdir("")[0]
    # A stray link (copied by hand, left by a restore) is removed, a missing one made.
    private_media.link(draft.cover_image.name)
    private_media.unlink(public.cover_image.name)

    out = io.StringIO()
    call_command("sync_public_media", stdout=out)
    assert "Đã công khai" in out.getvalue()
    assert private_media.is_linked(public.cover_image.name)
    assert not private_media.is_linked(draft.cover_image.name)
    link = private_media.public_path(public.cover_image.name)
    assert not os.path.isabs(os.readlink(link))  # the media folder may move


class MakeRunTests:
    """`make run`: kpportal.settings.dev, DEBUG on, no nginx: Django sends files, to staff only."""

    @pytest.fixture(autouse=True)
    def dev_settings(self, settings):
        settings.DEBUG = True
        settings.MIDDLEWARE = kpportal.settings.dev.MIDDLEWARE
        settings.MEDIA_ACCEL_REDIRECT = kpportal.settings.dev.MEDIA_ACCEL_REDIRECT

    def test_private_files_are_sent_only_to_staff(self, committed, editor):
        article = draft_article(committed)
        programme = committed(ProgrammeFactory, is_published=False, document=uploaded_pdf())
        for url in (article.cover_image.url, programme.document.url):
            assert status(None, url) == 404
            response = as_user(editor).get(url)
            assert response.status_code == 200
            assert response.streaming
        published = committed(ArticleFactory, cover_image=uploaded_png("da-dang.png"))
        assert status(None, published.cover_image.url) == 200


def test_a_user_with_only_the_view_permission_sees_private_files(committed, staff_without_permission):
    programme = committed(ProgrammeFactory, is_published=False, document=uploaded_pdf())
    assert status(staff_without_permission, programme.document.url) == 404
    staff_without_permission.user_permissions.add(Permission.objects.get(codename="view_programme"))
    assert status(staff_without_permission, programme.document.url) == 200


def test_a_published_file_costs_no_query_and_a_private_one_a_fixed_few(committed, django_assert_num_queries):
    published = committed(ArticleFactory, cover_image=uploaded_png("mot.png"))
    with django_assert_num_queries(0):  # the link alone decides, as for nginx
        assert Client().get(published.cover_image.url).status_code == 200
    draft = draft_article(committed)
    for _ in range(3):
        committed(ArticleImageFactory, article=draft, image=uploaded_png())
    # One question per owning field (6 of them: logos, covers, pictures, PDFs, reports, evidence),
    # however many rows there are, and the 404 page's masthead (the host association).
    with django_assert_num_queries(6 + 1):
        assert Client().get(draft.cover_image.url).status_code == 404
