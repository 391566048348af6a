"""Roles are given by invitation or ``role_grant`` (which check who may and log it), never by
ticking a group in the admin: there an account's roles and the role groups are read only."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

if TYPE_CHECKING:
    from pytest_django.fixtures import Settings

pytestmark = pytest.mark.django_db


def test_an_accounts_roles_are_read_in_the_admin(
    administrator: User, settings: Settings, english: None
) -> None:
    settings.GEALC_MFA_REQUIRED = False  # the second factor is tested elsewhere
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(administrator)
    someone = User.objects.create_user("someone", "someone@example.org")
    page = client.get(reverse("admin:auth_user_change", args=[someone.pk]))
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert not {"groups", "user_permissions", "is_superuser"} & set(form.fields)
    secretariat = Group.objects.get(name="secretariat")
    client.post(
        reverse("admin:auth_user_change", args=[someone.pk]),
        {"username": "someone", "groups": [secretariat.pk], "is_superuser": "on"},
    )
    someone.refresh_from_db()
    assert (list(someone.groups.all()), someone.is_superuser) == ([], False)

    group_page = reverse("admin:auth_group_change", args=[secretariat.pk])
    assert client.get(group_page).status_code == 200
    assert client.post(group_page, {"name": "renamed"}).status_code == 403
    assert Group.objects.filter(name="secretariat").exists()
