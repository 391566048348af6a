"""The Django admin of notifications: the secretariat reads the deliveries (filter by status)
and sends failed ones again through the service; notifications and preferences are read for
support. Only the services write these rows, so the admin adds, changes and deletes none."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gealc.core.admin import ReadOnlyAdmin
from gealc.notifications import services
from gealc.notifications.models import Delivery, Notification, Preference


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ("address", "subject", "status", "attempts", "last_attempt_at", "sent_at")
    list_filter = ("status",)
    search_fields = ("address", "subject", "key")
    readonly_fields = [field.name for field in Delivery._meta.fields]
    actions = ["retry"]

    @admin.action(description=_("Send the selected failed e-mails again"))
    def retry(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        failed = queryset.filter(status=Delivery.Status.FAILED)
        for delivery in failed:
            services.delivery_retry(actor=request.user, delivery=delivery)
        self.message_user(
            request,
            _("%(count)d e-mail(s) queued again.") % {"count": len(failed)},
            messages.SUCCESS,
        )


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("subject", "recipient", "kind", "frequency", "created_at", "read_at")
    list_filter = ("kind", "frequency")
    search_fields = ("subject", "recipient__username", "recipient__email")
    readonly_fields = [field.name for field in Notification._meta.fields]


@admin.register(Preference)
class PreferenceAdmin(ReadOnlyAdmin):
    list_display = ("user", "kind", "frequency")
    list_filter = ("kind", "frequency")
    search_fields = ("user__username",)
