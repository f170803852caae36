"""``{% shared_fragment "masthead" %}…{% endshared_fragment %}``: a part of the page that is the same on
many pages, rendered once per content generation and process (``core.fragments``).

    {% load shared_fragments %}
    {% shared_fragment "footer" %}…{% endshared_fragment %}
    {% shared_fragment "programme-box" programme.pk %}…{% endshared_fragment %}

The name and any further values (resolved in the context, compared as text) make the key, with the
language. The enclosed part must depend on nothing else than those values and the content: never
on the reader, the request's address, a CSRF token or a nonce, nor on the time.
"""

from django import template

from core import fragments

register = template.Library()


class SharedFragmentNode(template.Node):
    def __init__(self, name, vary_on, nodelist):
        self.name = name
        self.vary_on = vary_on
        self.nodelist = nodelist

    def render(self, context):
        values = tuple(str(value.resolve(context)) for value in self.vary_on)
        return fragments.get_or_make(
            context.get("request"), self.name.resolve(context), lambda: self.nodelist.render(context), *values
        )


@register.tag("shared_fragment")
def shared_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError('{% shared_fragment %} needs a name, e.g. {% shared_fragment "footer" %}')
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    return SharedFragmentNode(
        parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]], nodelist
    )
