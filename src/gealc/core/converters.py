"""Path converters shared by every app's URLs (registered by ``gealc.core.apps``)."""


class RowId:
    """A database id: at most 18 digits, so it always fits a 64-bit integer column.

    Django's ``int`` converter takes any number of digits; a 30-digit id then reaches the
    database, where SQLite raises OverflowError and PostgreSQL a DataError — a 500 instead of
    the 404 such an address deserves.
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int | str) -> str:
        return str(value)
