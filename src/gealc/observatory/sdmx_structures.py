"""The SDMX structures of the open data (``/data/sdmx/structure.xml``): an SDMX-ML 2.1
structure message with the code lists, the concept scheme, the data structure definitions
and the dataflows that the SDMX-CSV files (``sdmx``) name, so that a registry or a .Stat
Suite can validate and load them without a human in between.

- Code lists: ``CL_AREA`` (the directory's countries by ISO 3166-1 alpha-3 code),
  ``CL_INDICATOR`` (the nodes, indicators and variables of every published framework),
  ``CL_MEASURE``, ``CL_UNIT_MEASURE`` (``UNITS``; a framework unit we do not know yet gets a
  code derived from its text, labelled with that text) and ``CL_OBS_STATUS``.
- ``DSD_DGI`` (dataflows ``DGI_INDEX`` and ``DGI_VALUES``) and ``DSD_DGI_CHANGES`` (dataflow
  ``DGI_CHANGES``, with the ``RUN_ID`` dimension).

Every name is given in the site's four languages (``xml:lang``). The message is written with
the standard library; the tests read it back with pysdmx against the SDMX schemas.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from django.conf import settings
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

AGENCY = "GEALC"
VERSION = "1.0"
MEDIA_TYPE = "application/vnd.sdmx.structure+xml; version=2.1"
NS = {
    "mes": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message",
    "str": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure",
    "com": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)

Label: TypeAlias = str | Promise | dict[str, str]


@dataclass(frozen=True)
class Unit:
    code: str
    label: Promise
    # The free texts of framework units (lower case) that mean this unit.
    aliases: tuple[str, ...] = ()


UNITS = (
    Unit("INDEX_0_100", _("Score on a scale of 0 to 100"), ("score", "points", "0-100")),
    Unit("RANK", _("Rank (1 is the first)"), ("rank",)),
    Unit("PC", _("Percentage"), ("%", "percent", "percentage")),
    Unit("PER_1000_INHAB", _("Per 1,000 inhabitants"), ("per 1,000 inhabitants",)),
    Unit("PER_INHAB", _("Per inhabitant"), ("per inhabitant",)),
    Unit("BINARY", _("Yes (100) or no (0)"), ("0/100",)),
    Unit("BINARY_0_1", _("Yes (1) or no (0)"), ("0/1",)),
    Unit("INHABITANTS", _("Inhabitants"), ("inhabitants",)),
    Unit("PROCEDURES", _("Procedures"), ("procedures",)),
    Unit("SERVICES", _("Services"), ("services",)),
    Unit("INSTITUTIONS", _("Institutions"), ("institutions",)),
    Unit("TRANSACTIONS", _("Transactions"), ("transactions",)),
    Unit("TRANSACTIONS_MIO", _("Millions of transactions"), ("million transactions",)),
    Unit("SOLUTIONS", _("Solutions"), ("solutions",)),
    Unit("REGISTRIES", _("Registries"), ("registries",)),
    Unit("IDENTITIES", _("Digital identities"), ("identities",)),
    Unit("CERTIFICATES", _("Certificates"), ("certificates",)),
    Unit("_Z", _("No unit given"), ("",)),
)
UNIT_ALIASES = {alias: unit.code for unit in UNITS for alias in (unit.code.lower(), *unit.aliases)}
MEASURES = {
    "SCORE": _("Score"),
    "RANK": _("Rank"),
    "RANK_MEDIAN": _("Median rank under uncertainty"),
    "RANK_Q05": _("Rank, 5th percentile under uncertainty"),
    "RANK_Q95": _("Rank, 95th percentile under uncertainty"),
    "SCORE_Q05": _("Score, 5th percentile under uncertainty"),
    "SCORE_Q95": _("Score, 95th percentile under uncertainty"),
    "VALUE": _("Value (a reported variable or a computed indicator)"),
}
OBS_STATUSES = {
    "A": _("Normal value"),
    "L": _("Missing value; exists but not collected"),
    "M": _("Missing value; data cannot exist"),
    "C": _("Confidential value"),
}
CONCEPTS = {
    "REF_AREA": _("Reference area (country)"),
    "INDICATOR": _("Indicator (node, indicator or variable)"),
    "MEASURE": _("Measure"),
    "RUN_ID": _("Index run"),
    "TIME_PERIOD": _("Reference year"),
    "OBS_VALUE": _("Observation value"),
    "UNIT_MEASURE": _("Unit of measure"),
    "OBS_STATUS": _("Observation status"),
    "IS_DEMO": _("Demo data (fictional, never official statistics)"),
}
CODED = {
    "REF_AREA": "CL_AREA",
    "INDICATOR": "CL_INDICATOR",
    "MEASURE": "CL_MEASURE",
    "UNIT_MEASURE": "CL_UNIT_MEASURE",
    "OBS_STATUS": "CL_OBS_STATUS",
}
DATAFLOWS = {
    "DGI_INDEX": ("DSD_DGI", _("Digital government index: scores and ranks")),
    "DGI_VALUES": ("DSD_DGI", _("Digital government index: published values")),
    "DGI_CHANGES": ("DSD_DGI_CHANGES", _("Digital government index: changes of a correction")),
}
STRUCTURES = {
    "DSD_DGI": (_("Digital government index"), ("REF_AREA", "INDICATOR", "MEASURE")),
    "DSD_DGI_CHANGES": (
        _("Digital government index: changes of a correction"),
        ("REF_AREA", "INDICATOR", "MEASURE", "RUN_ID"),
    ),
}


def unit_code(text: str | None) -> str:
    """The SDMX code of a framework's free-text unit (``"%"`` is ``PC``); a unit we do not
    know yet gets a stable code derived from its text (``"km"`` is ``KM``)."""
    normalised = " ".join((text or "").split()).lower()
    if normalised in UNIT_ALIASES:
        return UNIT_ALIASES[normalised]
    ascii_text = unicodedata.normalize("NFKD", normalised).encode("ascii", "ignore").decode()
    derived = re.sub(r"[^A-Z0-9]+", "_", ascii_text.upper()).strip("_")
    if derived and derived[0].isalpha():
        return derived
    return "UNIT_" + hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:8].upper()


def unit_labels() -> dict[str, Label]:
    """Every unit code with its label: ours, then the framework units we do not know."""
    from gealc.measurement.models import Indicator, Variable

    labels: dict[str, Label] = {unit.code: unit.label for unit in UNITS}
    texts = set(Variable.objects.values_list("unit", flat=True))
    texts |= set(Indicator.objects.values_list("unit", flat=True))
    for text in sorted(texts):
        labels.setdefault(unit_code(text), text.strip())
    return labels


def unit_dictionary_rows() -> list[tuple[str, str, str, str]]:
    """The data dictionary's rows of our unit codes, labelled in every language (a framework
    unit we do not know yet has a code derived from its own text)."""
    rows = []
    for unit in UNITS:
        labels = []
        for language in _languages():
            with translation.override(language):
                labels.append(f"{language}: {unit.label}")
        rows.append(("UNIT_MEASURE", unit.code, "code", "; ".join(labels)))
    return rows


def structure_message() -> bytes:
    """The SDMX-ML 2.1 structure message of every dataflow the open data offers."""
    message = ET.Element(_tag("mes", "Structure"))
    _header(message)
    structures = ET.SubElement(message, _tag("mes", "Structures"))
    _dataflows(ET.SubElement(structures, _tag("str", "Dataflows")))
    codelists = ET.SubElement(structures, _tag("str", "Codelists"))
    for codelist_id, (name, codes) in _codelists().items():
        _codelist(codelists, codelist_id, name, codes)
    _concepts(ET.SubElement(structures, _tag("str", "Concepts")))
    data_structures = ET.SubElement(structures, _tag("str", "DataStructures"))
    for structure_id, (name, dimensions) in STRUCTURES.items():
        _data_structure(data_structures, structure_id, name, dimensions)
    ET.indent(message)
    content: bytes = ET.tostring(message, encoding="utf-8", xml_declaration=True)
    return content


def _codelists() -> dict[str, tuple[Label, Mapping[str, Label]]]:
    return {
        "CL_AREA": (_("Countries (ISO 3166-1 alpha-3)"), _country_labels()),
        "CL_INDICATOR": (_("Indicators, nodes and variables"), _indicator_labels()),
        "CL_MEASURE": (_("Measures"), MEASURES),
        "CL_UNIT_MEASURE": (_("Units of measure"), unit_labels()),
        "CL_OBS_STATUS": (_("Observation status"), OBS_STATUSES),
    }


def _country_labels() -> dict[str, Label]:
    from gealc.network.models import Country

    return {country.iso3: _translations(country, "name") for country in Country.objects.all()}


def _indicator_labels() -> dict[str, Label]:
    """The codes of every published run's nodes and of its framework's indicators and
    variables, named in every language the framework gives."""
    from gealc.measurement.models import Dimension, Indicator, Variable
    from gealc.observatory import selectors

    labels: dict[str, Label] = {}
    frameworks = set()
    for run in selectors.published_runs():
        frameworks.add(run.round.framework_version_id)
        for node in selectors.run_nodes(run):
            labels.setdefault(node.code, node.name)
    for model in (Dimension, Indicator, Variable):
        for part in model.objects.filter(framework__in=frameworks).order_by("code"):
            if not isinstance(labels.get(part.code), dict):
                labels[part.code] = _translations(part, "name")
    return labels


def _translations(instance: Any, field: str) -> dict[str, str]:
    fallback = str(getattr(instance, field))
    return {
        language: getattr(instance, f"{field}_{language}", None) or fallback
        for language in _languages()
    }


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _tag(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


def _header(message: ET.Element) -> None:
    header = ET.SubElement(message, _tag("mes", "Header"))
    ET.SubElement(header, _tag("mes", "ID")).text = "GEALC_STRUCTURES"
    ET.SubElement(header, _tag("mes", "Test")).text = "false"
    prepared = timezone.now().replace(microsecond=0).isoformat()
    ET.SubElement(header, _tag("mes", "Prepared")).text = prepared
    ET.SubElement(header, _tag("mes", "Sender"), id=AGENCY)


def _names(element: ET.Element, label: Label, tag: str = "Name") -> None:
    """One ``com:Name`` per language: a dict as given, a translatable label in each."""
    for language in _languages():
        if isinstance(label, dict):
            text = label.get(language) or next(iter(label.values()), "")
        else:
            with translation.override(language):
                text = str(label)
        ET.SubElement(element, _tag("com", tag), {XML_LANG: language}).text = text


def _maintainable(parent: ET.Element, tag: str, item_id: str, label: Label) -> ET.Element:
    element = ET.SubElement(
        parent,
        _tag("str", tag),
        id=item_id,
        agencyID=AGENCY,
        version=VERSION,
        isFinal="false",
        urn=_urn(tag, item_id),
    )
    _names(element, label)
    return element


def _urn(tag: str, item_id: str) -> str:
    package = {
        "Codelist": "codelist",
        "ConceptScheme": "conceptscheme",
        "DataStructure": "datastructure",
        "Dataflow": "datastructure",
    }[tag]
    return f"urn:sdmx:org.sdmx.infomodel.{package}.{tag}={AGENCY}:{item_id}({VERSION})"


def _codelist(
    parent: ET.Element, codelist_id: str, name: Label, codes: Mapping[str, Label]
) -> None:
    codelist = _maintainable(parent, "Codelist", codelist_id, name)
    for code, label in codes.items():
        _names(ET.SubElement(codelist, _tag("str", "Code"), id=code), label)


def _concepts(parent: ET.Element) -> None:
    scheme = _maintainable(parent, "ConceptScheme", "CS_DGI", _("Digital government index"))
    for concept, label in CONCEPTS.items():
        _names(ET.SubElement(scheme, _tag("str", "Concept"), id=concept), label)


def _dataflows(parent: ET.Element) -> None:
    for flow_id, (structure_id, name) in DATAFLOWS.items():
        flow = _maintainable(parent, "Dataflow", flow_id, name)
        structure = ET.SubElement(flow, _tag("str", "Structure"))
        _ref(structure, structure_id, "DataStructure", "datastructure")


def _ref(parent: ET.Element, item_id: str, kind: str, package: str, **extra: str) -> None:
    attributes = {"id": item_id, "agencyID": AGENCY, "class": kind, "package": package}
    attributes.update(extra)
    if "maintainableParentID" not in extra:
        attributes["version"] = VERSION
    ET.SubElement(parent, "Ref", attributes)


def _component(parent: ET.Element, tag: str, concept: str, **attributes: str) -> ET.Element:
    component = ET.SubElement(parent, _tag("str", tag), {"id": concept, **attributes})
    identity = ET.SubElement(component, _tag("str", "ConceptIdentity"))
    _ref(
        identity,
        concept,
        "Concept",
        "conceptscheme",
        maintainableParentID="CS_DGI",
        maintainableParentVersion=VERSION,
    )
    representation = ET.SubElement(component, _tag("str", "LocalRepresentation"))
    if concept in CODED:
        enumeration = ET.SubElement(representation, _tag("str", "Enumeration"))
        _ref(enumeration, CODED[concept], "Codelist", "codelist")
    else:
        text_type = {
            "TIME_PERIOD": "ObservationalTimePeriod",
            "OBS_VALUE": "Double",
            "IS_DEMO": "Boolean",
        }
        ET.SubElement(
            representation, _tag("str", "TextFormat"), textType=text_type.get(concept, "String")
        )
    return component


def _data_structure(
    parent: ET.Element, structure_id: str, name: Label, dimensions: Iterable[str]
) -> None:
    structure = _maintainable(parent, "DataStructure", structure_id, name)
    components = ET.SubElement(structure, _tag("str", "DataStructureComponents"))
    dimension_list = ET.SubElement(
        components, _tag("str", "DimensionList"), id="DimensionDescriptor"
    )
    position = 0
    for position, concept in enumerate(dimensions, start=1):
        _component(dimension_list, "Dimension", concept, position=str(position))
    _component(dimension_list, "TimeDimension", "TIME_PERIOD", position=str(position + 1))
    attribute_list = ET.SubElement(
        components, _tag("str", "AttributeList"), id="AttributeDescriptor"
    )
    for concept in ("UNIT_MEASURE", "OBS_STATUS", "IS_DEMO"):
        attribute = _component(attribute_list, "Attribute", concept, assignmentStatus="Mandatory")
        relationship = ET.SubElement(attribute, _tag("str", "AttributeRelationship"))
        ET.SubElement(relationship, _tag("str", "PrimaryMeasure")).append(_local_ref("OBS_VALUE"))
    measure_list = ET.SubElement(components, _tag("str", "MeasureList"), id="MeasureDescriptor")
    _component(measure_list, "PrimaryMeasure", "OBS_VALUE")


def _local_ref(component_id: str) -> ET.Element:
    return ET.Element("Ref", id=component_id)
