"""publiccode.yml (https://yml.publiccode.tools, versions 0.2 to 0.7): parse, validate, export.

``parse`` reads the text with ``yaml.safe_load`` and checks it against the rules of the version
it declares (``publiccode_standard``): mandatory keys, allowed values, dates, addresses,
languages, countries and the SPDX licence expression. It collects *every* problem with its key
path (``legal.license: 'GPL-9' is not an SPDX licence``) and raises one ``PubliccodeError``; it
never returns half a result. The description is kept in every language the file has.
``export`` writes the document back: the imported file, with only the keys changed on the site
since the import rewritten, so importing and exporting gives the same document.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from gealc.knowledge import publiccode_standard as standard

MAX_BYTES = 512 * 1024
LATEST_VERSION = f"0.{standard.LATEST_MINOR}"
_url_validator = URLValidator(schemes=["http", "https"])
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class PubliccodeError(ValidationError):
    """Every problem of a publiccode.yml file, each under its key path."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        grouped: dict[str, list[str]] = {}
        for problem in problems:
            grouped.setdefault(problem.path or "publiccode", []).append(problem.message)
        super().__init__(grouped)


@dataclass
class Parsed:
    """What a valid file says, as model field values plus the whole document."""

    document: dict[str, Any]
    fields: dict[str, Any]
    is_based_on_urls: list[str] = field(default_factory=list)


# SPDX licence expressions -----------------------------------------------------------------


@cache
def _spdx() -> tuple[dict[str, str], dict[str, str]]:
    """Known licence and exception ids, keyed by their lower-case form (SPDX ids match
    case-insensitively)."""
    text = resources.files("gealc.knowledge").joinpath("data/spdx_licences.txt").read_text()
    licences: dict[str, str] = {}
    exceptions: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("exception:"):
            name = line.removeprefix("exception:")
            exceptions[name.lower()] = name
        else:
            licences[line.lower()] = line
    return licences, exceptions


_TOKEN = re.compile(r"\s*(\(|\)|[A-Za-z0-9.+:\-]+)")
_LICENCE_REF = re.compile(r"^(DocumentRef-[A-Za-z0-9.\-]+:)?LicenseRef-[A-Za-z0-9.\-]+$")


def _tokens(expression: str) -> list[str] | None:
    tokens, position = [], 0
    while position < len(expression):
        if expression[position:].strip() == "":
            break
        match = _TOKEN.match(expression, position)
        if not match:
            return None
        tokens.append(match.group(1))
        position = match.end()
    return tokens


def licence_problem(expression: str) -> str | None:
    """Why an SPDX licence expression is not valid, or None when it is."""
    tokens = _tokens(expression or "")
    if not tokens:
        return _("“%(value)s” is not an SPDX licence expression.") % {"value": expression}
    licences, exceptions = _spdx()
    position = 0
    depth = 0
    expect_licence = True
    while position < len(tokens):
        token = tokens[position]
        if expect_licence:
            if token == "(":
                depth += 1
                position += 1
                continue
            identifier = token[:-1] if token.endswith("+") else token
            if identifier.lower() not in licences and not _LICENCE_REF.match(token):
                return _("“%(value)s” is not an SPDX licence.") % {"value": token}
            position += 1
            if position < len(tokens) and tokens[position] == "WITH":
                exception = tokens[position + 1] if position + 1 < len(tokens) else ""
                if exception.lower() not in exceptions:
                    return _("“%(value)s” is not an SPDX licence exception.") % {"value": exception}
                position += 2
            expect_licence = False
        elif token == ")" and depth > 0:
            depth -= 1
            position += 1
        elif token in ("AND", "OR"):
            expect_licence = True
            position += 1
        else:
            return _("Unexpected “%(value)s” in the licence expression.") % {"value": token}
    if expect_licence or depth:
        return _("The licence expression “%(value)s” is incomplete.") % {"value": expression}
    return None


# Parsing ------------------------------------------------------------------------------------


