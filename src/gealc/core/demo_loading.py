"""Demo data: each app may offer a ``demo`` module with ``load() -> list[DemoAccount]``.

Loaders run in the order of ``INSTALLED_APPS`` (network before measurement before the
observatory), must be idempotent and must label what they create as demo data.
"""

from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.db import transaction


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    description: str = ""


def load_all() -> list[DemoAccount]:
    """Run every app's demo loader in one transaction and return the demo accounts."""
    accounts: list[DemoAccount] = []
    with transaction.atomic():
        for config in apps.get_app_configs():
            if not config.name.startswith("gealc.") or not find_spec(f"{config.name}.demo"):
                continue
            module = import_module(f"{config.name}.demo")
            accounts.extend(module.load())
    return accounts
