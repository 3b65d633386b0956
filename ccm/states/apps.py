from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatesConfig(AppConfig):
    name = "ccm.states"
    label = "states"
    verbose_name = _("States and membership")

    def ready(self) -> None:
        from ccm.history.registry import FACT, register

        from .models import (
            Group,
            Grouping,
            GroupMembership,
            Instrument,
            Signature,
            State,
            StateName,
            Withdrawal,
        )

        # Dated acts, names and groupings: sourced facts, restored through validation
        # (Act.clean keeps a State's acts lawful).
        register(State, state_path="", revert=FACT)
        for model in (StateName, Signature, Instrument, Withdrawal, GroupMembership):
            register(model, state_path="state", revert=FACT)
        for model in (Grouping, Group):
            register(model, state_path=None, revert=FACT)
