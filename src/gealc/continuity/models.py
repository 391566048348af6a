"""The welcome of a new head of authority or delegate: the secretariat's checklist, one row
per step done. The dossier itself is never stored: it is read from live data every time
(``selectors.dossier``), and its PDF is cached under a hash of that data (``pdf``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gealc.network.models import Appointment


class Welcome(models.Model):
    """The network welcoming the person of a new appointment (head of authority or delegate)."""

    appointment = models.OneToOneField(
        Appointment,
        on_delete=models.PROTECT,
        related_name="welcome",
        verbose_name=_("appointment"),
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("welcome")
        verbose_name_plural = _("welcomes")
        ordering = ["-appointment__start", "-pk"]

    def __str__(self) -> str:
        return str(self.appointment)


class WelcomeStep(models.Model):
    """A step of the welcome checklist, done on a date by someone of the secretariat."""

    class Step(models.TextChoices):
        INVITE_TEAM = "invite_team", _("Invite the new team to the platform")
        BRIEF = "brief", _("Brief them on the network and the dossier")
        INTRODUCE = "introduce", _("Introduce them to the group coordinators")
        FIRST_MEETING = "first_meeting", _("Schedule the first meeting")

    welcome = models.ForeignKey(
        Welcome, on_delete=models.CASCADE, related_name="steps", verbose_name=_("welcome")
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    done_on = models.DateField(_("done on"))
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("done by"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("welcome step")
        verbose_name_plural = _("welcome steps")
        constraints = [
            models.UniqueConstraint(fields=["welcome", "step"], name="welcome_step_once")
        ]

    def __str__(self) -> str:
        return f"{self.welcome}: {self.get_step_display()}"
