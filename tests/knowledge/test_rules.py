"""The permission matrix: roles by actions on Uruguay's entries, through the services. A refusal
is PermissionDenied and the database is unchanged; an allowed call succeeds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import rules
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict

from gealc.knowledge import services
from gealc.knowledge.models import (
    Award,
    DatasetStatus,
    MaturityAssessment,
    OpenDataSet,
    Practice,
    SoftwareEntry,
    SoftwareUsage,
)
from gealc.network.models import Country

from .conftest import MATURITY_ANSWERS, publiccode_text

pytestmark = pytest.mark.usefixtures("english")

ROLES = (
    "public",
    "stakeholder",
    "member_own",
    "member_other",
    "reviewer",
    "secretariat",
    "administrator",
)
RUNS = {"secretariat", "administrator"}
OWN = RUNS | {"member_own"}
SIGNED_IN = set(ROLES) - {"public"}
MEMBERS_AND_RUNS = RUNS | {"member_own", "member_other"}


def _snapshot() -> list[Any]:
    models = (
        Practice,
        Award,
        SoftwareEntry,
        SoftwareUsage,
        OpenDataSet,
        DatasetStatus,
        MaturityAssessment,
    )
    return [
        sorted(
            (model_to_dict(o) | {"_state": getattr(o, "state", None)}).items().__repr__()
            for o in m.objects.all()
        )
        for m in models
    ] + [sorted(Practice.objects.values_list("pk", "state", "title_es"))]


Action = Callable[[User, dict[str, Any]], Any]

ACTIONS: dict[str, tuple[Action, set[str]]] = {
    "propose practice": (
        lambda u, f: services.practice_propose(
            actor=u, country=f["uruguay"], data={"title_es": "Nueva"}
        ),
        OWN,
    ),
    "edit draft": (
        lambda u, f: services.practice_update(
            actor=u, practice=f["practice_draft"], data={"summary_es": "Cambio"}
        ),
        OWN,
    ),
    "submit draft": (
        lambda u, f: services.practice_submit_for_review(actor=u, practice=f["practice_draft"]),
        OWN,
    ),
    "publish": (
        lambda u, f: services.practice_publish(actor=u, practice=f["practice_in_review"]),
        RUNS,
    ),
    "return": (
        lambda u, f: services.practice_return(
            actor=u, practice=f["practice_in_review"], reason="Faltan datos"
        ),
        RUNS,
    ),
    "award": (
        lambda u, f: services.award_grant(
            actor=u,
            practice=f["practice_published"],
            year=2025,
            category="innovation",
            titles={"es": "Premio"},
        ),
        RUNS,
    ),
    "import software": (
        lambda u, f: (
            services.software_import_publiccode(
                actor=u, text=publiccode_text("datos-abiertos-ckan.yml")
            ).instance
        ),
        MEMBERS_AND_RUNS,
    ),
    "publish software": (
        lambda u, f: services.software_publish(actor=u, entry=f["software_draft_ury"]),
        RUNS,
    ),
    "set usage of Uruguay": (
        lambda u, f: services.software_usage_set(
            actor=u, entry=f["software_participa"], country=f["uruguay"], relation="uses"
        ),
        OWN,
    ),
    "create dataset": (
        lambda u, f: services.dataset_create(actor=u, slug="new-set", names={"es": "Nuevo"}),
        RUNS,
    ),
    "update Uruguay's status": (
        lambda u, f: services.dataset_status_update(
            actor=u, dataset=f["dataset_budget"], country=f["uruguay"], data={"format": "JSON"}
        ),
        OWN,
    ),
    "submit Uruguay's maturity": (
        lambda u, f: services.maturity_submit(
            actor=u, country=f["uruguay"], answers=MATURITY_ANSWERS, year=2025
        ),
        OWN,
    ),
}


@pytest.fixture
def entries(
    uruguay: Country,
    practice_draft: Practice,
    practice_in_review: Practice,
    practice_published: Practice,
    software_participa: SoftwareEntry,
    software_draft_ury: SoftwareEntry,
    dataset_budget: OpenDataSet,
    users_by_role: dict[str, Any],
) -> dict[str, Any]:
    return {
        "uruguay": uruguay,
        "practice_draft": practice_draft,
        "practice_in_review": practice_in_review,
        "practice_published": practice_published,
        "software_participa": software_participa,
        "software_draft_ury": software_draft_ury,
        "dataset_budget": dataset_budget,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_matrix(
    action: str, role: str, entries: dict[str, Any], users_by_role: dict[str, Any]
) -> None:
    call, allowed = ACTIONS[action]
    user = users_by_role[role]
    if role in allowed:
        assert call(user, entries) is not None or action == "set usage of Uruguay"
        return
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        call(user, entries)
    assert _snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_drafts(role: str, entries: dict[str, Any], users_by_role: dict[str, Any]) -> None:
    user = users_by_role[role]
    assert user.has_perm("knowledge.view_practice", entries["practice_published"])
    sees_draft = role in OWN
    assert user.has_perm("knowledge.view_practice", entries["practice_draft"]) is sees_draft
    assert (
        user.has_perm("knowledge.view_softwareentry", entries["software_draft_ury"]) is sees_draft
    )
    assert user.has_perm("knowledge.view_softwareentry", entries["software_participa"])


def test_members_edit_only_while_draft_or_returned(
    entries: dict[str, Any], users_by_role: dict[str, Any]
) -> None:
    member = users_by_role["member_own"]
    for key in ("practice_in_review", "practice_published"):
        with pytest.raises(PermissionDenied):
            services.practice_update(actor=member, practice=entries[key], data={"summary_es": "x"})
    secretariat = users_by_role["secretariat"]
    services.practice_update(
        actor=secretariat, practice=entries["practice_published"], data={"summary_es": "Corrección"}
    )


def test_member_import_for_another_country_is_refused(
    users_by_role: dict[str, Any], brazil: Country
) -> None:
    with pytest.raises(PermissionDenied):
        services.software_import_publiccode(
            actor=users_by_role["member_own"], country=brazil, text=publiccode_text("participa.yml")
        )
    assert not SoftwareEntry.objects.filter(url__contains="participa-demo").exists()


def test_reimport_of_another_country_entry_is_refused(
    entries: dict[str, Any], users_by_role: dict[str, Any]
) -> None:
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        services.software_import_publiccode(
            actor=users_by_role["member_other"], text=publiccode_text("firma-digital-movil.yml")
        )
    assert _snapshot() == before


@pytest.mark.django_db
def test_pages_offer_publishing_and_awards_only_in_their_state(
    users_by_role: dict[str, Any],
) -> None:
    """An administrator passes every permission: the ``…_now`` rule keeps the state in."""
    draft, published = SoftwareEntry(state="draft"), SoftwareEntry(state="published")
    in_review, awardable = Practice(state="in_review"), Practice(state="published")
    for role, user in users_by_role.items():
        runs = role in RUNS
        assert rules.test_rule("knowledge.publish_software_now", user, draft) == runs, role
        assert not rules.test_rule("knowledge.publish_software_now", user, published), role
        assert rules.test_rule("knowledge.add_award_now", user, awardable) == runs, role
        assert not rules.test_rule("knowledge.add_award_now", user, in_review), role
