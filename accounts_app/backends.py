"""The portal's authentication backends: Django's and allauth's, loading the user of a
session together with their institution.

Every logged-in page loads its user, and most ask ``request.user.institution`` (the menu,
the partner pages' guard). Joining the membership and its institution into the user's own
query spares them two queries; building that three-table query with the ORM on every page,
though, costs twice what running it does. So each thread compiles it once (the SQL, its
columns and how they fill the three objects) and runs it with the session's user id.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS
from django.db.models.query import get_related_populators
from django.db.models.sql.compiler import SQLCompiler

_local = threading.local()
_PLACEHOLDER_ID = -1


@dataclass(frozen=True)
class _CompiledUserQuery:
    compiler: SQLCompiler
    sql: str
    init_list: list[str]
    start: int
    end: int
    populators: list[Any]


def _compiled() -> _CompiledUserQuery:
    """This thread's compiled query (its compiler belongs to this thread's connection)."""
    compiled: _CompiledUserQuery | None = getattr(_local, "user_query", None)
    if compiled is None:
        model = get_user_model()
        query = (
            model._default_manager.select_related("membership__institution")
            .filter(pk=_PLACEHOLDER_ID)
            .query
        )
        compiler = query.get_compiler(DEFAULT_DB_ALIAS)
        sql, params = compiler.as_sql()
        if list(params) != [_PLACEHOLDER_ID]:  # pragma: no cover - a manager filtering more
            raise RuntimeError(f"the user query takes {params!r}, not the user id alone")
        fields = compiler.klass_info["select_fields"]  # type: ignore[index]
        start, end = fields[0], fields[-1] + 1
        compiled = _CompiledUserQuery(
            compiler=compiler,
            sql=sql,
            init_list=[column[0].target.attname for column in compiler.select[start:end]],
            start=start,
            end=end,
            populators=get_related_populators(  # type: ignore[call-arg] # Django 6's stubs
                compiler.klass_info, compiler.select, DEFAULT_DB_ALIAS
            ),
        )
        _local.user_query = compiled
    return compiled


def user_with_institution(user_id: Any) -> Any:
    """The user with this id, their membership and its institution loaded (None: no user)."""
    model = get_user_model()
    try:
        pk = model._meta.pk.to_python(user_id)  # type: ignore[union-attr]
    except ValidationError:
        return None
    compiled = _compiled()
    with compiled.compiler.connection.cursor() as cursor:
        cursor.execute(compiled.sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    row = next(compiled.compiler.results_iter([[row]]))  # the database converters
    user = model.from_db(DEFAULT_DB_ALIAS, compiled.init_list, row[compiled.start : compiled.end])
    for populator in compiled.populators:
        populator.populate(row, user)  # the membership, or None, and its institution
    return user


class InstitutionUserMixin:
    """``get_user`` with the membership and institution joined (None when there is none)."""

    def get_user(self, user_id: Any) -> Any:
        user = user_with_institution(user_id)
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class PortalModelBackend(InstitutionUserMixin, ModelBackend):
    """Django's backend (the test client's ``login()``, ``createsuperuser``'s users)."""


class PortalAuthenticationBackend(InstitutionUserMixin, AuthenticationBackend):
    """allauth's backend: e-mail and password through the login form."""
