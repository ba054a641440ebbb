"""Writing an item as an article: text, rubric, tags and images, in one transaction."""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from slugify import slugify

from media.services import add_image
from news.importing.fetching import Fetcher
from news.importing.images import first_image, lead_image, localise_images, without_first_image
from news.importing.items import FeedItem, ItemError, unique
from news.models import Article, Rubric, Tag
from news.services import publish_article
from portal.characters import xml_safe
from portal.redirects.services import keep_old_address
from portal.sanitize import plain_text, sanitize_html
from portal.slugs import unique_slug

LEAD_MAX_LENGTH = 600
TITLE_MAX_LENGTH = Article._meta.get_field("title").max_length
NAME_MAX_LENGTH = 100
LEAD_IMAGE_FIELDS = ["lead_image", "lead_image_alt"]


@dataclass
class Outcome:
    action: str  # "created", "updated" or "skipped"
    article: Article | None = None
    reason: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportOptions:
    default_rubric: Rubric | None = None
    status: str = Article.Status.PUBLISHED
    update: bool = False
    images: bool = True
    store_files: bool = True  # off in a dry run: files are not part of the transaction


def import_item(item: FeedItem, options: ImportOptions, fetcher: Fetcher) -> Outcome:
    """Create (or refresh) the article for ``item`` in one transaction; ItemError if the item
    cannot be imported (nothing of it is then saved)."""
    if item.skip_reason:
        return Outcome("skipped", reason=item.skip_reason)
    limit = settings.IMPORT_ITEM_MAX_BYTES
    if item.size > limit:
        raise ItemError(
            _("The item is larger than %(limit)s bytes (IMPORT_ITEM_MAX_BYTES).")
            % {"limit": limit}
        )
    if not item.title:
        raise ItemError(_("The item has no title."))
    if not item.key:
        raise ItemError(_("The item has neither a GUID nor a link, so it cannot be told apart."))
    if item.published is None:
        raise ItemError(item.date_problem or _("The item has no publication date."))
    existing = find_imported(item)
    if existing is not None and not options.update:
        return Outcome(
            "skipped",
            existing,
            _("already imported as %(url)s") % {"url": existing.get_absolute_url()},
        )
    stored_files: list[str] = []
    try:
        with transaction.atomic():
            outcome = _write(item, existing, options, fetcher, stored_files)
    except Exception:
        for name in stored_files:
            default_storage.delete(name)
        raise
    return outcome


def find_imported(item: FeedItem) -> Article | None:
    match = Q(import_guid=item.key)
    if item.link:
        match |= Q(source_url=item.link)
    return Article.objects.filter(match).order_by("pk").first()


def _write(item, existing, options, fetcher, stored_files) -> Outcome:
    warnings: list[str] = []
    rubric, other_categories = resolve_rubric(item.categories, options.default_rubric)
    body = sanitize_html(item.body_html)
    lead = None
    if options.images:
        if existing is not None and existing.lead_image_id:
            # Refreshing: the lead image stays; it came from the text if nothing else offered one.
            from_body = not item.image_urls and first_image(body) is not None
        else:
            lead = lead_image(item, body, fetcher, warnings)
            from_body = lead is not None and lead.from_body
        if from_body:
            # Shown above the text as the lead image: not a second time inside it.
            body = without_first_image(body)
        body = localise_images(body, item, options.store_files, fetcher, warnings, stored_files)
    article = existing or Article(import_guid=item.key)
    article.title = _shortened(item.title, TITLE_MAX_LENGTH)
    article.lead = lead_text(item, body)
    article.body = body
    article.rubric = rubric
    article.source_url = item.link[: Article._meta.get_field("source_url").max_length]
    article.publish_at = item.published
    if existing is None and _usable_slug(item.slug):
        article.slug = item.slug
    if existing is None and options.status == Article.Status.PUBLISHED:
        article.status = Article.Status.DRAFT
        publish_article(article, at=item.published)
    else:
        article.save()
    article.tags.add(*(tag_named(name) for name in unique([*other_categories, *item.tags])))
    if item.link:
        # Links to the old site keep working: its address of the item redirects here.
        redirect_problem = keep_old_address(item.link, article.get_absolute_url())
        if redirect_problem:
            warnings.append(redirect_problem)
    # The image last: should anything before fail, no file has been stored for it.
    if lead and options.store_files:
        alt = _shortened(lead.alt or article.title, 255)
        image, added = add_image(ContentFile(lead.data, name=lead.name), alt=alt)
        article.lead_image, article.lead_image_alt = image, alt
        article.save(update_fields=LEAD_IMAGE_FIELDS)
        if added:
            stored_files.append(image.file.name)
    return Outcome("updated" if existing else "created", article, warnings=warnings)


def resolve_rubric(categories: list[str], default: Rubric | None) -> tuple[Rubric, list[str]]:
    """The rubric for an item's categories and the categories left over (they become tags).

    The first category naming an existing rubric wins; else the default rubric; else a new
    rubric named after the first category."""
    for name in categories:
        rubric = Rubric.objects.filter(Q(name__iexact=name) | Q(slug=slugify(name))).first()
        if rubric is not None:
            return rubric, [other for other in categories if other != name]
    if default is not None:
        return default, categories
    if not categories:
        raise ItemError(
            _("The item has no category: choose a default rubric (--rubric for the command).")
        )
    name = _shortened(categories[0], NAME_MAX_LENGTH)
    rubric = Rubric(name=name)
    rubric.slug = unique_slug(rubric, name)
    rubric.save()
    return rubric, categories[1:]


def tag_named(name: str) -> Tag:
    name = _shortened(name, NAME_MAX_LENGTH)
    return Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)


def lead_text(item: FeedItem, body: str) -> str:
    text = plain_text(item.summary_html) or plain_text(body) or item.title
    return Truncator(text).chars(LEAD_MAX_LENGTH)


def _usable_slug(slug: str) -> bool:
    return bool(
        re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug or "")
        and not slug.isdigit()
        and len(slug) <= Article._meta.get_field("slug").max_length
        and not Article.objects.filter(slug=slug).exists()
    )


def _shortened(text: str, length: int) -> str:
    return Truncator(xml_safe(text)).chars(length)
