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
    parse_source,
    read_source,
)
from news.importing.runs import Progress, import_items
from news.models import Article, Rubric


class CommandProgress(Progress):
    """Each problem printed as it happens; with -v 2 every item."""

    def __init__(self, command):
        super().__init__()
        self.command = command

    def imported(self, item, outcome):
        super().imported(item, outcome)
        for warning in outcome.warnings:
            self.command.say(f"{item}: {warning}", self.command.style.WARNING)
        if self.command.verbosity >= 2:
            if outcome.action == "skipped":
                self.command.say(f"{item}: skipped, {outcome.reason}", str)
            else:
                url = outcome.article.get_absolute_url()
                self.command.say(f"{item}: {outcome.action} {url}", str)

    def failed(self, item, message):
        super().failed(item, message)
        self.command.say(f"{item}: {message}", self.command.style.ERROR, error=True)


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
        progress = CommandProgress(self)
        with transaction.atomic():
            stream = getattr(self.stderr, "_out", None)
            items = tqdm(feed.items, desc="import", unit="item", file=stream, disable=None)
            import_items(items, import_options, fetcher, progress)
            if dry_run:
                transaction.set_rollback(True)
        self.report_summary(progress.counts, dry_run)

    def find_rubric(self, name):
        if not name:
            return None
        rubric = Rubric.objects.filter(Q(slug=name) | Q(name__iexact=name)).first()
        if rubric is None:
            raise CommandError(f"There is no rubric «{name}».")
        return rubric

    def say(self, message, style, error=False):
        output = self.stderr if error else self.stdout
        tqdm.write(style(message), file=getattr(output, "_out", None))

    def report_summary(self, counts, dry_run):
        summary = (
            f"Created: {counts['created']}, updated: {counts['updated']}, "
            f"skipped: {counts['skipped']}, errors: {counts['errors']}."
        )
        if dry_run:
            summary += " Dry run: nothing was saved."
        style = self.style.ERROR if counts["errors"] else self.style.SUCCESS
        self.stdout.write(style(summary))
