"""Working-group content in every language of the site (es, pt, en, fr)."""

from modeltranslation.translator import TranslationOptions, register

from gealc.groups.models import Commitment, Course, WorkingGroup, WorkingLine


@register(WorkingLine)
class WorkingLineTranslation(TranslationOptions):
    fields = ("name",)


@register(WorkingGroup)
class WorkingGroupTranslation(TranslationOptions):
    fields = ("name", "mandate")


@register(Commitment)
class CommitmentTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Course)
class CourseTranslation(TranslationOptions):
    fields = ("title", "description")
