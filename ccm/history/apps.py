from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    """Records the models each app registers from its own ready() (ccm.history.registry)."""

    name = "ccm.history"
    verbose_name = _("History")
