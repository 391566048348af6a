"""Knowledge-hub content in every language of the site (es, pt, en, fr)."""

from modeltranslation.translator import TranslationOptions, register

from gealc.knowledge.models import Award, OpenDataSet, Practice, SoftwareEntry, Tag


@register(Tag)
class TagTranslation(TranslationOptions):
    fields = ("name",)


@register(Practice)
class PracticeTranslation(TranslationOptions):
    fields = ("title", "summary", "problem", "solution", "results", "replication_conditions")


@register(Award)
class AwardTranslation(TranslationOptions):
    fields = ("title",)


@register(SoftwareEntry)
class SoftwareEntryTranslation(TranslationOptions):
    # publiccode.yml describes software per language: description.<lang>.*
    fields = ("short_description", "long_description", "features")


@register(OpenDataSet)
class OpenDataSetTranslation(TranslationOptions):
    fields = ("name", "description")
