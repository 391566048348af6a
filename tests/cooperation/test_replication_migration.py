"""The knowledge hub's replication requests become cooperation requests: the data migration
run for real, backwards to before it and forwards again."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gealc.cooperation.models import Request, State
from gealc.knowledge.models import Practice
from gealc.network.models import Country
from tests.knowledge.conftest import *  # noqa: F403  (practices and network fixtures)

BEFORE = [("knowledge", "0003_software_descriptions"), ("cooperation", "0001_initial")]
SENT = datetime.datetime(2024, 5, 6, 7, 8, tzinfo=datetime.UTC)


@pytest.fixture
def before_the_move(transactional_db: None) -> Iterator[MigrationExecutor]:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor.loader.build_graph()
    yield executor
    # Leave the schema as every other test expects it, whatever happened.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_replication_requests_become_submitted_cooperation_requests(
    before_the_move: MigrationExecutor,
    practice_published: Practice,
    member_bra: User,
    brazil: Country,
    uruguay: Country,
) -> None:
    old_apps = before_the_move.loader.project_state(BEFORE).apps
    Old = old_apps.get_model("knowledge", "ReplicationRequest")
    old = Old.objects.create(
        practice_id=practice_published.pk,
        requester_id=member_bra.pk,
        requester_country_id=brazil.pk,
        message="Queremos replicar esta práctica en nuestras escuelas.",
        status="answered",
        is_demo=True,
    )
    Old.objects.filter(pk=old.pk).update(created_at=SENT)
    without_country = Old.objects.create(
        practice_id=practice_published.pk,
        requester_id=member_bra.pk,  # Brazil's focal point: the country comes from the post
        message="Otra consulta.",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # the move and everything after it

    moved = Request.objects.get(need_es="Queremos replicar esta práctica en nuestras escuelas.")
    assert moved.requesting_country == brazil
    assert moved.practice_id == practice_published.pk
    assert moved.title_es == practice_published.title_es
    assert moved.modality == "document_exchange"
    assert moved.state == State.SUBMITTED
    assert moved.created_at == SENT
    assert moved.created_by == member_bra
    assert moved.is_demo
    assert moved.working_line.slug == "open-data"  # the practice's working-line tag
    assert list(moved.preferred_partners.all()) == [uruguay]
    moves = list(moved.transitions.values_list("from_state", "to_state", "actor", "at"))
    assert moves == [
        ("", "draft", member_bra.pk, SENT),
        ("draft", "submitted", member_bra.pk, SENT),
    ]
    assert "status: answered" in moved.transitions.last().reason
    assert moved.history.get().history_date == SENT
    other = Request.objects.get(need_es="Otra consulta.")
    assert other.requesting_country == brazil
    assert without_country.pk != old.pk
