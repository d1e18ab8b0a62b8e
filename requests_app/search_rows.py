"""The queue's narrow copy of the requests: what a search of the queue counts and ranks.

A search of the queue reads the vector of each match it counts (up to the cap) and ranks;
in the requests' table a vector sits behind some seventy columns, in rows of ~850 bytes.
`SearchRow` holds, for each request, its vector and the columns the queue filters and
orders by (~400 bytes a row): the queue counts and ranks here, and reads its page of rows
from the requests' table by their ids (`QueueChangeList`).

The database keeps it, on PostgreSQL: a trigger of the requests' table writes a request's
row in the same statement that inserts, changes or deletes the request (the `copy` of
requests_app.search.SPEC, mieux_portal.search). SQLite, which searches without vectors,
leaves it empty and never reads it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from .models import CapacityRequest, CapacityRequestQuerySet, Region


class SearchRowQuerySet(models.QuerySet["SearchRow"]):
    """The requests' own definitions, read from the copy's columns of the same names."""

    def staff_visible(self) -> SearchRowQuerySet:
        return CapacityRequestQuerySet.staff_visible(self)  # type: ignore[arg-type, return-value]

    def search(self, text: str) -> SearchRowQuerySet:
        return CapacityRequestQuerySet.search(self, text)  # type: ignore[arg-type, return-value]


class SearchRow(models.Model):
    """A request's vector and the columns its queue filters and orders by
    (requests_app.search.COPIED, under their names)."""

    request = models.OneToOneField(
        CapacityRequest,
        primary_key=True,
        on_delete=models.DO_NOTHING,  # the trigger deletes the row with the request
        db_constraint=False,
        related_name="+",
    )
    status = models.CharField(max_length=20)
    status_changed_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True)
    region = models.ForeignKey(
        Region,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # (region, status) below
        related_name="+",
    )
    country = models.CharField(max_length=2)
    request_type = models.CharField(max_length=20)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # a search finds its rows by the vector's index
        related_name="+",
    )
    institution_id = models.BigIntegerField()
    search_vector = SearchVectorField(null=True)

    objects = SearchRowQuerySet.as_manager()

    class Meta:
        # And, on PostgreSQL, the vectors' GIN index (migration 0025).
        indexes = [
            models.Index(fields=["status", "status_changed_at"], name="requests_searchrow_status"),
            models.Index(fields=["status_changed_at", "request"], name="requests_searchrow_queue"),
            models.Index(fields=["region", "status"], name="requests_searchrow_region"),
        ]

    def __str__(self) -> str:
        return f"search row of request {self.pk}"
