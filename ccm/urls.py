from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("api/", include("ccm.api.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("ccm.accounts.urls")),
    path("edit/", include("ccm.edit.urls")),
    path("history/", include("ccm.history.urls")),
    path("", include("ccm.public.urls")),
]
