"""The observatory's django-tasks: computing an index run (a new run, a correction, a retry)
and rendering a country profile as PDF.

With the database backend (``TASKS_BACKEND=database``) a ``gealc manage db_worker`` process
runs them, so no request spends more than a moment on them: the compute view creates the run
queued and redirects to its page, which shows queued → computing → preview (or failed) and
refreshes itself. With the immediate backend (the default, for the demo) ``enqueue`` runs the
task at once, inside the request.

A worker computing a run stamps it every ``GEALC_RUN_HEARTBEAT_SECONDS`` (10 s by default);
a run whose stamps stopped for six intervals (the worker was killed, ran out of memory or
lost its machine) is made failed and retryable by ``services.runs_fail_abandoned``, which
every worker calls before it computes and the run page calls when it is shown. Results are
stored in one transaction at the end, so a dead worker leaves nothing half-stored.
"""

from __future__ import annotations

from django.utils import translation
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from gealc.observatory import pdf, services


@task()
def compute_run(*, run_id: int, language: str) -> str:
    """Compute a queued run in the language of who asked for it (its failure reason is
    stored in that language); returns the run's status, or "gone" when it was discarded."""
    in_worker = not isinstance(compute_run.get_backend(), ImmediateBackend)
    with translation.override(language):
        run = services.run_execute(run_id=run_id, heartbeat=in_worker)
    return run.status if run is not None else "gone"


@task()
def render_profile_pdf(*, iso3: str, language: str, address: str) -> str:
    """Render and store a country profile's PDF of the current publication, in ``language``;
    returns the stored name ("" when the country has no published scores)."""
    with translation.override(language):
        return pdf.profile_pdf_store(iso3=iso3, language=language, address=address) or ""
