"""Index runs: compute (a preview), publish, correct, retry, discard; and the UN EGDI
benchmark (``egdi_load``). The only code that writes them.

Each service checks the actor's permission (``PermissionDenied``), validates
(``ValidationError`` naming the field) and writes in one transaction. ``run_compute`` and
``run_correct`` create the run queued and hand it to a worker (``tasks.compute_run``), which
calls ``run_execute``: it runs the engine once and stores everything the public will see
(scores, ranks and rank intervals at every level, the inputs with their evidence, coherence,
uncertainty and sensitivity) in one transaction, so that publishing and serving never compute
again; a refusal makes the run failed, with its reason. ``run_publish`` keeps one published
run per round and publishes the run's input submissions with it. ``egdi_load`` installs
reference data, as ``migrate`` would, and takes no actor.
"""

from __future__ import annotations

import copy
import datetime
import json
import logging
import math
import threading
import traceback
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gealc import index as engine
from gealc.core.services import authorise
from gealc.core.types import AnyUser
from gealc.measurement import formulas
from gealc.measurement import services as measurement_services
from gealc.measurement.models import Indicator, Round, Submission, Value
from gealc.observatory import benchmarks_egdi, cache, engine_messages, notifications
from gealc.observatory import rules as observatory_rules
from gealc.observatory.models import EgdiValue, IndexRun, RunDiagnostics, RunInput, RunScore

logger = logging.getLogger(__name__)
COMPUTED_STATES = (Submission.State.VALIDATED, Submission.State.PUBLISHED)
MIN_COUNTRIES = 3
MAX_UNCERTAINTY_RUNS = 100_000
DEFAULT_UNCERTAINTY_RUNS = 10_000
# A worker stamps a computing run this often (settings.GEALC_RUN_HEARTBEAT_SECONDS); after
# STALE_HEARTBEATS missed stamps the worker is presumed dead and the run fails, retryable.
DEFAULT_HEARTBEAT_SECONDS = 10.0
STALE_HEARTBEATS = 6
SENSITIVITY_BASE_SAMPLES = 1024
SENSITIVITY_BOOTSTRAP = 100
# When the framework's method says nothing about uncertainty: every weight of an indicator
# within its dimension and of a dimension within the index varies by up to ±25 %.
DEFAULT_UNCERTAINTY: dict[str, Any] = {
    "weight_noise": [{"level": 1, "factor": 0.25}, {"level": 2, "factor": 0.25}],
}


# Computing --------------------------------------------------------------------------------


@dataclass
class RunData:
    """What goes into the engine: one row per country, one column per indicator."""

    frame: pd.DataFrame
    submissions: list[Submission]
    inputs: list[RunInput] = field(default_factory=list)


def run_compute(
    *,
    actor: AnyUser,
    round: Round,
    uncertainty_runs: int = DEFAULT_UNCERTAINTY_RUNS,
    seed: int | None = None,
    title: str = "",
    titles: Mapping[str, str] | None = None,
    is_demo: bool = False,
    inline: bool = False,
) -> IndexRun:
    """Queue a preview run of ``round`` (from its validated and published submissions) for a
    worker, after the checks that need no engine (permission, number of runs, enough
    submissions, the method). With the immediate task backend, or ``inline`` (the demo and
    the command), it is computed before this returns: the run comes back ready or failed.

    ``title`` is in the actor's language, ``titles`` by language code; with neither, the run
    gets the default title in every language."""
    authorise(actor, "observatory.compute_indexrun", round)
    return _queue(
        actor=actor,
        measurement_round=round,
        uncertainty_runs=uncertainty_runs,
        seed=seed,
        titles=_given_titles(title, titles),
        is_demo=is_demo,
        inline=inline,
    )


def _given_titles(title: str, titles: Mapping[str, str] | None) -> dict[str, str]:
    given = {code: text.strip() for code, text in (titles or {}).items() if text.strip()}
    if title.strip():
        given[get_language() or settings.LANGUAGE_CODE] = title.strip()
    return given


def _title_fields(measurement_round: Round, given: Mapping[str, str]) -> dict[str, str]:
    """The run's ``title_<language>`` columns: the titles given (the other languages fall back
    to them, marked), or else the default title written in each language."""
    fields = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            fields[f"title_{code}"] = given.get(code, "") or (
                "" if given else _default_title(measurement_round)
            )
    default = fields[f"title_{settings.LANGUAGE_CODE}"]
    return {"title": default or next(iter(given.values())), **fields}


