"""QR codes and the "changed since printed" notice in templates (printing/qrcodes.py, printing/versions.py).

None of these tags queries the database for an ordinary page view: the article page hands over the
images it read (``images=images``), the programme's parts are prefetched by its detail view, and a
drawn code comes from the cache. Only
an address carrying a printed version that differs from the current one reads the item's history.
"""

from django import template

from core.stable_urls import stable_url
from printing import qrcodes
from printing import versions as print_versions
from printing.views import url_name, versioned_url

register = template.Library()


def parts_read(images):
    """The parts of an item its page has read already (an article's pictures), for its fingerprint."""
    return {} if images is None else {"images": images}


@register.simple_tag
def qr_svg(data, label="", css_class="qr-code"):
    """``{% qr_svg url label="QR CODE: …" %}``: inline SVG of the code for ``url``."""
    return qrcodes.svg(str(data), label=str(label), css_class=css_class)


@register.filter
def print_url(obj):
    """``{{ article|print_url }}``: the address of the print view of an article or a programme."""
    return stable_url(url_name(obj, "print"), pk=obj.pk, slug=obj.slug)


@register.inclusion_tag("includes/qr_item.html")
def item_qr(obj, images=None):
    """The QR box of an article or a programme: its code (stable address + current version), the
    caption "QR CODE: <title>" and the PNG to download for print. An article's ``images``, when
    the page has read them, are used for its version instead of its (prefetched) images."""
    kwargs = {"pk": obj.pk, "slug": obj.slug}
    data = versioned_url(obj, print_versions.current_fingerprint(obj, **parts_read(images)))
    return {
        "obj": obj,
        "qr": qrcodes.svg(data, label=f"QR CODE: {obj.title}"),
        "data": data,
        "png_url": stable_url(url_name(obj, "qr"), **kwargs),
        "print_url": print_url(obj),
    }


@register.inclusion_tag("includes/qr_change_notice.html", takes_context=True)
def print_change_notice(context, obj, images=None):
    """ "Bài viết đã được cập nhật sau khi bản in này được tạo" when the page was opened from an older
    printout's QR code; nothing for the current version or a value no version ever had."""
    request = context.get("request")
    printed = request.GET.get(print_versions.PARAMETER) if request is not None else None
    notice = None
    if printed:
        notice = print_versions.change_since_print(
            obj, printed, current=print_versions.current_fingerprint(obj, **parts_read(images))
        )
    return {"notice": notice, "noun": obj.print_noun}
