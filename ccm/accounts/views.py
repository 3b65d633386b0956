"""Sign in and out, and personal API tokens (created and revoked by their owner; ISU staff
may revoke anyone's), through ccm.accounts.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ccm.core.forms import Styled
from ccm.history.models import Via

from . import services
from .access import access, manageable_tokens


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


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    """List the user's tokens (staff: everyone's); POST creates one, shown once."""
    created = None
    if request.method == "POST":
        try:
            _token, created = services.create_token(request.user, actor=request.user, via=Via.FORM)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Token created. Copy it now: it will not be shown again."))
    return render(
        request,
        "accounts/tokens.html",
        {
            "tokens": manageable_tokens(request.user).select_related("user").order_by("-created"),
            "created": created,
            "staff": access(request.user).staff,
        },
    )


@login_required
@require_POST
def revoke_token(request, token_key: str):
    found = list(manageable_tokens(request.user).filter(token_key=token_key))
    if not found:
        raise Http404  # unknown, or someone else's
    try:
        for token in found:
            services.revoke_token(token, actor=request.user, via=Via.FORM)
    except ValidationError as exc:  # revoked meanwhile (another page, or it expired)
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Token revoked."))
    return redirect("accounts:tokens")
