from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

HISTORY_MODELS = (
    "StakeholderOrganisation",
    "Stakeholder",
    "Consultation",
    "Question",
    "Option",
    "Contribution",
    "Report",
)


class ParticipationConfig(AppConfig):
    name = "gealc.participation"
    label = "participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        from gealc.participation import notifications

        notifications.register_kinds()
        self._register_history()

    def _register_history(self) -> None:
        """Keep every change (registered after modeltranslation so every language is kept)."""
        from simple_history import register
        from simple_history.models import registered_models

        for model_name in HISTORY_MODELS:
            model = self.get_model(model_name)
            if model not in registered_models:
                register(model)
