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
        from django.db.models.signals import post_migrate

        self._register_history()
        self._register_notification_kinds()
        post_migrate.connect(_seed_working_lines, sender=self, dispatch_uid="groups-lines")

    def _register_notification_kinds(self) -> None:
        from gealc.groups.notifications import KINDS
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


def _seed_working_lines(sender: AppConfig, using: str = "default", **kwargs: object) -> None:
    """After every ``migrate`` and ``flush`` (tests flush between transactional tests), so the
    eight working lines are always there."""
    from gealc.groups.services import working_lines_sync

    working_lines_sync(model=sender.get_model("WorkingLine"), using=using)
