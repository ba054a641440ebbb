"""What channels contributes to the portal's shared features (see portal/hooks.py)."""

from channels.tasks import daily_check
from portal import hooks

hooks.register(hooks.DAILY_TASKS, daily_check)
