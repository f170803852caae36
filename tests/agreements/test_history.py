"""History of programmes and articles: who changed what, visible in the admin, and restorable —
for a programme together with its parties, signatories and commitments."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from agreements.history import programme_version, restore_programme
from agreements.models import Commitment, Party, Programme, Signatory
from news.models import Article
from organizations.models import Organization
from tests.factories import ArticleFactory, CommitmentFactory, OrganizationFactory, programme_with_parties
from tests.security.forms import form_data

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
T1 = datetime.datetime(2024, 6, 1, 9, 0, tzinfo=VN)
T2 = datetime.datetime(2024, 6, 1, 10, 0, tzinfo=VN)
T3 = datetime.datetime(2024, 6, 1, 11, 0, tzinfo=VN)


def state(programme):
    """Everything a restore must bring back, as plain values."""
    programme = Programme.objects.get(pk=programme.pk)
    fields = {f.attname: getattr(programme, f.attname) for f in Programme._meta.concrete_fields}
    for bookkeeping in ("created_at", "updated_at"):
        fields.pop(bookkeeping)
    return {
        "programme": fields,
        "parties": sorted(
            Party.objects.filter(programme=programme).values_list("pk", "organization_id", "role", "order")
        ),
        "signatories": sorted(
            Signatory.objects.filter(programme=programme).values_list(
                "pk", "name", "position", "organization_id", "order"
            )
        ),
        "commitments": sorted(
            (c.pk, c.number, c.title, c.description, tuple(sorted(c.responsible.values_list("pk", flat=True))))
            for c in Commitment.objects.filter(programme=programme)
        ),
    }


@pytest.fixture
def organizations():
    return {
        "hkh": OrganizationFactory(name="Hội Khuyến học thành phố"),
        "doan": OrganizationFactory(name="Thành đoàn Hải Phòng"),
        "phunu": OrganizationFactory(name="Hội Liên hiệp Phụ nữ thành phố"),
    }


@pytest.fixture
def programme_at_t1(organizations):
    """State A, written at T1: two parties, two signatories, two commitments."""
    hkh, doan = organizations["hkh"], organizations["doan"]
    with time_machine.travel(T1, tick=False):
        programme = programme_with_parties(
            [hkh, doan],
            signatories=[("Nguyễn Văn An", "Chủ tịch Hội", hkh), ("Trần Thị Bình", "Bí thư Thành đoàn", doan)],
            title="Chương trình phối hợp giai đoạn 2019-2022",
            reference_number="05/CTPH",
            is_published=True,
        )
        first = CommitmentFactory(programme=programme, number=1, title="Tuyên truyền về khuyến học")
        first.responsible.set([hkh])
        CommitmentFactory(programme=programme, number=2, title="Trao học bổng", description="Mỗi năm 50 suất")
    return programme


def edit_everything_at_t2(programme, organizations):
    """State B: the programme row and every kind of part changed, added or removed."""
    hkh, doan, phunu = organizations["hkh"], organizations["doan"], organizations["phunu"]
    with time_machine.travel(T2, tick=False):
        programme.title = "Chương trình phối hợp (đã sửa)"
        programme.end_year = 2025
        programme.reference_number = ""
        programme.save()
        Signatory.objects.filter(programme=programme, organization=doan).delete()
        Party.objects.filter(programme=programme, organization=doan).delete()
        Party.objects.create(programme=programme, organization=phunu, role=Party.Role.PARTNER, order=1)
        Party.objects.filter(programme=programme, organization=hkh).update(order=5)
        for party in Party.objects.filter(programme=programme, organization=hkh):
            party.role = Party.Role.PARTNER
            party.save()
        signatory = Signatory.objects.get(programme=programme, organization=hkh)
        signatory.position = "Phó Chủ tịch Hội"
        signatory.save()
        Signatory.objects.create(programme=programme, name="Lê Thị Cúc", position="Chủ tịch", organization=phunu)
        one, two = Commitment.objects.filter(programme=programme).order_by("number")
        # Swapping numbers: the unique (programme, number) constraint must not get in the way of a restore.
        two.number = 9
        two.save()
        one.number = 2
        one.save()
        two.number = 1
        two.save()
        one.responsible.set([phunu, hkh])
        two.delete()
        CommitmentFactory(programme=programme, number=3, title="Nội dung mới")


@pytest.mark.django_db
class ProgrammeRestoreTests:
    def test_restoring_brings_back_the_programme_and_all_its_parts(self, programme_at_t1, organizations):
        before = state(programme_at_t1)
        edit_everything_at_t2(programme_at_t1, organizations)
        assert state(programme_at_t1) != before

        with time_machine.travel(T3, tick=False):
            restore_programme(programme=programme_at_t1, as_of=T1 + datetime.timedelta(minutes=30), user=_su())
        connection.check_constraints()
        assert state(programme_at_t1) == before

    def test_a_restore_can_itself_be_undone(self, programme_at_t1, organizations):
        edit_everything_at_t2(programme_at_t1, organizations)
        edited = state(programme_at_t1)
        with time_machine.travel(T3, tick=False):
            restore_programme(programme=programme_at_t1, as_of=T1 + datetime.timedelta(minutes=30), user=_su())
        with time_machine.travel(T3 + datetime.timedelta(hours=1), tick=False):
            restore_programme(programme=programme_at_t1, as_of=T2 + datetime.timedelta(minutes=30), user=_su())
        connection.check_constraints()
        assert state(programme_at_t1) == edited

    def test_every_change_a_restore_makes_is_recorded_with_the_user_and_a_reason(
        self, programme_at_t1, organizations, superuser
    ):
        edit_everything_at_t2(programme_at_t1, organizations)
        with time_machine.travel(T3, tick=False):
            restore_programme(programme=programme_at_t1, as_of=T1 + datetime.timedelta(minutes=30), user=superuser)
        for model in (Programme, Party, Signatory, Commitment):
            records = model.history.filter(history_date=T3)
            assert records.exists(), model
            assert {r.history_user for r in records} == {superuser}
            assert {r.history_change_reason for r in records} == {"Khôi phục phiên bản lúc 01/06/2024 09:30:00"}

    def test_changes_after_a_restore_are_not_marked_as_the_restore(self, programme_at_t1, organizations, superuser):
        edit_everything_at_t2(programme_at_t1, organizations)
        with time_machine.travel(T3, tick=False):
            restore_programme(programme=programme_at_t1, as_of=T1 + datetime.timedelta(minutes=30), user=superuser)
        programme_at_t1.refresh_from_db()
        programme_at_t1.venue = "Hội trường tầng 2"
        programme_at_t1.save()
        latest = programme_at_t1.history.order_by("-history_id").first()
        assert (latest.history_change_reason, latest.history_user) == (None, None)

    def test_the_version_lists_what_a_restore_would_bring_back(self, programme_at_t1, organizations):
        edit_everything_at_t2(programme_at_t1, organizations)
        version = programme_version(programme=programme_at_t1, as_of=T1 + datetime.timedelta(minutes=1))
        assert version.programme.title == "Chương trình phối hợp giai đoạn 2019-2022"
        assert [p.organization.name for p in version.parties] == ["Hội Khuyến học thành phố", "Thành đoàn Hải Phòng"]
        assert [s.name for s in version.signatories] == ["Nguyễn Văn An", "Trần Thị Bình"]
        assert [(c.number, c.title) for c in version.commitments] == [
            (1, "Tuyên truyền về khuyến học"),
            (2, "Trao học bổng"),
        ]

    def test_a_time_before_the_programme_existed_is_refused(self, programme_at_t1):
        with pytest.raises(ValidationError, match="chưa tồn tại"):
            restore_programme(programme=programme_at_t1, as_of=T1 - datetime.timedelta(days=1), user=_su())

    def test_a_party_whose_organization_was_deleted_since_is_reported_not_half_restored(
        self, programme_at_t1, organizations
    ):
        edit_everything_at_t2(programme_at_t1, organizations)
        Organization.objects.filter(pk=organizations["doan"].pk).delete()
        before = state(programme_at_t1)
        with pytest.raises(ValidationError, match="Thành đoàn Hải Phòng"):
            restore_programme(programme=programme_at_t1, as_of=T1 + datetime.timedelta(minutes=30), user=_su())
        assert state(programme_at_t1) == before

    def test_someone_without_the_right_to_publish_cannot_change_publication_by_restoring(
        self, programme_at_t1, organizations, editor
    ):
        with time_machine.travel(T2, tick=False):
            programme_at_t1.is_published = False
            programme_at_t1.save()
        with time_machine.travel(T3, tick=False):
            restore_programme(programme=programme_at_t1, as_of=T1 + datetime.timedelta(minutes=30), user=editor)
        programme_at_t1.refresh_from_db()
        assert programme_at_t1.is_published is False


def _su():
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username="khoiphuc", defaults={"is_superuser": True})
    return user


@pytest.mark.django_db
class ProgrammeHistoryAdminTests:
    def edit_in_admin(self, client, programme, organizations):
        """An editor changes the venue, a party's role, a signatory and a commitment on one page."""
        url = reverse("admin:agreements_programme_change", args=[programme.pk])
        data = form_data(client.get(url).content, "programme_form")
        data |= {"venue": "Nhà văn hoá quận Lê Chân", "parties-1-role": Party.Role.LEAD}
        data |= {"signatories-0-position": "Phó Chủ tịch Hội", "commitments-0-title": "Tuyên truyền (đã sửa)"}
        data |= {"commitments-1-responsible": [str(organizations["doan"].pk)]}
        response = client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        return response

    def test_every_change_in_the_admin_is_recorded_with_the_editor(
        self, client, editor, programme_at_t1, organizations
    ):
        # Not yet published: an editor's change to published content waits for review (tests/revisions).
        Programme.objects.filter(pk=programme_at_t1.pk).update(is_published=False)
        client.force_login(editor)
        with time_machine.travel(T2, tick=False):
            self.edit_in_admin(client, programme_at_t1, organizations)
        for model in (Programme, Party, Signatory, Commitment):
            latest = model.history.filter(history_date=T2)
            assert latest.exists(), model
            assert {r.history_user for r in latest} == {editor}, model

    def test_the_history_page_shows_who_changed_what_in_vietnamese(
        self, client, editor, programme_at_t1, organizations
    ):
        # Not yet published: an editor's change to published content waits for review (tests/revisions).
        Programme.objects.filter(pk=programme_at_t1.pk).update(is_published=False)
        client.force_login(editor)
        with time_machine.travel(T2, tick=False):
            self.edit_in_admin(client, programme_at_t1, organizations)
        response = client.get(reverse("admin:agreements_programme_history", args=[programme_at_t1.pk]))
        html = response.content.decode()
        assert response.status_code == 200
        for text in (
            "Lịch sử thay đổi",
            "bientap",
            "Nhà văn hoá quận Lê Chân",
            "01/06/2024 10:00:00",
            "Sửa",
            "Tạo mới",
        ):
            assert text in html, text
        assert html.count("button restore-version") == programme_at_t1.history.count() - 1
        assert "Phiên bản hiện tại" in html

    def test_restoring_from_the_admin_brings_back_the_whole_programme(
        self, client, publisher, programme_at_t1, organizations
    ):
        before = state(programme_at_t1)
        client.force_login(publisher)
        with time_machine.travel(T2, tick=False):
            self.edit_in_admin(client, programme_at_t1, organizations)
        assert state(programme_at_t1) != before
        version = programme_at_t1.history.filter(history_date=T1).order_by("-history_id").first()
        url = reverse("admin:agreements_programme_restore", args=[programme_at_t1.pk, version.history_id])

        confirmation = client.get(url)
        html = confirmation.content.decode()
        assert confirmation.status_code == 200
        for text in ("Khôi phục phiên bản này", "Thành đoàn Hải Phòng", "Chủ tịch Hội", "Tuyên truyền về khuyến học"):
            assert text in html, text

        with time_machine.travel(T3, tick=False):
            response = client.post(url, follow=True)
        assert response.redirect_chain[-1][0] == reverse("admin:agreements_programme_change", args=[programme_at_t1.pk])
        assert "Đã khôi phục chương trình" in response.content.decode()
        connection.check_constraints()
        assert state(programme_at_t1) == before

    def test_the_single_row_revert_of_simple_history_is_refused_for_programmes(
        self, client, superuser, programme_at_t1
    ):
        client.force_login(superuser)
        version = programme_at_t1.history.earliest()
        url = reverse("admin:agreements_programme_simple_history", args=[programme_at_t1.pk, version.history_id])
        page = client.get(url)
        assert page.status_code == 200
        assert "Khôi phục phiên bản này" in page.content.decode()
        assert client.post(url, form_data(page.content, "historicalprogramme_form")).status_code == 403

    def test_someone_who_may_only_view_cannot_restore(self, client, django_user_model, programme_at_t1):
        from django.contrib.auth.models import Permission

        viewer = django_user_model.objects.create_user("xem", password="x", is_staff=True)
        viewer.user_permissions.add(Permission.objects.get(codename="view_programme"))
        client.force_login(viewer)
        version = programme_at_t1.history.earliest()
        url = reverse("admin:agreements_programme_restore", args=[programme_at_t1.pk, version.history_id])
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
        history = client.get(reverse("admin:agreements_programme_history", args=[programme_at_t1.pk]))
        assert "Khôi phục phiên bản này" not in history.content.decode()


