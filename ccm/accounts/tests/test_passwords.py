"""Passwords (issue 10, finding 7): a guessable password is refused wherever one is set, and
a changed password revokes the user's API tokens and ends their other sessions."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings
from knox.models import AuthToken

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "quiet lantern under the orchard"
WEAK = "aaaaaaaaaaaa"  # twelve characters: long enough, in no list of common passwords
API = "/api/v1/states/"  # a public read: a bad token still answers 401


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("fp", "fp@example.org", PASSWORD)


@pytest.fixture
def admin_client(db):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
    client = Client()
    client.force_login(admin)
    return client


def change_on_the_password_page(client: Client, new: str):
    return client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )


def change_in_the_admin(client: Client, user, new: str):
    return client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"usable_password": "true", "password1": new, "password2": new},
    )


def create_in_the_admin(client: Client, password: str):
    return client.post(
        "/admin/accounts/user/add/",
        {
            "username": "newcomer",
            "usable_password": "true",
            "password1": password,
            "password2": password,
            # the grants inline, empty
            "grants-TOTAL_FORMS": "0",
            "grants-INITIAL_FORMS": "0",
        },
    )


def test_aaaaaaaaaaaa_is_refused_as_a_password_on_the_password_page(user):
    client = Client()
    client.force_login(user)
    r = change_on_the_password_page(client, WEAK)
    assert r.status_code == 200 and "too guessable" in r.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    # a strong passphrase is accepted
    assert change_on_the_password_page(client, NEW_PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_aaaaaaaaaaaa_is_refused_as_a_password_in_the_admin(user, admin_client):
    r = change_in_the_admin(admin_client, user, WEAK)
    assert r.status_code == 200 and "too guessable" in r.content.decode()
    r = create_in_the_admin(admin_client, WEAK)
    assert r.status_code == 200 and "too guessable" in r.content.decode()
    assert not get_user_model().objects.filter(username="newcomer").exists()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    # strong passphrases are accepted
    assert change_in_the_admin(admin_client, user, NEW_PASSWORD).status_code == 302
    assert create_in_the_admin(admin_client, NEW_PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert get_user_model().objects.get(username="newcomer").check_password(NEW_PASSWORD)


def token_for(user) -> str:
    _instance, token = AuthToken.objects.create(user)
    return token


def read_with(token: str) -> int:
    return Client().get(API, HTTP_AUTHORIZATION=f"Token {token}").status_code


def test_tokens_do_not_survive_a_password_change_on_the_password_page(user):
    token = token_for(user)
    here, elsewhere = Client(), Client()
    here.force_login(user)
    elsewhere.force_login(user)
    assert read_with(token) == 200
    assert change_on_the_password_page(here, NEW_PASSWORD).status_code == 302
    assert read_with(token) == 401
    assert not AuthToken.objects.filter(user=user).exists()
    # the session that changed it stays signed in; the user's other sessions end
    assert here.get("/accounts/tokens/").status_code == 200
    assert elsewhere.get("/accounts/tokens/")["Location"].startswith("/accounts/login/")


def test_tokens_do_not_survive_a_password_change_in_the_admin(user, admin_client):
    token = token_for(user)
    assert read_with(token) == 200
    assert change_in_the_admin(admin_client, user, NEW_PASSWORD).status_code == 302
    assert read_with(token) == 401


def test_tokens_do_not_survive_a_password_withdrawn_in_the_admin(user, admin_client):
    token = token_for(user)
    r = admin_client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"usable_password": "false", "unset-password": "Disable password-based authentication"},
    )
    assert r.status_code == 302
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert read_with(token) == 401


def test_tokens_do_not_survive_set_password_and_save(user, db):
    other = get_user_model().objects.create_user("other", "o@example.org", PASSWORD)
    token, others = token_for(user), token_for(other)
    user = get_user_model().objects.get(pk=user.pk)
    user.set_password(NEW_PASSWORD)
    assert read_with(token) == 200  # nothing happens before the change is saved
    user.save()
    assert read_with(token) == 401
    assert read_with(others) == 200  # only the user's own tokens go


def test_tokens_do_not_survive_the_changepassword_command(user, monkeypatch):
    token = token_for(user)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW_PASSWORD)  # the terminal
    call_command("changepassword", "fp")
    assert read_with(token) == 401


def test_tokens_survive_other_saves_and_a_rehash_at_sign_in(user):
    token = token_for(user)
    user.first_name = "Ana"
    user.save()
    # Signing in with an older hasher re-hashes the same password: not a change.
    hashers = [
        "django.contrib.auth.hashers.ScryptPasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    with override_settings(PASSWORD_HASHERS=hashers):
        assert user.check_password(PASSWORD)
    user.refresh_from_db()
    assert user.password.startswith("scrypt$")
    assert read_with(token) == 200
