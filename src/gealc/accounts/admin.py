"""Admin: invitations are read and revoked through the pages (the services check who may);
the security log is read-only."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gealc.accounts.models import Invitation, Representation, SecurityEvent
from gealc.core.admin import ReadOnlyAdmin


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin, ReadOnlyAdmin):
    list_display = (
        "person",
        "role",
        "country",
        "organisation",
        "invited_by",
        "created",
        "expires",
        "accepted_at",
        "revoked_at",
    )
    list_filter = ("role", "country")
    search_fields = ("person__search_text", "email")
    exclude = ("token_hash",)


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "username", "actor", "ip_address", "detail")
    list_filter = ("kind",)
    search_fields = ("username", "actor", "detail")
    date_hierarchy = "at"


@admin.register(Representation)
class RepresentationAdmin(SimpleHistoryAdmin, ReadOnlyAdmin):
    list_display = ("user", "organisation", "start", "end")
    list_filter = ("organisation",)
    search_fields = ("user__username", "organisation__name")
