"""Where each commitment of a programme stands: its progress entries and the assessments of reviews,
merged into one timeline per commitment, the newest step giving its latest status."""

import datetime
from dataclasses import dataclass, field

from agreements.models import CommitmentProgress, ProgressStatus, ReviewAssessment


@dataclass
class TimelineStep:
    """One dated step of a commitment: a progress entry or a review's assessment."""

    on: datetime.date  # the last day the step speaks for
    status: str  # a ProgressStatus value
    label: str  # "Năm 2021", "6 tháng đầu năm 2022", "Sơ kết 12/04/2024"
    text: str
    progress: CommitmentProgress | None = None
    assessment: ReviewAssessment | None = None
    articles: list = field(default_factory=list)

    @property
    def status_label(self):
        return ProgressStatus(self.status).label

    @property
    def order(self):
        # On the same day a review's verdict comes after the entries it assessed.
        return (self.on, self.assessment is not None, (self.progress or self.assessment).pk)


def progress_step(entry, articles=()):
    return TimelineStep(
        on=entry.period_end(),
        status=entry.status,
        label=str(entry.period_label()),
        text=entry.done,
        progress=entry,
        articles=list(articles),
    )


def assessment_step(assessment):
    review = assessment.review
    return TimelineStep(
        on=review.date,
        status=assessment.status,
        label=f"{review.get_kind_display()} {review.date:%d/%m/%Y}",
        text=assessment.text,
        assessment=assessment,
    )


def timeline(entries, assessments, articles_by_entry=None):
    """The steps of one commitment, oldest first."""
    articles_by_entry = articles_by_entry or {}
    steps = [progress_step(entry, articles_by_entry.get(entry.pk, ())) for entry in entries]
    steps += [assessment_step(assessment) for assessment in assessments]
    return sorted(steps, key=lambda step: step.order)


def latest_steps(commitments):
    """{commitment pk: its newest step (or None)}, published or not: what staff see in the admin.
    Two queries, whatever the number of commitments."""
    pks = [commitment.pk for commitment in commitments]
    entries, assessments = {}, {}
    for entry in CommitmentProgress.objects.filter(commitment__in=pks):
        entries.setdefault(entry.commitment_id, []).append(entry)
    for assessment in ReviewAssessment.objects.filter(commitment__in=pks).select_related("review"):
        assessments.setdefault(assessment.commitment_id, []).append(assessment)
    latest = {}
    for pk in pks:
        steps = timeline(entries.get(pk, []), assessments.get(pk, []))
        latest[pk] = steps[-1] if steps else None
    return latest
