"""The state of one compilation: the as-of date, where the CDM lives, and what the leaves need.

Compiling a rule tree walks it once; each leaf asks the :class:`Context` for what it needs from the
database (a concept set, a per-person aggregate over one CDM table, a column of the person row)
and gets back a column name to use in its expression. The query is then assembled from what was
asked for (:mod:`criteria.sql.query`), so a trial that names no drug never reads ``drug_exposure``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlglot import exp

from .kleene import UNKNOWN, num

DOMAINS = ("condition", "drug", "procedure", "measurement", "condition_words", "procedure_words")
"""Per-person aggregates are grouped by the table they scan (``*_words``: every row's concept name)."""


@dataclass(frozen=True)
class ConceptSet:
    """What a concept set is made of, resolved at query time in the vocabulary tables.

    ``phrases`` are matched as whole words inside ``concept_name`` / ``concept_synonym_name``
    (normalised as :func:`criteria.evaluate.terms.norm` does); ``names`` must equal the
    lower-cased name (labs, as the evaluator matches lab names); ``codes`` are
    ``(vocabulary_id, concept_code)`` pairs. ``label`` is the name a caller overrides it by.
    """

    label: str
    phrases: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    codes: frozenset[tuple[str, str]] = frozenset()


@dataclass
class Context:
    """Everything one :func:`criteria.sql.compile` call collects while walking the tree."""

    as_of: date
    cdm_schema: str | None = None
    vocab_schema: str | None = None
    overrides: dict[str, tuple[int, ...]] = field(default_factory=dict)
    section: str = "exclusion"
    sets: dict[ConceptSet, int] = field(default_factory=dict)
    aggregates: dict[str, list[tuple[str, exp.Expression]]] = field(default_factory=lambda: {d: [] for d in DOMAINS})
    flags: dict[str, list[tuple[str, int]]] = field(default_factory=lambda: {d: [] for d in DOMAINS})
    values: list[tuple[str, exp.Expression]] = field(default_factory=list)
    leaves: list[tuple[str, exp.Expression]] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # what the criterion being compiled cannot express
    _names: int = 0

    # --- names and tables ---------------------------------------------------------------------

    def fresh(self, prefix: str) -> str:
        """A new column name, unique in the query."""
        self._names += 1
        return f"{prefix}{self._names}"

    def table(self, name: str, vocabulary: bool = False) -> exp.Table:
        """A CDM (or vocabulary) table, qualified by its schema when one was given."""
        schema = self.vocab_schema if vocabulary else self.cdm_schema
        return exp.table_(name, db=schema) if schema else exp.table_(name)

    # --- what leaves ask for ------------------------------------------------------------------

    def concept_set(self, concept_set: ConceptSet) -> int:
        """The id of a concept set (the same definition always gets the same id)."""
        return self.sets.setdefault(concept_set, len(self.sets) + 1)

    def flag(self, domain: str, concept_set: ConceptSet) -> exp.Expression:
        """Whether a row of ``domain``'s hits names a concept of ``concept_set`` (a column joined
        onto the hits: an IN-subquery inside an aggregate is not SQL every engine runs)."""
        set_id = self.concept_set(concept_set)
        for name, existing in self.flags[domain]:
            if existing == set_id:
                break
        else:
            name = self.fresh("f")
            self.flags[domain].append((name, set_id))
        return exp.column(name).is_(exp.null()).not_()

    def aggregate(self, domain: str, expression: exp.Expression) -> exp.Column:
        """A per-person aggregate over ``domain``'s matching rows; the column to read it by."""
        for name, existing in self.aggregates[domain]:
            if existing == expression:
                return exp.column(name)
        name = self.fresh("a")
        self.aggregates[domain].append((name, expression))
        return exp.column(name)

    def value(self, expression: exp.Expression) -> exp.Column:
        """A per-person value over aggregates (a lab value on a bound's scale), computed once in
        the step before the leaves, so a leaf can read it several times without repeating it."""
        return self._named(self.values, "v", expression)

    def leaf(self, expression: exp.Expression) -> exp.Column:
        """A leaf verdict computed once per person (in the ``leaves`` step); the column to read it by."""
        return self._named(self.leaves, "l", expression)

    def _named(self, table: list[tuple[str, exp.Expression]], prefix: str, expression: exp.Expression) -> exp.Column:
        for name, existing in table:
            if existing == expression:
                return exp.column(name)
        name = self.fresh(prefix)
        table.append((name, expression))
        return exp.column(name)

    def unknown(self, reason: str) -> exp.Expression:
        """Unknown for every person, because the compiler cannot express it; the reason is kept."""
        if reason not in self.reasons:
            self.reasons.append(reason)
        return num(UNKNOWN)

    # --- dates: as_of is a constant, so date arithmetic against it is done here ---------------

    def date(self, value: date) -> exp.Expression:
        return exp.cast(exp.Literal.string(value.isoformat()), exp.DataType.Type.DATE)

    def days_before(self, days: float) -> date:
        """The date ``days`` days before as-of (clamped to the calendar's range)."""
        try:
            return self.as_of - timedelta(days=min(days, 3_000_000))
        except OverflowError:
            return date.min

    @property
    def month_length(self) -> int:
        return calendar.monthrange(self.as_of.year, self.as_of.month)[1]
