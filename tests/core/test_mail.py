"""The shared e-mail task: one message per subject, body and recipients; none without any."""

from __future__ import annotations

from django.core import mail

from gealc.core.mail import send_emails


def test_sends_each_message_with_recipients_from_the_configured_sender(settings):
    settings.DEFAULT_FROM_EMAIL = "hub@example.org"
    messages = [["Asunto", "Cuerpo", ["a@example.org", "b@example.org"]], ["Vacío", "x", []]]

    assert send_emails.call(messages) == 1

    (message,) = mail.outbox
    assert (message.subject, message.body) == ("Asunto", "Cuerpo")
    assert message.to == ["a@example.org", "b@example.org"]
    assert message.from_email == "hub@example.org"


def test_sends_nothing_when_no_message_has_recipients():
    assert send_emails.call([["Asunto", "Cuerpo", []]]) == 0
    assert mail.outbox == []
