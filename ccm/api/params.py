"""Query parameters of every read endpoint: checked by the same forms as the pages, so a bad
value answers 400 naming the parameter and never reaches a query."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

AS_OF = OpenApiParameter(
    "as_of", OpenApiTypes.DATE, description="YYYY-MM-DD; default today (Geneva)."
)


def validated(form_class, request) -> dict:
    """The request's query parameters cleaned by `form_class`, `as_of` defaulting to today;
    a ValidationError (400, each parameter with its messages) when the form refuses them."""
    form = form_class(request.query_params)
    if not form.is_valid():
        raise ValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
    data = form.cleaned_data
    data["as_of"] = data.get("as_of") or timezone.localdate()
    return data
