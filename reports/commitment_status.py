"""A commitment's status at a date: the latest of its progress entries (whose period has ended by
then) and of the assessments made at reviews held by then; "Chưa triển khai" when there is none.

When a progress entry and a review assessment speak for the same day, the review's word counts: a
review sums up what the parties reported. Two queries, whatever the number of commitments."""

import datetime

from agreements.models import CommitmentProgress, ProgressStatus, ReviewAssessment

PROGRESS, ASSESSMENT = 0, 1


def statuses_at(commitments, date: datetime.date) -> dict[int, str]:
    """{commitment id: ProgressStatus value} at ``date`` for a queryset of commitments (or a list of ids)."""
    latest: dict[int, tuple] = {}

    def offer(commitment_id, key, status):
        if commitment_id not in latest or key > latest[commitment_id][0]:
            latest[commitment_id] = (key, status)

    entries = (
        CommitmentProgress.objects.filter(commitment__in=commitments, year__lte=date.year)
        .only("pk", "commitment_id", "year", "half", "date", "status")
        .order_by()
    )
    for entry in entries.iterator(chunk_size=2000):
        ends = entry.period_end()
        if ends <= date:
            offer(entry.commitment_id, (ends, PROGRESS, entry.pk), entry.status)
    assessments = (
        ReviewAssessment.objects.filter(commitment__in=commitments, review__date__lte=date)
        .order_by()
        .values_list("commitment_id", "review__date", "pk", "status")
    )
    for commitment_id, held_on, pk, status in assessments.iterator(chunk_size=2000):
        offer(commitment_id, (held_on, ASSESSMENT, pk), status)
    return {commitment_id: status for commitment_id, (_key, status) in latest.items()}


def status_at(commitment, date: datetime.date) -> str:
    return statuses_at([commitment.pk], date).get(commitment.pk, ProgressStatus.NOT_STARTED)