def _queue(
    *,
    actor: AnyUser,
    measurement_round: Round,
    uncertainty_runs: int,
    seed: int | None,
    titles: Mapping[str, str],
    is_demo: bool,
    inline: bool = False,
    corrects: IndexRun | None = None,
    changelog: str = "",
) -> IndexRun:
    _check_runs(uncertainty_runs)
    _check_enough_submissions(measurement_round)
    spec = run_spec(measurement_round, uncertainty_runs, seed)
    with transaction.atomic():
        run = IndexRun(
            status=IndexRun.Status.QUEUED,
            round=measurement_round,
            framework_version=measurement_round.framework_version,
            **_title_fields(measurement_round, titles),
            spec=spec,
            seed=int(spec["seed"]),
            uncertainty_runs=uncertainty_runs,
            created_by=actor,
            corrects=corrects,
            changelog=changelog.strip(),
            is_demo=is_demo or measurement_round.is_demo,
            language=get_language() or settings.LANGUAGE_CODE,
        )
        run.full_clean()
        run.save()
        # In the same transaction: a database-backed queue gets the task with the run.
        _start(run, inline=inline)
    run.refresh_from_db()
    return run


def _start(run: IndexRun, *, inline: bool) -> None:
    if inline:
        run_execute(run_id=run.pk)
        return
    from gealc.observatory import tasks  # the tasks module imports this one

    tasks.compute_run.enqueue(run_id=run.pk, language=run.language)


def _check_enough_submissions(measurement_round: Round) -> None:
    count = measurement_round.submissions.filter(state__in=COMPUTED_STATES).count()
    if count < MIN_COUNTRIES:
        raise ValidationError({"round": _too_few_message(count)})


def _too_few_message(count: int) -> str:
    return _(
        "An index needs at least %(count)s validated submissions; this round has %(actual)s."
    ) % {"count": MIN_COUNTRIES, "actual": count}


# The worker's part ------------------------------------------------------------------------


def run_execute(*, run_id: int, heartbeat: bool = False) -> IndexRun | None:
    """Compute a queued run (the body of ``tasks.compute_run``): claim it (queued →
    computing), run the engine, then store every result and mark it ready in one transaction,
    so a worker that dies leaves nothing half-stored. A refusal of the engine or of the data
    makes it failed, with the reason in the active language and the English detail in
    ``failure_log``. With ``heartbeat`` a thread updates ``heartbeat_at`` while the engine
    works, which is how a dead worker is recognised (``runs_fail_abandoned``). Returns None
    when the run is gone or was not queued (discarded, or claimed by another worker)."""
    runs_fail_abandoned()
    run = _claim(run_id)
    if run is None:
        return None
    try:
        with _heartbeat(run.pk, enabled=heartbeat):
            data = run_data(run.round)
            analysis = _analyse(
                run.spec, data.frame, run.uncertainty_runs, measurement_round=run.round
            )
    except ValidationError as error:
        return _fail(run, "; ".join(error.messages), _english_detail(error))
    except Exception:  # the reason is for people; the traceback is kept for whoever fixes it
        logger.exception("Run %s failed", run.pk)
        reason = _(
            "The computation stopped on an unexpected error. Retry it; if it fails "
            "again, an administrator will find the detail in the run's failure log."
        )
        return _fail(run, reason, traceback.format_exc())
    return _finish(run, data, analysis)


def _claim(run_id: int) -> IndexRun | None:
    with transaction.atomic():
        run = IndexRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status != IndexRun.Status.QUEUED:
            return None
        now = timezone.now()
        run.status = IndexRun.Status.COMPUTING
        run.started_at = run.heartbeat_at = now
        run.save(update_fields=["status", "started_at", "heartbeat_at"])
    return run


def _finish(run: IndexRun, data: RunData, analysis: Analysis) -> IndexRun:
    with transaction.atomic():
        current = IndexRun.objects.select_for_update().filter(pk=run.pk).first()
        if current is None or current.status != IndexRun.Status.COMPUTING:
            return current  # given up as abandoned meanwhile: a retry computes it again
        current.status = IndexRun.Status.PREVIEW
        current.input_hash = analysis.result.data_hash
        current.engine_version = analysis.result.version
        current.finished_at = timezone.now()
        current.save()
        _store(current, data, analysis)
    return current


