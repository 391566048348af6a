from typing import Any

from django.apps import AppConfig
from django.apps.registry import Apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "gealc.network"
    label = "network"
    verbose_name = _("Network directory and governance")

    def ready(self) -> None:
        self._register_history()
        # After every migrate (and flush, which empties the groups), the role groups are
        # there with exactly the permissions their declaration gives.
        post_migrate.connect(_role_groups_sync, sender=self)

    def _register_history(self) -> None:
        """Track changes of everything people edit.

        Registered here rather than with ``HistoricalRecords()`` on the models because
        modeltranslation adds the per-language columns (``name_es`` …) only when its own
        ``ready()`` has run; registering afterwards keeps those columns in the history too.
        """
        from simple_history import register
        from simple_history.models import registered_models

        for model_name in (
            "Country",
            "Institution",
            "Person",
            "Appointment",
            "Organisation",
            "GovernanceBody",
            "Mandate",
        ):
            model = self.get_model(model_name)
            if model not in registered_models:
                register(model)


def _role_groups_sync(*, using: str, apps: Apps | None = None, **kwargs: Any) -> None:
    """``migrate`` sends the migrated registry; ``flush`` sends none (the models are current)."""
    from django.apps import apps as global_apps

    from gealc.network.services import role_groups_sync

    role_groups_sync(apps=apps or global_apps, using=using)
