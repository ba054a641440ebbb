from django import template

from portal.images import rendition_url
from portal.templatetags.portal import breadcrumb_list_data, json_ld, organization_data

register = template.Library()


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    """schema.org NewsArticle with its publisher, author, dates, section and image; the page
    it is the main entity of carries the breadcrumbs (one JSON-LD block per page)."""
    request = context["request"]
    site = context["site"]
    url = request.build_absolute_uri(article.get_absolute_url())
    page = {"@type": "WebPage", "@id": url, "url": url}
    if context.get("breadcrumbs"):
        page["breadcrumb"] = breadcrumb_list_data(context["breadcrumbs"], request)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.lead,
        "datePublished": article.publish_at.isoformat(),
        "dateModified": max(article.updated_at, article.publish_at).isoformat(),
        "url": url,
        "mainEntityOfPage": page,
        "articleSection": article.rubric.name,
        "inLanguage": "ru",
        "publisher": organization_data(site, request),
        "author": {
            "@type": "Organization",
            "name": article.department.name if article.department else site.office_name,
            "url": request.build_absolute_uri("/"),
        },
    }
    keywords = [tag.name for tag in article.tags.all()]
    if keywords:
        data["keywords"] = keywords
    if article.lead_image:
        data["image"] = [
            request.build_absolute_uri(rendition_url(article, "lead_image", width, "jpeg"))
            for width in (960, 1600)
        ]
    return json_ld(data)
