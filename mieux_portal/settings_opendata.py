"""Settings of the open data: the IATI activity file and the public API (a part of
mieux_portal.settings, which imports it whole)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mieux_portal.settings_env import BASE_DIR, env

# --- Open data: the IATI activity file and the public API ---------------------------
# /iati/activities.xml (actions_app.opendata.iati). The reporting organisation's IATI
# identifier prefixes every activity's identifier: the default is a placeholder for the
# demo; set the identifier registered for the publisher before publishing to the Registry.
# Organisation types are codes of the IATI OrganisationType codelist (40 multilateral,
# 15 other public sector).
IATI_REPORTING_ORG_REF = env.str("IATI_REPORTING_ORG_REF", default="XI-IATI-MIEUX-DEMO")
IATI_REPORTING_ORG_TYPE = env.str("IATI_REPORTING_ORG_TYPE", default="40")
IATI_FUNDING_ORG_REF = env.str("IATI_FUNDING_ORG_REF", default="XI-IATI-EC_INTPA")
IATI_FUNDING_ORG_TYPE = env.str("IATI_FUNDING_ORG_TYPE", default="15")
# The official IATI 2.03 schemas the tests validate the file against (IATI-Schemas,
# branch version-2.03): by default the shared folder beside the repository.
IATI_SCHEMA_DIR = env.path("IATI_SCHEMA_DIR", default=BASE_DIR.parent / "shared" / "iati-2.03")
# How long browsers and proxies may keep an open-data answer before asking again (they
# then revalidate with its ETag or Last-Modified).
OPEN_DATA_MAX_AGE = env.int("OPEN_DATA_MAX_AGE", default=300)
# The public API (actions_app.opendata.api): read-only, anonymous, JSON only, limited to
# API_RATE_LIMIT requests per client address ("<count>/<s|m|h|d>", counted in the default
# cache: share it between processes with CACHE_URL).
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="120/m")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": _("MIEUX+ open data API"),
    "DESCRIPTION": _(
        "Read-only public API of the MIEUX+ Partner Portal: the published Actions with "
        "their activities, news and resources, and the public statistics."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
