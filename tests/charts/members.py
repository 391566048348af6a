"""The 33 Latin American and Caribbean countries, as ISO 3166-1 numeric code and name."""

from gealc.charts import MapCountry

MEMBERS = {
    "028": "Antigua and Barbuda", "032": "Argentina", "044": "Bahamas", "052": "Barbados",
    "084": "Belize", "068": "Bolivia", "076": "Brazil", "152": "Chile", "170": "Colombia",
    "188": "Costa Rica", "192": "Cuba", "212": "Dominica", "214": "Dominican Republic",
    "218": "Ecuador", "222": "El Salvador", "308": "Grenada", "320": "Guatemala",
    "328": "Guyana", "332": "Haiti", "340": "Honduras", "388": "Jamaica", "484": "Mexico",
    "558": "Nicaragua", "591": "Panama", "600": "Paraguay", "604": "Peru",
    "659": "Saint Kitts and Nevis", "662": "Saint Lucia",
    "670": "Saint Vincent and the Grenadines", "740": "Suriname",
    "780": "Trinidad and Tobago", "858": "Uruguay", "862": "Venezuela",
}  # fmt: skip

# Drawn as circles: the seven smallest, with Trinidad and Tobago in the Eastern Caribbean
# callout; the Bahamas and Jamaica at their place.
EASTERN_CARIBBEAN = {"028", "052", "212", "308", "659", "662", "670", "780"}
SMALL_STATES = EASTERN_CARIBBEAN | {"044", "388"}


def member_countries(category: str = "Member") -> list[MapCountry]:
    return [MapCountry(code, name, category) for code, name in MEMBERS.items()]
