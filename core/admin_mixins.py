"""Pieces every content admin shares."""

import logging

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

STORE_FAILED = "media_store_failed"  # set on the request whose save could not write a file
STORE_FAILED_MESSAGE = _(
    "Không lưu được tệp tải lên: nơi lưu trữ tệp (ổ đĩa hoặc kho lưu trữ) đang không ghi được. "
    "Chưa có thay đổi nào được lưu, ảnh và văn bản cũ vẫn giữ nguyên. Xin thử lại sau ít phút "
    "(chọn lại tệp trước khi lưu) hoặc báo người quản trị hệ thống."
)


class VietnameseSlugAdminMixin:
    """Replaces the admin's URLify with the server's Vietnamese slug rule (static/admin/js/vi_slug.js)."""

    class Media:
        # Listing urlify.js first makes the media merge put the override after it.
        js = ["admin/js/urlify.js", "admin/js/vi_slug.js"]


def image_preview(field_file, height=48):
    if not field_file:
        return "—"
    return format_html('<img src="{}" alt="" style="height:{}px;width:auto;border-radius:3px">', field_file.url, height)


class LinkRowsHiddenOnDeleteMixin:
    """The delete confirmation lists what goes with an object in Vietnamese only.

    Django lists the automatic rows of every many-to-many field by their English model names
    ("Commitment-organization relationship: Commitment_responsible object (3)"). Those rows are links,
    not content: the organizations themselves stay. They are left out of the list and the counts."""

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        links = [model._meta for model in apps.get_models(include_auto_created=True) if model._meta.auto_created]
        prefixes = tuple(f"{capfirst(opts.verbose_name)}: " for opts in links)
        names = {opts.verbose_name_plural for opts in links}

        def without_links(items):
            kept = []
            for item in items:
                if isinstance(item, list):
                    kept.append(without_links(item))
                elif not (isinstance(item, str) and item.startswith(prefixes)):
                    kept.append(item)
            return [item for item in kept if item != []]

        to_delete = without_links(to_delete)
        model_count = {name: count for name, count in model_count.items() if name not in names}
        return to_delete, model_count, perms_needed, protected


class FileWriteFailureAdminMixin:
    """A save whose file cannot be written (a full or read-only disk, an object store that is down
    or refusing: ``OSError``, core/object_store.py) is undone as a whole and the form is shown again
    with what staff entered and a Vietnamese message on it, never a 500.

    Django's change form saves the object, its files and its inlines in one transaction; the error
    leaves it, so the database keeps no row pointing to a file that was not written, and an object
    that had a picture keeps it. The form is then made again from the same request, refusing to
    validate (``get_form``), so that it shows the entered values and the message where errors go."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST" or getattr(request, STORE_FAILED, False):
            return super().changeform_view(request, object_id, form_url, extra_context)
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except OSError as exc:
            logger.error("Saving %s %s: a file could not be written (%s)", self.opts.label, object_id or "(new)", exc)
            setattr(request, STORE_FAILED, True)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return refusing_form(form) if getattr(request, STORE_FAILED, False) else form


def refusing_form(form_class):
    class FileWriteFailedForm(form_class):
        def clean(self):
            super().clean()
            raise ValidationError(STORE_FAILED_MESSAGE, code="file_not_written")

    FileWriteFailedForm.__name__ = form_class.__name__
    return FileWriteFailedForm
