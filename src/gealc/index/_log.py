"""The step log: what each step did, as plain JSON-compatible data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LogEntry:
    """One step's record: ``details`` holds JSON-compatible values only."""

    step: str
    message: str
    details: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"step": self.step, "message": self.message, "details": dict(self.details)}
