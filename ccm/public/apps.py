from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "ccm.public"
    label = "public"
