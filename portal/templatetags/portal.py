import json
import re
from collections.abc import Iterable
from typing import Any, cast

from django import template
from django.db.models import Model
from django.http import HttpRequest
from django.template import Context, Template
from django.utils.safestring import SafeString, mark_safe

from portal import hooks, images, navigation, sharing
from portal.images import RENDITION_FORMATS, Rendition, renditions
from portal.models import SiteSettings

register = template.Library()

DEFAULT_SIZES = "(min-width: 1100px) 960px, 100vw"
# Escaped values never hold ">" or a quote, so a tag ends at the first ">".
EMPTY_META = re.compile(r'\n?[ \t]*<meta [^>]*content=""[^>]*>')
BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")


FALLBACK_WIDTH = 960


@register.inclusion_tag("includes/picture.html")
def picture(
    instance: Model,
    source: str,
    alt: str,
    sizes: str = DEFAULT_SIZES,
    css_class: str = "",
    loading: str = "lazy",
    crop: str = "",
) -> dict[str, Any]:
    """A <picture> with WebP and JPEG srcsets; sizes come from stored dimensions, no I/O.
    Until the renditions are made, the uploaded image itself, without a srcset. With
    ``crop`` (e.g. "card"), the crops of that set that keep the image's focal point, where
    the image has them."""
    cropped = images.crops(instance, source, crop) if crop else []
    if cropped:
        shown = cropped[min(1, len(cropped) - 1)]
        return {
            "sources": [],
            "img": shown,
            "width": str(shown.width) if shown.width else "",
            "height": str(shown.height) if shown.width else "",
            "srcset": _srcset(cropped),
            "sizes": sizes,
            "alt": alt,
            "css_class": css_class,
            "loading": loading,
        }
    by_format = {fmt: renditions(instance, source, fmt) for fmt, _mime in RENDITION_FORMATS}
    fallback = by_format["JPEG"]
    # The <img> itself (for browsers without srcset): the rendition of 960 px, or the largest.
    img = (
        next((item for item in fallback if item.width >= FALLBACK_WIDTH), fallback[-1])
        if fallback
        else images.original(instance, source)
    )
    return {
        "sources": [
            {"type": mime, "srcset": _srcset(by_format[fmt])}
            for fmt, mime in RENDITION_FORMATS
            if fmt != "JPEG" and by_format[fmt]
        ],
        "img": img,
        # As text: an integer in a template goes through number localisation, which cost
        # more than the rest of the tag (two per picture, 20 pictures on a list page).
        "width": str(img.width) if img and img.width else "",
        "height": str(img.height) if img and img.width else "",
        "srcset": _srcset(fallback),
        "sizes": sizes,
        "alt": alt,
        "css_class": css_class,
        "loading": loading,
    }


def _srcset(items: Iterable[Rendition]) -> str:
    return ", ".join(f"{item.url} {item.width}w" for item in items)


@register.simple_tag
def rendition_url(
    instance: Model, source: str, width: int = 960, image_format: str = "jpeg"
) -> str:
    image = getattr(instance, source, None)
    if not image:
        return ""
    return images.rendition_url(instance, source, width, image_format)


@register.simple_tag
def crop_url(instance: Model, source: str, crop: str = "og") -> str:
    """The URL of a cropped rendition keeping the image's focal point (``images.crop_url``)."""
    if not getattr(instance, source, None):
        return ""
    return images.crop_url(instance, source, crop)


@register.filter
def json_ld(data: object) -> SafeString:
    """JSON-LD for a <script type="application/ld+json"> block, safe against </script>."""
    text = json.dumps(data, ensure_ascii=False, default=str, indent=None)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)


@register.simple_tag(takes_context=True)
def absolute_uri(context: Context, path: str | None = None) -> str:
    request = context.get("request")
    if request is None:
        return path or ""
    return request.build_absolute_uri(path) if path else request.build_absolute_uri()


def organization_data(site: SiteSettings, request: HttpRequest) -> dict[str, Any]:
    """schema.org GovernmentOrganization describing the office that publishes the site."""
    data: dict[str, Any] = {
        "@type": "GovernmentOrganization",
        "name": site.office_name,
        "url": request.build_absolute_uri("/"),
    }
    if site.city_name:
        data["areaServed"] = site.city_name
    if site.logo:
        data["logo"] = request.build_absolute_uri(site.logo.url)
    if site.phone:
        data["telephone"] = site.phone
    if site.email:
        data["email"] = site.email
    if site.address:
        data["address"] = site.address
    if site.social_links:
        data["sameAs"] = [url for _name, url in site.social_links]
    return data


