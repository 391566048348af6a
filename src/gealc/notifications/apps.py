from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Rules are found by ``rules.apps.AutodiscoverRulesConfig`` (``notifications/rules.py``);
    the kinds are registered by the apps that send them (``gealc.notifications.kinds``)."""

    name = "gealc.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
