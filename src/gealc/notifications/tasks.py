"""Background work of notifications (django-tasks): each e-mail, the digests and the retries.

With the immediate backend (the default) a task runs at once; in production the database
backend runs it in a worker, so a slow or failing mail server never slows a request.
"""

from __future__ import annotations

from django_tasks import task


@task()
def deliver(delivery_id: int) -> str:
    """Send one e-mail delivery (once: see ``services.delivery_send``)."""
    from gealc.notifications import services

    return services.delivery_send(delivery_id=delivery_id)


@task()
def send_digests(period: str) -> int:
    """Write and send the daily or weekly digests; returns how many."""
    from gealc.notifications import services

    return services.digests_send(period=period)


@task()
def retry_deliveries() -> int:
    """Queue again the e-mails that failed and have attempts left; returns how many."""
    from gealc.notifications import services

    return services.deliveries_retry()
