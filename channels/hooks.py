"""What channels contributes to the portal's shared features (see portal/hooks.py)."""

from django.utils import timezone

from channels import reminders
from channels.crossposting.admin import ChannelPostInline
from channels.subscriptions import hooks as subscription_hooks  # noqa: F401 (registers them)
from channels.tasks import daily_check
from portal import hooks

hooks.register(hooks.DAILY_TASKS, daily_check)
hooks.register(hooks.ARTICLE_ADMIN_INLINES, ChannelPostInline)


@hooks.register(hooks.ADMIN_INDEX_BLOCKS)
def upcoming_reminders(request):
    """«Ближайшие напоминания» on the admin front page, for whoever keeps the register."""
    if not request.user.has_perm("partnerships.change_agreement"):
        return None
    entries = reminders.upcoming(timezone.localdate())
    return ("channels/includes/upcoming_reminders.html", {"entries": entries}) if entries else None
