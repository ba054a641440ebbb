from typing import Any

from django.http import HttpRequest

from portal.accessibility import SCHEMES, SIZES, preferences
from portal.models import SiteSettings


def site(request: HttpRequest) -> dict[str, Any]:
    """The site settings singleton (cached by django-solo) and the reader's vision mode."""
    return {
        "site": SiteSettings.get_solo(),
        "vision": preferences(request),
        "vision_sizes": SIZES,
        "vision_schemes": SCHEMES,
    }
