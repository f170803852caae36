"""Which database a query goes to when a read replica is configured (core/database_routing.py).

The replica itself - a real streaming replica, replay paused, pages read and cached through
gunicorn - is in tests/pagecache/test_replica_reads.py."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from core.database_routing import PRIMARY, REPLICA, PrimaryReplicaRouter, reads_from_replica
from news.models import Article
from organizations.models import Organization

BASE_DIR = Path(__file__).resolve().parents[2]
SHOW_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'databases': sorted(settings.DATABASES), 'routers': settings.DATABASE_ROUTERS, "
    "'middleware': settings.MIDDLEWARE, 'replica': settings.DATABASES.get('replica')}, default=str))"
)


def portal_settings(**variables):
    environment = {name: value for name, value in os.environ.items() if not name.startswith("DATABASE_")}
    environment.update(DJANGO_SETTINGS_MODULE="kpportal.settings.test", **variables)
    return subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS],
        check=False,
        env=environment,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


class PrimaryReplicaRouterTests:
    router = PrimaryReplicaRouter()

    def marked(self):
        return reads_from_replica.set(True)

    def test_reads_go_to_the_primary_unless_the_request_is_marked_for_the_replica(self):
        assert self.router.db_for_read(Article) == PRIMARY
        token = self.marked()
        try:
            assert self.router.db_for_read(Article) == REPLICA
        finally:
            reads_from_replica.reset(token)
        assert self.router.db_for_read(Article) == PRIMARY

    def test_the_first_write_sends_the_rest_of_a_marked_request_to_the_primary(self):
        token = self.marked()
        try:
            assert self.router.db_for_write(Organization) == PRIMARY
            assert self.router.db_for_read(Article) == PRIMARY
        finally:
            reads_from_replica.reset(token)

    @pytest.mark.django_db
    def test_a_read_inside_a_transaction_goes_to_the_primary_even_when_marked(self):
        token = self.marked()
        try:
            with transaction.atomic():
                assert self.router.db_for_read(Article) == PRIMARY
        finally:
            reads_from_replica.reset(token)

    def test_migrations_run_on_the_primary_only_and_rows_of_both_may_be_related(self):
        assert self.router.allow_migrate(PRIMARY, "news") is True
        assert self.router.allow_migrate(REPLICA, "news") is False
        assert self.router.allow_relation(Article(), Organization()) is True


class ReplicaSettingsTests:
    def test_without_a_replica_address_there_is_no_replica_router_or_middleware(self):
        if os.environ.get("DATABASE_REPLICA_URL"):
            pytest.skip("this run has DATABASE_REPLICA_URL set")
        assert list(settings.DATABASES) == ["default"]
        assert not getattr(settings, "DATABASE_ROUTERS", [])
        assert "pagecache.replica_reads.ReplicaReadsMiddleware" not in settings.MIDDLEWARE

    def test_a_replica_address_adds_the_alias_the_router_and_the_middleware_after_the_page_cache(self):
        result = portal_settings(
            DATABASE_URL="postgres://portal@db.example.vn/kpportal",
            DATABASE_REPLICA_URL="postgres://portal@replica.example.vn/kpportal",
        )
        assert result.returncode == 0, result.stderr
        shown = json.loads(result.stdout.strip().splitlines()[-1])
        assert shown["databases"] == ["default", "replica"]
        assert shown["routers"] == ["core.database_routing.PrimaryReplicaRouter"]
        middleware = shown["middleware"]
        cache = middleware.index("pagecache.middleware.AnonymousPageCacheMiddleware")
        assert middleware[cache + 1] == "pagecache.replica_reads.ReplicaReadsMiddleware"
        assert shown["replica"]["HOST"] == "replica.example.vn"
        assert shown["replica"]["TEST"]["MIRROR"] == "default"

    def test_a_replica_of_a_database_that_is_not_postgresql_stops_the_start_with_the_variable_named(self):
        result = portal_settings(
            DATABASE_URL="sqlite:////tmp/kp-replica-portal.sqlite3",
            DATABASE_REPLICA_URL="postgres://portal@replica.example.vn/kpportal",
        )
        assert result.returncode != 0
        assert "DATABASE_REPLICA_URL needs DATABASE_URL to be a PostgreSQL primary." in result.stderr
