"""The publiccode.yml standard's rules as data, per published version (0.2 to 0.7).

The value lists (categories, scope, ``supports`` aliases) are read from the standard's own text,
copied unchanged under ``data/publiccode_standard/``. What changed from one version to the next
comes from the standard's changelog: ``VERSION_CHANGES`` says which rule each version turned on
or off, so a file is checked against the version it declares. No Python library validates
publiccode.yml (the reference validator, publiccode-parser-go, has no PyPI package), so this is
the standard written down; languages and countries come from ISO 639 and ISO 3166 (pycountry).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry

# Every published version, and how a file may spell it. "0" is the standard's own example:
# the latest 0.x.
LATEST_MINOR = 7
VERSION_PATTERN = re.compile(r"^0(?:\.([2-7])(?:\.\d+)?)?$")
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
# Platforms: "Human readable values outside this list are allowed" (schema.core.rst).
SUGGESTED_PLATFORMS = ("web", "windows", "mac", "linux", "ios", "android")
SHORT_DESCRIPTION_MAX = 150
LONG_DESCRIPTION_MAX = 10000
GENERIC_NAME_MAX = 35
# Categories added after 0.2 (CHANGELOG: 0.3, 0.4 and 0.5); the rest of the list is 0.2's.
CATEGORIES_SINCE = {
    "whistleblowing": 3,
    "educational-content": 3,
    "regulations-and-directives": 4,
    "integrated-library-system": 4,
    "design": 4,
    "design-system": 4,
    "other": 5,
}
# The Italian section's own versions: it-0.2 (2019) and 1.0, the one schema.it.rst now requires.
ITALIAN_EXTENSION_VERSIONS = ("0.2", "1.0")
# Top-level keys added after 0.2, with the minor version that added them.
KEYS_SINCE = {"organisation": 5, "fundedBy": 5, "supports": 7}


@dataclass(frozen=True)
class VersionRules:
    """What the declared version requires. ``minor`` is 2 for "0.2.1", 7 for "0"."""

    minor: int

    @property
    def release_date_required(self) -> bool:
        return self.minor < 4  # 0.4: "Make releaseDate an optional key"

    @property
    def categories_required(self) -> bool:
        return self.minor < 5  # 0.5: "make categories optional"

    @property
    def generic_name_required(self) -> bool:
        return self.minor < 3  # 0.3: "make genericName optional and deprecate it"

    @property
    def long_description_min(self) -> int:
        return 500 if self.minor < 3 else 150  # 0.3: "change the minimum length"

    @property
    def feature_max(self) -> int | None:
        return 100 if self.minor < 3 else None  # 0.3: "remove the characters limit"

    @property
    def upper_case_countries(self) -> bool:
        return self.minor >= 5  # 0.5: "Use pure ISO 3166-1 alpha-2"

    def category_allowed(self, category: str) -> bool:
        return category in categories() and CATEGORIES_SINCE.get(category, 2) <= self.minor


def version_rules(version: str) -> VersionRules | None:
    """The rules of a declared version, or None when it is not a published one."""
    match = VERSION_PATTERN.match(version)
    if not match:
        return None
    return VersionRules(minor=int(match.group(1)) if match.group(1) else LATEST_MINOR)


def _listed_values(filename: str) -> tuple[str, ...]:
    text = resources.files("gealc.knowledge").joinpath(f"data/publiccode_standard/{filename}")
    return tuple(
        line[2:].strip() for line in text.read_text().splitlines() if line.startswith("- ")
    )


@cache
def categories() -> tuple[str, ...]:
    return _listed_values("categories-list.rst")


@cache
def scopes() -> tuple[str, ...]:
    return _listed_values("scope-list.rst")


@cache
def aliases() -> tuple[str, ...]:
    text = resources.files("gealc.knowledge").joinpath("data/publiccode_standard/aliases-list.rst")
    rows = re.findall(r"^([a-z0-9]+)\s+https?://", text.read_text(), flags=re.MULTILINE)
    return tuple(rows)


_BCP47 = re.compile(r"^([A-Za-z]{2,3})((?:-[A-Za-z0-9]{1,8})*)$")


def is_language_tag(tag: str) -> bool:
    """A BCP 47 tag whose primary subtag is an ISO 639 language ("it", "pt-BR", "sl-IT-nedis").

    Three-letter ISO 639-2/3 codes ("spa") are accepted, as the reference validator does."""
    match = _BCP47.match(tag)
    return bool(match) and primary_language(tag) is not None


def primary_language(tag: str) -> str | None:
    """The two-letter ISO 639-1 code of a tag ("pt" for "pt-BR" and "por"), else its ISO 639-3
    code, or None when the primary subtag is no language."""
    primary = tag.split("-")[0].lower()
    if len(primary) == 2:
        language = pycountry.languages.get(alpha_2=primary)
    else:
        language = pycountry.languages.get(alpha_3=primary) or _bibliographic(primary)
    if language is None:
        return None
    return str(getattr(language, "alpha_2", "") or language.alpha_3)


def _bibliographic(code: str) -> object | None:
    for language in pycountry.languages:
        if getattr(language, "bibliographic", None) == code:
            return language
    return None


def is_country_code(code: str, *, upper_case_allowed: bool) -> bool:
    """ISO 3166-1 alpha-2; lower case always (deprecated since 0.5), upper case from 0.5."""
    if code != code.lower() and not (upper_case_allowed and code == code.upper()):
        return False
    return len(code) == 2 and pycountry.countries.get(alpha_2=code.upper()) is not None
