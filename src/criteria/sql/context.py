"""The state of one compilation: the as-of date, where the CDM lives, and what the leaves need.

Compiling a rule tree walks it once; each leaf asks the :class:`Context` for what it needs from the
database (a concept set, a per-person aggregate over one CDM table, a column of the person row)
and gets back a column name to use in its expression. The query is then assembled from what was
asked for (:mod:`criteria.sql.query`), so a trial that names no drug never reads ``drug_exposure``.
"""

from __future__ import annotations

import calendar
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterator

from sqlglot import exp

from ..evaluate.evaluator import silence_settles
from .kleene import MET, NOT_MET, UNKNOWN, case, num

DOMAINS = ("condition", "drug", "procedure", "measurement", "condition_words", "procedure_words", "condition_rows",
           "procedure_rows", "drug_rows")
"""Per-person aggregates are grouped by the table they scan (``*_words``: the rows whose concept's
name has a word condition; ``*_rows``: every row, by person only)."""


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


PER_PACK = 31
"""Verdict codes per packed column: two bits each, 62 bits of a BIGINT (no sign bit)."""


def pack_column(domain: str, pack: int) -> str:
    """The name of a domain's ``pack``-th packed column."""
    return f"{domain}_pk{pack}"


@dataclass(frozen=True)
class Packed:
    """One per-person "best code over the matching rows", kept as two bits of a packed column.

    A row's code (0 not met, 1 unknown, 2 met: never NULL) times ``4 ** position`` sets bit
    ``2·position`` for unknown and ``2·position + 1`` for met; ``BIT_OR`` over a person's rows then
    holds, per position, whether some row was met and whether some row was unknown, which is all
    ``MAX`` of the codes says (met over unknown over not met or no row). One ``BIT_OR`` per 31
    codes instead of one ``MAX`` per code: a hash aggregate's cost grows with its aggregates.
    """

    domain: str
    set_id: int | None  # the concept set whose rows it reads (None: every row of the table)
    code: exp.Expression
    pack: int
    position: int

    @property
    def column(self) -> str:
        return pack_column(self.domain, self.pack)

    def bit(self, code: int) -> exp.Expression:
        """Whether some row had ``code`` (MET or UNKNOWN). The packed columns are 0, not NULL,
        for a person without rows (``scaled`` coalesces them), so this is never NULL."""
        return exp.NEQ(this=self._masked(code), expression=num(0))

    def none(self) -> exp.Expression:
        """Whether no row was met or unknown (no row, or only rows not met): the common case,
        tested first so most persons take one comparison."""
        return exp.EQ(this=self._masked(MET + UNKNOWN), expression=num(0))

    def _masked(self, bits: int) -> exp.Expression:
        return exp.BitwiseAnd(this=exp.column(self.column), expression=exp.Literal.number(bits * 4**self.position))


