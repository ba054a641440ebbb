"""What channels contributes to the portal's shared features (see portal/hooks.py)."""

from django.utils import timezone

from channels import reminders
from channels.crossposting.admin import ChannelPostInline
from channels.crossposting.models import ChannelPost
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


@hooks.register(hooks.ADMIN_INDEX_BLOCKS)
def crosspost_failures(request):
    """The channel posts that failed or whose outcome is unknown, for the chief editor: a
    revoked token or a lost answer waits for them, not for a retry."""
    if not request.user.has_perm("channels.change_channelpost"):
        return None
    posts = list(ChannelPost.objects.needing_attention().select_related("article")[:10])
    return ("channels/includes/crosspost_failures.html", {"posts": posts}) if posts else None
