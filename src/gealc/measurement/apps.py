from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

HISTORY_MODELS = (
    "FrameworkVersion",
    "Dimension",
    "Indicator",
    "Variable",
    "ValidationRule",
    "Round",
    "Submission",
    "ReviewerAssignment",
    "Value",
    "Justification",
    "Transition",
    "Comment",
)


class MeasurementConfig(AppConfig):
    name = "gealc.measurement"
    label = "measurement"
    verbose_name = _("Measurement rounds")

    def ready(self) -> None:
        self._register_history()
        self._register_notification_kinds()

    def _register_notification_kinds(self) -> None:
        from gealc.measurement.notifications import KINDS
        from gealc.notifications import kinds

        kinds.register(*KINDS)

    def _register_history(self) -> None:
        """Keep every change (registered after modeltranslation so every language is kept)."""
        from simple_history import register
        from simple_history.models import registered_models

        for model_name in HISTORY_MODELS:
            model = self.get_model(model_name)
            if model not in registered_models:
                register(model)
