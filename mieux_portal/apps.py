"""The portal's configuration of Django's admin app: its default site is the portal's own."""

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """`admin.site` (and every `@admin.register`) is `PortalAdminSite`: two factors for staff."""

    default_site = "mieux_portal.admin_site.PortalAdminSite"

    def ready(self) -> None:
        super().ready()
        from mieux_portal import collation, pagecache, requestmemo, sharedcache, two_factor

        # Every country list (selects, admin filters) in the reader's alphabetical order.
        collation.use_for_countries()
        # Whether a user has an authenticator app is kept between pages until it changes.
        two_factor.connect()
        # Version tokens of the shared cache read once per request; the public version (the
        # desk's filters of reference data) with the signed-in user's row.
        requestmemo.connect()
        sharedcache.read_ahead(token=(pagecache.CACHE_ALIAS, pagecache.PUBLIC_VERSION_KEY))
