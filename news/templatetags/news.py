from django import template

from portal.templatetags.portal import json_ld, organization_data

register = template.Library()


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    """schema.org NewsArticle with its publisher, dates, section and image."""
    request = context["request"]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.lead,
        "datePublished": article.publish_at.isoformat(),
        "dateModified": max(article.updated_at, article.publish_at).isoformat(),
        "mainEntityOfPage": request.build_absolute_uri(article.get_absolute_url()),
        "articleSection": article.rubric.name,
        "inLanguage": "ru",
        "publisher": organization_data(context["site"], request),
        "author": {
            "@type": "Organization",
            "name": article.department.name if article.department else context["site"].office_name,
        },
    }
    if article.lead_image:
        data["image"] = [
            request.build_absolute_uri(getattr(article, f"lead_image_{width}_jpeg").url)
            for width in (960, 1600)
        ]
    return json_ld(data)
