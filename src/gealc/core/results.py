"""What a write service did, so that its callers never have to find out for themselves.

A service that creates or updates returns ``Saved``: the object and whether it is new. The
API answers 201 or 200 from ``created``, a command or the demo counts what it made, and
nobody counts rows before and after a call (which another request can change meanwhile).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Saved(Generic[T]):
    """The object a service wrote, and ``created`` when it did not exist before."""

    instance: T
    created: bool

    @property
    def updated(self) -> bool:
        return not self.created
