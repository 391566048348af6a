from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

HISTORY_MODELS = (
    "Request",
    "Offer",
    "FundBudget",
    "FundEntry",
    "Expert",
    "Mission",
    "Evaluation",
)


class CooperationConfig(AppConfig):
    name = "gealc.cooperation"
    label = "cooperation"
    verbose_name = _("Horizontal cooperation")

    def ready(self) -> None:
        from gealc.cooperation.notifications import KINDS
        from gealc.notifications import kinds

        self._register_history()
        kinds.register(*KINDS)

    def _register_history(self) -> None:
        """Keep every change (registered after modeltranslation so every language is kept)."""
        from simple_history import register
        from simple_history.models import registered_models

        for model_name in HISTORY_MODELS:
            model = self.get_model(model_name)
            if model not in registered_models:
                register(model)
