"""What the request admins share: the checked download link, the acting staff member, the
page's language.
"""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts_app.models import User

from ..models import Attachment


def download_url(attachment: Attachment) -> str:
    """The checked download view of the partner pages, which lets staff through too."""
    return reverse("requests:download", args=[attachment.request_id, attachment.pk])


def attachment_download(attachment: Attachment) -> str:
    """A link to the checked download view."""
    return format_html('<a href="{}">{}</a>', download_url(attachment), _("Download"))


def staff_actor(request: HttpRequest) -> User:
    # admin_site.admin_view lets only active staff reach the views that call this.
    return cast(User, request.user)


def current_language() -> str:
    """The page's language among the portal's (the default one otherwise)."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
