"""Steps run at the same moment, each in its own thread with its own database connection: the
races a row lock (PostgreSQL) or a queued writer (SQLite) must settle.

Each step is called first in its thread to read what it needs (a record as the person had it
open) and gives back the action; the threads then wait for each other and act together.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connections

Action = Callable[[], object]
Step = Callable[[], Action]


@dataclass
class Outcome:
    """What one step's action came to: done, refused (with the refusal's messages), or an
    error no race should end in (an IntegrityError, a deadlock, "database is locked")."""

    refusal: str = ""
    error: str = ""
    done: bool = False

    def __str__(self) -> str:
        return "done" if self.done else "refused" if self.refusal else self.error


def at_once(
    steps: Sequence[Step],
    refusals: tuple[type[Exception], ...] = (ValidationError,),
    timeout: float = 60,
) -> list[Outcome]:
    """Run ``steps`` together; their outcomes in order. An exception among ``refusals`` is the
    expected answer of the loser; any other becomes the outcome's ``error``, so the test's
    assertion on the outcomes shows it."""
    start = threading.Barrier(len(steps))
    outcomes = [Outcome(error="did not finish") for _step in steps]

    def run(index: int) -> None:
        try:
            action = steps[index]()
            start.wait(timeout=timeout / 2)
            action()
            outcomes[index] = Outcome(done=True)
        except refusals as refusal:
            messages = getattr(refusal, "messages", None) or [str(refusal) or repr(refusal)]
            outcomes[index] = Outcome(refusal=" ".join(messages))
        except Exception as error:  # reported through the outcome, see above
            outcomes[index] = Outcome(error=repr(error))
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(steps))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return outcomes
