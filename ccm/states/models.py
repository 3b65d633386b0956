"""States, groupings and the depositary's acts: facts only, no stored status.

Status, entry into force and counts are derived by ccm.states.status from
these dated acts for whatever date is asked about.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ccm.core.models import Sourced, TimeStamped
from ccm.core.validators import AHEAD, GROUP_PERIOD, PAST

from . import status as rules
from .choices import InstrumentKind
from .querysets import GroupMembershipQuerySet, StateQuerySet


class State(Sourced):
    """A State that can join the Convention (UN Member States, Holy See, Palestine, Cook Islands, Niue)."""

    iso3 = models.CharField(_("ISO 3166-1 alpha-3 code"), max_length=3, unique=True)
    name = models.CharField(_("name (UN short name)"), max_length=100)

    objects = StateQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("State")
        verbose_name_plural = _("States")

    def __str__(self) -> str:
        return self.name

    def localized_name(self, language: str | None = None) -> str:
        """The State's name in `language` (default: the active one), else its UN English name.

        Uses the prefetched `names` where available, so lists stay at one query.
        """
        lang = (language or get_language() or "en").split("-")[0]
        if lang != "en":
            for n in self.names.all():
                if n.language == lang:
                    return n.name
        return self.name

    def acts(self) -> rules.StateActs:
        """The State's acts for the pure rules (uses select_related rows; no extra query)."""
        sig = getattr(self, "signature", None)
        ins = getattr(self, "instrument", None)
        wd = getattr(self, "withdrawal", None)
        return rules.StateActs(
            iso3=self.iso3,
            signed_on=sig.signed_on if sig else None,
            instrument_kind=ins.kind if ins else None,
            deposited_on=ins.deposited_on if ins else None,
            withdrawal_notified_on=wd.notified_on if wd else None,
            withdrawal_effective_on=wd.effective_on if wd else None,
        )

    def status_on(self, on: date) -> rules.StatusOn:
        return rules.status_on(self.acts(), on)


class StateName(TimeStamped):
    """The State's name in another of the Convention's languages."""

    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="names")
    language = models.CharField(_("language"), max_length=8)
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["state", "language"], name="unique_state_name_language")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"


class Act(Sourced):
    """One of the depositary's acts for a State; saving one keeps the State's acts lawful.

    `clean()` (run by the admin and every model form) checks the State's acts as
    they would be after this change with the pure rules (status.check_acts).
    """

    ACT_FIELDS: dict[str, str] = {}  # StateActs field → this model's field

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        state = getattr(self, "state", None)
        if state is None:
            return
        current = (
            State.objects.with_acts().get(pk=state.pk).acts()
            if state.pk
            else rules.StateActs(state.iso3)
        )
        proposed = replace(current, **{a: getattr(self, f) for a, f in self.ACT_FIELDS.items()})
        errors: dict[str, list[str]] = {}
        for field_name, message in rules.check_acts(proposed):
            errors.setdefault(self.ACT_FIELDS.get(field_name, NON_FIELD_ERRORS), []).append(message)
        if errors:
            raise ValidationError(errors)


class Signature(Act):
    """Art. 15: a State's signature (possible only until entry into force)."""

    state = models.OneToOneField(State, on_delete=models.CASCADE, related_name="signature")
    signed_on = models.DateField(_("signed on"), validators=[PAST])

    ACT_FIELDS = {"signed_on": "signed_on"}

    class Meta:
        verbose_name = _("signature")

    def __str__(self) -> str:
        return f"{self.state.iso3} signed {self.signed_on}"


class Instrument(Act):
    """Art. 16: an instrument of ratification, acceptance, approval or accession, as deposited."""

    state = models.OneToOneField(State, on_delete=models.CASCADE, related_name="instrument")
    kind = models.CharField(_("kind"), max_length=16, choices=InstrumentKind.choices)
    deposited_on = models.DateField(_("deposited on"), validators=[PAST])

    ACT_FIELDS = {"instrument_kind": "kind", "deposited_on": "deposited_on"}

    class Meta:
        verbose_name = _("instrument")

    def __str__(self) -> str:
        return f"{self.state.iso3} {self.kind} {self.deposited_on}"


class Withdrawal(Act):
    """Art. 20: a withdrawal. Either date may be unknown, but not both."""

    state = models.OneToOneField(State, on_delete=models.CASCADE, related_name="withdrawal")
    notified_on = models.DateField(
        _("received by the depositary on"), null=True, blank=True, validators=[PAST]
    )
    effective_on = models.DateField(_("took effect on"), null=True, blank=True, validators=[AHEAD])

    ACT_FIELDS = {
        "withdrawal_notified_on": "notified_on",
        "withdrawal_effective_on": "effective_on",
    }

    class Meta:
        verbose_name = _("withdrawal")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(notified_on__isnull=False)
                | models.Q(effective_on__isnull=False),
                name="withdrawal_has_a_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.state.iso3} withdrawal"


class Grouping(Sourced):
    """A way of dividing States into groups (CCM regions, League of Arab States, UN groups…)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("grouping")

    def __str__(self) -> str:
        return self.name


class Group(Sourced):
    """One group of a grouping (e.g. `africa` in `ccm-region`)."""

    grouping = models.ForeignKey(Grouping, on_delete=models.CASCADE, related_name="groups")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["grouping", "position", "code"]
        verbose_name = _("group")
        constraints = [
            models.UniqueConstraint(fields=["grouping", "code"], name="unique_group_code")
        ]

    def __str__(self) -> str:
        return self.name


class GroupMembership(Sourced):
    """A State's membership of a group over [valid_from, valid_to); open ends are unbounded."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="group_memberships")
    valid_from = models.DateField(_("valid from"), null=True, blank=True, validators=[GROUP_PERIOD])
    valid_to = models.DateField(
        _("valid until (exclusive)"), null=True, blank=True, validators=[GROUP_PERIOD]
    )

    objects = GroupMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("group membership")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_to__isnull=True)
                | models.Q(valid_from__lt=models.F("valid_to")),
                name="membership_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.state.iso3} in {self.group.code}"

    @property
    def period(self) -> rules.Period:
        return rules.Period(self.valid_from, self.valid_to)
