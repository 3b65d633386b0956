"""Makes the current request (id, method, path, address) known to recorded changes.

The request id is made here, by the server, for every request: a client cannot choose
it (reusing another request's id would otherwise join that request's changes on a
revision page). An `X-Request-ID` sent by the client is only kept beside it, as
`request.client_request_id` (at most 100 printable ASCII characters), for tracing."""

from __future__ import annotations

import re
import uuid

from django.urls import reverse

from .models import Via
from .recording import current_request, recorded

CLIENT_ID_LENGTH = 100
NOT_PRINTABLE = re.compile(r"[^\x20-\x7e]")


def client_request_id(request) -> str:
    """The client's X-Request-ID, printable ASCII only, cut to CLIENT_ID_LENGTH."""
    value = request.headers.get("X-Request-ID", "")
    return NOT_PRINTABLE.sub("", value).strip()[:CLIENT_ID_LENGTH]


class ChangeContextMiddleware:
    """Gives each request a server-made id (echoed in X-Request-ID) that recorded changes
    keep beside the client's own id, and records every change made through the Django
    admin as one action of its user."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex
        request.client_request_id = client_request_id(request)
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        token = current_request.set(request)
        try:
            if request.method == "POST" and request.path.startswith(self.admin_prefix):
                with recorded(request.user, Via.ADMIN):
                    response = self.get_response(request)
            else:
                response = self.get_response(request)
        finally:
            current_request.reset(token)
        response["X-Request-ID"] = request.request_id
        return response
