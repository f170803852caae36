"""QR codes and the "changed since printed" notice in templates (kpportal/qrcodes.py, print_versions.py).

None of these tags queries the database for an ordinary page view: the article page hands over the
images it read (``images=images``), the programme's parts are prefetched by its detail view, and a
drawn code comes from the cache. Only
an address carrying a printed version that differs from the current one reads the item's history.
"""

from django import template

from kpportal import print_versions, qrcodes
from kpportal.print_views import fingerprint_of, versioned_url
from kpportal.stable_urls import stable_url
from news.models import Article

register = template.Library()


@register.simple_tag
def qr_svg(data, label="", css_class="qr-code"):
    """``{% qr_svg url label="QR CODE: …" %}``: inline SVG of the code for ``url``."""
    return qrcodes.svg(str(data), label=str(label), css_class=css_class)


@register.inclusion_tag("includes/qr_item.html")
def item_qr(obj, images=None):
    """The QR box of an article or a programme: its code (stable address + current version), the
    caption "QR CODE: <title>" and the PNG to download for print. An article's ``images``, when
    the page has read them, are used for its version instead of its (prefetched) images."""
    is_article = isinstance(obj, Article)
    app = "news:article" if is_article else "agreements:programme"
    kwargs = {"pk": obj.pk, "slug": obj.slug}
    data = versioned_url(obj, fingerprint_of(obj, images))
    return {
        "obj": obj,
        "qr": qrcodes.svg(data, label=f"QR CODE: {obj.title}"),
        "data": data,
        "png_url": stable_url(f"{app}-qr", **kwargs),
        "print_url": stable_url(f"{app}-print", **kwargs),
        "is_article": is_article,
    }


@register.inclusion_tag("includes/qr_change_notice.html", takes_context=True)
def print_change_notice(context, obj, images=None):
    """ "Bài viết đã được cập nhật sau khi bản in này được tạo" when the page was opened from an older
    printout's QR code; nothing for the current version or a value no version ever had."""
    request = context.get("request")
    printed = request.GET.get(print_versions.PARAMETER) if request is not None else None
    notice = None
    if printed:
        notice = print_versions.change_since_print(obj, printed, current=fingerprint_of(obj, images))
    return {"notice": notice, "is_article": isinstance(obj, Article)}