def _fail(run: IndexRun, reason: str, detail: str) -> IndexRun:
    with transaction.atomic():
        updated = IndexRun.objects.filter(pk=run.pk, status=IndexRun.Status.COMPUTING).update(
            status=IndexRun.Status.FAILED,
            failure_reason=reason,
            failure_log=detail,
            finished_at=timezone.now(),
        )
    run.refresh_from_db()
    if updated:
        logger.warning("Run %s failed: %s", run.pk, detail)
    return run


def _english_detail(error: ValidationError) -> str:
    """The engine's own (English) words behind a translated refusal, when there are some."""
    cause = error.__cause__ or error.__context__
    if cause is not None:
        return f"{type(cause).__name__}: {cause}"
    with translation.override("en"):
        return "; ".join(str(message) for message in error.messages)


def heartbeat_seconds() -> float:
    return float(getattr(settings, "GEALC_RUN_HEARTBEAT_SECONDS", DEFAULT_HEARTBEAT_SECONDS))


@contextmanager
def _heartbeat(run_id: int, *, enabled: bool) -> Iterator[None]:
    """While the engine computes, a thread stamps ``heartbeat_at`` every few seconds (its own
    connection, closed at the end); it stops before the results are stored."""
    if not enabled:
        yield
        return
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(heartbeat_seconds()):
                IndexRun.objects.filter(pk=run_id, status=IndexRun.Status.COMPUTING).update(
                    heartbeat_at=timezone.now()
                )
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"run-{run_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def runs_fail_abandoned() -> int:
    """Make failed (and so retryable) every run no worker will finish: a computing run whose
    worker stopped beating (killed, out of memory, its machine gone), and a queued run that
    no task is left to start (see ``_queued_without_task``). Called by every worker before it
    computes and by the run pages. Returns how many runs it gave up."""
    limit = timezone.now() - datetime.timedelta(seconds=STALE_HEARTBEATS * heartbeat_seconds())
    stale = IndexRun.objects.filter(status=IndexRun.Status.COMPUTING, heartbeat_at__lt=limit)
    given_up = 0
    for run in stale:
        with translation.override(run.language or settings.LANGUAGE_CODE):
            reason = _(
                "The worker computing this run stopped before it finished; nothing was "
                "stored. Retry it."
            )
        given_up += IndexRun.objects.filter(
            pk=run.pk, status=IndexRun.Status.COMPUTING, heartbeat_at__lt=limit
        ).update(
            status=IndexRun.Status.FAILED,
            failure_reason=reason,
            failure_log=f"No heartbeat since {run.heartbeat_at.isoformat()}: worker presumed dead.",
            finished_at=timezone.now(),
        )
    for run, why in _queued_without_task(limit):
        with translation.override(run.language or settings.LANGUAGE_CODE):
            reason = _("No worker started this run and none is left to start it. Retry it.")
        given_up += IndexRun.objects.filter(pk=run.pk, status=IndexRun.Status.QUEUED).update(
            status=IndexRun.Status.FAILED,
            failure_reason=reason,
            failure_log=f"Queued with no task left to run it: {why}.",
            finished_at=timezone.now(),
        )
    return given_up


def _queued_without_task(limit: datetime.datetime) -> Iterator[tuple[IndexRun, str]]:
    """Queued runs older than ``limit`` (six heartbeat intervals) that no task will start,
    with why: with the database task backend, the run's newest task is missing (pruned,
    deleted), finished (failed before it could start it) or was taken by a worker that died
    before starting the run (running since before ``limit``, the run still queued); with the
    immediate backend the request that queued it computed it or died. A task still waiting
    in the queue keeps its run queued, however long the queue. Other backends are not asked."""
    from django_tasks import TaskResultStatus
    from django_tasks.backends.immediate import ImmediateBackend
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from gealc.observatory import tasks  # the tasks module imports this one

    finished = (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)
    backend = tasks.compute_run.get_backend()
    if not isinstance(backend, DatabaseBackend | ImmediateBackend):
        return
    queued = IndexRun.objects.filter(status=IndexRun.Status.QUEUED, created_at__lt=limit)
    for run in queued:
        if isinstance(backend, ImmediateBackend):
            yield run, "the immediate backend has no queue"
            continue
        task = (
            DBTaskResult.objects.filter(
                task_path=tasks.compute_run.module_path, args_kwargs__kwargs__run_id=run.pk
            )
            .order_by("-enqueued_at")
            .first()
        )
        if task is None:
            yield run, "its task is missing"
        elif task.status in finished and task.finished_at < limit:
            yield run, f"its task {task.id} is {task.status}"
        elif task.status == TaskResultStatus.RUNNING and task.started_at < limit:
            yield run, f"the worker that took its task {task.id} died before starting it"


