"""Every admin list filter and action, tested by what it lists or does, not by its status code.

The filters and actions to cover come from the admin registry: a filter or action added later
without a case here fails ``AdminCoverageTests``. Each case names the rows a member of staff should
see for one filter value, from a small fixed set of records on a fixed day (1 June 2024).
"""

import datetime
from dataclasses import dataclass

import pytest
import time_machine
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from agreements.models import Programme, ProgressStatus, Review
from news.models import Article, Comment, Feedback
from organizations.models import Organization
from tests.factories import (
    VN,
    ArticleFactory,
    CategoryFactory,
    CommitmentFactory,
    CommitmentProgressFactory,
    OrganizationFactory,
    PartyFactory,
    ProgrammeFactory,
    RegionFactory,
    ReviewFactory,
)

NOW = datetime.datetime(2024, 6, 1, 9, 0, tzinfo=VN)
OUR_APPS = {"agreements", "news", "organizations", "importer"}


@dataclass(frozen=True)
class Link:
    """The filter link staff click, by its label in the side bar (for date filters, whose values are times)."""

    parameter: str
    label: str


@pytest.fixture
def records(db):
    with time_machine.travel(NOW, tick=False):
        hai_phong, ha_noi = RegionFactory(name="Hải Phòng"), RegionFactory(name="Hà Nội")
        host = OrganizationFactory(
            name="Hội Khuyến học thành phố Hải Phòng", region=hai_phong, is_member=True, is_host=True
        )
        youth = OrganizationFactory(
            name="Thành đoàn Hải Phòng", kind=Organization.Kind.YOUTH_UNION, region=hai_phong, is_member=True
        )
        police = OrganizationFactory(
            name="Công an quận Ba Đình, Hà Nội",
            kind=Organization.Kind.POLICE,
            level=Organization.Level.DISTRICT,
            region=ha_noi,
            is_member=False,
            is_published=False,
        )
        old = ProgrammeFactory(
            title="Chương trình đã kết thúc", start_year=2015, end_year=2016, signing_date=datetime.date(2015, 3, 1)
        )
        PartyFactory(programme=old, organization=host)
        PartyFactory(programme=old, organization=youth)
        current = ProgrammeFactory(
            title="Chương trình đang thực hiện",
            start_year=2022,
            end_year=2025,
            signing_date=datetime.date(2022, 5, 10),
            is_published=False,
        )
        PartyFactory(programme=current, organization=police)
        open_ended = ProgrammeFactory(
            title="Chương trình không thời hạn", start_year=2020, end_year=None, signing_date=datetime.date(2020, 1, 15)
        )
        future = ProgrammeFactory(
            title="Chương trình sắp tới", start_year=2026, end_year=2028, signing_date=datetime.date(2025, 12, 1)
        )
        PartyFactory(programme=future, organization=youth)
        midterm = ReviewFactory(programme=old, kind=Review.Kind.MIDTERM, date=datetime.date(2016, 1, 5))
        final = ReviewFactory(programme=old, kind=Review.Kind.FINAL, date=datetime.date(2016, 12, 20))
        progress_done = CommitmentProgressFactory(
            commitment=CommitmentFactory(programme=old, number=1), year=2015, status=ProgressStatus.DONE
        )
        progress_draft = CommitmentProgressFactory(
            commitment=CommitmentFactory(programme=current, number=1), year=2023, is_published=False
        )

        activities, examples = CategoryFactory(name="Tin hoạt động"), CategoryFactory(name="Gương sáng")
        draft = ArticleFactory(title="Bài nháp", category=activities, status=Article.Status.DRAFT, published_at=None)
        scheduled = ArticleFactory(
            title="Bài hẹn giờ", category=examples, published_at=datetime.datetime(2099, 1, 1, 8, 0, tzinfo=VN)
        )
        public = ArticleFactory(title="Bài đã đăng", category=activities, is_featured=True)
        last_year = ArticleFactory(
            title="Bài năm trước", category=examples, published_at=datetime.datetime(2023, 2, 10, 8, 0, tzinfo=VN)
        )

        def comment(name, body, created_at, approved):
            return Comment.objects.create(
                article=public,
                name=name,
                body=body,
                created_at=created_at,
                is_approved=approved,
                approved_at=created_at if approved else None,
            )

        approved = comment("Trần Thị Bình", "Bình luận đã duyệt hôm nay", NOW - datetime.timedelta(hours=1), True)
        waiting = comment("Lê Văn Cường", "Bình luận chờ duyệt hôm nay", NOW - datetime.timedelta(hours=2), False)
        january = comment(
            "Phạm Thị Dung", "Bình luận chờ duyệt tháng Một", datetime.datetime(2024, 1, 10, tzinfo=VN), False
        )

        def feedback(subject, created_at, handled):
            return Feedback.objects.create(
                name="Nguyễn Văn An", subject=subject, message="Góp ý", created_at=created_at, is_handled=handled
            )

        handled = feedback("Thư đã trả lời", NOW - datetime.timedelta(hours=3), True)
        new = feedback("Thư mới hôm nay", NOW - datetime.timedelta(hours=1), False)
        older = feedback("Thư năm trước", datetime.datetime(2023, 11, 2, tzinfo=VN), False)
    return {name: obj for name, obj in locals().items() if hasattr(obj, "pk")}


