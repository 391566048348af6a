"""The run lifecycle: queued → computing → preview, or failed with its reason, retryable.

With the immediate backend (the default) a run is computed before ``run_compute`` returns.
The other tests queue with django-tasks' dummy backend, which keeps the task without running
it, then run the task's body as a worker would (``compute_run.call``); the real worker process
is in ``test_worker.py``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation
from django_tasks import default_task_backend

from gealc.measurement.models import Round
from gealc.observatory import services
from gealc.observatory.models import IndexRun
from gealc.observatory.tasks import compute_run
from tests.observatory.conftest import RUNS, SEED

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def queue_only(settings: Any) -> Iterator[list[Any]]:
    """Tasks are queued, never run: the list of what was enqueued."""
    settings.TASKS = DUMMY
    yield default_task_backend.results
    default_task_backend.clear()


def _queue(measurement_round: Round, actor: User, language: str = "en") -> IndexRun:
    with translation.override(language):
        return services.run_compute(
            actor=actor, round=measurement_round, uncertainty_runs=RUNS, seed=SEED
        )


def _work(queued: list[Any]) -> None:
    """What a worker does: run every queued task's body."""
    while queued:
        result = queued.pop(0)
        result.task.call(*result.args, **result.kwargs)


def test_the_immediate_backend_computes_before_returning(preview_run: IndexRun) -> None:
    assert preview_run.status == IndexRun.Status.PREVIEW
    assert preview_run.started_at <= preview_run.finished_at
    assert preview_run.input_hash
    assert preview_run.scores.exists()


def test_a_queued_run_is_computed_by_the_worker_in_the_askers_language(
    computed_round: Round, secretariat: User, queue_only: list[Any]
) -> None:
    run = _queue(computed_round, secretariat, language="fr")
    assert run.status == IndexRun.Status.QUEUED
    assert not run.scores.exists()
    assert [(r.task, r.kwargs) for r in queue_only] == [
        (compute_run, {"run_id": run.pk, "language": "fr"})
    ]
    assert run.language == "fr"
    _work(queue_only)
    run.refresh_from_db()
    assert run.status == IndexRun.Status.PREVIEW
    assert run.scores.exists()
    assert run.engine_version


