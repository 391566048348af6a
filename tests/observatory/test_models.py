"""Index runs once published never change: the model refuses, and so does the database."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from gealc.observatory.models import IndexRun, RunDiagnostics, RunInput, RunScore


def test_a_preview_stores_scores_inputs_and_diagnostics(preview_run: IndexRun) -> None:
    # 5 countries x (3 indicators + 3 dimensions + the index)
    assert preview_run.scores.count() == 5 * 7
    # 5 countries x (4 variables + 3 indicators)
    assert preview_run.inputs.count() == 5 * 7
    assert RunDiagnostics.objects.filter(run=preview_run).exists()
    assert preview_run.status == IndexRun.Status.PREVIEW


def test_a_preview_may_change(preview_run: IndexRun) -> None:
    preview_run.title = "Renamed preview"
    preview_run.save()
    assert IndexRun.objects.get(pk=preview_run.pk).title == "Renamed preview"


def test_save_of_a_published_run_is_refused(published_run: IndexRun) -> None:
    published_run.title = "Changed"
    with pytest.raises(ValidationError):
        published_run.save()
    assert IndexRun.objects.get(pk=published_run.pk).title != "Changed"


def test_delete_of_a_published_run_is_refused(published_run: IndexRun) -> None:
    with pytest.raises(ValidationError):
        published_run.delete()
    assert IndexRun.objects.filter(pk=published_run.pk).exists()


def test_rows_of_a_published_run_are_refused(published_run: IndexRun) -> None:
    score = published_run.scores.first()
    score.score = 1.0
    with pytest.raises(ValidationError):
        score.save()
    with pytest.raises(ValidationError):
        published_run.inputs.first().delete()
    with pytest.raises(ValidationError):
        published_run.diagnostics.save()


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_a_bulk_update_of_a_published_run(published_run: IndexRun) -> None:
    original = IndexRun.objects.get(pk=published_run.pk).title
    scores = list(RunScore.objects.filter(run=published_run).values_list("score", flat=True))
    with pytest.raises(DatabaseError), transaction.atomic():
        IndexRun.objects.filter(pk=published_run.pk).update(title="Bypassed")
    with pytest.raises(DatabaseError), transaction.atomic():
        RunScore.objects.filter(run=published_run).update(score=0)
    with pytest.raises(DatabaseError), transaction.atomic():
        RunInput.objects.filter(run=published_run).update(value=0)
    assert IndexRun.objects.get(pk=published_run.pk).title == original
    assert list(RunScore.objects.filter(run=published_run).values_list("score", flat=True)) == (
        scores
    )


def test_the_database_lets_a_published_run_become_superseded_only(
    published_run: IndexRun,
) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        IndexRun.objects.filter(pk=published_run.pk).update(status=IndexRun.Status.PREVIEW)
    IndexRun.objects.filter(pk=published_run.pk).update(status=IndexRun.Status.SUPERSEDED)
    assert IndexRun.objects.get(pk=published_run.pk).status == IndexRun.Status.SUPERSEDED


def test_a_correction_needs_a_changelog(published_run: IndexRun, english: None) -> None:
    run = IndexRun(
        round=published_run.round,
        framework_version=published_run.framework_version,
        title="x",
        spec={},
        input_hash="0",
        engine_version="1",
        seed=1,
        uncertainty_runs=2,
        created_by=published_run.created_by,
        corrects=published_run,
    )
    with pytest.raises(ValidationError) as raised:
        run.full_clean()
    assert "what changed" in str(raised.value)
