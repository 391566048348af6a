"""Cooperation texts in every language of the site (es, pt, en, fr)."""

from modeltranslation.translator import TranslationOptions, register

from gealc.cooperation.models import Offer, Request


@register(Request)
class RequestTranslation(TranslationOptions):
    fields = ("title", "need")


@register(Offer)
class OfferTranslation(TranslationOptions):
    fields = ("title", "description")
