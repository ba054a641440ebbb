"""The editor's desk in the admin: nothing typed is lost, and editors see each other.

* ``drafts``: the change form autosaved while the editor types, as a private draft apart from
  the history (django-reversion keeps only real saves), offered back with what differs;
* ``presence``: who else has the same record open (heartbeats in the cache);
* ``admin``: the model admin mixin that adds both to a change form and serves their
  endpoints; ``static/portal/desk.js`` is the browser's side.
"""
