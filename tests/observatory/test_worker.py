"""A real ``gealc manage db_worker`` process computes queued runs (PostgreSQL only: the worker
and the test share the test database through real connections).

The worker gets the test database's name, the database task backend and a heartbeat of half
a second, so a worker killed mid-computation is recognised as dead three seconds later. To be
sure it is killed mid-run, the scores table is locked by another connection meanwhile: the
worker computes, then waits in its storing transaction, which dies with it.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections
from django.utils import timezone

from gealc.measurement.models import Round
from gealc.observatory import services
from gealc.observatory.models import IndexRun, RunDiagnostics
from tests.observatory.conftest import RUNS, SEED

HEARTBEAT = 0.5
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker_settings(settings: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs a database server (PostgreSQL)")
    settings.TASKS = DATABASE_TASKS
    settings.GEALC_RUN_HEARTBEAT_SECONDS = HEARTBEAT


@pytest.fixture
def start_worker(worker_settings: None) -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    database = connection.settings_dict
    environment = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
        "TASKS_BACKEND": "database",
        "GEALC_RUN_HEARTBEAT_SECONDS": str(HEARTBEAT),
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
    }
    gealc = Path(sys.executable).with_name("gealc")
    workers: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        command = [str(gealc), "manage", "db_worker", "--interval", "0.2", "--no-startup-delay"]
        worker = subprocess.Popen(command, env=environment, stderr=subprocess.PIPE)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        if worker.poll() is None:
            worker.kill()
        worker.wait(timeout=30)


def _wait_for(run: IndexRun, statuses: set[str], seconds: float) -> IndexRun:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in statuses:
            return run
        time.sleep(0.1)
    raise AssertionError(f"run {run.pk} still {run.status} after {seconds} s")


def test_a_worker_process_computes_a_queued_run(
    computed_round: Round, secretariat: User, start_worker: Callable[[], Any]
) -> None:
    run = services.run_compute(
        actor=secretariat, round=computed_round, uncertainty_runs=RUNS, seed=SEED
    )
    assert run.status == IndexRun.Status.QUEUED  # the request only queued it
    start_worker()
    run = _wait_for(run, {IndexRun.Status.PREVIEW, IndexRun.Status.FAILED}, 120)
    assert run.status == IndexRun.Status.PREVIEW, run.failure_log
    assert run.scores.exists()
    assert run.diagnostics.uncertainty["runs"] == RUNS


@contextmanager
def _scores_locked() -> Iterator[None]:
    """Another connection holds the scores table: the worker can compute but not store, so
    it is surely still computing when it is killed (the engine alone may take under a second)."""
    other = connections.create_connection("default")
    try:
        other.set_autocommit(False)
        with other.cursor() as cursor:
            cursor.execute("LOCK TABLE observatory_runscore IN EXCLUSIVE MODE")
        yield
    finally:
        other.rollback()
        other.close()


def test_a_worker_killed_mid_run_leaves_it_failed_retryable_and_nothing_stored(
    computed_round: Round, secretariat: User, start_worker: Callable[[], Any]
) -> None:
    run = services.run_compute(
        actor=secretariat, round=computed_round, uncertainty_runs=RUNS, seed=SEED
    )
    with _scores_locked():
        worker = start_worker()
        run = _wait_for(run, {IndexRun.Status.COMPUTING}, 60)
        time.sleep(2)  # computed by now, and waiting to store its results
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    run.refresh_from_db()
    assert run.status == IndexRun.Status.COMPUTING  # nobody knows yet
    time.sleep(services.STALE_HEARTBEATS * HEARTBEAT + 1)
    assert services.runs_fail_abandoned() == 1
    run.refresh_from_db()
    assert run.status == IndexRun.Status.FAILED
    assert run.failure_reason  # in the language of who asked
    assert "worker presumed dead" in run.failure_log
    assert not run.scores.exists()  # its storing transaction died with it
    assert not run.inputs.exists()
    assert not RunDiagnostics.objects.filter(run=run).exists()
    retried = services.run_retry(actor=secretariat, run=run)
    assert retried.status == IndexRun.Status.QUEUED


def test_a_computing_worker_stamps_its_run(
    computed_round: Round, secretariat: User, worker_settings: None
) -> None:
    run = services.run_compute(
        actor=secretariat, round=computed_round, uncertainty_runs=RUNS, seed=SEED
    )
    started = timezone.now()
    IndexRun.objects.filter(pk=run.pk).update(
        status=IndexRun.Status.COMPUTING, started_at=started, heartbeat_at=started
    )
    with services._heartbeat(run.pk, enabled=True):
        time.sleep(3 * HEARTBEAT)
        run.refresh_from_db()
        assert run.heartbeat_at > started
        time.sleep(services.STALE_HEARTBEATS * HEARTBEAT)
        assert services.runs_fail_abandoned() == 0  # alive: never given up