@dataclass
class Context:
    """Everything one :func:`criteria.sql.compile` call collects while walking the tree."""

    as_of: date
    cdm_schema: str | None = None
    vocab_schema: str | None = None
    overrides: dict[str, tuple[int, ...]] = field(default_factory=dict)
    section: str = "exclusion"
    #: what the silence of an observed person's tables may settle (the evaluator's ``absence``)
    absence: str = "clears"
    #: the conditions the tree's inclusion criteria ask for (criteria.evaluate.other.study_conditions)
    study: tuple[str, ...] = ()
    #: whether the rule being compiled sits under an odd number of negations
    negated: bool = False
    #: the exempt cases whose rows the condition being compiled does not count (the evaluator's
    #: ``Options.exempt``, criteria.evaluate.exempt)
    exempt: tuple = ()
    sets: dict[ConceptSet, int] = field(default_factory=dict)
    aggregates: dict[str, list[tuple[str, exp.Expression]]] = field(default_factory=lambda: {d: [] for d in DOMAINS})
    packed: dict[str, list[Packed]] = field(default_factory=lambda: {d: [] for d in DOMAINS})
    flags: dict[str, list[tuple[str, int]]] = field(default_factory=lambda: {d: [] for d in DOMAINS})
    words: dict[str, list[tuple[str, exp.Expression]]] = field(default_factory=lambda: {d: [] for d in DOMAINS})
    row_values: dict[str, list[tuple[str, exp.Expression]]] = field(default_factory=lambda: {d: [] for d in DOMAINS})
    unit_tables: list[tuple[str, tuple[tuple[str, float], ...]]] = field(default_factory=list)
    values: list[tuple[str, exp.Expression]] = field(default_factory=list)
    leaves: list[tuple[str, exp.Expression]] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # what the criterion being compiled cannot express
    _names: int = 0

    def silence_settles(self) -> frozenset[int]:
        """The verdicts silence may give an event leaf here (the evaluator's rule)."""
        return silence_settles(self.absence, self.section, self.negated)

    @contextmanager
    def setting(self, **values: object) -> Iterator[None]:
        """Compile the rules inside with these fields set, restored after."""
        saved = {name: getattr(self, name) for name in values}
        for name, value in values.items():
            setattr(self, name, value)
        try:
            yield
        finally:
            for name, value in saved.items():
                setattr(self, name, value)

    def negation(self):
        """Compile the rules inside as under one more negation."""
        return self.setting(negated=not self.negated)

    def decided(self):
        """Compile the rules inside with silence settling both ways (an ``except`` node's cases)."""
        return self.setting(absence="decides")

    def membership(self):
        """Compile who a criterion is about, or a cohort's definition: tested as an inclusion
        is, and silence may settle it (not belonging only makes criteria not applicable)."""
        return self.setting(section="inclusion", absence="decides", negated=False)

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

    def best(self, domain: str, set_id: int | None, code: exp.Expression) -> exp.Column:
        """The best verdict code over a person's rows of ``domain`` that name a concept of set
        ``set_id`` (every row when None), ``code`` being read on each row: 2 when one row is
        met, else 1 when one is unknown, else 0 (no row, or only rows not met)."""
        packed = self.packed_code(domain, set_id, code)
        return self.value(case((packed.none(), NOT_MET), (packed.bit(MET), MET), default=UNKNOWN))

    def any_row(self, domain: str, set_id: int | None, condition: exp.Expression | None = None) -> exp.Expression:
        """Whether some row of ``domain`` in set ``set_id`` (every row when None) meets
        ``condition`` (any such row when None): a condition that is never NULL."""
        code = num(MET) if condition is None else case((condition, MET), default=NOT_MET)
        return self.packed_code(domain, set_id, code).bit(MET)

    def packed_code(self, domain: str, set_id: int | None, code: exp.Expression) -> Packed:
        """The packed bits of the best ``code`` over a person's rows of set ``set_id``."""
        known = self.packed[domain]
        for packed in known:
            if packed.set_id == set_id and packed.code == code:
                return packed
        packed = Packed(domain, set_id, code, *divmod(len(known), PER_PACK))
        known.append(packed)
        return packed

    def word_flag(self, domain: str, condition: exp.Expression) -> exp.Expression:
        """A condition on a concept's ``concept_name``, computed once per concept of the
        vocabulary rather than once per record; a row-level condition on the record."""
        for name, existing in self.words[domain]:
            if existing == condition:
                break
        else:
            name = self.fresh("w")
            self.words[domain].append((name, condition))
        return exp.column(name).eq(num(1))

    def row_value(self, domain: str, expression: exp.Expression) -> exp.Column:
        """A value computed on each row (a lab value on a bound's scale) before the rows are
        gathered per person, so a row's code can read it several times. It must be cheap: it is
        computed on the rows of every set (only its own set's rows read it), and an optimiser
        may inline it into each place that reads it (DuckDB does)."""
        return self._named(self.row_values[domain], "rv", expression)

    def unit_factor(self, table: dict[str, float]) -> exp.Expression:
        """A measurement row's factor in a conversion table (UCUM code → factor, computed at
        compile time), NULL when its unit is not in the table."""
        if not table:
            return exp.null()
        key = tuple(sorted(table.items()))
        for name, existing in self.unit_tables:
            if existing == key:
                return exp.column(name)
        name = self.fresh("u")
        self.unit_tables.append((name, key))
        return exp.column(name)

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
