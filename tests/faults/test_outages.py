"""The 503 page in-process (any database): which failures count as an outage, and where they are caught.

The real thing - PostgreSQL and Redis stopped under a running gunicorn - is in test_servers.py."""

from unittest import mock

import pytest
from django.db import DatabaseError, InterfaceError, OperationalError, ProgrammingError
from django.test import Client

from operations.outages import RETRY_AFTER_SECONDS, is_outage
from organizations.models import Organization

pytestmark = pytest.mark.django_db


class DriverError(Exception):
    """Stands in for a psycopg2 error: ``pgcode`` is the SQLSTATE, None when no server answered."""

    def __init__(self, message, pgcode=None):
        super().__init__(message)
        self.pgcode = pgcode


def wrapped(django_error, driver_error):
    try:
        raise django_error(str(driver_error)) from driver_error
    except (DatabaseError, InterfaceError) as error:
        return error


def assert_vietnamese_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode()
    assert "Cổng thông tin đang tạm gián đoạn" in text
    assert "Traceback" not in text and "OperationalError" not in text


class OutageClassificationTests:
    @pytest.mark.parametrize(
        "error",
        [
            wrapped(OperationalError, DriverError('connection to server at "127.0.0.1" failed: Connection refused')),
            wrapped(OperationalError, DriverError("server closed the connection unexpectedly")),
            wrapped(OperationalError, DriverError("terminating connection due to administrator command", "57P01")),
            wrapped(OperationalError, DriverError("the database system is starting up", "57P03")),
            wrapped(OperationalError, DriverError("connection failure", "08006")),
            wrapped(InterfaceError, DriverError("connection already closed")),
            wrapped(DatabaseError, DriverError("error with status PGRES_TUPLES_OK and no message from the libpq")),
        ],
    )
    def test_a_connection_that_failed_is_an_outage(self, error):
        assert is_outage(error)

    @pytest.mark.parametrize(
        "error",
        [
            wrapped(OperationalError, DriverError("deadlock detected", "40P01")),
            wrapped(OperationalError, DriverError("canceling statement due to statement timeout", "57014")),
            wrapped(DatabaseError, DriverError("could not serialize access", "40001")),
            wrapped(ProgrammingError, DriverError("can't adapt type 'dict'")),
            ValueError("a bug in the code"),
            None,
        ],
    )
    def test_an_error_of_the_query_or_the_code_is_not_an_outage(self, error):
        assert not is_outage(error)

    def test_a_cache_server_that_does_not_answer_is_an_outage(self):
        from redis.exceptions import ConnectionError as RedisConnectionError

        assert is_outage(RedisConnectionError("Error 111 connecting to 127.0.0.1:6399. Connection refused."))


class ServiceUnavailablePageTests:
    def client(self):
        return Client(raise_request_exception=False)

    def test_a_view_whose_database_is_down_answers_the_vietnamese_503_page(self):
        refused = wrapped(OperationalError, DriverError("Connection refused"))
        with mock.patch("news.views.ArticleListView.get_queryset", side_effect=refused):
            response = self.client().get("/tin-tuc/")
        assert_vietnamese_503(response)

    def test_a_failure_in_the_404_page_itself_is_also_answered_with_503(self):
        # The 404 page's context processor asks for the host organization: the view's error page
        # fails inside Django's exception handling, outside any view.
        refused = wrapped(OperationalError, DriverError("Connection refused"))
        with mock.patch.object(Organization.objects, "host", side_effect=refused):
            response = self.client().get("/khong-co-trang-nay/")
        assert_vietnamese_503(response)

    def test_the_admin_answers_503_rather_than_500(self, superuser):
        client = self.client()
        client.force_login(superuser)
        refused = wrapped(InterfaceError, DriverError("connection already closed"))
        with mock.patch("django.contrib.auth.middleware.get_user", side_effect=refused):
            response = client.get("/quan-tri/")
        assert_vietnamese_503(response)

    def test_an_ordinary_bug_stays_a_500(self):
        with mock.patch("news.views.ArticleListView.get_queryset", side_effect=ValueError("bug")):
            response = self.client().get("/tin-tuc/")
        assert response.status_code == 500
        assert "Retry-After" not in response

    def test_a_deadlock_stays_a_500(self):
        deadlock = wrapped(OperationalError, DriverError("deadlock detected", "40P01"))
        with mock.patch("news.views.ArticleListView.get_queryset", side_effect=deadlock):
            response = self.client().get("/tin-tuc/")
        assert response.status_code == 500
