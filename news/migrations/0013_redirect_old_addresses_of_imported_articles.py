# Articles imported before redirects existed: the path of each one's old address (its
# source_url) redirects to it, as import_news now does for every article it imports
# (portal.redirects.services.keep_old_address; a frozen, simpler copy of its rules).

import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from django.db import migrations

UNSAFE = re.compile(r"[\x00-\x1f\x7f\\]")


def old_path(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    path = unquote(parts.path or "/")
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True), key=lambda p: p[0]))
    address = f"{path}?{query}" if query else path
    if address == "/" or len(address) > 500 or UNSAFE.search(address) or address.startswith("//"):
        return ""
    return address


def redirect_imported(apps, schema_editor) -> None:
    db = schema_editor.connection.alias
    Article = apps.get_model("news", "Article")
    Redirect = apps.get_model("portal", "Redirect")
    taken = set(Redirect.objects.using(db).values_list("old_path", flat=True))
    batch = []
    imported = Article.objects.using(db).exclude(source_url="").values_list("slug", "source_url")
    for slug, source_url in imported.iterator(chunk_size=2000):
        address, target = old_path(source_url), f"/news/{slug}/"
        if address and address != target and address not in taken:
            taken.add(address)
            batch.append(Redirect(old_path=address, new_path=target, source="imported"))
    Redirect.objects.using(db).bulk_create(batch, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0012_article_slug_may_change_with_a_redirect"),
        ("portal", "0013_redirects"),
    ]

    operations = [migrations.RunPython(redirect_imported, migrations.RunPython.noop)]
