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
    path("reports/", views.report_list, name="reports"),
    path("reports/status/", views.reporting_status, name="reporting-status"),
    path("reports/overdue/", views.overdue, name="overdue-reports"),
    path("reports/published/", views.reporting_published, name="reporting-published"),
    path("reports/reminders/", views.reminders, name="reminders"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/docx", views.report_docx, name="report-docx"),
    path("reports/<int:pk>/file", views.report_file, name="report-file"),
]
