"""The one request-level permission check: the pages' helper and the API's permission class."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from rest_framework.request import Request
from rest_framework.views import APIView

from gealc.core.permissions import RulePermission, require_permission


class ChangeUser(APIView):
    permission_required = "auth.change_user"


def _request(user: User | AnonymousUser) -> Request:
    request = Request(RequestFactory().post("/"))
    request.user = user
    return request


@pytest.mark.django_db
def test_require_permission_refuses_a_user_without_it_and_lets_one_with_it_through():
    with pytest.raises(PermissionDenied):
        require_permission(_request(AnonymousUser()), "auth.change_user")
    require_permission(_request(User.objects.create_superuser("root")), "auth.change_user")


@pytest.mark.django_db
def test_the_api_permission_checks_the_views_permission_on_the_object():
    target = User.objects.create_user("someone")
    permission, view = RulePermission(), ChangeUser()

    assert permission.has_permission(_request(AnonymousUser()), view)
    with pytest.raises(PermissionDenied):
        permission.has_object_permission(_request(AnonymousUser()), view, target)
    root = User.objects.create_superuser("root")
    assert permission.has_object_permission(_request(root), view, target)
