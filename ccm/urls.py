from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("api/", include("ccm.api.urls")),
    path("admin/", admin.site.urls),
    path("", include("ccm.public.urls")),
]
