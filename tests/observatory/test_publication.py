"""Publishing index runs: one published run per round, corrections supersede exactly the run
they correct (also when two publishes race on PostgreSQL), every page and the API say which run
is current, and publishing a run publishes the submissions it was computed from."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.utils import translation

from gealc.measurement.models import Round, Submission
from gealc.observatory import services
from gealc.observatory.models import IndexRun

from ..concurrency import Action, at_once

# One published run per round -------------------------------------------------------------


def test_a_second_publication_of_a_round_is_refused(
    published_run: IndexRun, compute: Callable[..., IndexRun], secretariat: User, english: None
) -> None:
    second = compute(published_run.round)
    with pytest.raises(ValidationError) as error:
        services.run_publish(actor=secretariat, run=second)
    message = " ".join(error.value.messages)
    assert "publish a correction" in message
    assert f"#{published_run.pk}" in message
    second.refresh_from_db()
    published_run.refresh_from_db()
    assert second.status == IndexRun.Status.PREVIEW
    assert published_run.status == IndexRun.Status.PUBLISHED


def test_the_publish_page_says_to_publish_a_correction(
    published_run: IndexRun, compute: Callable[..., IndexRun], secretariat: User, client: Client
) -> None:
    second = compute(published_run.round)
    client.force_login(secretariat)
    response = client.post(f"/en/observatory/runs/{second.pk}/publish/", {"confirm": "on"})
    assert response.status_code == 400
    assert "publish a correction" in response.content.decode()
    second.refresh_from_db()
    assert second.status == IndexRun.Status.PREVIEW


def test_the_database_holds_one_published_run_per_round(
    published_run: IndexRun, compute: Callable[..., IndexRun]
) -> None:
    second = compute(published_run.round)
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        IndexRun.objects.filter(pk=second.pk).update(
            status=IndexRun.Status.PUBLISHED, published_at=published_run.published_at
        )
    # run_publish tells this violation ("publish a correction instead") from any other.
    assert services._violates_one_published_run(error.value)
    assert not services._violates_one_published_run(IntegrityError("NOT NULL constraint failed"))


def test_a_correction_supersedes_exactly_the_run_it_corrects(
    correction_run: IndexRun, published_run: IndexRun, secretariat: User
) -> None:
    correction = services.run_publish(actor=secretariat, run=correction_run)
    published_run.refresh_from_db()
    assert published_run.status == IndexRun.Status.SUPERSEDED
    assert published_run.superseded_at == correction.published_at
    assert list(
        IndexRun.objects.filter(round=published_run.round, status=IndexRun.Status.PUBLISHED)
    ) == [correction_run]


def test_a_correction_of_a_superseded_run_is_refused(
    correction_run: IndexRun, published_run: IndexRun, secretariat: User, english: None
) -> None:
    second = services.run_correct(actor=secretariat, run=published_run, changelog="Another fix.")
    services.run_publish(actor=secretariat, run=correction_run)
    with pytest.raises(ValidationError) as error:
        services.run_publish(actor=secretariat, run=second)
    assert "no longer the published one" in " ".join(error.value.messages)
    second.refresh_from_db()
    assert second.status == IndexRun.Status.PREVIEW


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_publications_one_wins_the_other_is_told(
    computed_round: Round, compute: Callable[..., IndexRun], secretariat: User
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections (PostgreSQL)")
    runs = [compute(computed_round), compute(computed_round)]

    outcomes = at_once([_publishing(run, secretariat) for run in runs])

    assert sorted(map(str, outcomes)) == ["done", "refused"], outcomes
    assert "publish a correction" in next(o.refusal for o in outcomes if not o.done)
    published = IndexRun.objects.filter(round=computed_round, status=IndexRun.Status.PUBLISHED)
    assert published.count() == 1


def _publishing(run: IndexRun, actor: User) -> Callable[[], Action]:
    def publish() -> None:
        with translation.override("en"):
            services.run_publish(actor=actor, run=run)

    return lambda: publish


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_corrections_of_one_run_one_wins(
    published_run: IndexRun, secretariat: User
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections (PostgreSQL)")
    corrections = [
        services.run_correct(actor=secretariat, run=published_run, changelog=f"Fix {n}.")
        for n in (1, 2)
    ]

    outcomes = at_once([_publishing(run, secretariat) for run in corrections])

    assert sorted(map(str, outcomes)) == ["done", "refused"], outcomes
    assert "no longer the published one" in next(o.refusal for o in outcomes if not o.done)
    published_run.refresh_from_db()
    assert published_run.status == IndexRun.Status.SUPERSEDED


# Which run is current --------------------------------------------------------------------


def test_the_api_says_which_run_is_current(
    correction_run: IndexRun, published_run: IndexRun, secretariat: User, client: Client
) -> None:
    services.run_publish(actor=secretariat, run=correction_run)
    runs = {row["id"]: row for row in client.get("/api/v1/runs/").json()["results"]}
    assert runs[correction_run.pk]["current_run"] == correction_run.pk
    assert runs[correction_run.pk]["superseded_by"] is None
    assert runs[published_run.pk]["current_run"] == correction_run.pk
    assert runs[published_run.pk]["superseded_by"] == correction_run.pk
    assert runs[published_run.pk]["status"] == "superseded"
    detail = client.get(f"/api/v1/runs/{published_run.pk}/").json()
    assert detail["superseded_by"] == correction_run.pk


def test_the_pages_link_the_current_and_the_superseded_runs(
    correction_run: IndexRun, published_run: IndexRun, secretariat: User, client: Client
) -> None:
    services.run_publish(actor=secretariat, run=correction_run)
    overview = client.get("/en/observatory/").content.decode()
    assert f'href="/en/observatory/runs/{correction_run.pk}/"' in overview
    assert f'href="/en/observatory/runs/{published_run.pk}/"' in overview
    old = client.get(f"/en/observatory/runs/{published_run.pk}/").content.decode()
    assert "This run is superseded by a correction." in old
    assert f'href="/en/observatory/runs/{correction_run.pk}/"' in old
    current = client.get(f"/en/observatory/runs/{correction_run.pk}/").content.decode()
    assert "Current publication of this round" in current
    assert f'href="/en/observatory/runs/{published_run.pk}/"' in current


# Publishing a run publishes its submissions ----------------------------------------------


def test_publishing_a_run_publishes_exactly_its_input_submissions(
    preview_run: IndexRun, secretariat: User, client: Client
) -> None:
    measurement_round = preview_run.round
    inputs = set(preview_run.inputs.values_list("submission_id", flat=True))
    states = dict(measurement_round.submissions.values_list("pk", "state"))
    assert {states[pk] for pk in inputs} == {Submission.State.VALIDATED}
    ury = measurement_round.submissions.get(country__iso3="URY")
    page = f"/en/rounds/{measurement_round.pk}/URY/"
    assert client.get(page).status_code == 404

    services.run_publish(actor=secretariat, run=preview_run)

    after = dict(measurement_round.submissions.values_list("pk", "state"))
    assert {after[pk] for pk in inputs} == {Submission.State.PUBLISHED}
    outside = set(after) - inputs
    assert outside
    assert {after[pk] for pk in outside} == {states[pk] for pk in outside}
    assert ury.transitions.filter(to_state=Submission.State.PUBLISHED, actor=secretariat).exists()
    assert client.get(page).status_code == 200
    api = client.get("/api/v1/values/", {"country": "URY", "page_size": 500}).json()
    reported = {row["code"]: row["value"] for row in api["results"]}
    assert reported["procedures_total"] == 100  # the published submission's value
    assert ury.values.get(variable__code="procedures_total").value == 100


def test_no_download_or_api_lists_a_value_of_an_unpublished_submission(
    published_run: IndexRun, client: Client
) -> None:
    round_id = published_run.round_id
    published = set(
        Submission.objects.filter(round_id=round_id, state=Submission.State.PUBLISHED).values_list(
            "country__iso3", flat=True
        )
    )
    api = client.get("/api/v1/values/", {"round": round_id, "page_size": 500}).json()
    assert api["next"] is None
    listed = {row["country"] for row in api["results"]}
    text = client.get(f"/data/values/{round_id}.csv").content.decode()
    in_csv = {row["country_iso3"] for row in csv.DictReader(io.StringIO(text))}
    sdmx = client.get(f"/data/values/{round_id}.sdmx.csv").content.decode()
    in_sdmx = {row["REF_AREA"] for row in csv.DictReader(io.StringIO(sdmx))}
    assert listed == in_csv == in_sdmx == published
    for iso3 in listed:
        assert client.get(f"/en/rounds/{round_id}/{iso3}/").status_code == 200
    unpublished = Submission.objects.filter(round_id=round_id).exclude(
        state=Submission.State.PUBLISHED
    )
    assert unpublished.exists()
    for submission in unpublished.select_related("country"):
        assert submission.country.iso3 not in listed
