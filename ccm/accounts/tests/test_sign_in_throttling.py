"""Sign-in throttling behind a reverse proxy (issue 10, finding 4; decision 0005): the
lockout keys on user name + the client's address, and the client's address is what the
configured proxies say, never what the client wrote into X-Forwarded-For."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory, override_settings

from ccm.core.net import client_ip

PASSWORD = "correct horse battery staple"
PROXY = "10.0.0.2"  # the TLS proxy: every request reaches the application from it
USER_ADDRESS = "198.51.100.7"
STRANGER_ADDRESS = "203.0.113.66"


def through_proxy(client_address: str, forged: str = "") -> dict:
    """What the application sees of a request sent through one proxy that appends the
    address it received the request from to whatever X-Forwarded-For the client sent."""
    forwarded = f"{forged}, {client_address}" if forged else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


def sign_in(client: Client, password: str, **meta):
    return client.post("/accounts/login/", {"username": "fp", "password": password}, **meta)


@pytest.fixture
def focal_point(db):
    return get_user_model().objects.create_user("fp", "fp@example.org", PASSWORD)


@override_settings(CCM_TRUSTED_PROXY_HOPS=1)
def test_anyone_can_no_longer_lock_anyone_out_behind_the_proxy(focal_point):
    stranger, user = Client(), Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(stranger, "a wrong guess", **through_proxy(STRANGER_ADDRESS))
    # the stranger is locked out, even with the right password
    assert sign_in(stranger, PASSWORD, **through_proxy(STRANGER_ADDRESS)).status_code == 429
    # the real user, from their own address behind the same proxy, signs in
    r = sign_in(user, PASSWORD, **through_proxy(USER_ADDRESS))
    assert r.status_code == 302 and user.session["_auth_user_id"] == str(focal_point.pk)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {STRANGER_ADDRESS}


@override_settings(CCM_TRUSTED_PROXY_HOPS=1)
def test_a_forged_left_most_x_forwarded_for_does_not_escape_the_lockout(focal_point):
    stranger = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        # a new forged address each time: left-most parsing would see five clients
        meta = through_proxy(STRANGER_ADDRESS, forged=f"192.0.2.{n + 1}")
        sign_in(stranger, "a wrong guess", **meta)
    meta = through_proxy(STRANGER_ADDRESS, forged="192.0.2.200")
    assert sign_in(stranger, PASSWORD, **meta).status_code == 429


@override_settings(CCM_TRUSTED_PROXY_HOPS=1)
def test_a_forged_x_forwarded_for_naming_the_users_address_does_not_lock_them_out(focal_point):
    stranger, user = Client(), Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(stranger, "a wrong guess", **through_proxy(STRANGER_ADDRESS, forged=USER_ADDRESS))
    assert sign_in(user, PASSWORD, **through_proxy(USER_ADDRESS)).status_code == 302


def test_without_a_configured_proxy_x_forwarded_for_is_ignored(focal_point):
    stranger, user = Client(), Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(
            stranger, "a wrong guess", REMOTE_ADDR=STRANGER_ADDRESS, HTTP_X_FORWARDED_FOR="1.2.3.4"
        )
    assert AccessAttempt.objects.get().ip_address == STRANGER_ADDRESS
    r = sign_in(stranger, PASSWORD, REMOTE_ADDR=STRANGER_ADDRESS, HTTP_X_FORWARDED_FOR="5.6.7.8")
    assert r.status_code == 429
    assert sign_in(user, PASSWORD, REMOTE_ADDR=USER_ADDRESS).status_code == 302


@override_settings(CCM_TRUSTED_PROXY_HOPS=1)
def test_a_malformed_x_forwarded_for_signs_in_normally(focal_point):
    meta = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "not an address, \x00, ]["}
    assert sign_in(Client(), PASSWORD, **meta).status_code == 302


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (0, "", "10.0.0.2"),
        (0, "198.51.100.7", "10.0.0.2"),  # no proxy configured: the header is the client's
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "192.0.2.1, 198.51.100.7", "198.51.100.7"),  # the forged left part is ignored
        (1, " 198.51.100.7 ", "198.51.100.7"),
        (1, "198.51.100.7:51234", "198.51.100.7"),  # some proxies add the port
        (1, "2001:DB8::7", "2001:db8::7"),
        (1, "[2001:db8::7]:443", "2001:db8::7"),
        (2, "192.0.2.1, 198.51.100.7, 10.0.0.1", "198.51.100.7"),  # CDN, then the proxy
        # malformed or too short: the connection's peer, never a value the client chose
        (1, "", "10.0.0.2"),
        (1, "198.51.100.7, ", "10.0.0.2"),
        (1, "unknown", "10.0.0.2"),
        (1, "198.51.100.7, 999.1.1.1", "10.0.0.2"),
        (2, "198.51.100.7", "10.0.0.2"),
        (3, "192.0.2.1, 198.51.100.7", "10.0.0.2"),
    ],
)
def test_client_ip_reads_only_what_the_trusted_proxies_appended(hops, forwarded, expected):
    meta = {"REMOTE_ADDR": "10.0.0.2"}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **meta)
    with override_settings(CCM_TRUSTED_PROXY_HOPS=hops):
        assert client_ip(request) == expected


def test_client_ip_without_a_peer_address_is_none():
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert client_ip(request) is None
