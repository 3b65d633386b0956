from django.contrib import admin

from .models import Meeting


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "city", "start_date", "end_date", "president_iso3", "verified"]
    list_filter = ["kind", "verified"]
    search_fields = ["code", "city"]
