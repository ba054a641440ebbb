"""The subscriptions' place on the site (a footer link, a small form on /feeds/) and their
daily digest among the daily tasks."""

from django.urls import reverse
from django.utils.translation import gettext as _

from channels.subscriptions.tasks import send_digest
from portal import hooks

hooks.register(hooks.DAILY_TASKS, send_digest)


@hooks.register(hooks.FOLLOW_LINKS)
def subscribe_link():
    return _("News by e-mail"), reverse("subscriptions:form")


@hooks.register(hooks.FEEDS_PAGE_BLOCKS)
def subscribe_form(request):
    return "channels/subscribe/feeds_block.html", {}
