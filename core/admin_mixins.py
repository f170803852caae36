"""Pieces every content admin shares."""

from django.apps import apps
from django.utils.html import format_html
from django.utils.text import capfirst


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
