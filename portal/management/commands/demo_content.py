from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext


class Command(BaseCommand):
    help = (
        "Load the demo content (every installed app's demo.load()): adds what is missing, "
        "leaves existing records as editors left them."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        new: set[Model] = set()  # the records this run created, added to by each app's loader
        for app_config in apps.get_app_configs():
            try:
                module = import_module(f"{app_config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app_config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                summary = module.load(new)
            self.stdout.write(self.style.SUCCESS(f"{app_config.verbose_name}: {summary}"))
        # A first revision of everything that has none yet, so the admin's history starts here
        # and whatever is deleted later can be recovered.
        call_command(
            "createinitialrevisions",
            comment=gettext("Initial version."),
            verbosity=0,
            stdout=self.stdout,
        )
        self.stdout.write(self.style.SUCCESS(gettext("History: a first version of every record")))