def test_the_page_shows_the_progress_without_javascript(
    computed_round: Round, secretariat: User, queue_only: list[Any], client: Client
) -> None:
    client.force_login(secretariat)
    response = client.post(
        "/en/observatory/runs/",
        {"round": computed_round.pk, "uncertainty_runs": RUNS, "seed": SEED, "title": ""},
    )
    run = IndexRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/observatory/runs/{run.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Queued: waiting for a worker" in page
    assert f'hx-get="/en/observatory/runs/{run.pk}/progress/"' in page
    assert 'hx-trigger="every 2s"' in page
    assert f'<a href="/en/observatory/runs/{run.pk}/">Refresh to see the progress</a>' in page
    fragment = client.get(f"/en/observatory/runs/{run.pk}/progress/")
    assert "HX-Refresh" not in fragment
    assert "Queued" in fragment.content.decode()
    _work(queue_only)
    fragment = client.get(f"/en/observatory/runs/{run.pk}/progress/")
    assert fragment["HX-Refresh"] == "true"
    assert "hx-get" not in fragment.content.decode()
    assert "Publish this run" in client.get(f"/en/observatory/runs/{run.pk}/").content.decode()


def test_the_progress_is_for_the_secretariat_only(
    computed_round: Round, secretariat: User, member_ury: User, queue_only: list[Any]
) -> None:
    run = _queue(computed_round, secretariat)
    client = Client()
    assert client.get(f"/en/observatory/runs/{run.pk}/progress/").status_code == 404
    client.force_login(member_ury)
    assert client.get(f"/en/observatory/runs/{run.pk}/").status_code == 404
    assert client.post(f"/en/observatory/runs/{run.pk}/discard/").status_code == 404


def test_an_engine_refusal_fails_the_run_with_its_reason_and_the_english_detail(
    computed_round: Round, secretariat: User, queue_only: list[Any], client: Client
) -> None:
    run = _queue(computed_round, secretariat)
    # A method the engine refuses when it builds (as a framework written by hand could be).
    spec = {**run.spec, "normalise": {"method": "no-such-method"}}
    IndexRun.objects.filter(pk=run.pk).update(spec=spec)
    _work(queue_only)
    run.refresh_from_db()
    assert run.status == IndexRun.Status.FAILED
    assert run.failure_reason
    assert "SpecError: normalise" in run.failure_log
    assert not run.scores.exists()
    with pytest.raises(ValidationError):
        services.run_publish(actor=secretariat, run=run)
    client.force_login(secretariat)
    page = client.get(f"/en/observatory/runs/{run.pk}/").content.decode()
    assert "The computation failed:" in page
    assert "Retry the computation" in page
    assert "hx-get" not in page


def _abandon(run: IndexRun, minutes: int = 10) -> None:
    """What a worker killed mid-computation leaves: computing, its last heartbeat long ago."""
    long_ago = timezone.now() - datetime.timedelta(minutes=minutes)
    IndexRun.objects.filter(pk=run.pk).update(
        status=IndexRun.Status.COMPUTING, started_at=long_ago, heartbeat_at=long_ago
    )


def test_a_run_whose_worker_died_becomes_failed_and_is_retried(
    computed_round: Round, secretariat: User, queue_only: list[Any], client: Client
) -> None:
    run = _queue(computed_round, secretariat)
    queue_only.clear()
    _abandon(run)
    client.force_login(secretariat)
    page = client.get(f"/en/observatory/runs/{run.pk}/").content.decode()
    assert "stopped before it finished" in page
    run.refresh_from_db()
    assert run.status == IndexRun.Status.FAILED
    response = client.post(f"/en/observatory/runs/{run.pk}/retry/")
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == IndexRun.Status.QUEUED
    assert run.failure_reason == ""
    _work(queue_only)
    run.refresh_from_db()
    assert run.status == IndexRun.Status.PREVIEW


def test_a_live_worker_is_not_given_up(
    computed_round: Round, secretariat: User, queue_only: list[Any]
) -> None:
    run = _queue(computed_round, secretariat)
    _abandon(run, minutes=0)
    assert services.runs_fail_abandoned() == 0
    run.refresh_from_db()
    assert run.status == IndexRun.Status.COMPUTING


def test_only_a_failed_run_is_retried_and_a_computing_one_is_not_discarded(
    computed_round: Round, secretariat: User, queue_only: list[Any], english: None
) -> None:
    run = _queue(computed_round, secretariat)
    with pytest.raises(ValidationError, match="Only a failed run can be retried"):
        services.run_retry(actor=secretariat, run=run)
    _abandon(run, minutes=0)
    run.refresh_from_db()
    with pytest.raises(ValidationError, match="cannot be discarded"):
        services.run_discard(actor=secretariat, run=run)
    assert IndexRun.objects.filter(pk=run.pk).exists()


def test_a_queued_run_discarded_is_never_computed(
    computed_round: Round, secretariat: User, queue_only: list[Any], client: Client
) -> None:
    run = _queue(computed_round, secretariat)
    client.force_login(secretariat)
    response = client.post(f"/en/observatory/runs/{run.pk}/discard/")
    assert response["Location"] == "/en/observatory/runs/"
    _work(queue_only)  # the worker finds nothing to do
    assert not IndexRun.objects.exists()


def test_a_correction_is_queued_like_any_run(
    published_run: IndexRun, secretariat: User, queue_only: list[Any]
) -> None:
    correction = services.run_correct(actor=secretariat, run=published_run, changelog="Fix.")
    assert correction.status == IndexRun.Status.QUEUED
    _work(queue_only)
    correction.refresh_from_db()
    assert correction.status == IndexRun.Status.PREVIEW
    services.run_publish(actor=secretariat, run=correction)
    published_run.refresh_from_db()
    assert published_run.status == IndexRun.Status.SUPERSEDED


def test_the_command_computes_in_its_own_process_whatever_the_backend(
    computed_round: Round, secretariat: User, queue_only: list[Any]
) -> None:
    from django.core.management import call_command

    call_command(
        "run_compute", computed_round.pk, actor=secretariat.username, runs=RUNS, publish=True
    )
    assert IndexRun.objects.get().status == IndexRun.Status.PUBLISHED
    assert queue_only == []
