import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# The garbage collector's full passes walk every object the process holds (Django, the
# URLconf, templates, translations): on the register's staff pages at 1,000 agreements they
# added 150-200 ms to one request in ten (bench/partnerships.md). What is loaded by now stays
# for the process's life, so it is frozen out of those passes, and the passes come rarer.
# Memory stays bounded: reference counting frees almost everything at once, the young
# generations are still collected, and gunicorn replaces a worker every ~2,000 requests.
gc.freeze()
gc.set_threshold(50_000, 50, 100)
