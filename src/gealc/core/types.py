"""Types every app's services, selectors and rules share."""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User

# Whoever is asking: a signed-in user or the public.
AnyUser: TypeAlias = User | AnonymousUser
