"""Any value in any change list parameter of any admin: a list, the whole list again, or a Vietnamese
message; never a 500 (hypothesis, derandomized as in test_properties).

The admins and their parameters come from the admin registry and each change list's own filters
(``ListFilter.expected_parameters()``, the date hierarchy, search, ordering, paging), so a model or
filter added later is covered without a new test.
"""

from urllib.parse import parse_qsl, quote

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    OrganizationFactory,
    PartyFactory,
    ProgrammeFactory,
    RegionFactory,
)
from tests.security.test_properties import EXAMPLES, check, raw_values

pytestmark = pytest.mark.django_db

# Django's own change list parameters (django.contrib.admin.views.main), read by every admin.
CHANGELIST_PARAMETERS = ["q", "o", "p", "all", "e", "_facets", "_popup", "_to_field"]
# Values that gave a 500 before (issue 12) and their neighbours: digits Python reads but SQL does not,
# years past 9998 or a C long, the edges of the calendar.
ODD_VALUES = ["²", "99999999999999999999", "9999", "-1", ""]
# An admin page costs tens of milliseconds: fewer random examples than the public pages, per admin.
ADMIN_EXAMPLES = settings(EXAMPLES, max_examples=15)


def registered_models():
    return [model for model in apps.get_models() if admin.site.is_registered(model)]


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def parameters_and_values(client, model):
    """The change list's parameters, and the values its own filter links use."""
    response = client.get(changelist_url(model))
    assert response.status_code == 200
    names = set()
    real_values = set()
    if "cl" not in response.context:  # an admin whose list page is its own view (the importer's)
        return [], []
    changelist = response.context["cl"]
    for spec in changelist.filter_specs:
        names.update(spec.expected_parameters())
        for choice in spec.choices(changelist):
            real_values.update(value for _name, value in parse_qsl(choice["query_string"].lstrip("?")))
    if changelist.date_hierarchy:
        names.update(f"{changelist.date_hierarchy}__{part}" for part in ("year", "month", "day"))
        real_values.update(["2019", "3", "26", "12", "31"])
    return sorted(names), sorted(real_values)


def all_parameters(names):
    return sorted({*names, *CHANGELIST_PARAMETERS})


@pytest.fixture
def admin_client(superuser):
    client = Client()
    client.force_login(superuser)
    return client


@pytest.fixture
def content(db):
    region = RegionFactory(name="Hải Phòng")
    organization = OrganizationFactory(region=region)
    programme = ProgrammeFactory()
    PartyFactory(programme=programme, organization=organization)
    ArticleFactory(category=CategoryFactory(name="Tin hoạt động"))
    return programme


def admin_fetch(client, url, label):
    with transaction.atomic():
        response = client.get(url)
    check(response, label)
    if response.status_code == 302:
        # A filter Django cannot use sends the reader back to the whole list, said so by ?e=1.
        assert response["Location"].endswith("?e=1"), f"{label}: redirected to {response['Location']}"
    return response


MODELS = registered_models()


@pytest.mark.parametrize("model", MODELS, ids=[model._meta.label for model in MODELS])
class AdminChangeListParameterTests:
    def test_every_filter_and_date_parameter_takes_each_odd_value(self, admin_client, content, model):
        url = changelist_url(model)
        names, _real = parameters_and_values(admin_client, model)
        for name in names:
            for value in ODD_VALUES:
                admin_fetch(admin_client, f"{url}?{name}={quote(value, safe='')}", f"{url}?{name}={value!r}")

    def test_any_combination_of_parameters_and_values(self, admin_client, content, model):
        url = changelist_url(model)
        names, real = parameters_and_values(admin_client, model)
        values = st.one_of(raw_values, st.sampled_from([*real, *ODD_VALUES]).map(lambda value: quote(value, safe="")))

        @ADMIN_EXAMPLES
        @given(st.dictionaries(st.sampled_from(all_parameters(names)), values, max_size=4))
        # The inputs issue 12 found (a parameter another admin does not have is one more odd input).
        @example({"nam": "%C2%B2"})
        @example({"dia_ban": "%C2%B2"})
        @example({"signing_date__year": "99999999999"})
        @example({"published_at__year": "99999999999999999999"})
        @example({"created_at__year": "9999", "created_at__month": "12", "created_at__day": "31"})
        @example({"e": "1", "signing_date__year": "99999999999", "published_at__year": "10000"})
        def changelist(params):
            query = "&".join(f"{name}={value}" for name, value in params.items())
            admin_fetch(admin_client, f"{url}?{query}", f"{url}?{query[:300]}")

        changelist()


class DateHierarchyTests:
    def test_an_impossible_year_shows_the_whole_list_again(self, admin_client, content):
        url = reverse("admin:agreements_programme_changelist")
        response = admin_client.get(url, {"signing_date__year": "99999999999"}, follow=True)
        assert response.redirect_chain == [(f"{url}?e=1", 302)]
        assert content.title in response.content.decode()

    def test_an_impossible_date_after_a_first_refusal_says_the_filter_is_wrong_not_the_database(
        self, admin_client, content
    ):
        url = reverse("admin:news_article_changelist")
        response = admin_client.get(url, {"e": "1", "published_at__year": "99999999999999999999"})
        body = response.content.decode()
        assert "Bộ lọc không hợp lệ" in body
        assert "cơ sở dữ liệu" not in body.lower()
        assert 'href="./"' in body  # the change list without its parameters
