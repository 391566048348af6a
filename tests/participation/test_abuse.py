"""Markup and formulas typed into every text a participant or the secretariat writes and
others read — contribution, reply, display name, organisation name, report note, moderation
reason, synthesis, response, consultation title, description, question, explanation and
options — never run: not in the pages (for the public, the secretariat and the author), the
API's JSON, the open data (CSV, JSON), the summary's SVG charts, nor the PDF."""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.html import escape

from gealc.network.models import Country
from gealc.participation import services
from gealc.participation.models import Consultation, Contribution, Stakeholder
from gealc.participation.sanitise import clean_html
from gealc.participation.services import QuestionInput
from tests.participation.conftest import (
    confirmed_user,
    option_ids,
    question,
    register,
    signup_data,
)
from tests.participation.conftest import english_client as _client
from tests.participation.conftest import english_url as _url

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    '"><svg onload=alert(1)>',
    '=HYPERLINK("http://evil.example","x")',
]
ADDRESSES = ("href", "src", "xlink:href", "action", "formaction")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Inert(HTMLParser):
    """Collects what a browser would run: a script with our payload, an event handler, a
    ``javascript:`` address."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            address = (value or "").strip().lower().replace("\x00", "")
            if name in ADDRESSES and address.startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value}>")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(" in data:
            self.found.append(f"<script>{data}")


def assert_inert(html: str) -> None:
    parser = _Inert()
    parser.feed(html)
    parser.close()
    assert parser.found == []


@dataclass
class World:
    consultation: Consultation
    author: User
    person: Stakeholder
    answer: Contribution
    hidden: Contribution


def _consultation(secretariat: User, payload: str) -> Consultation:
    now = timezone.now()
    labels = [{"label_en": f"A {payload}"}, {"label_en": f"B {payload}"}]
    questions = [
        QuestionInput(kind="text", text={"text_en": f"Q {payload}", "help_text_en": payload}),
        QuestionInput(kind="single", text={"text_en": f"S {payload}"}, options=labels),
        QuestionInput(kind="ranking", text={"text_en": f"K {payload}"}, options=labels),
    ]
    consultation = services.consultation_create(
        actor=secretariat,
        data={
            "title_en": f"T {payload}",
            "description_en": f"D {payload}",
            "opens_at": now - datetime.timedelta(hours=1),
            "closes_at": now + datetime.timedelta(days=3),
            "languages": ["en"],
        },
        subject=Consultation.Subject.TOPIC,
        questions=questions,
    )
    services.consultation_announce(actor=secretariat, consultation=consultation)
    return services.consultation_open(actor=secretariat, consultation=consultation)


def _write_everything(
    payload: str,
    make_user: Callable[..., User],
    secretariat: User,
    member: User,
    reporter: User,
    country: Country,
) -> World:
    author = confirmed_user(make_user, "writer")
    person = register(author, country, name=f"N {payload}", new_organisation=f"O {payload}")
    services.stakeholder_verify(actor=secretariat, stakeholder=person)
    consultation = _consultation(secretariat, payload)
    answer = services.contribution_submit(
        actor=author, question=question(consultation, "text"), language="en", text=f"C {payload}"
    ).instance
    single = question(consultation, "single")
    services.contribution_submit(
        actor=author, question=single, language="en", choices=option_ids(single)[:1]
    )
    ranking = question(consultation, "ranking")
    hidden = services.contribution_submit(
        actor=author, question=ranking, language="en", choices=option_ids(ranking)
    ).instance
    services.contribution_reply(actor=member, parent=answer, language="en", text=f"R {payload}")
    services.contribution_report(
        actor=reporter, contribution=answer, reason="spam", note=f"P {payload}"
    )
    services.contribution_hide(actor=secretariat, contribution=hidden, reason=f"M {payload}")
    services.consultation_close(actor=secretariat, consultation=consultation)
    summary = {"synthesis_en": f"Y {payload}", "response_en": f"W {payload}"}
    services.consultation_publish_summary(
        actor=secretariat, consultation=consultation, data=summary
    )
    return World(consultation, author, person, answer, hidden)


@pytest.mark.parametrize("payload", PAYLOADS, ids=["script", "onerror", "javascript", "svg", "csv"])
def test_nothing_written_runs_anywhere(
    payload: str,
    make_user: Callable[..., User],
    secretariat: User,
    member_ury: User,
    other_verified: User,
    uruguay: Country,
) -> None:
    """One consultation with the payload in every text (built once: it is slow), then
    every place it is read."""
    made = _write_everything(payload, make_user, secretariat, member_ury, other_verified, uruguay)
    _pages(payload, made, secretariat)
    _api(payload, made)
    _open_data(payload, made)
    _pdf(made)
    _form_page(payload, made, secretariat)


def _pages(payload: str, made: World, secretariat: User) -> None:
    slug = made.consultation.slug
    public = [
        _url("consultation_list"),
        _url("consultation_detail", slug),
        _url("contribution_detail", made.answer.pk),
        _url("consultation_summary", slug),
        _url("stakeholder_public", made.person.pk),
        _url("stakeholder_organisation", made.person.organisation_id),
    ]
    for address in public:
        page = _client().get(address)
        assert page.status_code == 200, address
        assert_inert(page.content.decode())
    detail = _client().get(_url("consultation_detail", slug)).content.decode()
    for shown in (f"T {payload}", f"D {payload}", f"Q {payload}", f"A {payload}", f"N {payload}"):
        assert escape(shown) in detail  # shown as text, not dropped
    summary = _client().get(_url("consultation_summary", slug)).content.decode()
    assert escape(f"Y {payload}") in summary
    assert "<svg" in summary  # the charts of the closed questions, inline
    hidden = _url("contribution_detail", made.hidden.pk)
    for user, address in [
        (secretariat, hidden),
        (secretariat, _url("participation_review")),
        (secretariat, _url("consultation_detail", slug)),
        (made.author, hidden),
        (made.author, _url("stakeholder_profile")),
    ]:
        page = _client(user).get(address)
        assert page.status_code == 200, address
        assert_inert(page.content.decode())
    made.hidden.refresh_from_db()  # stored as plain text: the markup of the reason is removed
    shown = _client(made.author).get(hidden).content.decode()
    assert escape(f"Reason: {made.hidden.moderation_reason}") in shown


def _api(payload: str, made: World) -> None:
    slug = made.consultation.slug
    for address in (
        f"/api/v1/consultations/{slug}/",
        f"/api/v1/consultations/{slug}/contributions/",
        "/api/v1/consultations/",
    ):
        response = _client().get(address, HTTP_ACCEPT="application/json")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        assert response["X-Content-Type-Options"] == "nosniff"
    items = _client().get(f"/api/v1/consultations/{slug}/contributions/").json()["results"]
    texts = {item["text"] for item in items if item["text"]}
    assert texts == {clean_html(f"C {payload}"), clean_html(f"R {payload}")}
    for text in texts:
        assert_inert(text)  # the HTML form a client shows as it is
    detail = _client().get(f"/api/v1/consultations/{slug}/").json()
    assert detail["title"] == f"T {payload}"  # data, for the client to escape


def _open_data(payload: str, made: World) -> None:
    slug = made.consultation.slug
    response = _client().get(_url("consultation_export_csv", slug))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert any(f"O {payload}" in cell for cell in cells)  # the organisation, as text
    document = json.loads(_client().get(_url("consultation_export_json", slug)).content)
    for row in document["rows"]:
        assert "<script" not in row["text"]
        assert "onerror=" not in row["text"] or "<img" not in row["text"]


def _pdf(made: World) -> None:
    pdf = _client().get(_url("consultation_summary_pdf", made.consultation.slug))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert b"/JavaScript" not in pdf.content
    assert b"/JS" not in pdf.content
    assert b"javascript:" not in pdf.content.lower()


def _form_page(payload: str, made: World, secretariat: User) -> None:
    """The secretariat's form puts the texts in fields' values: escaped there too."""
    Consultation.objects.filter(pk=made.consultation.pk).update(phase="open")
    page = _client(secretariat).get(_url("consultation_edit", made.consultation.slug))
    assert page.status_code == 200
    assert_inert(page.content.decode())
    assert escape(f"T {payload}") in page.content.decode()


def test_an_organisation_website_is_no_script_link(org_ury: object, uruguay: Country) -> None:
    data = signup_data(
        "web",
        uruguay,
        display_name="Web",
        new_organisation="Script NGO",
        organisation_website="javascript:alert(1)",
    )
    response = _client().post(_url("stakeholder_signup"), data)
    assert response.status_code == 200
    assert b"Enter a valid URL" in response.content
    assert not User.objects.filter(username="web").exists()
