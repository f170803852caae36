"""A page whose reads fail on the replica midway is made again from the primary (in-process).

The replica failing before the page is made (stopped, behind) is tested against a real replica in
test_replica_reads.py; a failure between that check and the page's own queries cannot be timed
there, so here the view fails the way the replica's driver would."""

from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import ResolverMatch

from core.database_routing import forget_replica_failure, reads_from_replica, replica_has_replayed
from pagecache.replica_reads import ReplicaReadsMiddleware


class FlakyReplicaView:
    """Fails while reads go to the replica, answers once they go to the primary."""

    def __init__(self):
        self.calls = []

    def __call__(self, request, pk):
        self.calls.append(reads_from_replica.get())
        if reads_from_replica.get():
            raise OperationalError("canceling statement due to conflict with recovery")
        return HttpResponse(f"bài viết {pk} từ máy chủ chính")


def page_request(view):
    request = RequestFactory().get("/tin-tuc/7-bai-viet/")
    request.resolver_match = ResolverMatch(view, (), {"pk": 7})
    return request


class ReplicaRetryTests:
    middleware = ReplicaReadsMiddleware(lambda request: HttpResponse())

    def test_a_read_that_fails_on_the_replica_is_made_again_from_the_primary(self):
        view = FlakyReplicaView()
        request = page_request(view)
        token = reads_from_replica.set(True)
        try:
            cancelled = OperationalError("canceling statement due to conflict with recovery")
            answer = self.middleware.process_exception(request, cancelled)
        finally:
            reads_from_replica.reset(token)
            left_alone = not replica_has_replayed("0/0")
            forget_replica_failure()

        assert answer.status_code == 200
        assert answer.content.decode() == "bài viết 7 từ máy chủ chính"
        assert view.calls == [False]
        assert left_alone, "the replica was asked again at once after failing"

    def test_an_error_of_a_request_read_from_the_primary_is_left_to_the_usual_handling(self):
        view = FlakyReplicaView()
        assert self.middleware.process_exception(page_request(view), OperationalError("deadlock detected")) is None
        assert view.calls == []

    def test_an_error_that_is_not_the_database_s_is_left_to_the_usual_handling(self):
        view = FlakyReplicaView()
        token = reads_from_replica.set(True)
        try:
            assert self.middleware.process_exception(page_request(view), ValueError("a bug")) is None
        finally:
            reads_from_replica.reset(token)
        assert view.calls == []
