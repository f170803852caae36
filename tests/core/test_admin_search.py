"""The admin finds without diacritics: every search box and every autocomplete, read from the admin
registry, so that a model registered later is covered (or this file says what it needs)."""

import itertools

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.admin_search import FoldedSearchAdminMixin
from revisions import snapshot
from revisions.registry import revisable
from revisions.services import record_proposal
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    CommitmentProgressFactory,
    OrganizationFactory,
    PartyFactory,
    RegionFactory,
    ReviewFactory,
)
from tests.news.factories import CommentFactory, FeedbackFactory

VALUE = "liên đoàn Quỳnh Lưu"
_serial = itertools.count()


def _axes_row(model):
    fields = {
        "user_agent": "Chromium",
        "ip_address": "10.0.0.1",
        "username": f"khach{next(_serial)}",
        "http_accept": "*/*",
    }
    if model is AccessAttempt:
        fields |= {"get_data": "", "post_data": "", "failures_since_start": 1}
    return model.objects.create(path_info="/quan-tri/login/", **fields)


def _pending_revision():
    article = ArticleFactory()
    base = snapshot.take(revisable(article), article)
    data = snapshot.take(revisable(article), article)
    data["object"]["fields"]["lead"] = f"Sapo đề xuất {next(_serial)}"
    author = User.objects.create(username=f"bien-tap-{next(_serial)}", is_staff=True)
    revision, _replaced = record_proposal(article, base=base, data=data, user=author)
    return revision


# One object of each searchable admin's model, with every relation its search fields follow.
MAKERS = {
    Group: lambda: Group.objects.create(name=f"Nhóm {next(_serial)}"),
    User: lambda: User.objects.create(username=f"nguoi-dung-{next(_serial)}", email="a@example.vn"),
    AccessAttempt: lambda: _axes_row(AccessAttempt),
    AccessLog: lambda: _axes_row(AccessLog),
    AccessFailureLog: lambda: _axes_row(AccessFailureLog),
    apps.get_model("organizations", "Region"): lambda: RegionFactory(name=f"Địa bàn {next(_serial)}"),
    apps.get_model("organizations", "Organization"): lambda: OrganizationFactory(
        region=RegionFactory(name=f"Địa bàn {next(_serial)}")
    ),
    apps.get_model("agreements", "Programme"): lambda: PartyFactory().programme,
    apps.get_model("agreements", "Review"): lambda: ReviewFactory(summary="Tổng kết"),
    apps.get_model("agreements", "Commitment"): lambda: CommitmentProgressFactory().commitment,
    apps.get_model("agreements", "CommitmentProgress"): CommitmentProgressFactory,
    apps.get_model("news", "Category"): lambda: CategoryFactory(name=f"Chuyên mục {next(_serial)}"),
    apps.get_model("news", "Article"): ArticleFactory,
    apps.get_model("news", "Comment"): CommentFactory,
    apps.get_model("news", "Feedback"): FeedbackFactory,
    apps.get_model("revisions", "Revision"): _pending_revision,
}


def registered_admins():
    return [
        (model, admin.site.get_model_admin(model)) for model in apps.get_models() if admin.site.is_registered(model)
    ]


def text_field_at(model, path):
    """The text field a search field names (following relations), or None."""
    for part in path.split("__"):
        field = model._meta.get_field(part)
        model = field.related_model or model
    return field if isinstance(field, (models.CharField, models.TextField)) else None


SEARCH_FIELDS = [
    pytest.param(model, field, id=f"{model._meta.label}.{field}")
    for model, model_admin in registered_admins()
    for field in model_admin.search_fields
    if text_field_at(model, field.lstrip("^=@"))
]


def autocomplete_fields():
    """(model holding the field, field name) of every autocomplete of every admin page and inline."""
    found = []
    for model, model_admin in registered_admins():
        found += [(model, name) for name in model_admin.autocomplete_fields]
        for inline in model_admin.inlines:
            found += [(inline.model, name) for name in inline.autocomplete_fields]
    return found


AUTOCOMPLETES = [
    pytest.param(model, name, id=f"{model._meta.label}.{name}") for model, name in dict.fromkeys(autocomplete_fields())
]


def put(obj, path, value):
    """Write ``value`` into the text at ``path`` ("parties__organization__name") of ``obj``."""
    *relations, name = path.split("__")
    target = obj
    for relation in relations:
        target = getattr(target, relation)
        if hasattr(target, "all"):
            target = target.all()[0]  # the maker made one
    setattr(target, name, value)
    target.save()


def queries_for(search_field):
    """Searches that must find VALUE, typed as staff type them, and one that must not."""
    if search_field.startswith("="):
        return ["lien doan quynh luu", "LIÊN ĐOÀN QUỲNH LƯU"], "lien doan"
    if search_field.startswith("^"):
        return ["lien doan", "Liên"], "quynh"
    return ["lien doan quynh luu", "Đoàn", "QUỲNH lưu", "doan", '"doan quynh"'], "doan ha noi"


@pytest.fixture
def staff_client(client, superuser):
    client.force_login(superuser)
    return client


def listed(client, model, q):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    return {obj.pk for obj in response.context["cl"].result_list}


def offered(client, model, field_name, term, **params):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": model._meta.app_label, "model_name": model._meta.model_name, "field_name": field_name}
        | {"term": term, **params},
    )
    assert response.status_code == 200
    return [int(result["id"]) for result in response.json()["results"]]


