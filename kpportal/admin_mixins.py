"""Pieces every content admin shares."""

from django.utils.html import format_html


class VietnameseSlugAdminMixin:
    """Replaces the admin's URLify with the server's Vietnamese slug rule (static/admin/js/vi_slug.js)."""

    class Media:
        # Listing urlify.js first makes the media merge put the override after it.
        js = ["admin/js/urlify.js", "admin/js/vi_slug.js"]


def image_preview(field_file, height=48):
    if not field_file:
        return "—"
    return format_html('<img src="{}" alt="" style="height:{}px;width:auto;border-radius:3px">', field_file.url, height)
