"""``services.runs_fail_abandoned`` on queued runs: a run queued for longer than six heartbeat
intervals with no task left to start it (django-tasks' database result missing, finished, or
taken by a worker that died before starting the run) becomes failed and retryable; a run
whose task still waits in the queue stays queued however long it waits.

The runs are queued through ``services.run_compute`` on the real database task backend; what
a dead or lost worker leaves behind is then written to the task's row as the backend would.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone, translation
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gealc.measurement.models import Round
from gealc.observatory import services
from gealc.observatory.models import IndexRun
from tests.observatory.conftest import RUNS, SEED

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queued_run(computed_round: Round, secretariat: User, settings: Any) -> IndexRun:
    """A run queued an hour ago (one task waiting for it in the database queue)."""
    settings.TASKS = DATABASE_QUEUE
    settings.GEALC_RUN_HEARTBEAT_SECONDS = 10  # the limit: six intervals, one minute
    with translation.override("en"):
        run = services.run_compute(
            actor=secretariat, round=computed_round, uncertainty_runs=RUNS, seed=SEED
        )
    IndexRun.objects.filter(pk=run.pk).update(created_at=_ago(minutes=60))
    return run


def _ago(**delta: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


def _task_of(run: IndexRun) -> DBTaskResult:
    return DBTaskResult.objects.get(args_kwargs__kwargs__run_id=run.pk)


def _status(run: IndexRun) -> str:
    run.refresh_from_db()
    return run.status


def test_a_run_whose_task_waits_in_the_queue_stays_queued(queued_run: IndexRun) -> None:
    assert _task_of(queued_run).status == TaskResultStatus.READY
    assert services.runs_fail_abandoned() == 0
    assert _status(queued_run) == IndexRun.Status.QUEUED


def test_a_run_whose_task_is_missing_fails_and_is_retried(
    queued_run: IndexRun, secretariat: User
) -> None:
    _task_of(queued_run).delete()
    assert services.runs_fail_abandoned() == 1
    assert _status(queued_run) == IndexRun.Status.FAILED
    assert queued_run.failure_reason == (
        "No worker started this run and none is left to start it. Retry it."
    )
    assert queued_run.failure_log == "Queued with no task left to run it: its task is missing."
    retried = services.run_retry(actor=secretariat, run=queued_run)
    assert retried.status == IndexRun.Status.QUEUED
    assert _task_of(retried).status == TaskResultStatus.READY  # a new task: stays queued
    assert services.runs_fail_abandoned() == 0
    assert _status(retried) == IndexRun.Status.QUEUED


def test_a_run_whose_task_failed_to_start_fails(queued_run: IndexRun) -> None:
    DBTaskResult.objects.filter(pk=_task_of(queued_run).pk).update(
        status=TaskResultStatus.FAILED, finished_at=_ago(minutes=5)
    )
    assert services.runs_fail_abandoned() == 1
    assert _status(queued_run) == IndexRun.Status.FAILED
    assert "is FAILED" in queued_run.failure_log


def test_a_worker_that_died_between_taking_the_task_and_starting_the_run(
    queued_run: IndexRun,
) -> None:
    task = _task_of(queued_run)
    DBTaskResult.objects.filter(pk=task.pk).update(
        status=TaskResultStatus.RUNNING, started_at=_ago(seconds=30)
    )
    assert services.runs_fail_abandoned() == 0  # within the limit: it may still start it
    assert _status(queued_run) == IndexRun.Status.QUEUED
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=_ago(minutes=2))
    assert services.runs_fail_abandoned() == 1
    assert _status(queued_run) == IndexRun.Status.FAILED
    assert "died before starting it" in queued_run.failure_log


def test_a_run_queued_within_the_limit_is_left_alone(queued_run: IndexRun) -> None:
    IndexRun.objects.filter(pk=queued_run.pk).update(created_at=_ago(seconds=30))
    _task_of(queued_run).delete()
    assert services.runs_fail_abandoned() == 0
    assert _status(queued_run) == IndexRun.Status.QUEUED


def test_with_the_immediate_backend_a_queued_run_past_the_limit_fails(
    queued_run: IndexRun, settings: Any
) -> None:
    """With no queue, a run still queued after the limit is one whose request died."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert services.runs_fail_abandoned() == 1
    assert _status(queued_run) == IndexRun.Status.FAILED
