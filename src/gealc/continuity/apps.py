from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContinuityConfig(AppConfig):
    """Rules are found by ``rules.apps.AutodiscoverRulesConfig`` (``continuity/rules.py``)."""

    name = "gealc.continuity"
    label = "continuity"
    verbose_name = _("Welcome of new authorities")

    def ready(self) -> None:
        from simple_history import register
        from simple_history.models import registered_models

        from gealc.continuity.notifications import KINDS
        from gealc.notifications import kinds

        kinds.register(*KINDS)
        for model_name in ("Welcome", "WelcomeStep"):
            model = self.get_model(model_name)
            if model not in registered_models:
                register(model)
