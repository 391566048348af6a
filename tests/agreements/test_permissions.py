"""The permission matrix: roles x actions x own/other country.

"member_own" is Uruguay's delegate (Uruguay is party to both agreements), "member_other"
Brazil's focal point (Brazil is party to neither)."""

from __future__ import annotations

import datetime

import pytest

from gealc.agreements import services

pytestmark = pytest.mark.django_db

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
PARTY = RUNS | {"member_own"}
EVERYONE = set(ROLES)
# permission, which agreement ("public": in force; "talks": negotiating), who may
MATRIX = [
    ("agreements.view_agreement", "public", EVERYONE),
    ("agreements.view_agreement", "talks", PARTY),
    ("agreements.change_agreement", "public", PARTY),
    ("agreements.change_agreement", "talks", PARTY),
    ("agreements.add_document", "public", PARTY),
    ("agreements.add_document", "talks", PARTY),
    ("agreements.change_parties", "public", RUNS),
    ("agreements.change_status", "public", RUNS),
    ("agreements.change_status", "talks", RUNS),
    ("agreements.add_agreement", None, RUNS),
]


@pytest.mark.parametrize(("permission", "which", "allowed"), MATRIX)
def test_permission_matrix(
    users_by_role, signatures_ury_chl, talks_ury_chl, permission, which, allowed
) -> None:
    target = {"public": signatures_ury_chl, "talks": talks_ury_chl, None: None}[which]
    granted = {role for role in ROLES if users_by_role[role].has_perm(permission, target)}
    assert granted == allowed


def test_a_country_that_left_no_longer_edits(
    secretariat, member_bra, signatures_ury_chl, brazil
) -> None:
    party = services.party_add(
        actor=secretariat,
        agreement=signatures_ury_chl,
        country=brazil,
        start=datetime.date(2022, 1, 1),
    )
    assert member_bra.has_perm("agreements.change_agreement", signatures_ury_chl)
    services.party_remove(
        actor=secretariat, party=party, end=datetime.date(2023, 1, 1), reason="Withdrew."
    )
    assert not member_bra.has_perm("agreements.change_agreement", signatures_ury_chl)
