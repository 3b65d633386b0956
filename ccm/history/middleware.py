"""Makes the current request (id, method, path, address) known to recorded changes."""

from __future__ import annotations

import uuid

from django.urls import reverse

from .models import Via
from .recording import current_request, recorded


class ChangeContextMiddleware:
    """Gives each request an id (echoed in X-Request-ID) that recorded changes keep, and
    records every change made through the Django admin as one action of its user."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        request.request_id = (request.headers.get("X-Request-ID", "")[:36]) or uuid.uuid4().hex
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
