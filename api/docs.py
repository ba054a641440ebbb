"""The interactive API documentation (Swagger UI), served from the site's own static files.

Swagger UI ships with django-ninja (its ``ninja/`` static files), so nothing is loaded from
another origin, and it runs under the site's Content-Security-Policy unchanged: the page has
no inline script (the settings are a JSON data block read by ``ninja/swagger-ui-init.js``)
and no inline style. ``validatorUrl`` is off, or Swagger UI would ask an outside validator
service about our schema.
"""

from django.shortcuts import render
from ninja.openapi.docs import Swagger


class SelfHostedSwagger(Swagger):
    template = "api/docs.html"
    default_settings = {
        **Swagger.default_settings,
        "validatorUrl": None,
        "defaultModelsExpandDepth": 0,
        "tryItOutEnabled": True,
    }

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        return render(
            request,
            self.template,
            {"api": api, "swagger_settings": self.settings},
        )