def _check_runs(uncertainty_runs: int) -> None:
    if not isinstance(uncertainty_runs, int) or not (2 <= uncertainty_runs <= MAX_UNCERTAINTY_RUNS):
        raise ValidationError(
            {
                "uncertainty_runs": _("Between %(low)s and %(high)s runs.")
                % {"low": 2, "high": MAX_UNCERTAINTY_RUNS}
            }
        )


def _default_title(measurement_round: Round) -> str:
    title = _("%(framework)s index %(year)s") % {
        "framework": measurement_round.framework_version.name,
        "year": measurement_round.reference_year,
    }
    return f"{title} (DEMO)" if measurement_round.is_demo else title


def run_spec(measurement_round: Round, uncertainty_runs: int, seed: int | None) -> dict[str, Any]:
    """The framework's stored method, with uncertainty settings when it has none."""
    spec = copy.deepcopy(measurement_round.framework_version.index_spec)
    if not spec.get("nodes"):
        raise ValidationError({"round": _("The framework version has no index method.")})
    spec.setdefault("columns", {"unit": "iso3", "name": "name"})
    uncertainty = spec.setdefault("uncertainty", copy.deepcopy(DEFAULT_UNCERTAINTY))
    uncertainty["runs"] = uncertainty_runs
    uncertainty.pop("target", None)
    spec.setdefault(
        "sensitivity",
        {"base_samples": SENSITIVITY_BASE_SAMPLES, "bootstrap": SENSITIVITY_BOOTSTRAP},
    )
    if seed is not None:
        spec["seed"] = int(seed)
    spec.setdefault("seed", 0)
    try:
        engine.parse_spec(spec)
    except engine.SpecError as error:
        raise _refused(error, measurement_round) from None
    return spec


def _refused(
    error: engine.SpecError | engine.DataError, measurement_round: Round
) -> ValidationError:
    """The engine's refusal for the secretariat, in their language; in English in the log."""
    logger.warning("Round %s cannot be computed: %s", measurement_round.pk, error)
    framework = measurement_round.framework_version
    return ValidationError({"round": engine_messages.describe(error, framework=framework)})


def run_data(measurement_round: Round) -> RunData:
    """Indicator values per country from the validated and published submissions, each with
    the variables it came from; an indicator that cannot be computed is missing (NaN) and the
    method decides (by default a missing indicator drops out of its dimension's mean)."""
    submissions = list(
        measurement_round.submissions.filter(state__in=COMPUTED_STATES)
        .select_related("country")
        .order_by("country__iso3")
    )
    if len(submissions) < MIN_COUNTRIES:
        raise ValidationError({"round": _too_few_message(len(submissions))})
    indicators = list(
        Indicator.objects.filter(framework=measurement_round.framework_version).order_by(
            "dimension__order", "order", "code"
        )
    )
    values = Value.objects.filter(submission__in=submissions).select_related("variable")
    by_submission: dict[int, list[Value]] = {}
    for value in values:
        by_submission.setdefault(value.submission_id, []).append(value)
    data = RunData(frame=pd.DataFrame(), submissions=submissions)
    rows = [
        _country_row(submission, by_submission.get(submission.pk, []), indicators, data)
        for submission in submissions
    ]
    data.frame = pd.DataFrame(rows, columns=["iso3", "name", *(i.code for i in indicators)])
    return data


def _country_row(
    submission: Submission, values: list[Value], indicators: list[Indicator], data: RunData
) -> dict[str, Any]:
    reported: dict[str, float] = {}
    statuses: dict[str, str] = {}
    for value in values:
        code = value.variable.code
        statuses[code] = value.status
        if value.is_reported:
            reported[code] = float(value.value)
        data.inputs.append(
            RunInput(
                submission=submission,
                country=submission.country,
                kind=RunInput.Kind.VARIABLE,
                code=code,
                source_value=value,
                value=reported.get(code),
                status=value.status,
                evidence_url=value.evidence_url,
                evidence_file=value.evidence_file.name or "",
            )
        )
    row: dict[str, Any] = {"iso3": submission.country.iso3, "name": submission.country.name}
    for indicator in indicators:
        number, status = _indicator_value(indicator, reported, statuses)
        row[indicator.code] = number
        data.inputs.append(
            RunInput(
                submission=submission,
                country=submission.country,
                kind=RunInput.Kind.INDICATOR,
                code=indicator.code,
                value=None if math.isnan(number) else number,
                status=status,
            )
        )
    return row