@register.simple_tag(takes_context=True)
def organization_json_ld(context: Context) -> SafeString:
    data = {
        "@context": "https://schema.org",
        **organization_data(context["site"], context["request"]),
    }
    return json_ld(data)


def breadcrumb_list_data(
    crumbs: Iterable[tuple[object, str]], request: HttpRequest
) -> dict[str, Any]:
    """schema.org BreadcrumbList of ``crumbs``, the ``(name, url)`` pairs a view provides."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(name),
                "item": request.build_absolute_uri(url),
            }
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


@register.simple_tag(takes_context=True)
def breadcrumbs_json_ld(context: Context, crumbs: Iterable[tuple[object, str]]) -> SafeString:
    data = {"@context": "https://schema.org", **breadcrumb_list_data(crumbs, context["request"])}
    return json_ld(data)


BLOCK_HOOKS = frozenset(
    {
        hooks.HOME_PAGE_BLOCKS,
        hooks.ARTICLE_PAGE_BLOCKS,
        hooks.ADMIN_INDEX_BLOCKS,
        hooks.FEEDS_PAGE_BLOCKS,
        hooks.PAGE_TOP_BLOCKS,
    }
)


@register.simple_tag(takes_context=True)
def page_classes(context: Context) -> str:
    """The classes of the page's ``<html>``: the vision mode's, then those the apps add
    (``PAGE_CLASSES`` hooks), space-separated."""
    request = context.get("request")
    vision = context.get("vision")
    classes = [vision.css_classes] if vision is not None and vision.enabled else []
    if request is not None:
        for contributed in hooks.get_hooks(hooks.PAGE_CLASSES):
            classes.extend(contributed(request))
    return " ".join(classes)


@register.simple_tag
def follow_links() -> list[tuple[str, str]]:
    """The ``(label, url)`` pairs the apps add to the footer's «Follow us» list."""
    return [link() for link in hooks.get_hooks(hooks.FOLLOW_LINKS)]


@register.simple_tag
def footer_menu() -> list[navigation.Link]:
    """The footer's menu (``portal.navigation.footer_menu``)."""
    return navigation.footer_menu()


@register.simple_tag(takes_context=True)
def hook_blocks(context: Context, hook_name: str, *objects: object) -> SafeString:
    """The blocks the apps add to a page: ``{% hook_blocks "article_page_blocks" article %}``.

    Each hook gives ``(template name, context)`` or ``None``; its template is rendered as an
    ``{% include … only %}`` would be, so no context processor runs again."""
    if hook_name not in BLOCK_HOOKS:
        raise template.TemplateSyntaxError(f"hook_blocks: {hook_name!r} is not a block hook")
    rendered = []
    for block in hooks.get_hooks(hook_name):
        shown = block(context.get("request"), *objects)
        if shown:
            template_name, values = shown
            engine = cast(Template, context.template).engine  # the template being rendered
            included = engine.get_template(template_name)
            rendered.append(included.render(context.new(values)))
    return mark_safe("".join(rendered))  # each part is the output of an autoescaped template


@register.filter(is_safe=True)
def without_empty_meta(html: object) -> str:
    """Drops the ``<meta>`` tags a page left without a value (base.html's Open Graph and
    Twitter blocks), so pages override values and never the markup."""
    return BLANK_LINE.sub("", EMPTY_META.sub("", str(html))).strip()


@register.inclusion_tag("includes/share_links.html", takes_context=True)
def share_links(context: Context, path: str, title: object) -> dict[str, Any]:
    """Links sharing the page at ``path`` (its canonical address) titled ``title``:
    ``{% share_links article.get_absolute_url article.title %}``."""
    request = context.get("request")
    url = request.build_absolute_uri(path) if request is not None else path
    return {"links": sharing.share_links(url, str(title))}


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context: Context) -> dict[str, Any]:
    """The main menu (``portal.navigation``), its item of the page's section marked current."""
    request = context.get("request")
    return {"items": navigation.main_menu(request.path if request else "")}
