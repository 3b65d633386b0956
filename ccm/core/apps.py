from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ccm.core"
    label = "core"
