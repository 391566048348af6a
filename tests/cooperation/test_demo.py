"""The demo loads through the services, is labelled demo, covers every state over three
years with a fund, offers, experts, missions and evaluations, writes its translated texts in
the four languages of the site, and loading it twice writes nothing."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from modeltranslation.translator import translator

from gealc.cooperation import demo, selectors
from gealc.cooperation.models import (
    Evaluation,
    Expert,
    FundEntry,
    Mission,
    Offer,
    Request,
    State,
)
from gealc.network import demo as network_demo
from gealc.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_demo() -> None:
    network_demo.load()  # the countries, people and accounts it builds on
    demo.load()
    requests = Request.objects.all()
    assert {r.state for r in requests} == set(State.values)
    assert len({r.created_at.year for r in requests}) == 3
    assert not requests.filter(is_demo=False).exists()
    assert all(r.title_en.endswith("(demo)") for r in requests)
    assert Offer.objects.filter(is_demo=True).count() == 3
    assert Expert.objects.exists()
    assert Mission.objects.exists()
    assert Evaluation.objects.exists()
    assert FundEntry.objects.filter(kind=FundEntry.Kind.SPENDING).exists()
    for line in selectors.fund_lines():
        assert 0 <= line.balance <= line.budget.amount
    assert not Notification.objects.exists()
    assert mail.outbox == []
    counts = (Request.objects.count(), FundEntry.objects.count(), Offer.objects.count())
    demo.load()
    assert (Request.objects.count(), FundEntry.objects.count(), Offer.objects.count()) == counts


def test_every_translated_text_of_the_demo_is_in_every_language() -> None:
    network_demo.load()
    demo.load()
    # Whatever cooperation registers for translation, now or later, the demo must fill.
    models = [m for m in translator.get_registered_models() if m._meta.app_label == "cooperation"]
    assert models
    labels = {"es": "(demo)", "pt": "(demo)", "en": "(demo)", "fr": "(démo)"}
    assert set(labels) == {code for code, _name in settings.LANGUAGES}
    missing = []
    for model in models:
        fields = translator.get_options_for_model(model).fields
        objects = model._default_manager.filter(is_demo=True)
        assert objects.exists(), model
        for obj in objects:
            for field in fields:
                for code, label in labels.items():
                    text = getattr(obj, f"{field}_{code}") or ""
                    if label not in text:  # empty, or not labelled demo in its language
                        missing.append(f"{model.__name__} {obj.pk} {field}_{code}: {text!r}")
    assert not missing, "\n".join(missing)
    titles = Request.objects.filter(is_demo=True).values_list("title_es", "title_pt", "title_fr")
    assert all(len({es, pt, fr}) > 1 for es, pt, fr in titles)  # translated, not copied
