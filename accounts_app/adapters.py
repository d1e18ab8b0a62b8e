"""allauth hooks: after login, the portal speaks the user's preferred language."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        url = super().get_login_redirect_url(request)
        language = getattr(request.user, "preferred_language", "") or translation.get_language()
        translation.activate(language)
        return translate_url(url, language)
