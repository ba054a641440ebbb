"""The public pages of the subscriptions. None is stored in the page cache (each carries a
CSRF token or a personal link), none is indexed, and none needs JavaScript."""

from functools import wraps

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from channels.subscriptions import services
from channels.subscriptions.forms import SubscribeForm, TopicsForm, consent_text
from channels.subscriptions.links import (
    MANAGE_SALT,
    UNSUBSCRIBE_SALT,
    BadLink,
    Request,
    consent_digest,
    key_from,
    unsubscribe_token,
)
from channels.subscriptions.models import Subscriber
from portal.auth import client_ip
from portal.cache import reads_query

ONE_CLICK = {"List-Unsubscribe": ["One-Click"]}


def personal_page(view):
    """Never cached anywhere, never indexed."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response

    return never_cache(wrapper)


def message(request, title, text, status=200, link=None):
    context = {"title": title, "text": text, "link": link}
    return render(request, "channels/subscribe/message.html", context, status=status)


def bad_link(request, error: BadLink):
    if error.expired:
        return message(
            request,
            _("The link has expired"),
            _("Confirmation links work for %(hours)s hours. Please fill in the form again.")
            % {"hours": settings.SUBSCRIPTIONS_CONFIRM_HOURS},
            status=410,
            link="form",
        )
    return message(
        request,
        _("The link does not work"),
        _(
            "The link is incomplete or has been changed. Copy it from the mail whole, or fill in "
            "the form again."
        ),
        status=404,
        link="form",
    )


@reads_query("news", "events", "rubric", "agreement")
@personal_page
def subscribe(request):
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid() and form.is_robot:
            return _check_your_mail(request, form.cleaned_data["email"])
        if form.is_valid():
            text = consent_text()
            asked = Request(
                email=form.cleaned_data["email"],
                frequency=form.cleaned_data["frequency"],
                topics=form.topics(),
                consent=consent_digest(text),
                at=timezone.now(),
            )
            if services.request_subscription(asked, client=client_ip(request) or ""):
                return _check_your_mail(request, asked.email)
            form.add_error(
                None,
                _(
                    "Too many confirmation mails have been asked for from here or for this "
                    "address. Please try again later: in an hour, or tomorrow."
                ),
            )
            return _form_page(request, form, status=429)
    else:
        form = SubscribeForm(initial=_initial_from_query(request.GET))
    return _form_page(request, form)


def _initial_from_query(query) -> dict:
    """``/subscribe/?rubric=<slug>`` and the like, from links and the form on /feeds/."""
    return {
        "news": "news" in query,
        "events": "events" in query,
        "rubric": query.getlist("rubric"),
        "agreement": query.getlist("agreement"),
    }


def _form_page(request, form, status=200):
    context = {"form": form, "consent_text": consent_text()}
    return render(request, "channels/subscribe/form.html", context, status=status)


def _check_your_mail(request, email):
    return message(
        request,
        _("Check your mail"),
        _(
            "We have sent a link to %(email)s. Follow it within %(hours)s hours to confirm the "
            "subscription; until then nothing is sent. If the mail has not come, look in the spam "
            "folder."
        )
        % {"email": email, "hours": settings.SUBSCRIPTIONS_CONFIRM_HOURS},
    )


@reads_query()
@personal_page
def confirm(request, token):
    try:
        asked = Request.from_token(token)
    except BadLink as error:
        return bad_link(request, error)
    if request.method != "POST":
        return render(request, "channels/subscribe/confirm.html", {"email": asked.email})
    try:
        subscriber = services.confirm(token, consent_text())
    except BadLink as error:
        return bad_link(request, error)
    return message(
        request,
        _("The subscription is confirmed"),
        _(
            "The news you chose will be sent to %(email)s. Every mail has a link to change the "
            "subscription or to unsubscribe."
        )
        % {"email": subscriber.email},
    )


def _subscriber(token, salt):
    return Subscriber.objects.filter(key=key_from(token, salt)).first()


@reads_query()
@personal_page
def manage(request, token):
    try:
        subscriber = _subscriber(token, MANAGE_SALT)
    except BadLink as error:
        return bad_link(request, error)
    if subscriber is None:
        return _gone(request)
    form = TopicsForm(request.POST or None, initial=TopicsForm.initial_for(subscriber))
    saved = False
    if request.method == "POST" and form.is_valid():
        services.replace_topics(subscriber, form.topics(), form.cleaned_data["frequency"])
        saved = True
    context = {
        "form": form,
        "subscriber": subscriber,
        "saved": saved,
        "unsubscribe_path": reverse(
            "subscriptions:unsubscribe", args=[unsubscribe_token(subscriber)]
        ),
    }
    return render(request, "channels/subscribe/manage.html", context)


def _gone(request):
    return message(
        request,
        _("You are not subscribed"),
        _("This address is not on the mailing list (any more): nothing will be sent to it."),
        link="form",
    )


@reads_query()
@personal_page
@csrf_exempt
def unsubscribe(request, token):
    """GET asks (a mail scanner following links unsubscribes nobody); POST unsubscribes. A
    mail program's one-click POST (RFC 8058) has no CSRF token: that exact body is accepted
    without one, any other POST needs it."""
    if request.method == "POST" and dict(request.POST.lists()) == ONE_CLICK:
        return _unsubscribe(request, token)
    if request.method == "POST":
        return csrf_protect(_unsubscribe)(request, token)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        subscriber = _subscriber(token, UNSUBSCRIBE_SALT)
    except BadLink as error:
        return bad_link(request, error)
    if subscriber is None:
        return _gone(request)
    return render(request, "channels/subscribe/unsubscribe.html", {"subscriber": subscriber})


def _unsubscribe(request, token):
    try:
        subscriber = _subscriber(token, UNSUBSCRIBE_SALT)
    except BadLink as error:
        return bad_link(request, error)
    if subscriber is not None:
        services.unsubscribe(subscriber)
    return message(
        request,
        _("You are unsubscribed"),
        _(
            "Your address has been deleted: nothing more will be sent to it. You can subscribe "
            "again at any time."
        ),
        link="form",
    )
