"""Table-level reads for States and groupings (each a fixed number of queries)."""

from __future__ import annotations

from datetime import date

from django.db import models


class StateQuerySet(models.QuerySet):
    def with_acts(self) -> StateQuerySet:
        """States with their acts (one query with joins); names are prefetched by callers that show them."""
        return self.select_related("signature", "instrument", "withdrawal")


class GroupMembershipQuerySet(models.QuerySet):
    def valid_on(self, on: date) -> GroupMembershipQuerySet:
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=on),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=on),
        )
