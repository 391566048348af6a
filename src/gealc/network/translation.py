"""User content of the network directory in every language of the site (es, pt, en, fr)."""

from modeltranslation.translator import TranslationOptions, register

from gealc.network.models import Country, GovernanceBody, Institution, Organisation, Person


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)


@register(Institution)
class InstitutionTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = ("biography",)


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    # An international organisation's acronym differs by language (OEA, OAS, OEA, OEA).
    fields = ("name", "acronym", "description")


@register(GovernanceBody)
class GovernanceBodyTranslation(TranslationOptions):
    fields = ("name", "description")
