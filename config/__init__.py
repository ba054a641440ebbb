"""The Vestnik project package: settings, the root URLconf, WSGI and ASGI entry points."""
