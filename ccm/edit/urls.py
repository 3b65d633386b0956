from django.urls import path

from . import views

app_name = "edit"
urlpatterns = [
    path("", views.home, name="home"),
    path("<str:iso3>/", views.state, name="state"),
    path("<str:iso3>/article/<int:article>/", views.obligation, name="obligation"),
    path(
        "<str:iso3>/article/<int:article>/extension-request/",
        views.extension_request,
        name="extension-request",
    ),
    path("<str:iso3>/stockpile/new/", views.stockpile_record, name="stockpile-new"),
    path("<str:iso3>/stockpile/<int:pk>/", views.stockpile_record, name="stockpile"),
]
