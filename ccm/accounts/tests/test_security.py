"""Security settings and behaviours: deploy checks, headers and CSP, login throttling,
password strength, personal API tokens, and the secrets the repository must not hold."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from knox.models import AuthToken

from ccm.accounts.models import Grant, Role
from ccm.states.models import State
from ccm.testing.repository import checkout_files

ROOT = Path(settings.BASE_DIR)
PASSWORD = "correct horse battery staple"


def production(**extra: str) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ccm.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "ccm.example.org",
        "DATABASE_URL": "sqlite://:memory:",
        # Production sends mail; the console default is refused by the deploy checks.
        "CCM_EMAIL_URL": "smtp+tls://ccm:secret@mail.example.org:587",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    env.pop("CCM_TRUSTED_PROXY_HOPS", None)  # no proxy unless the test says so
    return {**env, **extra}


@pytest.mark.parametrize("hops", ["0", "1"])  # served directly, or behind a TLS proxy
def test_check_deploy_passes_with_a_production_environment(hops):
    env = production(CCM_TRUSTED_PROXY_HOPS=hops)
    done = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


IS_SECURE = (
    "import django; django.setup(); from django.test import RequestFactory; "
    "print(RequestFactory().get('/', headers={'x-forwarded-proto': 'https'}).is_secure())"
)


def test_x_forwarded_proto_is_not_trusted_without_a_configured_proxy():
    def is_secure(env):
        done = subprocess.run(
            [sys.executable, "-c", IS_SECURE],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert is_secure(production()) == "False"  # anyone can send the header
    assert is_secure(production(CCM_TRUSTED_PROXY_HOPS="0")) == "False"
    assert is_secure(production(CCM_TRUSTED_PROXY_HOPS="1")) == "True"  # our proxy sets it


@pytest.mark.parametrize("hops", ["-1", "one", "1.5"])
def test_a_malformed_proxy_count_refuses_to_start(hops):
    env = production(CCM_TRUSTED_PROXY_HOPS=hops)
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0 and "CCM_TRUSTED_PROXY_HOPS" in done.stderr


def test_production_without_a_secret_key_refuses_to_start():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ccm.settings", "DJANGO_DEBUG": "0"}
    env.pop("DJANGO_SECRET_KEY", None)
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0 and "DJANGO_SECRET_KEY" in done.stderr


def secrets_in(root: Path) -> list[str]:
    """The secrets a checkout at `root` holds: a .env file, a private key, a secret key set
    (a git checkout or a tree without .git: ccm/testing/repository.py)."""
    found = []
    for name in checkout_files(root):
        if name == ".env":
            found.append(".env is committed")
        if name.endswith((".py", ".toml", ".yaml", ".yml", ".cfg", ".example")):
            text = (root / name).read_text(encoding="utf-8", errors="ignore")
            if "BEGIN " + "PRIVATE KEY" in text:  # split: this file is checked too
                found.append(f"a private key is in {name}")
            for line in text.splitlines():
                if line.strip().startswith("DJANGO_SECRET_KEY="):
                    found.append(f"a secret key is set in {name}")
    return found


def test_no_secret_in_the_repository():
    assert secrets_in(ROOT) == []


def test_the_secret_check_needs_no_git_directory(tmp_path):
    """A checkout without .git (a tarball): the working tree is read with the project's
    .gitignore, so a committed secret is still found and an ignored one is not."""
    shutil.copy(ROOT / ".gitignore", tmp_path / ".gitignore")
    (tmp_path / "ccm").mkdir()
    (tmp_path / "ccm" / "settings.py").write_text("DEBUG = False\n")
    (tmp_path / ".env").write_text("DJANGO_SECRET_KEY=local-only\n")  # ignored: not shipped
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "site.py").write_text("DJANGO_SECRET_KEY=ignored\n")
    assert not (tmp_path / ".git").exists()
    assert secrets_in(tmp_path) == []

    (tmp_path / ".env.example").write_text("DJANGO_SECRET_KEY=committed-by-mistake\n")
    (tmp_path / "ccm" / "key.yaml").write_text("-----BEGIN " + "PRIVATE KEY-----\n")
    assert secrets_in(tmp_path) == [
        "a secret key is set in .env.example",
        "a private key is in ccm/key.yaml",
    ]


def test_security_headers_and_content_security_policy(client, reference_data):
    r = client.get("/")
    csp = r["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp and "unsafe-inline" not in csp
    assert r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"
    assert r["Cross-Origin-Opener-Policy"] == "same-origin"


def test_passwords_must_be_strong():
    user = get_user_model()(username="someone", email="someone@example.org")
    for weak in ("short1", "password1234", "123456789012", "someone12345", "aaaaaaaaaaaa"):
        with pytest.raises(ValidationError):
            validate_password(weak, user)
    validate_password(PASSWORD, user)


def test_login_is_throttled_after_repeated_failures(client, db):
    get_user_model().objects.create_user("fp", "fp@example.org", PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        r = client.post("/accounts/login/", {"username": "fp", "password": "wrong guess"})
        assert r.status_code == 200 and "Please enter a correct" in r.content.decode()
    r = client.post("/accounts/login/", {"username": "fp", "password": "wrong guess"})
    assert r.status_code == 429 and "Too many failed sign-in attempts" in r.content.decode()
    r = client.post("/accounts/login/", {"username": "fp", "password": PASSWORD})
    assert r.status_code == 429
    assert "_auth_user_id" not in client.session  # even the right password is refused now


def test_login_and_logout(client, reference_data):
    user = get_user_model().objects.create_user("fp", "fp@example.org", PASSWORD)
    Grant.objects.create(user=user, role=Role.FOCAL_POINT, state=State.objects.get(iso3="PER"))
    r = client.post("/accounts/login/", {"username": "fp", "password": PASSWORD})
    assert r.status_code == 302 and r["Location"] == "/edit/"
    assert client.get("/edit/")["Location"] == "/edit/PER/"
    assert client.get("/accounts/logout/").status_code == 405  # signing out is a POST
    client.post("/accounts/logout/")
    assert client.get("/edit/PER/")["Location"].startswith("/accounts/login/")


def test_tokens_created_and_revoked_by_their_owner_staff_revoke_any(client, reference_data):
    owner = get_user_model().objects.create_user("owner", "o@example.org", PASSWORD)
    other = get_user_model().objects.create_user("other", "x@example.org", PASSWORD)
    staff = get_user_model().objects.create_user("isu", "i@example.org", PASSWORD)
    Grant.objects.create(user=staff, role=Role.STAFF)
    client.force_login(owner)
    page = client.post("/accounts/tokens/").content.decode()
    token = page.split('id="new-token" class="user-select-all">')[1].split("<")[0]
    stored = AuthToken.objects.get(user=owner)
    assert token not in str(stored.digest)  # kept hashed, shown once
    assert token.startswith(stored.token_key)
    # the token authenticates API writes: here a refused one (no grant) is a 404, not a 401
    r = client.generic("PATCH", "/api/v1/obligations/PER/3", HTTP_AUTHORIZATION=f"Token {token}")
    assert r.status_code == 404
    # another user cannot see or revoke it
    client.force_login(other)
    assert stored.token_key not in client.get("/accounts/tokens/").content.decode()
    assert client.post(f"/accounts/tokens/{stored.token_key}/revoke/").status_code == 404
    assert AuthToken.objects.filter(pk=stored.pk).exists()
    # staff see and revoke any
    client.force_login(staff)
    assert stored.token_key in client.get("/accounts/tokens/").content.decode()
    assert client.post(f"/accounts/tokens/{stored.token_key}/revoke/").status_code == 302
    assert not AuthToken.objects.filter(pk=stored.pk).exists()
    client.logout()
    r = client.generic("PATCH", "/api/v1/obligations/PER/3", HTTP_AUTHORIZATION=f"Token {token}")
    assert r.status_code == 401


def test_a_user_speaks_for_one_state_only(reference_data):
    user = get_user_model().objects.create_user("fp", "fp@example.org", PASSWORD)
    Grant.objects.create(user=user, role=Role.FOCAL_POINT, state=State.objects.get(iso3="PER"))
    second = Grant(user=user, role=Role.FOCAL_POINT, state=State.objects.get(iso3="CHL"))
    with pytest.raises(ValidationError) as exc:
        second.full_clean()
    assert "one State only" in str(exc.value)


def test_reads_stay_public(client, reference_data):
    assert client.get("/api/v1/obligations/PER/3").status_code == 200
    assert client.get("/api/v1/deadlines").status_code == 200
    assert client.get("/states/PER/").status_code == 200
