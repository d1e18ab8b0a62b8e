"""Small helpers shared by the request page tests."""

from __future__ import annotations

from django.urls import reverse


def step_url(request, step: str, lang: str = "en") -> str:
    from django.utils import translation

    with translation.override(lang):
        if step in ("files", "review"):
            return reverse(f"requests:{step}", args=[request.pk])
        return reverse("requests:step", args=[request.pk, step])


def url(name: str, *args, lang: str = "en") -> str:
    from django.utils import translation

    with translation.override(lang):
        return reverse(f"requests:{name}", args=args)
