"""The subscription form's place on the site: a footer link and a small form on /feeds/."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal import hooks


@hooks.register(hooks.FOLLOW_LINKS)
def subscribe_link():
    return _("News by e-mail"), reverse("subscriptions:form")


@hooks.register(hooks.FEEDS_PAGE_BLOCKS)
def subscribe_form(request):
    return "channels/subscribe/feeds_block.html", {}
