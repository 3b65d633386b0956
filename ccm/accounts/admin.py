"""ISU staff manage users and their grants here. Grants are given and revoked through
ccm.accounts.services (recorded in the change log with the acting officer), never edited:
an existing grant is shown read-only and revoked with the action of the grant list. The
token events (API tokens created and revoked) are listed read-only for ISU staff."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet, construct_instance
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ccm.history.models import Via

from . import services
from .access import access
from .models import Grant, Role, TokenEvent, User

GRANT_FIELDS = ["role", "state", "area"]
SHOWN_GRANT_FIELDS = [*GRANT_FIELDS, "granted_by", "granted_at", "revoked_at", "revoked_by"]
POWER_FIELDS = ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")


def _isu_staff(request) -> bool:
    return access(request.user).staff


class GrantForm(forms.ModelForm):
    """A new grant, checked by the service's rules before it is saved (a refusal shows on
    the form, nothing is saved). `actor` is set per request by the admin; in a user's page
    `user` is the user being edited (perhaps not saved yet)."""

    actor = None

    class Meta:
        model = Grant
        fields = ["user", *GRANT_FIELDS]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None or self.actor is None:
            return cleaned
        errors = services.grant_errors(
            cleaned.get("user") if "user" in self.fields else self.user,
            role=cleaned.get("role") or "",
            state=cleaned.get("state"),
            area=cleaned.get("area") or "",
            actor=self.actor,
        )
        for field_name, message in errors:
            self.add_error(field_name if field_name in self.fields else None, message)
        return cleaned

    def _post_clean(self):
        # Build the instance from the form, without validating the model again:
        # grant_errors did (with the user being edited), and would repeat its messages.
        opts = self._meta
        self.instance = construct_instance(self, self.instance, opts.fields, opts.exclude)


class GrantFormSet(BaseInlineFormSet):
    """New grants given in a user's page: each checked alone by its form, and together
    (one focal-point grant at most; no grant twice)."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "user": self.instance}

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if form.instance.pk is not None or not form.has_changed():
                continue
            data = getattr(form, "cleaned_data", {})
            role = data.get("role")
            key = (role,) if role == Role.FOCAL_POINT else (role, data.get("area"))
            if key in seen:
                raise ValidationError(
                    _("A user receives each grant once, and speaks for one State only.")
                )
            seen.add(key)


def _give(request, grant: Grant) -> None:
    """Give the grant the admin form describes, through the service; `grant` becomes it."""
    given = services.give_grant(
        grant.user,
        role=grant.role,
        state=grant.state,
        area=grant.area,
        actor=request.user,
        via=Via.ADMIN,
    )
    grant.pk = given.pk
    grant.refresh_from_db()
    grant._state.adding = False


class GrantInline(admin.TabularInline):
    """The user's grants: existing ones read-only (revoked from the grant list), new ones
    given through the service when the user is saved."""

    model = Grant
    form = GrantForm
    formset = GrantFormSet
    fk_name = "user"
    extra = 0
    fields = SHOWN_GRANT_FIELDS
    readonly_fields = ["granted_by", "granted_at", "revoked_at", "revoked_by"]
    autocomplete_fields = ["state"]
    can_delete = False  # revoke instead: who could do what stays readable

    def has_add_permission(self, request, obj=None):
        return _isu_staff(request) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return False  # a grant is never edited: revoke it and give another

    def has_view_permission(self, request, obj=None):
        return _isu_staff(request) or super().has_view_permission(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.actor = request.user  # a class made for this request
        return formset


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [GrantInline]
    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_staff"]

    def get_readonly_fields(self, request, obj=None):
        """No one gives themselves more: a user's own permission fields are read-only to
        them, and only a superuser makes superusers or hands out Django permissions."""
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            fields += POWER_FIELDS
        elif not request.user.is_superuser:
            fields += ["is_superuser", "groups", "user_permissions"]
        return list(dict.fromkeys(fields))

    def save_formset(self, request, form, formset, change):
        if formset.model is not Grant:
            return super().save_formset(request, form, formset, change)
        for grant in formset.save(commit=False):  # new grants only: none is ever changed
            _give(request, grant)
        return None


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    form = GrantForm
    list_display = ["user", "role", "state", "area", "granted_at", "revoked_at"]
    list_filter = ["role", "area", "revoked_at"]
    list_select_related = ["user", "state"]
    search_fields = ["user__username", "state__name", "state__iso3"]
    autocomplete_fields = ["user", "state"]
    readonly_fields = ["granted_by", "granted_at", "revoked_at", "revoked_by"]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        return ["user", *SHOWN_GRANT_FIELDS] if obj is not None else ["user", *GRANT_FIELDS]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user  # a class made for this request
        return form

    def has_add_permission(self, request):
        return _isu_staff(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return False  # a grant is never edited: revoke it and give another

    def has_view_permission(self, request, obj=None):
        return _isu_staff(request) or super().has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def has_revoke_permission(self, request):
        return _isu_staff(request)

    def save_model(self, request, obj, form, change):
        _give(request, obj)

    @admin.action(description=_("Revoke the selected grants"), permissions=["revoke"])
    def revoke(self, request, queryset):
        done = 0
        for grant in queryset.active():
            try:
                services.revoke_grant(grant, actor=request.user, via=Via.ADMIN)
            except (PermissionDenied, ValidationError) as exc:
                self.message_user(request, " ".join(_messages(exc)), messages.ERROR)
                return
            done += 1
        self.message_user(
            request,
            ngettext("%(n)d grant revoked.", "%(n)d grants revoked.", done) % {"n": done},
        )


def _messages(exc: Exception) -> list[str]:
    return exc.messages if isinstance(exc, ValidationError) else [str(exc)]


@admin.register(TokenEvent)
class TokenEventAdmin(admin.ModelAdmin):
    """API tokens created and revoked (who, when, for whom, path, request): read-only."""

    list_display = ["at", "kind", "username", "token_key", "actor", "via", "request_id"]
    list_filter = ["kind", "via"]
    list_select_related = ["actor"]
    search_fields = ["username", "token_key", "request_id", "actor__username"]
    date_hierarchy = "at"

    def has_module_permission(self, request):
        return _isu_staff(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return _isu_staff(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
