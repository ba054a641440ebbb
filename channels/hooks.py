"""What channels contributes to the portal's shared features (see portal/hooks.py)."""

from channels.subscriptions import hooks as subscription_hooks  # noqa: F401 (registers them)
