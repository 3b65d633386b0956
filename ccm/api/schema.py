"""The API's OpenAPI schema says every status an operation can answer, with its body.

drf-spectacular documents the success responses a view declares; the errors DRF and our
views answer are the same for every operation of a kind, so they are added here once:

- 400 for every operation (a parameter or a body breaks a rule; each field says why),
- 401 for every operation (a token that is unknown, expired or revoked; writes also
  without one),
- 404 where the path names a record,
- 403, 413 and 415 where a request carries a body (a session write without its CSRF
  token; a body too large; a body that is not JSON),
- 412 and 428 where the operation takes If-Match.

Errors have one shape: `{"detail": "…"}`, or for a body or parameters that break a rule,
the list of messages of each field at fault (`{"source_url": ["This field is required."]}`).
"""

from __future__ import annotations

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """An error: `detail`, or the messages of each field or parameter at fault."""

    detail = serializers.CharField(required=False)


class ErrorExtension(OpenApiSerializerExtension):
    target_class = ErrorSerializer

    def map_serializer(self, auto_schema, direction):
        return {
            "type": "object",
            "description": "What is wrong: `detail`, or for each field or parameter at fault "
            "its messages (`non_field_errors` for the request as a whole).",
            "properties": {"detail": {"type": "string"}},
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        }


class ConflictChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()


class ConflictSerializer(serializers.Serializer):
    """412: the record is not the version If-Match names; nothing was saved."""

    detail = serializers.CharField()
    changed_by = serializers.CharField(required=False, help_text="Who changed it last.")
    changed_at = serializers.DateTimeField(required=False, allow_null=True)
    changes = ConflictChangeSerializer(
        many=True,
        required=False,
        help_text="What changed since your version, where the API can tell.",
    )
    etag = serializers.CharField(required=False, help_text="The record's current ETag.")


ERRORS = {
    "400": "A parameter or the body breaks a rule; each field says why.",
    "401": "The token is unknown, expired or revoked (or missing where one is needed).",
    "403": "A session write without its CSRF token.",
    "404": "No such record.",
    "412": "The record is not the version If-Match names (it changed since, or does not "
    "exist): what changed and by whom; nothing was saved.",
    "413": "The body is too large.",
    "415": "The body is not JSON.",
    "428": "If-Match missing: a change must say which version it changes.",
}


class AutoSchema(openapi.AutoSchema):
    def _get_request_for_media_type(self, serializer, direction="request"):
        """This API's PATCH bodies are checked whole, not as DRF's partial updates: their
        serializers make optional what may be left out and keep required what each write
        needs (its source). The schema shows them as the views check them."""
        if self.method != "PATCH":
            return super()._get_request_for_media_type(serializer, direction)
        self.method = "PUT"
        try:
            return super()._get_request_for_media_type(serializer, direction)
        finally:
            self.method = "PATCH"

    def _error_codes(self) -> list[str]:
        codes = ["400", "401"]
        if "{" in self.path:
            codes.append("404")
        if self.method in ("POST", "PUT", "PATCH"):
            codes += ["403", "413", "415"]
        names = {p.get("name") for p in self._get_parameters() if p.get("in") == "header"}
        if "If-Match" in names:
            codes += ["412", "428"]
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code not in responses or "content" not in responses[code]:
                body = ConflictSerializer if code == "412" else ErrorSerializer
                description = responses.get(code, {}).get("description") or ERRORS[code]
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(body, description=description), code, direction=direction
                )
        return dict(sorted(responses.items()))
