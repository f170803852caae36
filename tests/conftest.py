import os
import unittest

import pytest
from django.contrib.auth.models import Group


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("bientap", password="mat-khau-bien-tap", is_staff=True)
    user.groups.add(Group.objects.get(name="Biên tập viên"))
    return user


@pytest.fixture
def publisher(django_user_model):
    user = django_user_model.objects.create_user("xuatban", password="mat-khau-xuat-ban", is_staff=True)
    user.groups.add(Group.objects.get(name="Xuất bản"))
    return user


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("quantri", "quantri@example.vn", "mat-khau-quan-tri")


def require_tool(available: bool, reason: str):
    """Skip a test that needs a missing tool, visibly; under KP_REQUIRE_ALL=1 (CI) fail instead."""
    if available:
        return
    if os.environ.get("KP_REQUIRE_ALL") == "1":
        pytest.fail(f"KP_REQUIRE_ALL=1 but {reason}")
    pytest.skip(reason)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Every test that uses the browser (the ``browser`` or ``page`` fixture) is a browser test, marked or not:
    scripts/run-tests runs browser tests once, on PostgreSQL, unless they are marked ``both_databases``."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
        if uses_no_database(item) and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.no_database)
        elif item.nodeid.startswith(ALSO_ON_SQLITE) and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.sqlite_too)


# The database tests that also run on SQLite (the embedded default that `make run` uses) when
# PostgreSQL is there: those of the code that differs between the two (search and its folding,
# backup and restore, outages, models' constraints), what `make run` does (migrations, the demo,
# setup), and the permission matrix, which the portal promises on both. Every database test runs
# on PostgreSQL, the production database.
ALSO_ON_SQLITE = (
    "tests/search/test_search.py", "tests/core/test_admin_search.py", "tests/operations/test_backup.py",
    "tests/operations/test_demo.py", "tests/operations/test_setup_portal.py", "tests/faults/",
    "tests/agreements/test_models.py", "tests/organizations/test_models.py", "tests/organizations/test_publication.py",
    "tests/agreements/test_overview.py", "tests/news/test_views.py", "tests/security/test_permission_matrix.py",
    "tests/kpportal/test_suite_selection.py", "tests/operations/test_deploy_docs.py",
    "tests/security/test_dev_server.py", "tests/kpportal/test_settings_prod.py", "tests/revisions/",
    "tests/core/test_private_media.py",
)  # fmt: skip


DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


# These start the portal in another process, whose database follows DATABASE_URL: both passes.
# (tests/security/test_dev_server.py and test_settings_prod.py's ProductionStartupTests start it too,
# but on a database of their own whatever the pass - a SQLite file, a production address it never
# reaches: without a database fixture they run once, in the SQLite pass.)
STARTS_THE_PORTAL = ("tests/faults/", "tests/operations/test_deploy_docs.py", "tests/pagecache/test_replica_reads.py")


def uses_no_database(item) -> bool:
    """pytest-django refuses database access to a test without ``django_db`` or a database fixture, so
    such a test runs the same whatever the database: scripts/run-tests runs it in one pass only."""
    if item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return False
    if item.nodeid.startswith(STARTS_THE_PORTAL):
        return False
    cls = getattr(item, "cls", None)
    return not (cls is not None and issubclass(cls, unittest.TestCase))


# The object store ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def object_store():
    """moto's S3-compatible server for the session (tests/object_store.py), started on first use and
    stopped by its PID; skipped with the reason (failed under KP_REQUIRE_ALL=1) without moto[server]."""
    from tests.object_store import moto_server_installed, start_object_store

    require_tool(moto_server_installed(), "moto[server] is not installed (pip install -r requirements-dev.txt)")
    store = start_object_store()
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(params=["disk", "s3"])
def media_storage(request, settings):
    """Each test using it runs twice: with media on the local disk and on the object store (a new,
    empty bucket). Returns the kind ("disk" or "s3")."""
    if request.param == "s3":
        store = request.getfixturevalue("object_store")
        settings.STORAGES = {**settings.STORAGES, "default": store.storage_settings()}
    return request.param
