"""How many requests have an opinion past its deadline: the flag of the desk's list and
dashboard, kept in the shared cache (`mieux_portal.sharedcache`) until it can change.

The figure is counted among the consultations (`Consultation.objects.overdue`: open, without
an opinion, the deadline before today), on every page of the list. It changes in two ways
only, and the key it is kept under follows both:

- a consultation or an opinion is written: every save or delete of either (the cascade of a
  request's delete included) renews the *consultations version*, and so does an update of
  consultations in bulk (`ConsultationQuerySet.update`, which sends no signals: the decision
  closing them);
- a deadline passes: deadlines are dates, and one passes when today's date does, so the key
  names today's date as the count reads it (the date in the time zone the page is drawn in:
  staff each read theirs), and a new date is a new key, counted afresh at its first page.
"""

from __future__ import annotations

from django.db.models import Count
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils import timezone

from mieux_portal import sharedcache

from .consultation_models import CHANGES_VERSION, Consultation, Opinion


def requests_count() -> int:
    """The requests with a consultation past its deadline and without an opinion."""
    today = timezone.localdate()

    def count() -> int:
        # Counted among the consultations alone (each belongs to one request): the same
        # figure as the requests whose id is among theirs, without joining the requests'
        # table, which cost PostgreSQL more to plan than to run.
        overdue = Consultation.objects.overdue(today)
        return int(overdue.aggregate(requests=Count("request", distinct=True))["requests"])

    return sharedcache.remember_current(CHANGES_VERSION, f"overdue:{today.isoformat()}", count)


_renew = sharedcache.renewer(CHANGES_VERSION)


def connect() -> None:
    """Renew the consultations version on every write of a consultation or an opinion, and
    after a migration (whose changes send no signals) (ready())."""
    for model in (Consultation, Opinion):
        uid = f"overdue:{model._meta.label}"
        post_save.connect(_renew, sender=model, dispatch_uid=uid)
        post_delete.connect(_renew, sender=model, dispatch_uid=uid)
    post_migrate.connect(_renew, dispatch_uid="overdue:migrate")
    # Asked on every page of the desk's list: read with the signed-in user.
    sharedcache.read_ahead(version=CHANGES_VERSION)
