"""/healthz/: what a load balancer or monitoring sees of one app server's database and cache.

The real thing - a database connection cut under a running gunicorn behind nginx - is in
tests/operations/test_two_servers.py."""

import json
import logging
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client

from kpportal.settings.cache_servers import redis_caches
from operations import health
from pagecache import middleware as pagecache
from tests.operations.test_deploy_docs import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def healthy_before():
    health.ProbeState.failing = frozenset()
    yield
    health.ProbeState.failing = frozenset()


def probe(**extra):
    response = Client(raise_request_exception=False).get("/healthz/", **extra)
    return response, json.loads(response.content)


@pytest.fixture
def database_cut():
    refused = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
    with mock.patch.object(connection, "cursor", side_effect=refused):
        yield


@pytest.fixture
def cache_unreachable(settings):
    """The production cache configuration, pointed at a port where no Redis listens."""
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{free_port()}/0", "kp-health")
    settings.PAGECACHE_CACHE_ALIAS = "pagecache"


class HealthCheckTests:
    def test_a_server_whose_database_and_cache_answer_is_healthy(self):
        response, body = probe()
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert body == {"database": "ok", "cache": "ok"}

    def test_a_server_whose_database_does_not_answer_is_unhealthy_and_says_so(self, database_cut):
        response, body = probe()
        assert response.status_code == 503
        assert body == {"database": "unavailable", "cache": "ok"}

    def test_a_server_whose_cache_does_not_answer_is_unhealthy_and_says_so(self, cache_unreachable):
        response, body = probe()
        assert response.status_code == 503
        assert body == {"database": "ok", "cache": "unavailable"}

    def test_with_both_down_both_are_named(self, database_cut, cache_unreachable):
        response, body = probe()
        assert (response.status_code, body) == (503, {"database": "unavailable", "cache": "unavailable"})

    def test_the_answer_sets_no_cookie_and_is_never_stored(self, settings):
        settings.PAGECACHE_ENABLED = True
        pagecache.reset_state()
        for _ in range(2):
            response, _body = probe()
            assert response.cookies == {}
            assert "no-store" in response["Cache-Control"]
            assert not response.has_header("X-Page-Cache")

    def test_only_reading_methods_are_answered(self):
        assert Client().post("/healthz/").status_code == 405

    def test_a_failing_server_is_logged_when_it_fails_and_when_it_recovers_not_at_every_probe(self, caplog):
        with caplog.at_level(logging.WARNING):
            with mock.patch.object(connection, "cursor", side_effect=OperationalError("Connection refused")):
                statuses = [probe()[0].status_code for _ in range(3)]
            statuses.append(probe()[0].status_code)
        assert statuses == [503, 503, 503, 200]
        lines = [record.getMessage() for record in caplog.records]
        assert lines == [
            "Health check failing: database unavailable",
            "Health check passing again (was failing: database)",
        ]

    def test_other_service_unavailable_answers_are_still_logged(self, caplog, database_cut):
        with caplog.at_level(logging.WARNING, logger="django.request"):
            response = Client(raise_request_exception=False).get("/to-chuc/")
        assert response.status_code == 503
        assert any(record.name == "django.request" for record in caplog.records)
