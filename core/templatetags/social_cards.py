"""``{% page_card as card %}``: the page's link preview (core/social.py); ``|zalo_share``: Zalo's share address."""

import base64
import json
from urllib.parse import quote

from django import template

from core import social

register = template.Library()

# What Zalo's official share button (its plugin sp.zalo.me/plugins/sdk.js) opens when clicked, as a plain
# link: nothing is loaded from Zalo until the reader follows it. ``d`` is the base64 of {"url": …}.
ZALO_SHARE = "https://button-share.zalo.me/share_external?layout=1&color=blue&customize=false&shareType=0&d="


@register.simple_tag(takes_context=True)
def page_card(context):
    return social.page_card(context)


@register.filter
def zalo_share(url):
    data = base64.b64encode(json.dumps({"url": str(url)}).encode()).decode()
    return ZALO_SHARE + quote(data, safe="")


@register.filter
def facebook_share(url):
    return "https://www.facebook.com/sharer/sharer.php?u=" + quote(str(url), safe="")
