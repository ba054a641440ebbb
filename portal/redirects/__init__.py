"""Old addresses that keep working: permanent redirects (301) from an address to another.

* ``addresses`` — the two addresses of a redirect in one canonical form, and what each may
  be: the old one a path of this site (an old site's full address is cut to its path), the
  new one a path of this site or, typed by an editor, an https:// address elsewhere;
* ``services`` — every write: a redirect saved collapsed (it leads where its new address
  ends up, and those that led to its old address lead there too), a loop refused; a record
  that moved (``record_move``); an imported article's old address (``keep_old_address``);
* ``tracking`` — the records whose public address may change, declared by their apps under
  the ``REDIRECTED_MODELS`` hook: when one that was public once moves, its old address
  redirects to the new one;
* ``middleware`` — ``RedirectFallbackMiddleware``: a 404 whose address has a redirect
  becomes a 301;
* ``csv_import`` — the admin's upload of a CSV file of redirects (all lines or none).

The model is ``portal.models.Redirect``; its admin is in ``portal.admin``.
"""
