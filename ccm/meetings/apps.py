from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "ccm.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from ccm.history.registry import FACT, register

        from .models import Meeting

        register(Meeting, state_path=None, revert=FACT)
