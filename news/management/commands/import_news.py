"""manage.py import_news SOURCE: bring an old site's news archive into the portal.

SOURCE is an RSS 2.0 or Atom feed, or a WordPress export (WXR), as a file path or an
http(s) address. Each item becomes a published article (or a draft with --status draft) with
its original date; see news.importing for the rules.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import transaction
from django.db.models import Q
from tqdm import tqdm

from news.importing import (
    FETCH_TIMEOUT,
    Fetcher,
    ImportOptions,
    ImportSourceError,
    ItemError,
    import_item,
    parse_source,
    read_source,
)
from news.models import Article, Rubric


class Command(BaseCommand):
    help = (
        "Import news from an RSS 2.0 or Atom feed or a WordPress export (WXR), given as a file "
        "or an http(s) address. Items already imported are skipped, so it can be run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="A file path or an http(s) URL.")
        parser.add_argument(
            "--rubric",
            help=(
                "Slug or name of an existing rubric for items whose categories name no rubric; "
                "without it, a missing rubric is created from the item's first category."
            ),
        )
        parser.add_argument(
            "--status",
            choices=[Article.Status.PUBLISHED, Article.Status.DRAFT],
            default=Article.Status.PUBLISHED,
            help="Publish the imported articles at their original dates (default) or keep "
            "them as drafts.",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Refresh the text, date, rubric and tags of articles imported before "
            "(by default they are skipped).",
        )
        parser.add_argument("--no-images", action="store_true", help="Do not download any images.")
        parser.add_argument(
            "--timeout",
            type=float,
            default=FETCH_TIMEOUT,
            help=f"Seconds to wait for each download (default {FETCH_TIMEOUT}).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Go through the whole import and report, but save nothing.",
        )

    @no_translations
    def handle(self, *args, source, dry_run, **options):
        self.verbosity = options["verbosity"]
        try:
            fetcher = Fetcher(timeout=options["timeout"])
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        import_options = ImportOptions(
            default_rubric=self.find_rubric(options["rubric"]),
            status=options["status"],
            update=options["update"],
            images=not options["no_images"],
            store_files=not dry_run,
        )
        try:
            feed = parse_source(*read_source(source, fetcher))
        except ImportSourceError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{feed.title or source}: {len(feed.items)} items ({feed.format.upper()})"
        )
        self.counts = {"created": 0, "updated": 0, "skipped": 0, "errors": 0}
        with transaction.atomic():
            self.import_all(feed.items, import_options, fetcher)
            if dry_run:
                transaction.set_rollback(True)
        self.report_summary(dry_run)

    def find_rubric(self, name):
        if not name:
            return None
        rubric = Rubric.objects.filter(Q(slug=name) | Q(name__iexact=name)).first()
        if rubric is None:
            raise CommandError(f"There is no rubric «{name}».")
        return rubric

    def import_all(self, items, options, fetcher):
        stream = getattr(self.stderr, "_out", None)
        progress = tqdm(items, desc="import", unit="item", file=stream, disable=None)
        for item in progress:
            try:
                outcome = import_item(item, options, fetcher)
            except ItemError as error:
                self.counts["errors"] += 1
                self.say(f"{item}: {error}", self.style.ERROR, error=True)
                continue
            except Exception as error:  # a bug or a database error: report it, go on
                self.counts["errors"] += 1
                self.say(f"{item}: {type(error).__name__}: {error}", self.style.ERROR, error=True)
                continue
            self.counts[outcome.action] += 1
            for warning in outcome.warnings:
                self.say(f"{item}: {warning}", self.style.WARNING)
            if self.verbosity >= 2:
                if outcome.action == "skipped":
                    self.say(f"{item}: skipped, {outcome.reason}", str)
                else:
                    self.say(f"{item}: {outcome.action} {outcome.article.get_absolute_url()}", str)

    def say(self, message, style, error=False):
        output = self.stderr if error else self.stdout
        tqdm.write(style(message), file=getattr(output, "_out", None))

    def report_summary(self, dry_run):
        counts = self.counts
        summary = (
            f"Created: {counts['created']}, updated: {counts['updated']}, "
            f"skipped: {counts['skipped']}, errors: {counts['errors']}."
        )
        if dry_run:
            summary += " Dry run: nothing was saved."
        style = self.style.ERROR if counts["errors"] else self.style.SUCCESS
        self.stdout.write(style(summary))
