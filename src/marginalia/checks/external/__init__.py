"""Links to other sites, checked by lychee behind a small layer of our own.

lychee does the network work (concurrency and per-host limits, timeouts, retries with
back-off honouring ``Retry-After``, redirects, fragments, a disk cache with a maximum age);
this package chooses what to check (pages and the ``url``/``doi`` fields of ``.bib`` files),
runs lychee once, and turns its JSON report into diagnostics at ``path:line``.
"""
