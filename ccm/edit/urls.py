from django.urls import path

from . import reports, views

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
    path("<str:iso3>/reports/", reports.reports, name="reports"),
    path("<str:iso3>/reports/received/", reports.received, name="report-received"),
    path("<str:iso3>/reports/<int:pk>/", reports.report, name="report"),
    path("<str:iso3>/reports/<int:pk>/form/<str:form>/", reports.part, name="report-part"),
    path("<str:iso3>/reports/<int:pk>/submit/", reports.submit, name="report-submit"),
    path("<str:iso3>/reports/<int:pk>/amend/", reports.amend, name="report-amend"),
    path("<str:iso3>/reports/<int:pk>/visibility/", reports.visibility, name="report-visibility"),
]
