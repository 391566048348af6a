"""Measurement pages render for the roles allowed, in every language, and refuse the others.

Reads of a submission the user may not see are 404 (drafts of other countries do not appear
to exist); refused changes to a visible submission are 403; after a refusal nothing changed.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gealc.measurement.models import FrameworkVersion, Round, Submission

LANGUAGES = ["es", "pt", "en", "fr"]


def url(name: str, *args: Any, language: str = "en") -> str:
    with translation.override(language):
        return reverse(name, args=args)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def submission_url(submission: Submission, name: str = "submission_detail", *extra: Any,
                   language: str = "en") -> str:
    return url(name, submission.round_id, submission.country.iso3.lower(), *extra,
               language=language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_render_in_every_language(
    language: str, framework: FrameworkVersion, open_round: Round
) -> None:
    client = Client()
    for path in [
        url("round_list", language=language),
        url("round_detail", open_round.pk, language=language),
        url("framework_list", language=language),
        url("framework_detail", framework.code, framework.version, language=language),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert f'lang="{language}"' in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_focal_point_sees_the_entry_form_in_every_language(
    language: str, member_ury: User, submission_ury: Submission
) -> None:
    response = client_for(member_ury).get(submission_url(submission_ury, language=language))

    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="lock-expected_version"' in body
    assert 'name="v-procedures_total-value"' in body
    assert "<legend>" in body
