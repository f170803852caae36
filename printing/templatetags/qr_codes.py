"""QR codes and the "changed since printed" notice in templates (printing/qrcodes.py, printing/versions.py).

None of these tags queries the database for an ordinary page view: the article's images and the
programme's parts are prefetched by the detail views, and a drawn code comes from the cache. Only
an address carrying a printed version that differs from the current one reads the item's history.
"""

from django import template

from core.stable_urls import stable_url
from printing import qrcodes
from printing import versions as print_versions
from printing.views import url_name, versioned_url

register = template.Library()


@register.simple_tag
def qr_svg(data, label="", css_class="qr-code"):
    """``{% qr_svg url label="QR CODE: …" %}``: inline SVG of the code for ``url``."""
    return qrcodes.svg(str(data), label=str(label), css_class=css_class)


@register.inclusion_tag("includes/qr_item.html")
def item_qr(obj):
    """The QR box of an article or a programme: its code (stable address + current version), the
    caption "QR CODE: <title>" and the PNG to download for print."""
    kwargs = {"pk": obj.pk, "slug": obj.slug}
    data = versioned_url(obj, print_versions.current_fingerprint(obj))
    return {
        "obj": obj,
        "qr": qrcodes.svg(data, label=f"QR CODE: {obj.title}"),
        "data": data,
        "png_url": stable_url(url_name(obj, "qr"), **kwargs),
        "print_url": stable_url(url_name(obj, "print"), **kwargs),
    }


@register.inclusion_tag("includes/qr_change_notice.html", takes_context=True)
def print_change_notice(context, obj):
    """ "Bài viết đã được cập nhật sau khi bản in này được tạo" when the page was opened from an older
    printout's QR code; nothing for the current version or a value no version ever had."""
    request = context.get("request")
    printed = request.GET.get(print_versions.PARAMETER) if request is not None else None
    notice = None
    if printed:
        notice = print_versions.change_since_print(obj, printed, current=print_versions.current_fingerprint(obj))
    return {"notice": notice, "noun": obj.print_noun}