def _indicator_value(
    indicator: Indicator, reported: dict[str, float], statuses: dict[str, str]
) -> tuple[float, str]:
    """The indicator's value and status: not reported when one of its variables is not."""
    formula = formulas.parse(indicator.formula)
    for name in sorted(formula.names):
        if name not in reported:
            return math.nan, statuses.get(name, Value.Status.NOT_AVAILABLE)
    try:
        return formula.evaluate(reported), Value.Status.REPORTED
    except formulas.FormulaError:  # e.g. a division by a reported zero
        return math.nan, Value.Status.NOT_AVAILABLE


@dataclass
class Analysis:
    result: engine.Result
    rank_stats: dict[str, pd.DataFrame]
    score_stats: dict[str, pd.DataFrame]
    coherence: dict[str, Any]
    uncertainty: dict[str, Any]
    sensitivity: dict[str, Any]


def _analyse(
    spec: dict[str, Any], frame: pd.DataFrame, runs: int, *, measurement_round: Round
) -> Analysis:
    """Build, then the uncertainty of every aggregate (index and dimensions, all from one
    Monte Carlo pass), coherence and the sensitivity of the index's ranks to each uncertain
    assumption. An engine refusal is a ValidationError in the reader's language."""
    try:
        result = engine.build(spec, frame)
        aggregates = [node.code for node in result.spec.nodes if node.level > 1]
        analysis = engine.uncertainty(spec, frame, runs=runs, targets=aggregates)
        report = engine.coherence(result)
        sensitivity = engine.sensitivity(spec, frame)
    except (engine.SpecError, engine.DataError) as error:
        raise _refused(error, measurement_round) from None
    return Analysis(
        result=result,
        rank_stats=analysis.rank_stats_by_node,
        score_stats=analysis.score_stats_by_node,
        coherence=_coherence_json(report),
        uncertainty={
            "runs": runs,
            "seed": int(spec["seed"]),
            "settings": spec["uncertainty"],
            "targets": aggregates,
        },
        sensitivity={
            "base_samples": sensitivity_base_samples(spec),
            "indices": _records(sensitivity.indices),
        },
    )


def sensitivity_base_samples(spec: dict[str, Any]) -> int:
    return int(spec.get("sensitivity", {}).get("base_samples", SENSITIVITY_BASE_SAMPLES))


def _coherence_json(report: engine.CoherenceReport) -> dict[str, Any]:
    return {
        "alpha": {str(k): _number(v) for k, v in report.alpha.items()},
        "parent_correlations": _records(report.parent_correlations),
        "group_correlations": _records(report.group_correlations),
        "pca": _records(report.pca),
        "flags": _records(report.flags),
    }


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {str(key): _number(value) for key, value in row.items()}
        for row in frame.to_dict(orient="records")
    ]


