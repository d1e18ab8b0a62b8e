"""What a deletion takes with it, said in the reader's language.

Django's delete pages list every related row, the rows of many-to-many tables among them,
under names Django makes when it starts, in English ("Group-permission relationship:
Group_permissions object (14)"). Here those rows are not listed one by one (they are links,
not things a person knows); the summary counts them as links between the two models, named
in the reader's language. The rest is Django's own list (`get_deleted_objects`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.utils import NestedObjects, quote
from django.db import router
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext


def _is_link(model: Any) -> bool:
    return bool(model._meta.auto_created)


def _link_name(model: Any) -> str:
    ends = [f.related_model for f in model._meta.fields if f.related_model is not None]
    names = {"from": ends[0]._meta.verbose_name_plural, "to": ends[-1]._meta.verbose_name_plural}
    return gettext("links between %(from)s and %(to)s") % names


def _count_name(model: Any) -> Any:
    return _link_name(model) if _is_link(model) else model._meta.verbose_name_plural


def _without_links(items: list[Any]) -> list[Any]:
    kept: list[Any] = []
    for item in items:
        if isinstance(item, list):
            inner = _without_links(item)
            if inner:
                kept.append(inner)
        elif item is not None:
            kept.append(item)
    return kept


class TranslatedDeletionMixin:
    """For a ModelAdmin: its delete pages without Django's English names of link rows."""

    admin_site: Any

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple[Any, ...]:
        try:
            first = objs[0]
        except IndexError:
            return [], {}, set(), []
        collector = NestedObjects(using=router.db_for_write(first._meta.model), origin=objs)
        collector.collect(objs)
        perms_needed: set[Any] = set()
        site = self.admin_site

        def describe(obj: Any) -> Any:
            model, opts = type(obj), obj._meta
            if _is_link(model):
                return None
            if not site.is_registered(model):
                return f"{capfirst(opts.verbose_name)}: {obj}"
            if not site.get_model_admin(model).has_delete_permission(request, obj):
                perms_needed.add(opts.verbose_name)
            try:
                url = reverse(
                    f"{site.name}:{opts.app_label}_{opts.model_name}_change",
                    args=(quote(obj.pk),),
                )
            except NoReverseMatch:
                return f"{capfirst(opts.verbose_name)}: {obj}"
            return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, obj)

        to_delete = _without_links(collector.nested(describe))
        protected = [text for text in map(describe, collector.protected) if text is not None]
        model_count = {
            _count_name(model): len(rows) for model, rows in collector.model_objs.items()
        }
        return to_delete, model_count, perms_needed, protected
