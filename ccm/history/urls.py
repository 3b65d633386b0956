from django.urls import path

from . import views

app_name = "history"
urlpatterns = [
    path("<str:label>/<int:pk>/", views.record, name="record"),
    path("<str:label>/<int:pk>/revert/<int:version>/", views.revert_view, name="revert"),
]
