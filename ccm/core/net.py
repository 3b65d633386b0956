"""The client's address, read only from what this deployment's own proxies vouch for.

`CCM_TRUSTED_PROXY_HOPS` says how many reverse proxies stand in front of the
application (0: none, the peer of the connection is the client). Each trusted
proxy appends to `X-Forwarded-For` the address it received the request from, so
with N hops the client is the N-th entry counted from the right; whatever stands
further left was sent by the client and proves nothing. A header that is missing,
too short or malformed at that position falls back to the connection's peer
(`REMOTE_ADDR`): never to a value the client chose.

One function for every use (sign-in throttling, the change log), so they agree.
See docs/decisions/0005-sign-in-throttling.md.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _address(value: str) -> str | None:
    """`value` as a normalised IP address, or None. Tolerates the port some proxies add
    (`192.0.2.1:443`, `[2001:db8::1]:443`)."""
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # IPv4 with a port; a bare IPv6 address has several colons
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The address of the client that sent `request`, as far as the trusted proxies say."""
    peer = request.META.get("REMOTE_ADDR") or None
    hops = getattr(settings, "CCM_TRUSTED_PROXY_HOPS", 0)
    if hops <= 0:
        return peer
    entries = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(entries) < hops:
        return peer
    return _address(entries[-hops]) or peer
