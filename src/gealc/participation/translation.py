"""What the network writes about a consultation, in every language of the site (es, pt, en,
fr). Contributions are not translated: they stay in their author's language, recorded with
them."""

from modeltranslation.translator import TranslationOptions, register

from gealc.participation.models import Consultation, Option, Question


@register(Consultation)
class ConsultationTranslation(TranslationOptions):
    fields = ("title", "description", "synthesis", "response")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help_text")


@register(Option)
class OptionTranslation(TranslationOptions):
    fields = ("label",)
