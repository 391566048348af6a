"""Lookups that answer "no such row" for a number no integer column can hold.

Django does this for ``exact``, ``gt`` and the like on integer fields, but not for ``in`` nor
for a foreign key's ``exact`` and ``in``: there SQLite's driver raises ``OverflowError``
(``Python int too large to convert to SQLite INTEGER``), and a posted id such as
99999999999999999999999 in a multiple choice, or in an admin filter, became a 500. These
replace Django's lookups of those names (``CoreConfig.ready`` registers them); a number out
of range is left out, since no row can have it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject, IntegerField
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In


def _holds(field: Field, value: Any, connection: Any) -> bool:
    """Whether ``value`` fits ``field``'s column (its target's, for a foreign key)."""
    if not isinstance(value, int) or isinstance(value, bool):
        return True
    target = getattr(field, "target_field", field)
    try:
        low, high = connection.ops.integer_field_range(target.get_internal_type())
    except KeyError:  # not an integer column
        return True
    return (low is None or value >= low) and (high is None or value <= high)


class _OutOfRangeLeftOut:
    rhs: Any
    lhs: Any

    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():  # type: ignore[attr-defined]
            field = self.lhs.output_field
            if isinstance(self.rhs, list | tuple | set | frozenset):
                self.rhs = [value for value in self.rhs if _holds(field, value, connection)]
            elif not _holds(field, self.rhs, connection):
                raise EmptyResultSet
        return super().process_rhs(compiler, connection)  # type: ignore[misc]


class IntegerIn(_OutOfRangeLeftOut, In):
    pass


class ForeignKeyIn(_OutOfRangeLeftOut, RelatedIn):
    pass


class ForeignKeyExact(_OutOfRangeLeftOut, RelatedExact):
    pass


def register() -> None:
    IntegerField.register_lookup(IntegerIn)
    ForeignObject.register_lookup(ForeignKeyIn)
    ForeignObject.register_lookup(ForeignKeyExact)
