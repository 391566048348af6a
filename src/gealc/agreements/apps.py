from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

HISTORY_MODELS = ("Agreement", "Party", "Transition", "AgreementDocument")


class AgreementsConfig(AppConfig):
    name = "gealc.agreements"
    label = "agreements"
    verbose_name = _("Integration agreements")

    def ready(self) -> None:
        """Keep every change (registered after modeltranslation so every language is kept)."""
        from simple_history import register
        from simple_history.models import registered_models

        for model_name in HISTORY_MODELS:
            model = self.get_model(model_name)
            if model not in registered_models:
                register(model)
