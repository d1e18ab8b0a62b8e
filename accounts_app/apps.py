from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts_app"
    verbose_name = _("Accounts and institutions")

    def ready(self) -> None:
        from mieux_portal import two_factor
        from mieux_portal.pagecache import register_public_models

        from . import authcache, usercache
        from .models import InstitutionKind, PartnerInstitution
        from .roles import is_consultee

        # A change to a user, their membership or institution shows on their next page.
        usercache.connect()
        # A user's permissions are kept between pages until a user, group or permission changes.
        authcache.connect()

        # Action pages and the statistics name requesting institutions and their kinds.
        register_public_models(PartnerInstitution, InstitutionKind)
        # Consultees log in with two factors, like staff.
        two_factor.require_for("consultee", is_consultee)
