from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("ping", views.ping, name="ping"),
    path("language/", views.choose_language, name="language"),
    path("membership/", views.membership_on_date, name="membership"),
    path("states/", views.state_list, name="states"),
    path("deadlines/", views.deadlines_page, name="deadlines"),
    path("deadlines.ics", views.deadlines_ics, name="deadlines-ics"),
    path("deadlines/published/", views.published_figures, name="published-figures"),
    path("states/<str:iso3>/", views.state_page, name="state"),
]
