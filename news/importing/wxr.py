"""WordPress eXtended RSS (WXR) exports, read from the tree defusedxml has checked."""

import datetime
import html
import re
from email.utils import parsedate_to_datetime

from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from news.importing.fetching import absolute_url
from news.importing.items import Feed, FeedItem, ImportSourceError, unique
from portal.sanitize import plain_text

WORDPRESS_NAMESPACE = "http://wordpress.org/export/"
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
WORDPRESS_PUBLIC_STATUSES = {"publish", "future"}
BLOCK_TAG = re.compile(r"<(p|div|h[1-6]|ul|ol|table|blockquote|figure|pre|hr)\b", re.IGNORECASE)


def wordpress_namespace(root) -> str:
    for element in root.iter():
        if element.tag.startswith(f"{{{WORDPRESS_NAMESPACE}"):
            namespace = element.tag[1:].split("}")[0]
            if "excerpt" not in namespace:
                return namespace
    return ""


def parse_wxr(root, base_url: str = "") -> Feed:
    """A WordPress eXtended RSS export: posts with their categories, tags and featured image
    (an attachment item of the same file); pages, attachments and drafts are skipped."""
    wp = wordpress_namespace(root)
    excerpt = wp.rstrip("/") + "/excerpt/" if wp.endswith("/") else wp + "/excerpt/"
    channel = root.find("channel")
    if channel is None:
        raise ImportSourceError(_("The WordPress export has no channel."))
    base_url = base_url or (channel.findtext("link") or "")
    attachments = {
        element.findtext(f"{{{wp}}}post_id"): element.findtext(f"{{{wp}}}attachment_url")
        for element in channel.findall("item")
        if element.findtext(f"{{{wp}}}post_type") == "attachment"
    }
    items = []
    for number, element in enumerate(channel.findall("item"), start=1):
        post_type = element.findtext(f"{{{wp}}}post_type") or "post"
        status = element.findtext(f"{{{wp}}}status") or "publish"
        item = FeedItem(
            number=number,
            title=plain_text(element.findtext("title") or ""),
            guid=(element.findtext("guid") or "").strip(),
            link=(element.findtext("link") or "").strip(),
            body_html=_paragraphs(element.findtext(f"{{{CONTENT_NAMESPACE}}}encoded") or ""),
            summary_html=element.findtext(f"{{{excerpt}}}encoded") or "",
            slug=(element.findtext(f"{{{wp}}}post_name") or "").strip(),
        )
        if post_type != "post":
            item.skip_reason = _("not a post (%(type)s)") % {"type": post_type}
        elif status not in WORDPRESS_PUBLIC_STATUSES:
            item.skip_reason = _("not published in the source (%(status)s)") % {"status": status}
        for category in element.findall("category"):
            name = html.unescape((category.text or "").strip())
            if name:
                target = item.tags if category.get("domain") == "post_tag" else item.categories
                target.append(name)
        item.categories, item.tags = unique(item.categories), unique(item.tags)
        _wxr_date(item, element, wp)
        for meta in element.findall(f"{{{wp}}}postmeta"):
            if meta.findtext(f"{{{wp}}}meta_key") == "_thumbnail_id":
                featured = attachments.get(meta.findtext(f"{{{wp}}}meta_value"))
                if featured:
                    item.image_urls.append(absolute_url(base_url, featured))
        items.append(item)
    return Feed(format="wxr", title=channel.findtext("title") or "", items=items)


def _wxr_date(item: FeedItem, element, wp: str) -> None:
    """The GMT post date, else the RSS pubDate, else the local post date."""
    gmt = (element.findtext(f"{{{wp}}}post_date_gmt") or "").strip()
    if gmt and not gmt.startswith("0000"):
        try:
            value = datetime.datetime.strptime(gmt, "%Y-%m-%d %H:%M:%S")
            item.published = value.replace(tzinfo=datetime.UTC)
            return
        except ValueError:
            pass
    pub_date = (element.findtext("pubDate") or "").strip()
    if pub_date:
        try:
            value = parsedate_to_datetime(pub_date)
            if value.year > 1:  # WordPress writes «-0001» for posts never published
                # Naive only for «-0000»: UTC with the local offset unknown (RFC 5322).
                item.published = value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
                return
        except (TypeError, ValueError):
            pass
    local = (element.findtext(f"{{{wp}}}post_date") or "").strip()
    if local and not local.startswith("0000"):
        try:
            value = datetime.datetime.strptime(local, "%Y-%m-%d %H:%M:%S")
            item.published = timezone.make_aware(value)
            return
        except ValueError:
            pass
    shown = gmt or pub_date or local
    if shown:
        item.date_problem = _("The date «%(date)s» is not understood.") % {
            "date": Truncator(shown).chars(40)
        }


def _paragraphs(text: str) -> str:
    """WordPress stores paragraphs as blank lines: wrap the bare ones in <p>."""
    chunks = [chunk.strip() for chunk in re.split(r"\n\s*\n", text) if chunk.strip()]
    return "\n".join(
        chunk if BLOCK_TAG.match(chunk) else "<p>" + chunk.replace("\n", "<br>") + "</p>"
        for chunk in chunks
    )
