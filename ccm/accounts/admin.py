"""ISU staff manage users and their grants here; every save is a recorded change."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone

from .access import forget
from .models import Grant, User


class GrantInline(admin.TabularInline):
    model = Grant
    fk_name = "user"
    extra = 0
    fields = ["role", "state", "area", "granted_by", "granted_at", "revoked_at", "revoked_by"]
    readonly_fields = ["granted_by", "granted_at", "revoked_by"]
    autocomplete_fields = ["state"]
    can_delete = False  # revoke instead: who could do what stays readable


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [GrantInline]
    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_staff"]

    def save_formset(self, request, form, formset, change):
        grants = formset.save(commit=False)
        for grant in grants:
            if grant.pk is None:
                grant.granted_by = request.user
            if grant.revoked_at and not grant.revoked_by_id:
                grant.revoked_by = request.user
            grant.save()
        formset.save_m2m()
        forget(form.instance)


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "state", "area", "granted_at", "revoked_at"]
    list_filter = ["role", "area", "revoked_at"]
    list_select_related = ["user", "state"]
    search_fields = ["user__username", "state__name", "state__iso3"]
    autocomplete_fields = ["user", "state"]
    readonly_fields = ["granted_by", "granted_at", "revoked_by"]
    actions = ["revoke"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if obj.pk is None:
            obj.granted_by = request.user
        if obj.revoked_at and not obj.revoked_by_id:
            obj.revoked_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Revoke the selected grants")
    def revoke(self, request, queryset):
        for grant in queryset.active():
            grant.revoked_at, grant.revoked_by = timezone.now(), request.user
            grant.save(update_fields=["revoked_at", "revoked_by"])
