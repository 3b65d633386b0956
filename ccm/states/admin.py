from django.contrib import admin

from .models import (
    Group,
    Grouping,
    GroupMembership,
    Instrument,
    Signature,
    State,
    StateName,
    Withdrawal,
)


class SignatureInline(admin.StackedInline):
    model = Signature
    extra = 0


class InstrumentInline(admin.StackedInline):
    model = Instrument
    extra = 0


class WithdrawalInline(admin.StackedInline):
    model = Withdrawal
    extra = 0


class StateNameInline(admin.TabularInline):
    model = StateName
    extra = 0


@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = ["iso3", "name"]
    search_fields = ["iso3", "name"]
    inlines = [SignatureInline, InstrumentInline, WithdrawalInline, StateNameInline]


@admin.register(Grouping)
class GroupingAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["grouping", "code", "name", "position"]
    list_filter = ["grouping"]


@admin.register(GroupMembership)
class GroupMembershipAdmin(admin.ModelAdmin):
    list_display = ["state", "group", "valid_from", "valid_to"]
    list_filter = ["group__grouping", "group"]
    list_select_related = ["state", "group"]
