"""API bodies of invitations: what is shown (never the link's token, which only the e-mail
carries) and what is sent to create one."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gealc.accounts.models import Invitation, Role
from gealc.network.models import Appointment

LARGEST_ID = 2**31 - 1


class InvitationSerializer(serializers.ModelSerializer):
    person = serializers.SerializerMethodField()
    country = serializers.SlugRelatedField(slug_field="iso3", read_only=True, allow_null=True)
    organisation = serializers.SerializerMethodField()
    invited_by = serializers.SerializerMethodField()
    state = serializers.ChoiceField(choices=Invitation.State.choices, read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "person",
            "email",
            "role",
            "country",
            "organisation",
            "appointment_role",
            "working_line",
            "state",
            "invited_by",
            "created",
            "expires",
            "accepted_at",
            "revoked_at",
        ]

    def get_person(self, invitation: Invitation) -> dict[str, Any]:
        return {"id": invitation.person_id, "name": invitation.person.full_name}

    def get_organisation(self, invitation: Invitation) -> dict[str, Any] | None:
        organisation = invitation.organisation
        return None if organisation is None else {"id": organisation.pk, "name": organisation.name}

    def get_invited_by(self, invitation: Invitation) -> str:
        inviter = invitation.invited_by
        return inviter.get_full_name() or inviter.get_username()


class InvitationCreateSerializer(serializers.Serializer):
    person = serializers.IntegerField(
        min_value=1, max_value=LARGEST_ID, help_text=_("Id of the person in the directory")
    )
    role = serializers.ChoiceField(choices=Role.choices)
    country = serializers.RegexField(
        r"^[A-Za-z]{3}$",
        required=False,
        allow_null=True,
        help_text=_("ISO 3166-1 alpha-3 code of the country, for a country member"),
    )
    organisation = serializers.IntegerField(
        min_value=1,
        max_value=LARGEST_ID,
        required=False,
        allow_null=True,
        help_text=_("Id of the organisation, for a stakeholder"),
    )
    appointment_role = serializers.ChoiceField(
        choices=Appointment.Role.choices, default=Appointment.Role.DELEGATE
    )
    working_line = serializers.CharField(max_length=200, required=False, allow_blank=True)
    email = serializers.EmailField(
        required=False,
        allow_blank=True,
        help_text=_("Where to send it; the person's address in the directory by default"),
    )