@pytest.mark.django_db
class ArticleHistoryTests:
    def test_an_article_edit_is_recorded_with_the_editor_and_shown_in_the_admin(self, client, editor):
        # A draft: an editor's change to a published article waits for review (tests/revisions).
        article = ArticleFactory(title="Tiêu đề ban đầu", status=Article.Status.DRAFT, published_at=None)
        client.force_login(editor)
        url = reverse("admin:news_article_change", args=[article.pk])
        response = client.post(url, form_data(client.get(url).content, "article_form") | {"title": "Tiêu đề mới"})
        assert response.status_code == 302
        assert article.history.latest().history_user == editor
        history = client.get(reverse("admin:news_article_history", args=[article.pk])).content.decode()
        assert "bientap" in history
        assert "Tiêu đề ban đầu" in history

    def test_an_earlier_version_of_an_article_is_restored_with_simple_history_revert(self, client, publisher):
        article = ArticleFactory(title="Tiêu đề ban đầu", body="<p>Đoạn văn ban đầu.</p>", lead="Sapo ban đầu")
        first = article.history.earliest()
        article.title, article.body, article.lead = "Tiêu đề sai", "<p>Đoạn văn sai.</p>", "Sapo sai"
        article.save()
        client.force_login(publisher)
        url = reverse("admin:news_article_simple_history", args=[article.pk, first.history_id])
        response = client.post(url, form_data(client.get(url).content, "historicalarticle_form"))
        assert response.status_code == 302
        article.refresh_from_db()
        assert (article.title, article.body, article.lead) == (
            "Tiêu đề ban đầu",
            "<p>Đoạn văn ban đầu.</p>",
            "Sapo ban đầu",
        )
        assert article.history.latest().history_user == publisher
        assert Article.objects.count() == 1