# (model, query or Link, the records listed). A region's, category's or record's pk is named "@name".
FILTER_CASES = [
    ("agreements.programme", {"tinh_trang": "het_hieu_luc"}, {"old"}),
    ("agreements.programme", {"tinh_trang": "dang_hieu_luc"}, {"current", "open_ended"}),
    ("agreements.programme", {"tinh_trang": "sap_dien_ra"}, {"future"}),
    ("agreements.programme", {"tinh_trang": "khong-co"}, {"old", "current", "open_ended", "future"}),
    ("agreements.programme", {"nam": "2016"}, {"old"}),
    ("agreements.programme", {"nam": "2023"}, {"current", "open_ended"}),
    ("agreements.programme", {"nam": "2027"}, {"open_ended", "future"}),
    ("agreements.programme", {"nam": "2010"}, set()),
    ("agreements.programme", {"nam": "²"}, {"old", "current", "open_ended", "future"}),
    ("agreements.programme", {"dia_ban": "@hai_phong"}, {"old", "future"}),
    ("agreements.programme", {"dia_ban": "@ha_noi"}, {"current"}),
    ("agreements.programme", {"dia_ban": "²"}, {"old", "current", "open_ended", "future"}),
    ("agreements.programme", {"is_published__exact": "0"}, {"current"}),
    ("agreements.programme", {"is_published__exact": "1"}, {"old", "open_ended", "future"}),
    ("agreements.programme", {"signing_date__year": "2022"}, {"current"}),
    ("agreements.programme", {"signing_date__year": "2025", "signing_date__month": "12"}, {"future"}),
    ("agreements.commitmentprogress", {"status__exact": "hoan_thanh"}, {"progress_done"}),
    ("agreements.commitmentprogress", {"status__exact": "khong_thuc_hien"}, set()),
    ("agreements.commitmentprogress", {"is_published__exact": "0"}, {"progress_draft"}),
    ("agreements.commitmentprogress", {"commitment__programme__id__exact": "@current"}, {"progress_draft"}),
    ("agreements.review", {"kind__exact": "so_ket"}, {"midterm"}),
    ("agreements.review", {"kind__exact": "tong_ket"}, {"final"}),
    ("news.article", {"tinh_trang": "draft"}, {"draft"}),
    ("news.article", {"tinh_trang": "scheduled"}, {"scheduled"}),
    ("news.article", {"tinh_trang": "published"}, {"public", "last_year"}),
    ("news.article", {"category__id__exact": "@activities"}, {"draft", "public"}),
    ("news.article", {"is_featured__exact": "1"}, {"public"}),
    ("news.article", {"published_at__year": "2023"}, {"last_year"}),
    ("news.article", {"published_at__year": "2024", "published_at__month": "5"}, {"public"}),
    ("news.comment", {"is_approved__exact": "1"}, {"approved"}),
    ("news.comment", {"is_approved__exact": "0"}, {"waiting", "january"}),
    ("news.comment", Link("created_at", "Hôm nay"), {"approved", "waiting"}),
    ("news.comment", {"created_at__year": "2024", "created_at__month": "1"}, {"january"}),
    ("news.feedback", {"is_handled__exact": "0"}, {"new", "older"}),
    ("news.feedback", {"is_handled__exact": "1"}, {"handled"}),
    ("news.feedback", Link("created_at", "Năm nay"), {"handled", "new"}),
    ("news.feedback", {"created_at__year": "2023"}, {"older"}),
    ("organizations.organization", {"kind__exact": "cong_an"}, {"police"}),
    ("organizations.organization", {"level__exact": "huyen"}, {"police"}),
    ("organizations.organization", {"region__id__exact": "@hai_phong"}, {"host", "youth"}),
    ("organizations.organization", {"is_member__exact": "0"}, {"police"}),
    ("organizations.organization", {"is_host__exact": "1"}, {"host"}),
    ("organizations.organization", {"is_published__exact": "0"}, {"police"}),
    ("organizations.organization", {"is_published__exact": "1"}, {"host", "youth"}),
]


