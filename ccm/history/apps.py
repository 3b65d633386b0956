from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    name = "ccm.history"
    verbose_name = _("History")

    def ready(self):
        from .recording import register_all

        register_all()
