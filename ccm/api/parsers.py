"""The API's JSON parser: JSON of any depth is a 400 at worst, never a 500.

DRF's own parser answers malformed JSON with a 400 but lets `RecursionError` through: an
array nested 100,000 deep was a 500. This one answers it, and any nesting deeper than a
request of this API needs, with a 400; otherwise it parses exactly as DRF does. (The
body's size is bounded by Django's DATA_UPLOAD_MAX_MEMORY_SIZE: ccm.api.exceptions.)
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32
"""Nesting deeper than this is refused; no request body of this API nests beyond 2."""


def depth(value) -> int:
    """How deeply lists and objects nest in a parsed JSON value (a scalar is 0), counted
    without recursion and no further than MAX_DEPTH + 1."""
    deepest, pending = 0, [(value, 1)]
    while pending and deepest <= MAX_DEPTH:
        item, level = pending.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        pending.extend((child, level + 1) for child in children)
    return deepest


def too_deep() -> ParseError:
    return ParseError(
        _("The JSON body nests more than %(depth)d levels deep.") % {"depth": MAX_DEPTH}
    )


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise too_deep() from None
        if depth(data) > MAX_DEPTH:
            raise too_deep()
        return data
