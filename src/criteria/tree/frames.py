"""``Criteria.to_dataframe()``: the records as a ``pandas.DataFrame`` (the ``pandas`` extra).

pandas is imported here, lazily, so ``import criteria`` never pays for it and works without it.
The columns are the records contract's fixed keys first (see :mod:`criteria.tree.records`), then
any kind-specific keys in the order they first appear, so an empty tree still gives a frame
with the contract's columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import MissingDependencyError
from .records import records

if TYPE_CHECKING:
    import pandas

    from .nodes import Criteria

CONTRACT_COLUMNS = ("section", "criterion", "kind", "field", "op", "value", "value_high", "unit",
                    "cohort", "negated", "start", "end", "text")


def to_dataframe(criteria: "Criteria") -> "pandas.DataFrame":
    """One row per typed leaf of ``criteria``; columns as described in docs/records.md."""
    try:
        import pandas
    except ImportError:
        raise MissingDependencyError(
            "to_dataframe() needs pandas, which is not installed; install it with "
            "pip install 'criteria[pandas]' (or use to_records() for plain dicts)"
        ) from None
    rows = records(criteria)
    extra = [key for row in rows for key in row if key not in CONTRACT_COLUMNS]
    columns = list(CONTRACT_COLUMNS) + list(dict.fromkeys(extra))
    frame = pandas.DataFrame(rows, columns=columns)
    # offsets stay integers: a criterion with no characters of its own (a record's structured
    # field) has none, which a float column would turn into NaN and every offset into a float
    frame[["start", "end"]] = frame[["start", "end"]].astype("Int64")
    if criteria.nct_id:
        frame.insert(0, "nct_id", criteria.nct_id)
    return frame
