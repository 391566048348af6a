"""Admin: invitations are read and revoked through the pages (the services check who may);
the security log is read-only. Accounts keep Django's form for their name, e-mail, password
and whether they are active, but roles are read there: they are given by invitation or by
``gealc manage role_grant``, which check who may give them and log it, and the role groups
themselves are made by a data migration."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User

from gealc.accounts.models import Invitation, Representation, SecurityEvent
from gealc.core.admin import ReadOnlyAdmin, ReadOnlyHistoryAdmin


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyHistoryAdmin):
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
class RepresentationAdmin(ReadOnlyHistoryAdmin):
    list_display = ("user", "organisation", "start", "end")
    list_filter = ("organisation",)
    search_fields = ("user__username", "organisation__name")


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AccountAdmin(UserAdmin):
    readonly_fields = ("groups", "user_permissions", "is_superuser", "last_login", "date_joined")


@admin.register(Group)
class RoleGroupAdmin(ReadOnlyAdmin, GroupAdmin):
    pass
