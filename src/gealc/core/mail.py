"""The one task that sends e-mail, shared by every app's notifications.

Apps build ``[subject, body, [recipients]]`` messages in the reader's language and enqueue
``send_emails`` after their transaction commits, so a refused or rolled-back write sends
nothing. With the immediate backend (the default) the task runs at once; in production the
database backend runs it in a worker, so a slow mail server never slows a request.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django_tasks import task


@task()
def send_emails(messages: list[list[object]]) -> int:
    """Send ``[subject, body, [recipients]]`` messages; returns how many were sent."""
    sender = settings.DEFAULT_FROM_EMAIL
    datatuple = [
        (str(subject), str(body), sender, [str(r) for r in recipients])  # type: ignore[union-attr]
        for subject, body, recipients in messages
        if recipients
    ]
    return send_mass_mail(datatuple, fail_silently=False) if datatuple else 0
