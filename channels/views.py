from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from channels.forms import PreferencesForm


def preferences(request):
    """The signed-in staff user's own choice of which mails to receive."""
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your notification settings are saved."))
        return redirect("channels:preferences")
    context = {
        **admin.site.each_context(request),
        "title": _("E-mail notifications"),
        "form": form,
        "email": request.user.email,
    }
    return TemplateResponse(request, "channels/preferences.html", context)
