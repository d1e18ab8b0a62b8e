"""View guards shared by the partner pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .roles import is_consultee


def institution_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Log in first; a partner without an institution is led to create one. A consultee
    speaks for a consulted body, not for an institution: the partner pages refuse them."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if is_consultee(request.user):
            raise PermissionDenied
        if request.user.institution is None and not request.user.is_staff:  # type: ignore[union-attr]
            messages.info(
                request,
                _("Before you can submit a request, tell us about the institution you work for."),
            )
            return redirect("accounts:institution_create")
        return view(request, *args, **kwargs)

    return wrapper
