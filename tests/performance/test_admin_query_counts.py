"""Every admin change list of ours makes as many queries for six rows as for two: a column that
reads a related object (category, region, programme, parties) is fetched with the list, not per row.

The admins come from the registry; a model added later without rows here fails the coverage test.
"""

import itertools

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from news.models import Comment, Feedback
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    CommitmentFactory,
    OrganizationFactory,
    PartyFactory,
    ProgrammeFactory,
    RegionFactory,
    ReviewFactory,
    filled_progress,
)

OUR_APPS = {"agreements", "news", "organizations", "importer"}
# The import page is the importer's own view (its list is tested in tests/importer/test_views.py).
NOT_A_CHANGE_LIST = {"importer.importrecord"}
counter = itertools.count()


def region():
    return RegionFactory(name=f"Tỉnh số {next(counter)}")


def programme():
    created = ProgrammeFactory()
    for _ in range(2):
        PartyFactory(programme=created, organization=OrganizationFactory(region=region()))
    return created


def article():
    return ArticleFactory(category=CategoryFactory(name=f"Chuyên mục {next(counter)}"))


ROWS = {
    "agreements.programme": programme,
    "agreements.review": lambda: ReviewFactory(programme=programme()),
    "agreements.commitment": lambda: CommitmentFactory(programme=programme()),
    "agreements.commitmentprogress": filled_progress,
    "news.category": lambda: CategoryFactory(name=f"Chuyên mục {next(counter)}"),
    "news.article": article,
    "news.comment": lambda: Comment.objects.create(article=article(), name="Trần Thị Bình", body="Bài hay."),
    "news.feedback": lambda: Feedback.objects.create(name="Nguyễn Văn An", subject="Góp ý", message="Góp ý"),
    "organizations.region": region,
    "organizations.organization": lambda: OrganizationFactory(
        region=region(), parent=OrganizationFactory(region=region())
    ),
}


def our_change_lists():
    return sorted(
        model._meta.label_lower
        for model in apps.get_models()
        if admin.site.is_registered(model) and model._meta.app_label in OUR_APPS
    )


def queries_for(client, label):
    url = reverse(f"admin:{label.replace('.', '_')}_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_every_change_list_of_ours_has_rows_here():
    missing = set(our_change_lists()) - set(ROWS) - NOT_A_CHANGE_LIST
    assert not missing, f"add a row maker to ROWS for {sorted(missing)}"


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(ROWS))
def test_the_change_list_makes_as_many_queries_for_six_rows_as_for_two(client, superuser, label):
    client.force_login(superuser)
    # Rows a migration made (the 34 provinces) are there before any of ours.
    made_by_migrations = apps.get_model(label).objects.count()
    for _ in range(2):
        ROWS[label]()
    two, before = queries_for(client, label)
    for _ in range(4):
        ROWS[label]()
    six, after = queries_for(client, label)
    # An organization's parent is listed too: three times as many rows, not exactly six.
    ours_before = before.context["cl"].result_count - made_by_migrations
    assert after.context["cl"].result_count - made_by_migrations == 3 * ours_before
    assert six == two, f"{label}: {two} queries for 2 rows, {six} for 6"
