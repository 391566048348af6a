"""An index run's title and changelog in every language of the site (es, pt, en, fr)."""

from modeltranslation.translator import TranslationOptions, register

from gealc.observatory.models import IndexRun


@register(IndexRun)
class IndexRunTranslation(TranslationOptions):
    fields = ("title", "changelog")
