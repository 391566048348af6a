"""publiccode.yml (https://yml.publiccode.tools, versions 0.2 to 0.4): parse, validate, export.

``parse`` reads the text with ``yaml.safe_load`` and checks the keys the standard requires,
their allowed values, dates, addresses and the SPDX licence expression. It collects *every*
problem with its key path (``legal.license: 'GPL-9' is not an SPDX licence``) and raises one
``PubliccodeError``; it never returns half a result. ``export`` writes the document back: the
keys this site models come from the entry, every other key of the imported file is kept.
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

MAX_BYTES = 512 * 1024
VERSION_PATTERN = re.compile(r"^0\.[234](\.\d+)?$")
CATEGORY_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DEVELOPMENT_STATUSES = ("concept", "development", "beta", "stable", "obsolete")
SOFTWARE_TYPES = (
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
)
MAINTENANCE_TYPES = ("internal", "contract", "community", "none")
PLATFORMS = ("web", "windows", "mac", "linux", "ios", "android")
# publiccode.yml 0.2 used ISO 639-3 keys ("spa"), later versions BCP 47 ("es", "pt-BR").
LANGUAGE_KEYS = {
    "es": "es",
    "spa": "es",
    "pt": "pt",
    "por": "pt",
    "en": "en",
    "eng": "en",
    "fr": "fr",
    "fra": "fr",
    "fre": "fr",
}
SHORT_DESCRIPTION_MAX = 150
LONG_DESCRIPTION_RANGE = (150, 10000)
_url_validator = URLValidator(schemes=["http", "https"])


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

    def date(self, path: str) -> datetime.date | None:
        value = self.get(path)
        if value is None or isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            self.problem(
                path, _("“%(value)s” is not a date such as 2024-05-31.") % {"value": value}
            )
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
    if not isinstance(document, dict):
        raise PubliccodeError(
            [Problem("", _("A publiccode.yml file is a mapping of keys, such as name: …"))]
        )
    return document


def parse(text: str | bytes) -> Parsed:
    """Validate a publiccode.yml text; raise ``PubliccodeError`` listing every problem."""
    document = _load(text)
    check = _Checker(document)
    version = check.text("publiccodeYmlVersion", required=True)
    if version and not VERSION_PATTERN.match(version):
        check.problem("publiccodeYmlVersion", _("Versions 0.2 to 0.4 are supported."))
    fields: dict[str, Any] = {
        "name": check.text("name", required=True, max_length=200),
        "url": check.url("url", required=True),
        "landing_url": check.url("landingURL"),
        "software_version": check.text("softwareVersion", max_length=60),
        "release_date": check.date("releaseDate"),
        "platforms": _platforms(check),
        "categories": _categories(check),
        "development_status": check.choice("developmentStatus", DEVELOPMENT_STATUSES),
        "software_type": check.choice("softwareType", SOFTWARE_TYPES),
        "licence": _licence(check),
        "main_copyright_owner": check.text("legal.mainCopyrightOwner", max_length=300),
        "repo_owner": check.text("legal.repoOwner", max_length=300),
        **_maintenance(check),
        **_localisation(check),
        **_descriptions(check),
    }
    based_on = _based_on(check)
    if check.problems:
        raise PubliccodeError(check.problems)
    return Parsed(document=document, fields=fields, is_based_on_urls=based_on)


def _platforms(check: _Checker) -> list[str]:
    platforms = check.strings("platforms", required=True)
    for index, platform in enumerate(platforms):
        if platform not in PLATFORMS:
            check.problem(
                f"platforms[{index}]",
                _("“%(value)s” is not allowed; use one of: %(allowed)s.")
                % {"value": platform, "allowed": ", ".join(PLATFORMS)},
            )
    return platforms


def _categories(check: _Checker) -> list[str]:
    categories = check.strings("categories")
    for index, category in enumerate(categories):
        if not CATEGORY_PATTERN.match(category):
            check.problem(
                f"categories[{index}]",
                _("Categories are lower-case words joined by hyphens, such as e-signature."),
            )
    return categories


def _licence(check: _Checker) -> str:
    licence = check.text("legal.license", required=True, max_length=200)
    problem = licence_problem(licence) if licence else None
    if problem:
        check.problem("legal.license", problem)
    return licence


def _maintenance(check: _Checker) -> dict[str, Any]:
    kind = check.choice("maintenance.type", MAINTENANCE_TYPES)
    contacts = check.get("maintenance.contacts")
    people: list[dict[str, str]] = []
    if contacts is not None and not isinstance(contacts, list):
        check.problem("maintenance.contacts", _("Give a list of contacts."))
    for index, contact in enumerate(contacts if isinstance(contacts, list) else []):
        path = f"maintenance.contacts[{index}]"
        if not isinstance(contact, dict) or not str(contact.get("name") or "").strip():
            check.problem(f"{path}.name", _("Every contact needs a name."))
            continue
        people.append({k: str(v) for k, v in contact.items() if v is not None})
    if kind in ("internal", "community") and not people:
        check.problem(
            "maintenance.contacts",
            _("Internal or community maintenance needs at least one contact."),
        )
    if kind == "contract" and not check.get("maintenance.contractors"):
        check.problem("maintenance.contractors", _("Contract maintenance needs the contractors."))
    return {"maintenance_type": kind, "maintenance_contacts": people}


def _localisation(check: _Checker) -> dict[str, Any]:
    ready = check.get("localisation.localisationReady", required=True)
    if ready is not None and not isinstance(ready, bool):
        check.problem("localisation.localisationReady", _("Give true or false."))
    languages = check.strings("localisation.availableLanguages", required=True)
    return {"localisation_ready": bool(ready), "available_languages": languages}


def _descriptions(check: _Checker) -> dict[str, Any]:
    descriptions = check.get("description", required=True)
    if descriptions is None:
        return {}
    if not isinstance(descriptions, dict) or not descriptions:
        check.problem("description", _("Give the description per language, such as en: …"))
        return {}
    fields: dict[str, Any] = {}
    for key, texts in descriptions.items():
        path = f"description.{key}"
        if not isinstance(texts, dict):
            check.problem(path, _("Give shortDescription, longDescription and features."))
            continue
        short = check.text(f"{path}.shortDescription", True, SHORT_DESCRIPTION_MAX)
        long_text = check.text(f"{path}.longDescription", required=True)
        low, high = LONG_DESCRIPTION_RANGE
        if long_text and not low <= len(long_text) <= high:
            check.problem(
                f"{path}.longDescription",
                _("Between %(low)d and %(high)d characters.") % {"low": low, "high": high},
            )
        features = check.strings(f"{path}.features")
        code = LANGUAGE_KEYS.get(str(key))
        if code:
            fields[f"short_description_{code}"] = short
            fields[f"long_description_{code}"] = long_text
            fields[f"features_{code}"] = "\n".join(features)
    return fields


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
            check.problem(
                f"isBasedOn[{index}]", _("“%(value)s” is not a web address.") % {"value": url}
            )
    return list(urls)


# Export -------------------------------------------------------------------------------------


def _description_key(original: dict[str, Any], code: str) -> str:
    for key in original:
        if LANGUAGE_KEYS.get(str(key)) == code:
            return str(key)
    return code


def export(entry: Any) -> str:
    """The entry as publiccode.yml: modelled keys from the entry, the rest as imported."""
    try:
        document = yaml.safe_load(entry.publiccode_yml) if entry.publiccode_yml else {}
    except yaml.YAMLError:
        document = {}
    document = document if isinstance(document, dict) else {}
    document.setdefault("publiccodeYmlVersion", "0.4")
    document.update(_modelled_keys(entry, document))
    for key in ("landingURL", "softwareVersion", "releaseDate", "categories", "isBasedOn"):
        if document.get(key) in ("", [], None):
            document.pop(key, None)
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)


def _modelled_keys(entry: Any, document: dict[str, Any]) -> dict[str, Any]:
    original_descriptions = document.get("description") or {}
    descriptions = dict(original_descriptions) if isinstance(original_descriptions, dict) else {}
    from gealc.network.models import LANGUAGE_CODES

    for code in LANGUAGE_CODES:
        short = getattr(entry, f"short_description_{code}", "") or ""
        long_text = getattr(entry, f"long_description_{code}", "") or ""
        if not (short or long_text):
            continue
        key = _description_key(descriptions, code)
        texts = dict(descriptions.get(key) or {})
        texts.update(shortDescription=short, longDescription=long_text)
        features = [f for f in (getattr(entry, f"features_{code}", "") or "").splitlines() if f]
        if features:
            texts["features"] = features
        descriptions[key] = texts
    based_on = list(entry.is_based_on_urls or [])
    if entry.is_based_on_id and entry.is_based_on.url not in based_on:
        based_on.append(entry.is_based_on.url)
    legal = dict(document.get("legal") or {})
    legal["license"] = entry.licence
    for key, value in (
        ("mainCopyrightOwner", entry.main_copyright_owner),
        ("repoOwner", entry.repo_owner),
    ):
        if value:
            legal[key] = value
    maintenance = dict(document.get("maintenance") or {})
    maintenance["type"] = entry.maintenance_type
    if entry.maintenance_contacts:
        maintenance["contacts"] = entry.maintenance_contacts
    release = entry.release_date.isoformat() if entry.release_date else None
    return {
        "name": entry.name,
        "url": entry.url,
        "landingURL": entry.landing_url,
        "softwareVersion": entry.software_version,
        "releaseDate": release,
        "platforms": list(entry.platforms),
        "categories": list(entry.categories),
        "developmentStatus": entry.development_status,
        "softwareType": entry.software_type,
        "isBasedOn": based_on,
        "description": descriptions,
        "legal": legal,
        "maintenance": maintenance,
        "localisation": {
            **(document.get("localisation") or {}),
            "localisationReady": bool(entry.localisation_ready),
            "availableLanguages": list(entry.available_languages),
        },
    }
