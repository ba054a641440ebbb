from typing import cast

from django import template
from django.template import Context, Template
from django.utils.safestring import SafeString, mark_safe

from portal import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def page_embed(context: Context, page) -> SafeString:
    """The live block ``page`` embeds (a ``PAGE_EMBEDS`` hook chosen by its key), if any."""
    for key, _label, block in hooks.get_hooks(hooks.PAGE_EMBEDS):
        if key == page.embed:
            shown = block(context.get("request"))
            if shown:
                template_name, values = shown
                engine = cast(Template, context.template).engine
                return mark_safe(engine.get_template(template_name).render(context.new(values)))
    return mark_safe("")
