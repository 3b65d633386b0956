from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ccm.api"
    label = "api"
