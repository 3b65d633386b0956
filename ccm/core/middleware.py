"""Responses meant for one caller stay with that caller.

Every response to a request that carries credentials — a signed-in session (or its
cookie), an `Authorization` header of any kind — is marked `Cache-Control: private,
no-store` (with Django's never-cache headers): pages, API, downloads, editing pages,
the admin. Nothing on the way (a proxy, a CDN) or in the browser's cache keeps it.

Every other response gets `Vary: Authorization, Cookie`: what a caller without
credentials is shown may be kept by a shared cache (a proxy in front of the site), and
this tells that cache the response is for requests without those headers only — not
to be handed to a signed-in user or a token (they would be shown the public view, and
the language cookie chooses the language of a page).

Placed after WhiteNoise (static files, the same for everyone, keep their long cache
headers) and before the sessions, so that it has the last word on every other response.
"""

from __future__ import annotations

from django.utils.cache import patch_vary_headers

from .caching import has_credentials, mark_private


class PrivateResponsesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        credentialed = has_credentials(request)  # before the view: a log-out ends the session
        response = self.get_response(request)
        if credentialed or has_credentials(request):  # after it: a sign-in starts one
            mark_private(response)
        patch_vary_headers(response, ("Authorization", "Cookie"))
        return response
