"""Open data: the published Actions in machine-readable form, for anyone.

* ``iati``: ``/iati/activities.xml``, every published Action as an IATI 2.03 activity.
* ``http``: what every answer shares: the validators (ETag, Last-Modified) and the cache of
  answers, renewed with the public site's pages (``mieux_portal.pagecache``).

Only published content leaves through here, read with the same ``published()`` QuerySet
methods as the public pages; nothing depends on who asks, so one cached answer serves all.
"""
