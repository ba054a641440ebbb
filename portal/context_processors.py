from portal.models import SiteSettings


def site(request):
    """The site settings singleton (cached by django-solo) for every template."""
    return {"site": SiteSettings.get_solo()}
