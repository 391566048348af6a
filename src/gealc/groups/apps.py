from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

HISTORY_MODELS = (
    "WorkingLine",
    "WorkingGroup",
    "Membership",
    "Document",
    "WorkPlan",
    "Commitment",
    "Milestone",
    "ProgressUpdate",
    "Meeting",
    "AgendaItem",
    "Registration",
    "Decision",
    "Action",
    "Course",
    "Edition",
    "Enrolment",
    "Certificate",
)


class GroupsConfig(AppConfig):
    name = "gealc.groups"
    label = "groups"
    verbose_name = _("Working groups and training")

    def ready(self) -> None:
        """Keep every change (registered after modeltranslation so every language is kept)."""
        from simple_history import register
        from simple_history.models import registered_models

        for model_name in HISTORY_MODELS:
            model = self.get_model(model_name)
            if model not in registered_models:
                register(model)