def _number(value: Any) -> Any:
    """JSON-safe: numpy scalars become Python numbers, NaN becomes None."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NA:
        return None
    return value


def _store(run: IndexRun, data: RunData, analysis: Analysis) -> None:
    countries = {s.country.iso3: s.country for s in data.submissions}
    result = analysis.result
    levels = {node.code: node.level for node in result.spec.nodes}
    scores = []
    for code in result.scores.columns:
        stats = analysis.rank_stats.get(code)
        score_stats = analysis.score_stats.get(code)
        for iso3, score in result.scores[code].items():
            rank = result.ranks[code].get(iso3)
            scores.append(
                RunScore(
                    run=run,
                    country=countries[str(iso3)],
                    node=str(code),
                    level=levels[str(code)],
                    score=_number(score),
                    rank=None if pd.isna(rank) else int(rank),
                    **_intervals(stats, score_stats, str(iso3), rank, score),
                )
            )
    RunScore.objects.bulk_create(scores)
    for item in data.inputs:
        item.run = run
    RunInput.objects.bulk_create(data.inputs)
    RunDiagnostics.objects.create(
        run=run,
        coherence=analysis.coherence,
        uncertainty=analysis.uncertainty,
        sensitivity=analysis.sensitivity,
        log=[_log_entry(entry) for entry in result.log],
    )


def _intervals(
    stats: pd.DataFrame | None,
    score_stats: pd.DataFrame | None,
    iso3: str,
    rank: Any,
    score: Any,
) -> dict[str, float | None]:
    """An aggregate's uncertainty from its Monte Carlo runs; an indicator's scores do not
    depend on the varied weights, so its interval is its nominal rank and score."""
    if stats is None or score_stats is None:
        nominal_rank = None if pd.isna(rank) else float(rank)
        nominal_score = _number(score)
        return {
            "rank_median": nominal_rank,
            "rank_q05": nominal_rank,
            "rank_q95": nominal_rank,
            "score_q05": nominal_score,
            "score_q95": nominal_score,
        }
    return {
        "rank_median": _number(stats.at[iso3, "median"]),
        "rank_q05": _number(stats.at[iso3, "q05"]),
        "rank_q95": _number(stats.at[iso3, "q95"]),
        "score_q05": _number(score_stats.at[iso3, "q05"]),
        "score_q95": _number(score_stats.at[iso3, "q95"]),
    }


def _log_entry(entry: engine.LogEntry) -> dict[str, Any]:
    return json.loads(json.dumps(entry.to_dict(), default=_number))


# Publishing and correcting ----------------------------------------------------------------


def run_publish(*, actor: AnyUser, run: IndexRun) -> IndexRun:
    """Publish a ready preview: one published run per round, so a round that has one is
    refused (publish a correction of it instead) and a correction supersedes exactly the run
    it corrects, in the same transaction. Publishes run one at a time per round: the round's
    row is locked first, so of two simultaneous publications one wins and the other is told.
    Caches are invalidated when the transaction commits."""
    authorise(actor, "observatory.publish_indexrun", run)
    try:
        with transaction.atomic():
            Round.objects.select_for_update().filter(pk=run.round_id).first()
            run = IndexRun.objects.select_for_update().get(pk=run.pk)
            if not observatory_rules.is_preview.test(actor, run):
                raise ValidationError({"status": _("Only a preview can be published.")})
            now = timezone.now()
            if run.corrects_id is not None:
                _supersede(run.corrects_id, now)
            else:
                _refuse_second_publication(run)
            _publish_inputs(actor, run)
            run.status = IndexRun.Status.PUBLISHED
            run.published_at = now
            run.published_by = actor
            run.full_clean()
            run.save()
            cache.bump_published_generation()
            notifications.run_published(run)
    except IntegrityError as error:
        if not _violates_one_published_run(error):
            raise
        # Written around the round's lock: the index still holds.
        raise ValidationError({"status": _already_published_message()}) from None
    return run


def _violates_one_published_run(error: IntegrityError) -> bool:
    """Whether a failed write broke "one published run per round" (PostgreSQL names the
    constraint; SQLite names the indexed column), not another integrity rule."""
    message = str(error)
    return (
        "observatory_one_published_run_per_round" in message
        or "observatory_indexrun.round_id" in message
    )


def _already_published_message(current: IndexRun | None = None) -> str:
    if current is None:
        return _("This round already has a published run; publish a correction of it instead.")
    return _(
        "Round %(year)s already has a published run (#%(run)s); publish a correction of it instead."
    ) % {"year": current.round.reference_year, "run": current.pk}


def _refuse_second_publication(run: IndexRun) -> None:
    current = (
        IndexRun.objects.filter(round_id=run.round_id, status=IndexRun.Status.PUBLISHED)
        .select_related("round")
        .first()
    )
    if current is not None:
        raise ValidationError({"status": _already_published_message(current)})


def _publish_inputs(actor: AnyUser, run: IndexRun) -> None:
    """Publish the submissions the run was computed from, so that every value a published run
    makes public belongs to a published submission (with its transition in the history)."""
    submissions = Submission.objects.filter(
        pk__in=run.inputs.values("submission_id")
    ).select_related("country")
    for submission in submissions.order_by("country__iso3"):
        if submission.state == Submission.State.PUBLISHED:
            continue
        if submission.state != Submission.State.VALIDATED:
            raise ValidationError(
                {
                    "status": _(
                        "%(country)s's submission went into this run but is now %(state)s; "
                        "compute the run again."
                    )
                    % {"country": submission.country.name, "state": submission.get_state_display()}
                }
            )
        measurement_services.submission_publish(actor=actor, submission=submission)


def _supersede(run_id: int, now: Any) -> None:
    corrected = IndexRun.objects.select_for_update().get(pk=run_id)
    if not corrected.is_published:
        raise ValidationError(
            {"corrects": _("The run this corrects is no longer the published one.")}
        )
    corrected.status = IndexRun.Status.SUPERSEDED
    corrected.superseded_at = now
    # Only these two columns: a full save would also write the translated title's original
    # column from the active language, which the published-run guard rightly refuses.
    corrected.save(update_fields=["status", "superseded_at"])


def run_correct(
    *,
    actor: AnyUser,
    run: IndexRun,
    changelog: str,
    uncertainty_runs: int | None = None,
    seed: int | None = None,
    title: str = "",
    inline: bool = False,
) -> IndexRun:
    """A new preview that corrects a published run, queued for a worker like any run and
    recomputed from the round's current validated submissions, saying what changed and why;
    publishing it supersedes ``run``."""
    authorise(actor, "observatory.correct_indexrun", run)
    if not observatory_rules.is_current_publication.test(actor, run):
        raise ValidationError({"corrects": _("Only the current publication can be corrected.")})
    if not changelog or not changelog.strip():
        raise ValidationError({"changelog": _("Say what changed and why.")})
    return _queue(
        actor=actor,
        measurement_round=run.round,
        uncertainty_runs=uncertainty_runs or run.uncertainty_runs,
        seed=run.seed if seed is None else seed,
        # The corrected run's title in every language, unless the correction has its own.
        titles=_given_titles(title, None) or _texts_by_language(run, "title"),
        is_demo=run.is_demo,
        inline=inline,
        corrects=run,
        changelog=changelog,
    )


def _texts_by_language(run: IndexRun, name: str) -> dict[str, str]:
    texts = {code: getattr(run, f"{name}_{code}") or "" for code, _name in settings.LANGUAGES}
    return {code: text for code, text in texts.items() if text}


def run_retry(*, actor: AnyUser, run: IndexRun) -> IndexRun:
    """Queue a failed run again, with the same method and seed, in the language of whoever
    retries it (the data are read again when the worker computes)."""
    authorise(actor, "observatory.compute_indexrun", run.round)
    runs_fail_abandoned()
    with transaction.atomic():
        run = IndexRun.objects.select_for_update().get(pk=run.pk)
        if not observatory_rules.is_failed.test(actor, run):
            raise ValidationError({"status": _("Only a failed run can be retried.")})
        run.status = IndexRun.Status.QUEUED
        run.failure_reason = run.failure_log = ""
        run.started_at = run.heartbeat_at = run.finished_at = None
        run.language = get_language() or settings.LANGUAGE_CODE
        run.save()
        _start(run, inline=False)
    run.refresh_from_db()
    return run


def run_discard(*, actor: AnyUser, run: IndexRun) -> None:
    """Delete a run nobody will publish: a preview, a failed run or one still queued (never
    a published one, nor one a worker is computing)."""
    authorise(actor, "observatory.discard_indexrun", run)
    with transaction.atomic():
        current = IndexRun.objects.select_for_update().filter(pk=run.pk).first()
        if current is None:
            return
        if not observatory_rules.is_discardable.test(actor, current):
            raise ValidationError(
                {
                    "status": _("A run that is %(status)s cannot be discarded.")
                    % {"status": current.get_status_display()}
                }
            )
        current.delete()


# The UN EGDI benchmark -------------------------------------------------------------------


@transaction.atomic
def egdi_load(*, path: Path | None = None) -> int:
    """Store the UN EGDI benchmark (the shipped file by default): each edition and country is
    updated in place, never duplicated; returns how many rows. A bad file changes nothing.

    Reference data installed like the network's countries (``gealc manage egdi_load``, the
    demo): it takes no actor.
    """
    rows = benchmarks_egdi.egdi_rows(path)
    EgdiValue.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["year", "iso3"],
        update_fields=benchmarks_egdi.UPDATED_FIELDS,
        batch_size=500,
    )
    cache.bump_published_generation()
    return len(rows)