def changelist_url(model_label):
    return reverse(f"admin:{model_label.replace('.', '_')}_changelist")


def listed(response):
    """The records the change list shows (its rows, as the page's checkboxes name them)."""
    changelist = response.context["cl"]
    return set(changelist.result_list)


def resolve(query, records, client, model_label):
    if isinstance(query, Link):
        page = client.get(changelist_url(model_label))
        changelist = page.context["cl"]
        for spec in changelist.filter_specs:
            if any(name.startswith(query.parameter) for name in spec.expected_parameters()):
                for choice in spec.choices(changelist):
                    if str(choice["display"]) == query.label:
                        return choice["query_string"]
        raise AssertionError(f"no filter link {query.label!r} for {query.parameter} on {model_label}")
    values = {name: str(records[value[1:]].pk) if value.startswith("@") else value for name, value in query.items()}
    return values


def is_covered(name, expected_parameters):
    """A case's parameter is one the filter reads (a Link names a date filter's field, its parameters are
    ``<field>__gte`` and ``<field>__lt``)."""
    return any(expected == name or expected.startswith(f"{name}__") for expected in expected_parameters)


def parameters(query):
    return {query.parameter} if isinstance(query, Link) else set(query)


@pytest.mark.django_db
class AdminListFilterTests:
    @pytest.mark.parametrize("case", FILTER_CASES, ids=lambda case: f"{case[0]}-{case[1]}")
    def test_the_filter_lists_exactly_its_records(self, client, superuser, records, case):
        model_label, query, expected = case
        client.force_login(superuser)
        with time_machine.travel(NOW, tick=False):
            resolved = resolve(query, records, client, model_label)
            url = changelist_url(model_label)
            response = client.get(url + resolved) if isinstance(resolved, str) else client.get(url, resolved)
        assert response.status_code == 200
        assert listed(response) == {records[name] for name in expected}
        body = response.content.decode()
        for name in expected:
            assert str(records[name]) in body


def action_post(client, model_label, action, selected):
    return client.post(
        changelist_url(model_label),
        {"action": action, ACTION_CHECKBOX_NAME: [obj.pk for obj in selected], "index": 0},
        follow=True,
    )


