from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditConfig(AppConfig):
    name = "ccm.edit"
    verbose_name = _("Editing")
