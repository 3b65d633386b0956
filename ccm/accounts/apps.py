from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

NEVER_REVERTED = _(
    "Accounts and grants are never reverted from their history: an earlier version "
    "could give back a role, a permission or a revoked grant. Change them in the user "
    "administration."
)


class AccountsConfig(AppConfig):
    name = "ccm.accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from ccm.history.registry import RevertPolicy, register

        from .models import Grant, User

        # They carry power: any earlier version may hold a role, a permission, an active
        # flag or an unrevoked grant (decision 0004).
        for model in (User, Grant):
            register(model, state_path=None, revert=RevertPolicy(False, NEVER_REVERTED))
