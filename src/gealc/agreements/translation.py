"""Agreement texts in every language of the site (es, pt, en, fr)."""

from modeltranslation.translator import TranslationOptions, register

from gealc.agreements.models import Agreement


@register(Agreement)
class AgreementTranslation(TranslationOptions):
    fields = ("title", "summary")
