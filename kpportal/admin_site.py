from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from agreements.models import Programme
from core.admin_mixins import FileWriteFailureAdminMixin, LinkRowsHiddenOnDeleteMixin
from core.admin_search import FoldedSearchAdminMixin
from revisions.admin_mixin import RevisionAdminMixin
from revisions.dashboard import revision_queue
from revisions.registry import revisable

DASHBOARD_ENDING_WITHIN_DAYS = 90
# A sơ kết due shows this many days before its date, and stays until it is held.
DASHBOARD_MIDTERM_WITHIN_DAYS = 90


class PortalAdminSite(admin.AdminSite):
    site_header = _("Quản trị Cổng thông tin Khuyến học")
    site_title = _("Quản trị Khuyến học")
    index_title = _("Bảng điều khiển")

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every admin searches without diacritics, Django's and other packages' included, and so
        # does every autocomplete (it searches through the offered model's admin); every delete
        # confirmation speaks Vietnamese only.
        # Published content that editors change goes through review (revisions/admin_mixin.py).
        # A file that cannot be written undoes the whole save, review included, with a message
        # on the form (core/admin_mixins.py): it comes first, around everything else.
        admin_class = admin_class or admin.ModelAdmin
        shared = (FoldedSearchAdminMixin, LinkRowsHiddenOnDeleteMixin)
        if any(
            revisable(model)
            for model in ([model_or_iterable] if isinstance(model_or_iterable, type) else model_or_iterable)
        ):
            shared = (RevisionAdminMixin, *shared)
        shared = (FileWriteFailureAdminMixin, *shared)
        missing = tuple(mixin for mixin in shared if not issubclass(admin_class, mixin))
        if missing:
            admin_class = type(
                admin_class.__name__,
                (*missing, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def index(self, request, extra_context=None):
        programmes = Programme.objects.prefetch_related("parties__organization")
        extra_context = {
            "ending_soon": programmes.ending_within(DASHBOARD_ENDING_WITHIN_DAYS).order_by("end_year", "title"),
            "missing_final_review": programmes.expired().without_final_review().order_by("-end_year", "title"),
            "ending_within_days": DASHBOARD_ENDING_WITHIN_DAYS,
            "revision_queue": revision_queue(request.user),
            "midterm_due": Programme.objects.midterm_review_due(DASHBOARD_MIDTERM_WITHIN_DAYS),
            "midterm_within_days": DASHBOARD_MIDTERM_WITHIN_DAYS,
            **(extra_context or {}),
        }
        return super().index(request, extra_context)