class AdminRegistryTests:
    def test_every_admin_searches_through_the_folding(self):
        assert registered_admins()
        for model, model_admin in registered_admins():
            assert isinstance(model_admin, FoldedSearchAdminMixin), model

    def test_every_searchable_admin_has_an_example_object_for_these_tests(self):
        missing = [m._meta.label for m, a in registered_admins() if a.search_fields and m not in MAKERS]
        assert missing == [], "add a maker to MAKERS for the search tests"

    def test_the_programme_page_has_its_autocompletes(self):
        assert {(m._meta.model_name, f) for m, f in autocomplete_fields()} >= {
            ("party", "organization"),
            ("signatory", "organization"),
        }


@pytest.mark.django_db
class SearchBoxTests:
    @pytest.mark.parametrize(("model", "search_field"), SEARCH_FIELDS)
    def test_the_search_box_finds_without_diacritics_and_ignores_case(self, staff_client, model, search_field):
        target, other = MAKERS[model](), MAKERS[model]()
        put(target, search_field.lstrip("^=@"), VALUE)
        found, missing = queries_for(search_field)
        for q in found:
            shown = listed(staff_client, model, q)
            assert target.pk in shown, q
            assert other.pk not in shown, q
        assert target.pk not in listed(staff_client, model, missing)

    def test_organizations_are_found_by_any_name_without_diacritics(self, staff_client):
        model = apps.get_model("organizations", "Organization")
        youth = OrganizationFactory(
            name="Ban Chấp hành Đoàn TNCS Hồ Chí Minh thành phố Hải Phòng", short_name="Thành đoàn Hải Phòng"
        )
        union = OrganizationFactory(name="Liên đoàn Lao động thành phố Hải Phòng")
        society = OrganizationFactory(name="Hội Khuyến học thành phố Hải Phòng", abbreviation="HKH")
        # Every word somewhere, as Django's admin searches: "Liên đoàn ... thành phố" holds both.
        assert listed(staff_client, model, "thanh doan") == {youth.pk, union.pk}
        assert listed(staff_client, model, '"thanh doan"') == {youth.pk}
        assert listed(staff_client, model, "Đoàn") == {youth.pk, union.pk}
        assert listed(staff_client, model, "khuyen hoc hai phong") == {society.pk}
        assert listed(staff_client, model, "hkh") == {society.pk}
        assert listed(staff_client, model, "hai phong") == {youth.pk, union.pk, society.pk}

    def test_punctuation_alone_is_searched_as_typed(self, staff_client):
        feedback = FeedbackFactory(email="ban.doc@example.vn")
        model = apps.get_model("news", "Feedback")
        assert listed(staff_client, model, "@") == {feedback.pk}
        assert listed(staff_client, model, "ban.doc@example") == {feedback.pk}

    def test_a_search_costs_the_same_queries_at_any_size(self, staff_client):
        model = apps.get_model("agreements", "Programme")
        counts = []
        for size in (2, 20):
            while model.objects.count() < size:
                put(MAKERS[model](), "parties__organization__name", VALUE)
            with CaptureQueriesContext(connection) as queries:
                assert len(listed(staff_client, model, "doan quynh")) == size
            counts.append(len(queries))
        assert counts[0] == counts[1]


@pytest.mark.django_db
class AutocompleteTests:
    @pytest.mark.parametrize(("model", "field_name"), AUTOCOMPLETES)
    def test_every_picker_finds_without_diacritics(self, staff_client, model, field_name):
        offered_model = model._meta.get_field(field_name).related_model
        search_field = admin.site.get_model_admin(offered_model).search_fields[0]
        target, other = MAKERS[offered_model](), MAKERS[offered_model]()
        put(target, search_field.lstrip("^=@"), VALUE)
        for term in queries_for(search_field)[0]:
            ids = offered(staff_client, model, field_name, term)
            assert target.pk in ids, term
            assert other.pk not in ids, term

    def test_the_party_and_signatory_pickers_find_thanh_doan(self, staff_client):
        youth = OrganizationFactory(name="Thành đoàn Hải Phòng")
        society = OrganizationFactory(name="Hội Khuyến học thành phố Hải Phòng")
        union = OrganizationFactory(name="Liên đoàn Lao động thành phố Hải Phòng")
        OrganizationFactory(name="Hội Nông dân tỉnh Hà Nam")
        for model_name in ("party", "signatory"):
            model = apps.get_model("agreements", model_name)
            # "Liên đoàn Lao động thành phố" holds both words too, but not one after the other.
            assert offered(staff_client, model, "organization", "thanh doan") == [youth.pk, union.pk]
            assert offered(staff_client, model, "organization", "doan") == [union.pk, youth.pk]
            assert offered(staff_client, model, "organization", "Đoàn") == [union.pk, youth.pk]
            assert offered(staff_client, model, "organization", "khuyen hoc hai phong") == [society.pk]


@pytest.mark.django_db
class PartiesFirstTests:
    """The signatory picker is asked with the organizations entered as parties on the page."""

    @pytest.fixture
    def organizations(self):
        return [OrganizationFactory(name=f"Hội {letter} Hải Phòng") for letter in "ABCDE"]

    def test_the_organizations_asked_for_come_first_then_the_rest_in_order(self, staff_client, organizations):
        signatory = apps.get_model("agreements", "Signatory")
        a, b, c, d, e = (o.pk for o in organizations)
        assert offered(staff_client, signatory, "organization", "") == [a, b, c, d, e]
        assert offered(staff_client, signatory, "organization", "", truoc=f"{e},{c}") == [c, e, a, b, d]
        assert offered(staff_client, signatory, "organization", "hai phong", truoc=str(d)) == [d, a, b, c, e]

    @pytest.mark.parametrize("value", ["²", "abc", "99999999999999999999", ",,,", "1;DROP", "-1", " "])
    def test_odd_values_are_ignored(self, staff_client, organizations, value):
        signatory = apps.get_model("agreements", "Signatory")
        assert offered(staff_client, signatory, "organization", "", truoc=value) == [o.pk for o in organizations]
