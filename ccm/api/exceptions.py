"""The API's exception handler: DRF's, plus the request errors Django raises while DRF
reads a request (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields), answered as
the API answers errors (JSON `detail`) instead of the site's HTML error page."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.views import exception_handler


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "request_too_large"


def handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, (TooManyFieldsSent, TooManyFilesSent)):
        exc = ParseError(_("The request has too many fields."))
    return exception_handler(exc, context)
