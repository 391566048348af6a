"""The request-level permission check, one for pages and one for the API.

Permissions are ``rules`` predicates (each app's ``rules.py``) asked through
``user.has_perm(permission, obj)``. A page or an API handler that has its object in hand calls
:func:`require_permission`; an API view whose permission is fixed names it in
``permission_required`` and lists :class:`RulePermission`. Either way a refusal is Django's
``PermissionDenied``: the 403 page, or the API's JSON error.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.views import APIView


def require_permission(request: HttpRequest | Request, permission: str, obj: Any = None) -> None:
    """Refuse the request (403) unless its user has the permission, on the object if given."""
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


class RulePermission(permissions.BasePermission):
    """The view's ``permission_required`` on the object it checks with
    ``self.check_object_permissions(request, obj)``; a view with no object is not refused
    here (its handler decides what the public may read)."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return True

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        require_permission(request, view.permission_required, obj)  # type: ignore[attr-defined]
        return True
