"""The dashboard's review block: the queue with counts for publishers, sent-back proposals for editors."""

from django.urls import reverse

from revisions.models import Revision
from revisions.registry import REVISABLE, can_publish

SHOWN = 10


def revision_queue(user):
    queue_url = reverse("admin:revisions_revision_changelist")
    reviewable = [entry for entry in REVISABLE.values() if can_publish(user, entry.model)]
    pending = Revision.objects.pending().select_related("content_type", "proposed_by")
    counts = []
    for entry in reviewable:
        model = entry.model
        count = pending.filter(
            content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name
        ).count()
        counts.append(
            {
                "name": model._meta.verbose_name,
                "count": count,
                "url": f"{queue_url}?status__exact=pending&loai={entry.label}",
            }
        )
    mine = Revision.objects.filter(proposed_by=user).select_related("decided_by")
    return {
        "can_review": bool(reviewable),
        "counts": counts,
        "total": sum(item["count"] for item in counts),
        "pending": list(pending[:SHOWN]) if reviewable else [],
        "queue_url": f"{queue_url}?status__exact=pending",
        "my_pending": mine.filter(status=Revision.Status.PENDING).count(),
        "sent_back": list(mine.filter(status=Revision.Status.SENT_BACK).order_by("-decided_at")[:SHOWN]),
    }
