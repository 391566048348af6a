"""Agreement reads: who sees what, and the matrix as of a year's end, against hand-computed
cases."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, User

from gealc.agreements import selectors
from gealc.agreements import services as agreement_services
from gealc.agreements.models import Agreement
from gealc.network.models import Country
from tests.agreements.conftest import MakeAgreement

D = datetime.date
SIGNATURES = Agreement.Kind.SIGNATURES
DATA = Agreement.Kind.DATA_EXCHANGE


@pytest.fixture
def history(
    make_agreement: MakeAgreement,
    secretariat: User,
    signatures_ury_chl: Agreement,
    uruguay: Country,
    brazil: Country,
    chile: Country,
) -> dict[str, Agreement]:
    """Signatures: URY-CHL in force from 2021-01-15 (the fixture); BRA-CHL in force from
    2019-09-01 to its end on 2022-06-30. Data exchange: URY and BRA in force from
    2020-08-01, Chile joining on 2022-03-01."""
    ended = make_agreement(
        SIGNATURES,
        [(brazil, D(2019, 1, 1)), (chile, D(2019, 1, 1))],
        D(2019, 1, 1),
        [("signed", D(2019, 5, 1)), ("in_force", D(2019, 9, 1)), ("ended", D(2022, 6, 30))],
    )
    data = make_agreement(
        DATA,
        [(uruguay, D(2020, 2, 1)), (brazil, D(2020, 2, 1))],
        D(2020, 2, 1),
        [("signed", D(2020, 4, 1)), ("in_force", D(2020, 8, 1))],
    )
    agreement_services.party_add(
        actor=secretariat, agreement=data, country=chile, start=D(2022, 3, 1)
    )
    return {"ury_chl": signatures_ury_chl, "bra_chl": ended, "data": data}


def _pairs(matrix: selectors.Matrix) -> dict[tuple[str, str], tuple[str, datetime.date]]:
    return {
        (first.iso3, second.iso3): (cell.agreement.slug, cell.since)
        for first, second, cell in matrix.pairs
    }


def test_signature_matrix_year_by_year(history: dict[str, Agreement]) -> None:
    public = AnonymousUser()
    ury_chl, bra_chl = history["ury_chl"].slug, history["bra_chl"].slug
    expected = {
        2018: {},
        2019: {("BRA", "CHL"): (bra_chl, D(2019, 9, 1))},
        2020: {("BRA", "CHL"): (bra_chl, D(2019, 9, 1))},  # URY-CHL only signed
        2021: {("BRA", "CHL"): (bra_chl, D(2019, 9, 1)), ("CHL", "URY"): (ury_chl, D(2021, 1, 15))},
        2022: {("CHL", "URY"): (ury_chl, D(2021, 1, 15))},  # BRA-CHL ended mid-2022
    }
    for year, pairs in expected.items():
        matrix = selectors.matrix(public, kind=SIGNATURES, year=year)
        assert {tuple(sorted(k)): v for k, v in _pairs(matrix).items()} == {
            tuple(sorted(k)): v for k, v in pairs.items()
        }, year
        assert matrix.possible_pairs == 3  # three member countries


def test_data_matrix_gains_a_party(history: dict[str, Agreement]) -> None:
    data = history["data"].slug
    in_2021 = selectors.matrix(AnonymousUser(), kind=DATA, year=2021)
    assert [c.iso3 for c in in_2021.countries] == ["BRA", "URY"]
    assert in_2021.linked_pairs == 1
    in_2022 = selectors.matrix(AnonymousUser(), kind=DATA, year=2022)
    pairs = {tuple(sorted(k)): v for k, v in _pairs(in_2022).items()}
    assert pairs == {
        ("BRA", "URY"): (data, D(2020, 8, 1)),
        ("BRA", "CHL"): (data, D(2022, 3, 1)),
        ("CHL", "URY"): (data, D(2022, 3, 1)),
    }
    rows = {row.iso3: [cell is not None for cell in cells] for row, cells in in_2022.rows}
    assert rows["BRA"] == [False, True, True]  # itself, then Chile and Uruguay


def test_a_suspension_breaks_the_since(secretariat: User, signatures_ury_chl: Agreement) -> None:
    agreement_services.agreement_transition(
        actor=secretariat,
        agreement=signatures_ury_chl,
        to_status="signed",
        date=D(2023, 3, 1),
        reason="Suspended.",
    )
    agreement_services.agreement_transition(
        actor=secretariat, agreement=signatures_ury_chl, to_status="in_force", date=D(2023, 9, 1)
    )
    transitions = list(selectors.agreement_timeline(signatures_ury_chl))
    assert selectors.in_force_since(transitions, D(2022, 12, 31)) == D(2021, 1, 15)
    assert selectors.in_force_since(transitions, D(2023, 6, 30)) is None
    assert selectors.in_force_since(transitions, D(2023, 12, 31)) == D(2023, 9, 1)


def test_negotiating_agreements_are_for_parties_and_the_secretariat(
    users_by_role: dict[str, User | AnonymousUser],
    signatures_ury_chl: Agreement,
    talks_ury_chl: Agreement,
) -> None:
    sees_talks = {
        role: selectors.agreements_visible(user).filter(pk=talks_ury_chl.pk).exists()
        for role, user in users_by_role.items()
    }
    assert sees_talks == {
        "public": False,
        "stakeholder": False,
        "member_own": True,  # Uruguay is a party
        "member_other": False,  # Brazil is not
        "reviewer": False,
        "secretariat": True,
        "administrator": True,
    }
    for user in users_by_role.values():
        assert selectors.agreements_visible(user).filter(pk=signatures_ury_chl.pk).exists()


def test_list_filters(
    history: dict[str, Agreement], talks_ury_chl: Agreement, brazil: Country
) -> None:
    public = AnonymousUser()
    slugs = lambda qs: {a.slug for a in qs}  # noqa: E731
    assert slugs(selectors.agreement_list(public, kind=DATA)) == {history["data"].slug}
    assert slugs(selectors.agreement_list(public, status="ended")) == {history["bra_chl"].slug}
    assert slugs(selectors.agreement_list(public, country=brazil)) == {
        history["bra_chl"].slug,
        history["data"].slug,
    }
    assert slugs(selectors.agreement_list(public, year=2019)) == {history["bra_chl"].slug}
    assert talks_ury_chl.slug not in slugs(selectors.agreement_list(public))
