"""Sign in and out, and personal API tokens (created and revoked by their owner; ISU staff
may revoke anyone's)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from knox.models import AuthToken

from ccm.core.forms import Styled

from .access import access


class LoginForm(Styled, AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class PasswordForm(Styled, PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def _tokens(user):
    qs = AuthToken.objects.select_related("user").order_by("-created")
    return qs if access(user).staff else qs.filter(user=user)


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    """List the user's tokens (staff: everyone's); POST creates one, shown once."""
    created = None
    limit = settings.REST_KNOX["TOKEN_LIMIT_PER_USER"]
    if request.method == "POST":
        live = AuthToken.objects.filter(user=request.user, expiry__gt=timezone.now())
        if live.count() >= limit:
            messages.error(
                request,
                _("You already hold %(n)d tokens: revoke one first.") % {"n": limit},
            )
        else:
            _instance, created = AuthToken.objects.create(request.user)
            messages.success(request, _("Token created. Copy it now: it will not be shown again."))
    return render(
        request,
        "accounts/tokens.html",
        {"tokens": _tokens(request.user), "created": created, "staff": access(request.user).staff},
    )


@login_required
@require_POST
def revoke_token(request, token_key: str):
    found = _tokens(request.user).filter(token_key=token_key)
    if not found.exists():
        raise Http404  # unknown, or someone else's
    found.delete()
    messages.success(request, _("Token revoked."))
    return redirect("accounts:tokens")
