from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObservatoryConfig(AppConfig):
    """Rules are found by ``rules.apps.AutodiscoverRulesConfig`` (``observatory/rules.py``)."""

    name = "gealc.observatory"
    label = "observatory"
    verbose_name = _("Observatory")
