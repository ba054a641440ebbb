"""A whole import: the loop over the items that ``manage.py import_news`` and the admin's
import task share, and the task's side of it, which records its progress in an ``ImportRun``.

Each item is written in its own transaction (``import_item``), so the progress a worker
records is visible while it runs, and an import interrupted half-way (a worker killed) is run
again from the start: the items it had imported are then skipped, or refreshed with
``update``, never imported twice.
"""

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from news.importing.fetching import Fetcher, file_too_large, read_source
from news.importing.items import Feed, FeedItem, ImportSourceError, ItemError
from news.importing.parsing import parse_source
from news.importing.writing import ImportOptions, Outcome, import_item
from news.models import Article, ImportProblem, ImportRun

logger = logging.getLogger(__name__)

COUNTED = ("created", "updated", "skipped", "errors")


class Progress:
    """What an import reports as it goes; counts each outcome. Subclasses show or store it."""

    def __init__(self):
        self.counts = dict.fromkeys(COUNTED, 0)

    def imported(self, item: FeedItem, outcome: Outcome) -> None:
        self.counts[outcome.action] += 1

    def failed(self, item: FeedItem, message: str) -> None:
        self.counts["errors"] += 1


def import_items(items, options: ImportOptions, fetcher: Fetcher, progress: Progress) -> None:
    """Import every item; one that cannot be imported is reported and the others go on."""
    for item in items:
        try:
            outcome = import_item(item, options, fetcher)
        except ItemError as error:
            progress.failed(item, str(error))
        except Exception as error:  # a bug or a database error: report it, go on
            logger.exception("Importing %s failed", item)
            progress.failed(item, f"{type(error).__name__}: {error}")
        else:
            progress.imported(item, outcome)


class RecordedProgress(Progress):
    """The progress of an ``ImportRun``, stored after every item for its status page."""

    def __init__(self, run: ImportRun, keep_lease=None):
        super().__init__()
        self.run = run
        self.keep_lease = keep_lease

    def imported(self, item, outcome):
        super().imported(item, outcome)
        ImportProblem.objects.bulk_create(
            ImportProblem(run=self.run, item=str(item)[:300], message=warning, is_error=False)
            for warning in outcome.warnings
        )
        self.store()

    def failed(self, item, message):
        super().failed(item, message)
        ImportProblem.objects.create(run=self.run, item=str(item)[:300], message=message)
        self.store()

    def store(self):
        ImportRun.objects.filter(pk=self.run.pk).update(
            done=sum(self.counts.values()), **self.counts
        )
        if self.keep_lease:
            self.keep_lease()


def run_import(run_id: int, keep_lease=None) -> str:
    """The import task's work: run the import ``run_id`` and record how it went; its status.

    A run already finished is left alone (its task ran twice); a run found running was
    interrupted, and starts again. ``keep_lease`` is called after each item (see
    ``portal.queue.lease_keeper``)."""
    run = ImportRun.objects.filter(pk=run_id).select_related("default_rubric").first()
    if run is None or not run.in_progress:
        return run.status if run else "deleted"
    with translation.override(settings.LANGUAGE_CODE):
        run.problems.all().delete()
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.RUNNING,
            started_at=timezone.now(),
            error="",
            total=0,
            done=0,
            **dict.fromkeys(COUNTED, 0),
        )
        try:
            fetcher = Fetcher()
            feed = parse_source(*run_source(run, fetcher))
        except (ImportSourceError, ImproperlyConfigured) as error:
            return finish(run, ImportRun.Status.FAILED, error=str(error))
        ImportRun.objects.filter(pk=run.pk).update(
            total=len(feed.items), feed_title=feed_title(feed)
        )
        try:
            import_items(feed.items, run_options(run), fetcher, RecordedProgress(run, keep_lease))
        except Exception as error:  # e.g. the database went away: say so, do not hide it
            logger.exception("Import %s failed", run.pk)
            return finish(run, ImportRun.Status.FAILED, error=f"{type(error).__name__}: {error}")
        return finish(run, ImportRun.Status.DONE)


def run_source(run: ImportRun, fetcher: Fetcher) -> tuple[bytes, str]:
    if run.source_url:
        return read_source(run.source_url, fetcher)
    limit = settings.IMPORT_SOURCE_MAX_BYTES
    try:
        with run.source_file.open("rb") as document:
            data = document.read(limit + 1)
    except OSError:
        raise ImportSourceError(
            _(
                "The uploaded file is not found. Workers on another machine than the site must "
                "share its IMPORT_UPLOADS_ROOT folder; upload the file again."
            )
        ) from None
    if len(data) > limit:
        raise ImportSourceError(file_too_large())
    return data, ""


def run_options(run: ImportRun) -> ImportOptions:
    return ImportOptions(
        default_rubric=run.default_rubric,
        status=Article.Status.PUBLISHED if run.publish else Article.Status.DRAFT,
        update=run.update,
        images=run.images,
    )


def feed_title(feed: Feed) -> str:
    max_length = ImportRun._meta.get_field("feed_title").max_length
    return f"{feed.title} ({feed.format.upper()})"[:max_length]


def finish(run: ImportRun, status: str, error: str = "") -> str:
    ImportRun.objects.filter(pk=run.pk).update(
        status=status, error=error, finished_at=timezone.now()
    )
    return status
