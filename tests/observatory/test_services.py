"""Computing, publishing and correcting index runs, through the real services."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError

from gealc import index as engine
from gealc.measurement.models import Round, Value
from gealc.observatory import services
from gealc.observatory.models import IndexRun, RunInput, RunScore
from tests.observatory.conftest import CHANGELOG, RUNS, SEED


def test_only_validated_and_published_submissions_are_computed(preview_run: IndexRun) -> None:
    countries = set(preview_run.scores.values_list("country__iso3", flat=True))
    assert countries == {"URY", "BRA", "CHL", "ARG", "MEX"}  # Paraguay's draft is left out


def test_the_run_equals_the_engine_on_the_stored_spec_and_inputs(preview_run: IndexRun) -> None:
    indicators = RunInput.objects.filter(run=preview_run, kind=RunInput.Kind.INDICATOR)
    frame = (
        pd.DataFrame(
            list(indicators.values("country__iso3", "code", "value")),
        )
        .pivot(index="country__iso3", columns="code", values="value")
        .reset_index()
        .rename(columns={"country__iso3": "iso3"})
    )
    frame["name"] = frame["iso3"]
    result = engine.build(preview_run.spec, frame)
    assert result.data_hash == preview_run.input_hash
    for row in RunScore.objects.filter(run=preview_run).select_related("country"):
        expected = result.scores[row.node][row.country.iso3]
        if pd.isna(expected):
            assert row.score is None
        else:
            assert row.score == pytest.approx(float(expected))
            assert row.rank == int(result.ranks[row.node][row.country.iso3])


def test_every_number_traces_to_a_submitted_value_with_its_evidence(
    preview_run: IndexRun,
) -> None:
    signature = preview_run.inputs.get(
        kind=RunInput.Kind.VARIABLE, code="signature_law", country__iso3="URY"
    )
    assert signature.source_value.submission.country.iso3 == "URY"
    assert signature.evidence_url.startswith("https://")
    missing = preview_run.inputs.get(
        kind=RunInput.Kind.INDICATOR, code="user_satisfaction", country__iso3="MEX"
    )
    assert missing.value is None
    assert missing.status == Value.Status.NOT_AVAILABLE


def test_uncertainty_and_diagnostics_are_stored(preview_run: IndexRun) -> None:
    index = preview_run.scores.get(node="index", country__iso3="URY")
    assert index.rank == 1
    assert index.rank_q05 <= index.rank_median <= index.rank_q95
    assert index.score_q05 <= index.score_q95
    assert preview_run.uncertainty_runs == RUNS
    assert preview_run.seed == SEED
    diagnostics = preview_run.diagnostics
    assert diagnostics.uncertainty["runs"] == RUNS
    assert diagnostics.sensitivity["indices"]
    assert "alpha" in diagnostics.coherence


def test_the_same_inputs_and_seed_give_the_same_figures(
    preview_run: IndexRun, compute: Callable[..., IndexRun]
) -> None:
    again = compute(preview_run.round)
    fields = ("country__iso3", "node", "score", "rank", "rank_q05", "rank_q95")
    assert list(again.scores.order_by("country__iso3", "node").values_list(*fields)) == list(
        preview_run.scores.order_by("country__iso3", "node").values_list(*fields)
    )
    assert again.input_hash == preview_run.input_hash


def test_too_few_validated_submissions_is_a_field_error(
    open_round: Round, compute: Callable[..., IndexRun]
) -> None:
    with pytest.raises(ValidationError) as raised:
        compute(open_round)
    assert "round" in raised.value.message_dict
    assert not IndexRun.objects.exists()


@pytest.mark.parametrize("runs", [0, 1, 10**9])
def test_an_unreasonable_number_of_runs_is_refused(
    computed_round: Round, compute: Callable[..., IndexRun], runs: int
) -> None:
    with pytest.raises(ValidationError) as raised:
        compute(computed_round, runs=runs)
    assert "uncertainty_runs" in raised.value.message_dict


def test_publish_then_nothing_changes(published_run: IndexRun, secretariat: User) -> None:
    assert published_run.status == IndexRun.Status.PUBLISHED
    assert published_run.published_by == secretariat
    with pytest.raises(ValidationError):
        services.run_publish(actor=secretariat, run=published_run)


def test_a_correction_supersedes_on_publication(
    correction_run: IndexRun, published_run: IndexRun, secretariat: User
) -> None:
    assert correction_run.corrects == published_run
    assert correction_run.changelog == CHANGELOG
    assert correction_run.scores.filter(country__iso3="PRY").exists()
    services.run_publish(actor=secretariat, run=correction_run)
    published_run.refresh_from_db()
    assert published_run.status == IndexRun.Status.SUPERSEDED
    assert published_run.scores.filter(country__iso3="PRY").count() == 0


def test_a_correction_needs_a_changelog(published_run: IndexRun, secretariat: User) -> None:
    with pytest.raises(ValidationError) as raised:
        services.run_correct(actor=secretariat, run=published_run, changelog="  ")
    assert "changelog" in raised.value.message_dict


def test_a_preview_cannot_be_corrected(preview_run: IndexRun, secretariat: User) -> None:
    with pytest.raises(ValidationError):
        services.run_correct(actor=secretariat, run=preview_run, changelog="x")


def test_a_preview_may_be_discarded_but_not_a_published_run(
    preview_run: IndexRun, secretariat: User, compute: Callable[..., IndexRun], english: None
) -> None:
    other = compute(preview_run.round)
    services.run_discard(actor=secretariat, run=other)
    assert not IndexRun.objects.filter(pk=other.pk).exists()
    published = services.run_publish(actor=secretariat, run=preview_run)
    with pytest.raises(ValidationError, match="cannot be discarded"):
        services.run_discard(actor=secretariat, run=published)
    assert IndexRun.objects.count() == 1


# Permission matrix ------------------------------------------------------------------------

ALLOWED = {"secretariat", "administrator"}


@pytest.mark.parametrize(
    "role",
    ["public", "stakeholder", "member_own", "member_other", "reviewer", "secretariat",
     "administrator"],
)  # fmt: skip
def test_compute_permission(
    role: str,
    users_by_role: dict[str, User | AnonymousUser],
    computed_round: Round,
) -> None:
    actor = users_by_role[role]
    if role in ALLOWED:
        run = services.run_compute(actor=actor, round=computed_round, uncertainty_runs=RUNS)
        assert run.status == IndexRun.Status.PREVIEW
        return
    with pytest.raises(PermissionDenied):
        services.run_compute(actor=actor, round=computed_round, uncertainty_runs=RUNS)
    assert not IndexRun.objects.exists()


@pytest.mark.parametrize(
    "role",
    ["public", "stakeholder", "member_own", "member_other", "reviewer", "secretariat",
     "administrator"],
)  # fmt: skip
def test_publish_and_correct_permission(
    role: str,
    users_by_role: dict[str, User | AnonymousUser],
    preview_run: IndexRun,
    secretariat: User,
) -> None:
    actor = users_by_role[role]
    allowed = role in ALLOWED
    assert actor.has_perm("observatory.view_indexrun", preview_run) is allowed
    if not allowed:
        with pytest.raises(PermissionDenied):
            services.run_publish(actor=actor, run=preview_run)
        preview_run.refresh_from_db()
        assert preview_run.status == IndexRun.Status.PREVIEW
        published = services.run_publish(actor=secretariat, run=preview_run)
        assert actor.has_perm("observatory.view_indexrun", published)
        with pytest.raises(PermissionDenied):
            services.run_correct(actor=actor, run=published, changelog="x")
        assert IndexRun.objects.count() == 1
        return
    published = services.run_publish(actor=actor, run=preview_run)
    correction = services.run_correct(actor=actor, run=published, changelog="Because.")
    assert correction.corrects == published


def test_the_command_computes_and_publishes(
    computed_round: Round, secretariat: User, member_ury: User
) -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("run_compute", computed_round.pk, actor=member_ury.username, runs=RUNS)
    with pytest.raises(CommandError):
        call_command("run_compute", 999999, actor=secretariat.username)
    call_command(
        "run_compute", computed_round.pk, actor=secretariat.username, runs=RUNS, publish=True
    )
    assert IndexRun.objects.get().status == IndexRun.Status.PUBLISHED