@pytest.mark.django_db
class AdminActionTests:
    def test_approving_comments_shows_them_under_the_article(self, client, superuser, records):
        client.force_login(superuser)
        with time_machine.travel(NOW, tick=False):
            response = action_post(client, "news.comment", "approve", [records["waiting"], records["january"]])
        assert "Đã duyệt 2 bình luận." in response.content.decode()
        for name in ("waiting", "january"):
            comment = Comment.objects.get(pk=records[name].pk)
            assert comment.is_approved and comment.approved_at == NOW
        client.logout()
        page = client.get(records["public"].get_absolute_url()).content.decode()
        assert "Bình luận chờ duyệt hôm nay" in page and "Bình luận chờ duyệt tháng Một" in page

    def test_unapproving_a_comment_hides_it_from_the_article(self, client, superuser, records):
        assert "Bình luận đã duyệt hôm nay" in client.get(records["public"].get_absolute_url()).content.decode()
        client.force_login(superuser)
        response = action_post(client, "news.comment", "unapprove", [records["approved"], records["waiting"]])
        assert "Đã ẩn 1 bình luận." in response.content.decode()
        comment = Comment.objects.get(pk=records["approved"].pk)
        assert not comment.is_approved and comment.approved_at is None
        client.logout()
        assert "Bình luận đã duyệt hôm nay" not in client.get(records["public"].get_absolute_url()).content.decode()

    def test_marking_feedback_handled_and_unhandled(self, client, superuser, records):
        client.force_login(superuser)
        response = action_post(client, "news.feedback", "mark_handled", [records["new"], records["older"]])
        assert "Đã đánh dấu 2 thư là đã xử lý." in response.content.decode()
        assert set(Feedback.objects.filter(is_handled=True)) == {records["new"], records["older"], records["handled"]}
        response = action_post(client, "news.feedback", "mark_unhandled", [records["handled"]])
        assert "Đã đánh dấu 1 thư là chưa xử lý." in response.content.decode()
        assert set(Feedback.objects.filter(is_handled=False)) == {records["handled"]}

    def test_publishing_and_unpublishing_organizations(self, client, superuser, records):
        client.force_login(superuser)
        response = action_post(client, "organizations.organization", "publish", [records["police"], records["youth"]])
        assert "Đã công bố 1 tổ chức." in response.content.decode()
        assert not Organization.objects.filter(is_published=False).exists()
        response = action_post(client, "organizations.organization", "unpublish", [records["youth"]])
        assert "Đã ngừng công bố 1 tổ chức." in response.content.decode()
        assert set(Organization.objects.filter(is_published=False)) == {records["youth"]}

    def test_deleting_selected_programmes_removes_only_those(self, client, superuser, records):
        client.force_login(superuser)
        selected = [records["old"].pk, records["future"].pk]
        client.post(
            changelist_url("agreements.programme"),
            {"action": "delete_selected", ACTION_CHECKBOX_NAME: selected, "post": "yes"},
        )
        remaining = set(Programme.objects.values_list("title", flat=True))
        assert remaining == {"Chương trình đang thực hiện", "Chương trình không thời hạn"}


ACTION_CASES = {
    ("news.comment", "approve"),
    ("news.comment", "unapprove"),
    ("news.feedback", "mark_handled"),
    ("news.feedback", "mark_unhandled"),
    ("agreements.programme", "delete_selected"),
    ("organizations.organization", "publish"),
    ("organizations.organization", "unpublish"),
}


def our_admins():
    return [
        (model, admin.site.get_model_admin(model))
        for model in apps.get_models()
        if admin.site.is_registered(model) and model._meta.app_label in OUR_APPS
    ]


@pytest.mark.django_db
class AdminCoverageTests:
    def test_every_list_filter_and_date_hierarchy_has_a_case(self, client, superuser, records):
        client.force_login(superuser)
        covered = {}
        for model_label, query, _expected in FILTER_CASES:
            covered.setdefault(model_label, set()).update(parameters(query))
        missing = []
        for model, model_admin in our_admins():
            label = model._meta.label_lower
            if not model_admin.list_filter and not model_admin.date_hierarchy:
                continue
            changelist = client.get(changelist_url(label)).context["cl"]
            for spec in changelist.filter_specs:
                names = spec.expected_parameters()
                if not any(is_covered(name, names) for name in covered.get(label, ())):
                    missing.append(f"{label}: {spec.title} ({', '.join(names)})")
            if model_admin.date_hierarchy and f"{model_admin.date_hierarchy}__year" not in covered.get(label, ()):
                missing.append(f"{label}: date hierarchy {model_admin.date_hierarchy}")
        assert not missing, "list filters without a case in FILTER_CASES: " + "; ".join(missing)

    def test_every_admin_action_has_a_case(self, rf, superuser):
        request = rf.get("/")
        request.user = superuser
        missing = []
        for model, model_admin in our_admins():
            for action in model_admin.get_actions(request):
                if action == "delete_selected":
                    continue
                if (model._meta.label_lower, action) not in ACTION_CASES:
                    missing.append(f"{model._meta.label_lower}: {action}")
        assert not missing, "admin actions without a test: " + "; ".join(missing)
