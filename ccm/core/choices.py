from django.db import models
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    """How much of a date the sources give: the stored date is the first day of the period."""

    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")
