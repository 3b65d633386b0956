"""Filters every template may use, whatever it shows: `{% load ccm %}`. What belongs to one
domain (a State's status, a deadline's, a report's timeliness) is in that app's library."""

from django import template
from django.utils.formats import date_format

from ccm.core.choices import Precision
from ccm.core.validators import link_target

register = template.Library()


@register.filter
def safe_href(source) -> str:
    """Where a source may be linked: an http(s) address or a page of this site, else "" —
    templates print any other source (a document symbol, a `javascript:` address stored
    before it was refused) as text: `{% with href=url|safe_href %}{% if href %}<a …>`."""
    return link_target(str(source) if source is not None else "")


@register.filter
def get_item(mapping, key):
    return mapping.get(str(key)) if hasattr(mapping, "get") else None


@register.filter
def precise_date(value, precision=Precision.DAY) -> str:
    """A date as precisely as the sources give it: 2023, June 2023 or 12 June 2023."""
    if not value:
        return ""
    if precision == Precision.YEAR:
        return str(value.year)
    if precision == Precision.MONTH:
        return date_format(value, "YEAR_MONTH_FORMAT")
    return date_format(value, "DATE_FORMAT")


@register.filter
def record_label(obj) -> str:
    """app_label.model of a record (for its history URL)."""
    return obj._meta.label_lower