class _Checker:
    """Reads values out of the document, recording a problem instead of failing."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def get(self, path: str, required: bool = False) -> Any:
        node: Any = self.document
        for key in path.split("."):
            if not isinstance(node, dict) or key not in node or node[key] is None:
                if required:
                    self.problem(path, _("This key is required."))
                return None
            node = node[key]
        return node

    def text(self, path: str, required: bool = False, max_length: int | None = None) -> str:
        value = self.get(path, required)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(path, _("Give a text."))
            return ""
        text = str(value).strip()
        if required and not text:
            self.problem(path, _("This key is required."))
        if max_length and len(text) > max_length:
            self.problem(path, _("At most %(limit)d characters.") % {"limit": max_length})
        return text

    def choice(self, path: str, allowed: tuple[str, ...], required: bool = True) -> str:
        value = self.text(path, required)
        if value and value not in allowed:
            self.problem(
                path,
                _("“%(value)s” is not allowed; use one of: %(allowed)s.")
                % {"value": value, "allowed": ", ".join(allowed)},
            )
        return value

    def url(self, path: str, required: bool = False) -> str:
        value = self.text(path, required)
        if value and not _is_url(value):
            self.problem(path, _("“%(value)s” is not a web address.") % {"value": value})
        return value

    def strings(self, path: str, required: bool = False) -> list[str]:
        value = self.get(path, required)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.problem(path, _("Give a list of texts."))
            return []
        if required and not value:
            self.problem(path, _("Give at least one value."))
        return [str(v) for v in value]

    def date(self, path: str, required: bool = False) -> datetime.date | None:
        return self.date_value(path, self.get(path, required))

    def date_value(self, path: str, value: Any) -> datetime.date | None:
        """Dates are YYYY-MM-DD only (schema.core.rst, "Dates")."""
        if value is None or isinstance(value, datetime.date):
            return value
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
            try:
                return datetime.date.fromisoformat(str(value))
            except ValueError:
                pass
        self.problem(path, _("“%(value)s” is not a date such as 2024-05-31.") % {"value": value})
        return None


def _is_url(value: str) -> bool:
    try:
        _url_validator(value)
    except ValidationError:
        return False
    return True


def _load(text: str | bytes) -> dict[str, Any]:
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise PubliccodeError([Problem("", _("The file is not UTF-8 text."))]) from None
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise PubliccodeError([Problem("", _("The file is larger than 512 KB."))])
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = _(" (line %(line)d)") % {"line": mark.line + 1} if mark else ""
        raise PubliccodeError(
            [Problem("", _("This is not valid YAML%(where)s.") % {"where": where})]
        ) from None
    except (ValueError, RecursionError):  # a date that does not exist, nesting without end
        raise PubliccodeError(
            [Problem("", _("This is not valid YAML%(where)s.") % {"where": ""})]
        ) from None
    if not isinstance(document, dict):
        raise PubliccodeError(
            [Problem("", _("A publiccode.yml file is a mapping of keys, such as name: …"))]
        )
    return document


def parse(text: str | bytes) -> Parsed:
    """Validate a publiccode.yml text; raise ``PubliccodeError`` listing every problem."""
    document = _load(text)
    check = _Checker(document)
    rules = _rules(check)
    fields: dict[str, Any] = {
        "name": check.text("name", required=True, max_length=200),
        "url": check.url("url", required=True),
        "landing_url": check.url("landingURL"),
        "software_version": check.text("softwareVersion", max_length=60),
        "release_date": check.date("releaseDate", required=rules.release_date_required),
        "platforms": _platforms(check),
        "categories": _categories(check, rules),
        "development_status": check.choice("developmentStatus", standard.DEVELOPMENT_STATUSES),
        "software_type": check.choice("softwareType", standard.SOFTWARE_TYPES),
        "licence": _licence(check),
        "main_copyright_owner": check.text("legal.mainCopyrightOwner", max_length=300),
        "repo_owner": check.text("legal.repoOwner", max_length=300),
        **_maintenance(check),
        **_localisation(check),
        **_descriptions(check, rules),
    }
    _optional_sections(check, rules)
    based_on = _based_on(check)
    if check.problems:
        raise PubliccodeError(check.problems)
    return Parsed(document=document, fields=fields, is_based_on_urls=based_on)


def _rules(check: _Checker) -> standard.VersionRules:
    """The declared version's rules; the latest version's when it is missing or unknown, so the
    rest of the file is still checked."""
    version = check.text("publiccodeYmlVersion", required=True)
    rules = standard.version_rules(version) if version else None
    if version and rules is None:
        check.problem(
            "publiccodeYmlVersion",
            _("“%(value)s” is not a published version; use 0.2 to %(latest)s.")
            % {"value": version, "latest": LATEST_VERSION},
        )
    for key, minor in standard.KEYS_SINCE.items():
        if rules is not None and key in check.document and rules.minor < minor:
            check.problem(
                key,
                _("This key was added in publiccode.yml 0.%(added)d; the file declares %(v)s.")
                % {"added": minor, "v": version},
            )
    return rules or standard.VersionRules(minor=standard.LATEST_MINOR)


def _platforms(check: _Checker) -> list[str]:
    """One platform or a list; values outside the suggested ones are allowed."""
    value = check.get("platforms")
    if isinstance(value, str) and value.strip():
        return [value.strip()]
    return check.strings("platforms", required=True)


def _categories(check: _Checker, rules: standard.VersionRules) -> list[str]:
    categories = check.strings("categories", required=rules.categories_required)
    for index, category in enumerate(categories):
        if not rules.category_allowed(category):
            check.problem(
                f"categories[{index}]",
                _("“%(value)s” is not a category of publiccode.yml 0.%(minor)d (see its list).")
                % {"value": category, "minor": rules.minor},
            )
    return categories


def _licence(check: _Checker) -> str:
    licence = check.text("legal.license", required=True, max_length=200)
    problem = licence_problem(licence) if licence else None
    if problem:
        check.problem("legal.license", problem)
    return licence


def _maintenance(check: _Checker) -> dict[str, Any]:
    kind = check.choice("maintenance.type", standard.MAINTENANCE_TYPES)
    people = _people(check, "maintenance.contacts")
    if kind in ("internal", "community") and not people:
        check.problem(
            "maintenance.contacts",
            _("Internal or community maintenance needs at least one contact."),
        )
    contractors = _people(check, "maintenance.contractors")
    if kind == "contract" and not contractors:
        check.problem("maintenance.contractors", _("Contract maintenance needs the contractors."))
    if kind and kind != "contract" and check.get("maintenance.contractors") is not None:
        check.problem("maintenance.contractors", _("Only contract maintenance has contractors."))
    for index, contractor in enumerate(contractors):
        path = f"maintenance.contractors[{index}]"
        if contractor.get("until") is None:
            check.problem(f"{path}.until", _("This key is required."))
        check.date_value(f"{path}.until", contractor.get("until"))
        website = str(contractor.get("website") or "")
        if website and not _is_url(website):
            check.problem(f"{path}.website", _not_an_address(website))
    return {"maintenance_type": kind, "maintenance_contacts": people}


def _people(check: _Checker, path: str) -> list[dict[str, Any]]:
    """Contacts or contractors: a list of mappings, each with a name."""
    value = check.get(path)
    if value is None:
        return []
    if not isinstance(value, list):
        check.problem(path, _("Give a list, one entry per person or organisation."))
        return []
    people: list[dict[str, Any]] = []
    for index, person in enumerate(value):
        if not isinstance(person, dict) or not str(person.get("name") or "").strip():
            check.problem(f"{path}[{index}].name", _("Every entry needs a name."))
            continue
        if "phone" in person and not isinstance(person["phone"], str):
            check.problem(f"{path}[{index}].phone", _("Write the phone number as a text."))
        people.append(
            {
                k: v if isinstance(v, datetime.date) else str(v)
                for k, v in person.items()
                if v is not None
            }
        )
    return people


def _localisation(check: _Checker) -> dict[str, Any]:
    ready = check.get("localisation.localisationReady", required=True)
    if ready is not None and not isinstance(ready, bool):
        check.problem("localisation.localisationReady", _("Give true or false."))
    languages = check.strings("localisation.availableLanguages", required=True)
    for index, language in enumerate(languages):
        if not standard.is_language_tag(language):
            check.problem(f"localisation.availableLanguages[{index}]", _not_a_language(language))
    return {"localisation_ready": bool(ready), "available_languages": languages}


def _not_a_language(tag: str) -> str:
    return _("“%(value)s” is not a BCP 47 language tag, such as es or pt-BR.") % {"value": tag}


def _descriptions(check: _Checker, rules: standard.VersionRules) -> dict[str, Any]:
    """Every language's block is checked and kept; the site's four languages also fill the
    translated fields (search, forms). longDescription and features are mandatory for at least
    one language, shortDescription for each."""
    descriptions = check.get("description", required=True)
    if descriptions is None:
        return {}
    if not isinstance(descriptions, dict) or not descriptions:
        check.problem("description", _("Give the description per language, such as en: …"))
        return {}
    fields: dict[str, Any] = {"descriptions": {}}
    for key, block in descriptions.items():
        path = f"description.{key}"
        if not standard.is_language_tag(str(key)):
            check.problem(path, _not_a_language(str(key)))
        if not isinstance(block, dict):
            check.problem(path, _("Give shortDescription, longDescription and features."))
            continue
        fields["descriptions"][str(key)] = block
        _description_block(check, path, rules)
    blocks = [b for b in descriptions.values() if isinstance(b, dict)]
    for key in ("longDescription", "features"):
        if blocks and not any(block.get(key) for block in blocks):
            first = next(iter(descriptions))
            check.problem(f"description.{first}.{key}", _("This key is required."))
    fields.update(site_language_fields(fields["descriptions"]))
    return fields


def _description_block(check: _Checker, path: str, rules: standard.VersionRules) -> None:
    check.text(f"{path}.shortDescription", True, standard.SHORT_DESCRIPTION_MAX)
    check.text(f"{path}.genericName", rules.generic_name_required, standard.GENERIC_NAME_MAX)
    check.text(f"{path}.localisedName")
    long_text = check.text(f"{path}.longDescription")
    low, high = rules.long_description_min, standard.LONG_DESCRIPTION_MAX
    if long_text and not low <= len(long_text) <= high:
        check.problem(
            f"{path}.longDescription",
            _("Between %(low)d and %(high)d characters.") % {"low": low, "high": high},
        )
    features = check.strings(f"{path}.features")
    limit = rules.feature_max
    for index, feature in enumerate(features):
        if limit and len(feature) > limit:
            check.problem(
                f"{path}.features[{index}]",
                _("At most %(limit)d characters.") % {"limit": limit},
            )
    for key in ("documentation", "apiDocumentation"):
        check.url(f"{path}.{key}")
    for index, video in enumerate(check.strings(f"{path}.videos")):
        if not _is_url(video):
            check.problem(f"{path}.videos[{index}]", _not_an_address(video))
    check.strings(f"{path}.screenshots")
    check.strings(f"{path}.awards")


def site_language_fields(descriptions: dict[str, Any]) -> dict[str, str]:
    """The translated model fields (es, pt, en, fr) from the blocks whose language is one of
    them ("pt-BR" and "por" fill Portuguese); the first such block wins."""
    from gealc.network.models import LANGUAGE_CODES

    fields: dict[str, str] = {}
    for code in LANGUAGE_CODES:
        key = description_key(descriptions, code)
        block = descriptions.get(key) if key else None
        block = block if isinstance(block, dict) else {}
        features = block.get("features")
        fields[f"short_description_{code}"] = _plain(block.get("shortDescription"))
        fields[f"long_description_{code}"] = _plain(block.get("longDescription"))
        fields[f"features_{code}"] = (
            "\n".join(str(f) for f in features if f) if isinstance(features, list) else ""
        )
    return fields


def _plain(value: object) -> str:
    return str(value).strip() if isinstance(value, str | int | float) else ""


def description_key(descriptions: dict[str, Any], code: str) -> str | None:
    """The key of the block in language ``code`` (by primary language), or None."""
    for key in descriptions:
        if standard.primary_language(str(key)) == code:
            return str(key)
    return None


def _optional_sections(check: _Checker, rules: standard.VersionRules) -> None:
    check.url("roadmap")
    check.strings("usedBy")
    for key in ("countries", "unsupportedCountries"):
        for index, code in enumerate(check.strings(f"intendedAudience.{key}")):
            if not standard.is_country_code(code, upper_case_allowed=rules.upper_case_countries):
                check.problem(
                    f"intendedAudience.{key}[{index}]",
                    _("“%(value)s” is not an ISO 3166-1 alpha-2 country code (%(case)s).")
                    % {
                        "value": code,
                        "case": _("upper or lower case")
                        if rules.upper_case_countries
                        else _("lower case"),
                    },
                )
    for index, scope in enumerate(check.strings("intendedAudience.scope")):
        if scope not in standard.scopes():
            check.problem(
                f"intendedAudience.scope[{index}]",
                _("“%(value)s” is not in the standard's scope list.") % {"value": scope},
            )
    for kind in ("open", "proprietary", "hardware"):
        _people(check, f"dependsOn.{kind}")
    _organisations(check)
    _supports(check)
    _italian_section(check)


def _organisations(check: _Checker) -> None:
    if check.get("organisation") is not None:
        uri = check.text("organisation.uri", required=True)
        if uri and not _URI.match(uri):
            check.problem("organisation.uri", _("“%(value)s” is not a URI.") % {"value": uri})
    for index, funder in enumerate(_people(check, "fundedBy")):
        uri = str(funder.get("uri") or "")
        if uri and not _URI.match(uri):
            check.problem(f"fundedBy[{index}].uri", _("“%(value)s” is not a URI.") % {"value": uri})


def _supports(check: _Checker) -> None:
    value = check.get("supports")
    if value is None:
        return
    if not isinstance(value, list):
        check.problem("supports", _("Give a list of entries such as id: alias:gdpr."))
        return
    for index, item in enumerate(value):
        identifier = str(item.get("id") or "") if isinstance(item, dict) else ""
        path = f"supports[{index}].id"
        if not identifier:
            check.problem(path, _("This key is required."))
        elif identifier.startswith("alias:"):
            if identifier.removeprefix("alias:") not in standard.aliases():
                check.problem(
                    path,
                    _("“%(value)s” is not in the standard's list of aliases.")
                    % {"value": identifier},
                )
        elif not _URI.match(identifier):
            check.problem(path, _("“%(value)s” is not a URI.") % {"value": identifier})


def _italian_section(check: _Checker) -> None:
    """The deprecated Italian section (schema.it.rst), under "it" or "IT": its own version
    (1.0, or the older 0.2 extension) and yes/no declarations."""
    for key in ("it", "IT"):
        if check.get(key) is None:
            continue
        version = check.text(f"{key}.countryExtensionVersion", required=True)
        if version and version not in standard.ITALIAN_EXTENSION_VERSIONS:
            check.problem(
                f"{key}.countryExtensionVersion",
                _("“%(value)s” is not a version of the Italian section; use 1.0.")
                % {"value": version},
            )
        for section in ("conforme", "piattaforme"):
            declarations = check.get(f"{key}.{section}")
            for name, value in (declarations if isinstance(declarations, dict) else {}).items():
                if not isinstance(value, bool):
                    check.problem(f"{key}.{section}.{name}", _("Give true or false."))


def _not_an_address(value: str) -> str:
    return _("“%(value)s” is not a web address.") % {"value": value}


def _based_on(check: _Checker) -> list[str]:
    value = check.get("isBasedOn")
    urls = [value] if isinstance(value, str) else value
    if urls is None:
        return []
    if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
        check.problem("isBasedOn", _("Give a web address or a list of them."))
        return []
    for index, url in enumerate(urls):
        if not _is_url(url):
            check.problem(f"isBasedOn[{index}]", _not_an_address(url))
    return list(urls)


# Export -------------------------------------------------------------------------------------


def export(entry: Any) -> str:
    """The entry as publiccode.yml: the imported document, with the keys whose value changed on
    the site since the import written from the entry (so an untouched entry exports exactly
    what was imported)."""
    document = _stored_document(entry)
    baseline = _baseline(entry)
    for key, value in _modelled_keys(entry).items():
        if key == "description":
            document["description"] = _descriptions_out(entry, document, baseline)
        elif key in ("legal", "maintenance", "localisation"):
            section = dict(document.get(key) or {})
            for sub, sub_value in value.items():
                if _changed(baseline, f"{key}.{sub}", sub_value):
                    section[sub] = sub_value
                    if sub_value in ("", [], None):
                        section.pop(sub)  # emptied on the site: the key goes
            document[key] = section
        elif _changed(baseline, key, value):
            document[key] = value
            if value in ("", [], None):
                document.pop(key)
    document.setdefault("publiccodeYmlVersion", LATEST_VERSION)
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)


def _stored_document(entry: Any) -> dict[str, Any]:
    try:
        document = yaml.safe_load(entry.publiccode_yml) if entry.publiccode_yml else {}
    except yaml.YAMLError:
        document = {}
    return document if isinstance(document, dict) else {}


def _baseline(entry: Any) -> dict[str, Any] | None:
    """The modelled values of the stored document, to tell what changed since the import."""
    if not entry.publiccode_yml:
        return None
    try:
        parsed = parse(entry.publiccode_yml)
    except PubliccodeError:
        return None
    return _modelled_values(parsed.fields, parsed.is_based_on_urls)


def _changed(baseline: dict[str, Any] | None, key: str, value: Any) -> bool:
    return baseline is None or baseline.get(key) != value


def _modelled_keys(entry: Any) -> dict[str, Any]:
    fields = {name: getattr(entry, name) for name in _FIELD_KEYS}
    based_on = list(entry.is_based_on_urls or [])
    if entry.is_based_on_id and entry.is_based_on.url not in based_on:
        based_on.append(entry.is_based_on.url)
    keys = _modelled_values(fields, based_on)
    nested: dict[str, Any] = {"description": None}
    for path, value in keys.items():
        if "." in path:
            section, sub = path.split(".")
            nested.setdefault(section, {})[sub] = value
        else:
            nested[path] = value
    return nested


_FIELD_KEYS = {
    "name": "name",
    "url": "url",
    "landing_url": "landingURL",
    "software_version": "softwareVersion",
    "release_date": "releaseDate",
    "platforms": "platforms",
    "categories": "categories",
    "development_status": "developmentStatus",
    "software_type": "softwareType",
    "licence": "legal.license",
    "main_copyright_owner": "legal.mainCopyrightOwner",
    "repo_owner": "legal.repoOwner",
    "maintenance_type": "maintenance.type",
    "maintenance_contacts": "maintenance.contacts",
    "localisation_ready": "localisation.localisationReady",
    "available_languages": "localisation.availableLanguages",
}


def _modelled_values(fields: dict[str, Any], based_on: list[str]) -> dict[str, Any]:
    values = {key: fields.get(name) for name, key in _FIELD_KEYS.items()}
    values["platforms"] = list(values["platforms"] or [])
    values["categories"] = list(values["categories"] or [])
    values["localisation.localisationReady"] = bool(values["localisation.localisationReady"])
    values["isBasedOn"] = list(based_on)
    return values


def _descriptions_out(
    entry: Any, document: dict[str, Any], baseline: dict[str, Any] | None
) -> dict[str, Any]:
    """Every language's block as stored; a site language edited since the import (its
    translated fields differ from the stored block) is written back into its block."""
    descriptions = dict(entry.descriptions or document.get("description") or {})
    stored = site_language_fields(descriptions)
    from gealc.network.models import LANGUAGE_CODES

    for code in LANGUAGE_CODES:
        current = {
            name: getattr(entry, f"{name}_{code}", "") or ""
            for name in ("short_description", "long_description", "features")
        }
        if all(current[name] == stored[f"{name}_{code}"] for name in current):
            continue
        key = description_key(descriptions, code) or code
        block = dict(descriptions.get(key) or {})
        block["shortDescription"] = current["short_description"]
        block["longDescription"] = current["long_description"]
        block["features"] = [f for f in current["features"].splitlines() if f.strip()]
        descriptions[key] = {k: v for k, v in block.items() if v not in ("", [], None)}
    return descriptions
