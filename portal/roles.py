"""The editorial roles: groups of permissions an administrator gives staff accounts.

The groups are created by the migration ``portal/0004_roles`` (a frozen copy of the table
below, as migrations must be); ``sync_roles()`` brings existing groups up to date with this
table and is what the demo content and the tests call. The group names are content, in
Russian, as the office sees them in the admin.

* author — writes articles and their galleries, and the site's pages: sees and edits only
  their own while they are drafts or in review, submits them for review; cannot publish;
* chief editor — everything about news, including the ``news.publish_article`` permission
  (publish, unpublish, schedule, archive, send back), importing news archives, the site
  settings, the redirects of old addresses and the audit trail;
  sees the partnership register; the only role that sees the e-mail subscribers and the
  journalists' accreditation requests; keeps the press section's announcements and contacts;
  sees the partnership register; the only role that sees the e-mail subscribers; keeps the
  register of documents (acts and official documents, their files and links);
* partnerships officer — the register: partners, agreements with their signatories and
  documents, events, cooperation plans, areas; sees the articles to link them;
* the media library: authors, chief editors and partnerships officers upload, describe and
  choose its images; only the chief editor deletes them (never while one is used);
* duty officer — the site's alert banners and nothing else: adds, changes, publishes and
  removes them without the chief editor (a warning to residents at night). Chief editors may
  do the same.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

if TYPE_CHECKING:
    from django.contrib.auth.models import Group, Permission

AUTHOR = "Автор"
CHIEF_EDITOR = "Главный редактор"
PARTNERSHIPS_OFFICER = "Специалист по партнёрству"
DUTY_OFFICER = "Дежурный"

PUBLISH_PERMISSION = "news.publish_article"
# The media library: every role that writes chooses and uploads images; deleting one (never
# while it is used) is the chief editor's.
USE_LIBRARY = (
    "media.add_image",
    "media.change_image",
    "media.view_image",
    "media.add_tag",
    "media.view_tag",
)


def _all(app_label: str, *models: str) -> tuple[str, ...]:
    return tuple(
        f"{app_label}.{action}_{model}"
        for model in models
        for action in ("add", "change", "delete", "view")
    )


ROLE_PERMISSIONS = {
    AUTHOR: (
        "news.add_article",
        "news.change_article",
        "news.view_article",
        *_all("news", "galleryphoto"),
        "news.view_rubric",
        "news.view_tag",
        "news.view_department",
        # Pages as articles: their own, as drafts, submitted for review.
        "pages.add_page",
        "pages.change_page",
        "pages.view_page",
        *USE_LIBRARY,
    ),
    CHIEF_EDITOR: (
        *_all("news", "article", "galleryphoto", "rubric", "tag", "department"),
        PUBLISH_PERMISSION,
        "news.add_importrun",  # start an import of a news archive
        "news.view_importrun",
        "news.delete_importrun",
        *_all("portal", "searchpin", "redirect"),
        "portal.change_sitesettings",
        "portal.view_sitesettings",
        "portal.view_auditevent",
        "portal.view_queuedtask",
        "portal.change_queuedtask",  # the «retry» action
        # Residents' subscriptions are personal data: seen, exported and erased by them only.
        "channels.view_subscriber",
        "channels.delete_subscriber",
        # Cross-posting: the channels' settings and tokens, each article's posts.
        "channels.view_channel",
        "channels.change_channel",
        "channels.add_channel",
        "channels.view_channelpost",
        "channels.add_channelpost",
        "channels.change_channelpost",
        "channels.view_postattempt",
        "partnerships.view_partner",
        "partnerships.view_area",
        "partnerships.view_agreement",
        "partnerships.view_signatory",
        "partnerships.view_agreementdocument",
        "partnerships.view_event",
        "partnerships.view_eventphoto",
        "partnerships.view_cooperationplan",
        "partnerships.view_planitem",
        *_all("alerts", "banner"),
        # The press section; journalists' accreditation requests are personal data, like the
        # subscribers: seen, exported and erased by the chief editor only.
        *_all("press", "announcement", "presscontact"),
        "press.view_accreditationrequest",
        "press.delete_accreditationrequest",
        *_all("pages", "page"),
        "pages.publish_page",
        *_all("documents", "document", "documentlink", "issuingbody"),
        *_all("media", "image", "tag"),
    ),
    PARTNERSHIPS_OFFICER: (
        *_all(
            "partnerships",
            "partner",
            "area",
            "agreement",
            "signatory",
            "agreementdocument",
            "event",
            "eventphoto",
            "cooperationplan",
            "planitem",
        ),
        "news.view_article",
        *USE_LIBRARY,
    ),
    DUTY_OFFICER: _all("alerts", "banner"),
}


def permissions_for(
    names: Sequence[str], permission_model: type["Permission"]
) -> list["Permission"]:
    """The Permission rows for ``app_label.codename`` names; all of them must exist."""
    pairs = {tuple(name.split(".", 1)) for name in names}
    query = Q()
    for app_label, codename in pairs:
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = list(permission_model.objects.filter(query).select_related("content_type"))
    missing = pairs - {(p.content_type.app_label, p.codename) for p in found}
    if missing:
        raise ImproperlyConfigured(f"Unknown permissions in the roles: {sorted(missing)}")
    return found


def sync_roles() -> dict[str, "Group"]:
    """Create the role groups that are missing and give every group exactly its permissions."""
    from django.contrib.auth.models import Group, Permission

    groups = {}
    for name, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions_for(names, Permission))
        groups[name] = group
    return groups
