from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_tasks import task

from channels.mail import absolute, send_once
from portal.models import SiteSettings
from press.models import AccreditationRequest, PressContact

RECEIVED = "press_accreditation_received"
TO_OFFICE = "press_accreditation_new"


def office_addresses() -> list[str]:
    """The press contacts who receive requests; without any, the site's own address."""
    addresses = list(
        PressContact.objects.filter(receives_requests=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not addresses and SiteSettings.get_solo().email:
        addresses = [SiteSettings.get_solo().email]
    return list(dict.fromkeys(addresses))


@task()
def send_accreditation_mails(request_id: int) -> int:
    """The journalist's acknowledgement and the press office's notification, each sent once
    (a retry sends only what is still unsent); a request erased meanwhile mails nobody."""
    request = (
        AccreditationRequest.objects.select_related("announcement").filter(pk=request_id).first()
    )
    if request is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        return _send(request)


def _send(request) -> int:
    occasion = f"accreditation:{request.pk}"
    context = {
        "request": request,
        "announcement": request.announcement,
        "section_url": absolute(reverse("press:section")),
        "admin_url": absolute(
            reverse("admin:press_accreditationrequest_change", args=[request.pk])
        ),
    }
    sent = send_once(
        kind=RECEIVED,
        occasion=occasion,
        to=request.email,
        name="press/accreditation_received",
        subject=gettext("Your accreditation request is received"),
        context=context,
    )
    for address in office_addresses():
        sent += send_once(
            kind=TO_OFFICE,
            occasion=occasion,
            to=address,
            name="press/accreditation_new",
            subject=gettext("New accreditation request: %(title)s")
            % {"title": request.announcement.title},
            context=context,
        )
    return sent
