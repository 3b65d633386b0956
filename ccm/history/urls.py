from django.urls import path

from . import views

app_name = "history"
urlpatterns = [
    path("revision/<int:pk>/", views.revision_view, name="revision"),
    path("deleted/", views.deletions_view, name="deletions"),
    path("<str:label>/<int:pk>/", views.record, name="record"),
    path("<str:label>/<int:pk>/revert/<int:version>/", views.revert_view, name="revert"),
]
