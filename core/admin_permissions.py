"""Who may do what in the admin, enforced on the server.

Some fields are a publisher's to set: whether content is published, the host association's
masthead and contacts. For everyone else the admin leaves them out of the form (read-only), keeps
their stored values when a version is restored from the history, and answers a request that
carries them anyway with a 403 in Vietnamese: such a request was not made with the page the admin
showed, and nothing of it is saved.

Actions work the same way: an action the user may not use is not offered, and a request naming it
is refused with a 403 instead of Django's silent "no action selected".
"""

from django.contrib.admin.utils import model_format_dict, unquote
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

FORGED_FIELDS_MESSAGE = _(
    "Bạn không có quyền sửa các mục: %(fields)s. Yêu cầu đã bị từ chối và không có gì thay đổi; "
    "hãy nhờ người có quyền xuất bản."
)
FORGED_ACTION_MESSAGE = _("Bạn không có quyền dùng thao tác “%(action)s”. Không có gì thay đổi.")


def posted_fields(request, names):
    """Which of the model fields ``names`` the request sends a value for, counting the parts of
    split widgets (``published_at_0``, ``published_at_1``) and uploaded files."""
    sent = set()
    for key in [*request.POST.keys(), *request.FILES.keys()]:
        base, _sep, suffix = key.rpartition("_")
        if key in names:
            sent.add(key)
        elif suffix.isdigit() and base in names:
            sent.add(base)
    return sorted(sent)


class RestrictedFieldsAdminMixin:
    """For a ``ModelAdmin``: ``restricted_fields(request, obj)`` names the fields this user may not
    set on ``obj`` (``None`` when adding). They are read-only, refused when posted, and kept as
    stored when something else (simple-history's revert) would save other values."""

    def restricted_fields(self, request, obj=None):
        return []

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + [name for name in self.restricted_fields(request, obj) if name not in fields]

    def get_prepopulated_fields(self, request, obj=None):
        # A slug is filled in from the title in the browser; a read-only title has no input to follow.
        readonly = set(self.get_readonly_fields(request, obj))
        return {
            target: sources
            for target, sources in super().get_prepopulated_fields(request, obj).items()
            if target not in readonly and not readonly.intersection(sources)
        }

    def refuse_restricted_fields(self, request, obj):
        forged = posted_fields(request, set(self.restricted_fields(request, obj)))
        if forged:
            labels = ", ".join(str(self.model._meta.get_field(name).verbose_name) for name in forged)
            raise PermissionDenied(FORGED_FIELDS_MESSAGE % {"fields": labels})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            self.refuse_restricted_fields(request, self.get_object(request, unquote(object_id)) if object_id else None)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history's "revert to this version" form: the same rule as the change form.
        if request.method == "POST":
            self.refuse_restricted_fields(request, self.get_object(request, unquote(object_id)))
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        self.keep_restricted_fields(request, obj)
        super().save_model(request, obj, form, change)

    def keep_restricted_fields(self, request, obj):
        """The restricted fields as stored (or, for a new object, their defaults).

        Leaving them out of the form is not enough: simple-history's revert saves the chosen old
        version with all its old values, so an editor could otherwise publish or unpublish, or put
        back an old fanpage address, by restoring a version.
        """
        stored = self.model.objects.filter(pk=obj.pk).first() if obj.pk is not None else None
        for name in self.restricted_fields(request, stored):
            field = self.model._meta.get_field(name)
            setattr(obj, field.attname, getattr(stored, field.attname) if stored else field.get_default())

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and "action" in request.POST:
            allowed = self.get_actions(request)
            for name in request.POST.getlist("action"):
                if name and name not in allowed and self.is_known_action(request, name):
                    raise PermissionDenied(FORGED_ACTION_MESSAGE % {"action": self.action_label(name)})
        return super().changelist_view(request, extra_context)

    def is_known_action(self, request, name):
        return name == "delete_selected" or name in (self.actions or [])

    def action_label(self, name):
        found = self.get_action(name)
        return found[2] % model_format_dict(self.opts) if found else name


class PublishedDeletionAdminMixin:
    """Deleting published content takes it off the site: that is a publisher's act. Set
    ``publish_permission`` and ``is_public(obj)``. The delete page and the "delete selected"
    action (which asks ``has_delete_permission`` for every object it would delete) answer 403."""

    publish_permission = None

    def is_public(self, obj):
        raise NotImplementedError

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or not self.is_public(obj) or request.user.has_perm(self.publish_permission)
