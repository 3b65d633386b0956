from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "ccm.exports"
    label = "exports"
