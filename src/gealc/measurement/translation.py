"""Framework texts in every language of the site (es, pt, en, fr)."""

from modeltranslation.translator import TranslationOptions, register

from gealc.measurement.models import (
    Dimension,
    FrameworkVersion,
    Indicator,
    ValidationRule,
    Variable,
)


@register(FrameworkVersion)
class FrameworkVersionTranslation(TranslationOptions):
    fields = ("name", "description", "changelog")


@register(Dimension)
class DimensionTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name", "definition", "guidance", "evidence_expected")


@register(Variable)
class VariableTranslation(TranslationOptions):
    fields = ("name", "definition", "guidance")


@register(ValidationRule)
class ValidationRuleTranslation(TranslationOptions):
    fields = ("message",)
