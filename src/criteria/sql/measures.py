"""Numeric kinds as SQL: lab and measure thresholds, performance status (``measurement``).

A threshold reads the person's latest ``measurement`` of its analyte (by LOINC code or by a
name the lab lexicon gives it; latest by date, then by id, as the evaluator takes the last listed
of equal dates) with a value; the bound is compared on that row, and the verdicts are gathered
per person as the events' are (:mod:`criteria.sql.packing`). The value's unit is its unit
concept's UCUM code, converted with a factor pint computed at compile time
(:mod:`criteria.sql.units`; looked up once per unit concept, in ``measurement_units``);
``× ULN`` / ``× LLN`` divide by ``range_high`` / ``range_low``, else by the lexicon's default
range converted to the row's unit. A value within 1e-9 (relative) of a bound is on it, as in
the evaluator.
"""

from __future__ import annotations

from typing import Any

from sqlglot import exp

from ..evaluate.measures import bound_test, group_sex, subgroup_words, word_forms
from ..labs import bare_number_unit, lab_lexicon
from .context import ConceptSet, Context
from .kleene import MET, NOT_MET, UNKNOWN, and_, case, not_, num, or_
from .person import FEMALE, MALE, observed
from .rules import register, rule_sql
from .packing import row_bits
from .units import factors, factors_from, unitless_codes

VALUE, RANGE_HIGH, RANGE_LOW = (exp.column(c) for c in ("value", "range_high", "range_low"))

PS_SETS = {
    "ecog": ConceptSet("ecog performance status", names=frozenset({"ecog performance status", "ecog performance status score", "ecog"}), codes=frozenset({("LOINC", "89247-1")})),
    "karnofsky": ConceptSet("karnofsky performance status", names=frozenset({"karnofsky performance status", "karnofsky performance status score"}), codes=frozenset({("LOINC", "89243-0")})),
    "lansky": ConceptSet("lansky performance status", names=frozenset({"lansky performance status", "lansky play-performance scale"})),
}


def hits_query(ctx: Context) -> exp.Select:
    """``measurement_hits``: rows with a value that name a concept of some set."""
    return (
        exp.select(
            exp.column("person_id", "t"),
            exp.column("set_id", "cs"),
            exp.column("measurement_date", "t"),
            exp.column("measurement_id", "t"),
            exp.cast(exp.column("value_as_number", "t"), "DOUBLE").as_("value"),
            exp.column("unit_concept_id", "t"),
            exp.cast(exp.column("range_low", "t"), "DOUBLE").as_("range_low"),
            exp.cast(exp.column("range_high", "t"), "DOUBLE").as_("range_high"),
        )
        .from_(ctx.table("measurement").as_("t"))
        .join(exp.to_table("cs"), on="cs.concept_id = t.measurement_concept_id")
        .where("t.value_as_number IS NOT NULL")
    )


def units_query(ctx: Context) -> exp.Select:
    """``measurement_units``: per unit concept the measurements use, whether it is unitless and
    its factor in each conversion table the bounds need (:meth:`Context.unit_factor`). Codes are
    compared once per unit concept here, not once per measurement."""
    code = exp.column("concept_code", "u")
    unitless = exp.or_(exp.Is(this=code.copy(), expression=exp.null()), exp.In(this=code.copy(), expressions=[exp.Literal.string(c) for c in unitless_codes()]))
    columns = [exp.column("concept_id", "u").as_("unit_id"), case((unitless, 1), default=0).as_("unitless")]
    for name, table in ctx.unit_tables:
        columns.append(exp.alias_(_per_code(code, dict(table)), name))
    used = exp.select("unit_concept_id").distinct().from_(ctx.table("measurement")).where("unit_concept_id <> 0")
    return exp.select(*columns).from_(used.subquery("d")).join(ctx.table("concept", True).as_("u"), on="u.concept_id = d.unit_concept_id")


def rows_query(ctx: Context) -> exp.Select:
    """``measurement_rows``: the hits with what their unit is (a row whose unit concept is none,
    0 or unknown to the vocabulary has no unit) and the values the bounds read on them
    (:meth:`Context.row_value`)."""
    factors_ = [exp.column(name, "mu") for name, _ in ctx.unit_tables]
    rows = (
        exp.select("h.*", *factors_)
        .select(exp.Coalesce(this=exp.column("unitless", "mu"), expressions=[num(1)]).as_("unitless"))
        .from_("measurement_hits AS h")
        .join(exp.to_table("measurement_units").as_("mu"), on="mu.unit_id = h.unit_concept_id", join_type="left")
    )
    values = ctx.row_values["measurement"]
    if not values:
        return rows
    return exp.select("*", *(exp.alias_(e.copy(), name) for name, e in values)).from_(rows.subquery("r"))


def latest_query(ctx: Context) -> exp.Select:
    """``measurement_latest``: each row's codes, packed (:mod:`criteria.sql.packing`), and its rank
    among the person's rows of its set, latest first (by date, then by id, as the evaluator takes
    the last listed of equal dates). The codes are computed before the ranking so that it sorts
    one BIGINT per row beside its keys, not the row's values."""
    rank = exp.Window(
        this=exp.RowNumber(),
        partition_by=[exp.column("person_id"), exp.column("set_id")],
        order=exp.Order(expressions=[exp.Ordered(this=exp.column("measurement_date"), desc=True), exp.Ordered(this=exp.column("measurement_id"), desc=True)]),
    )
    return exp.select("person_id", *row_bits(ctx, "measurement"), rank.as_("rn")).from_("measurement_rows")


def dbl(value: float) -> exp.Expression:
    """A DOUBLE literal written exactly (a plain decimal literal is DECIMAL in some engines)."""
    return exp.cast(exp.Literal.number(repr(float(value))), "DOUBLE")


def _per_code(code: exp.Expression, table: dict[str, float]) -> exp.Expression:
    """``CASE WHEN code = 'g/dL' THEN 10.0 … END`` (NULL for a unit not in the table)."""
    if not table:
        return exp.null()
    return case(*((code.copy().eq(exp.Literal.string(c)), dbl(f)) for c, f in sorted(table.items())), default=exp.null())


UNITLESS = exp.column("unitless").eq(num(1))
"""The row's value has no unit (no unit concept, or a ratio's or a score's)."""


class Row:
    """An analyte's latest row: whether the person has one, and its columns (read on the row,
    in ``measurement_latest``, before the rows are gathered per person)."""

    def __init__(self, ctx: Context, set_id: int) -> None:
        self.set_id = set_id
        self.present = ctx.any_row("measurement", set_id)
        self.value, self.high, self.low = VALUE, RANGE_HIGH, RANGE_LOW


def _default_limit(ctx: Context, relative: str, entry: Any) -> exp.Expression:
    """The lexicon's default ULN/LLN in the row's unit (the evaluator's ``_default_limit``)."""
    reference = getattr(entry, "reference", None)
    if reference is None:
        return exp.null()
    limit = reference.high if relative == "ULN" else reference.low
    if limit is None:
        return exp.null()
    if reference.unit is None:
        return dbl(limit)
    context = tuple(getattr(entry, "context", ()) or ())
    converted = {code: limit * f for code, f in factors_from(reference.unit, context).items()}
    return case((UNITLESS.copy(), dbl(limit)), default=ctx.unit_factor(converted))


def _on_scale(ctx: Context, spec: Any, row: Row, entry: Any) -> exp.Expression:
    """The row's value on the bound's scale, NULL when it cannot be compared."""
    relative = getattr(spec, "relative_to", None)
    if relative:
        stated = row.high if relative == "ULN" else row.low
        limit = exp.Coalesce(this=stated.copy(), expressions=[_default_limit(ctx, relative, entry)])
        return row.value.copy() / exp.Nullif(this=limit, expression=num(0))
    bare = bare_number_unit(spec, entry)  # "BMI > 30": read in the measure's unit
    if spec.unit is None and bare is None:
        return case((UNITLESS.copy(), row.value.copy()), default=exp.null())
    context = tuple(getattr(entry, "context", ()) or ())
    factor = ctx.unit_factor(factors(spec.unit or bare, context))
    return case((UNITLESS.copy(), row.value.copy() if bare else exp.null()), default=row.value.copy() * factor)


def _close(value: exp.Expression, edge: float) -> exp.Expression:
    """Whether a value is within 1e-9 (relative) of a bound, which makes it on the bound:
    1500/µL is 1.5000000000000002 × 10⁹/L in floats (``math.isclose`` in the evaluator)."""
    return exp.Abs(this=value.copy() - dbl(edge)) <= dbl(1e-9) * exp.Greatest(this=exp.Abs(this=value.copy()), expressions=[dbl(abs(edge))], ignore_nulls=True)


def _compare(op: str, value: exp.Expression, low: float, high: float | None) -> exp.Expression:
    if op == "between":
        return exp.and_(dbl(low) <= value.copy(), value.copy() <= dbl(high if high is not None else low))
    ops = {">=": exp.GTE, ">": exp.GT, "<=": exp.LTE, "<": exp.LT, "==": exp.EQ}
    return ops[op](this=value, expression=dbl(low))


def _bound_code(ctx: Context, spec: Any, row: Row, entry: Any) -> exp.Expression:
    """The bound's verdict on the person's latest row of the analyte (0 when there is none)."""
    value = ctx.row_value("measurement", _on_scale(ctx, spec, row, entry))
    whens: list[tuple[exp.Expression, int]] = [(exp.Is(this=value.copy(), expression=exp.null()), UNKNOWN)]
    for edge in (spec.value_high, spec.value):  # the evaluator snaps to the last close edge
        if edge is not None:
            on_edge = bound_test(spec.op, spec.value, spec.value_high)(edge)
            whens.append((_close(value, edge), MET if on_edge else NOT_MET))
    whens.append((_compare(spec.op, value.copy(), spec.value, spec.value_high), MET))
    return ctx.best("measurement", row.set_id, case(*whens, default=NOT_MET))


def _subgroup(ctx: Context, condition: str | None) -> exp.Expression:
    """Whether the person is in the subgroup ("liver involvement"): a condition whose name has
    all its content words; not finding one is "no" only inside an observation period."""
    wanted = subgroup_words(condition) if condition else frozenset()
    if not wanted:
        return num(UNKNOWN)
    return case((names_all(ctx, "condition_words", wanted), MET), (observed(ctx), NOT_MET), default=UNKNOWN)


def names_all(ctx: Context, domain: str, wanted: frozenset[str]) -> exp.Expression:
    """Whether some row of ``domain`` (``condition_words``, ``procedure_words``) has a concept name
    holding every word of ``wanted``, in the forms :func:`word_forms` gives (the evaluator's
    ``record_words`` test)."""
    return ctx.any_row(domain, None, names_all_flag(ctx, domain, wanted))


def names_all_flag(ctx: Context, domain: str, wanted: frozenset[str]) -> exp.Expression:
    """Per row of ``domain``: whether its concept name holds every word of ``wanted``."""
    name = exp.RegexpReplace(
        this=exp.Lower(this=exp.column("concept_name")), expression=exp.Literal.string("[^a-z0-9']+"),
        replacement=exp.Literal.string(" "), modifiers=exp.Literal.string("g"),
    )
    padded = exp.DPipe(this=exp.DPipe(this=exp.Literal.string(" "), expression=name), expression=exp.Literal.string(" "))
    has = [exp.or_(*(exp.Like(this=padded.copy(), expression=exp.Literal.string(f"% {form} %")) for form in sorted(word_forms(w)))) for w in sorted(wanted)]
    return ctx.word_flag(domain, exp.and_(*(exp.Paren(this=h) for h in has)))


def named_exactly_flag(ctx: Context, domain: str, names: frozenset[str]) -> exp.Expression:
    """Per row of ``domain``: whether its concept name, normalised as the evaluator's ``norm``
    does (lower-case words and digits, single-spaced), is one of ``names``."""
    name = exp.Trim(this=exp.RegexpReplace(
        this=exp.Lower(this=exp.column("concept_name")), expression=exp.Literal.string("[^a-z0-9]+"),
        replacement=exp.Literal.string(" "), modifiers=exp.Literal.string("g"),
    ))
    return ctx.word_flag(domain, exp.In(this=name, expressions=[exp.Literal.string(n) for n in sorted(names)]))


def _group(ctx: Context, applies_to: str | None) -> exp.Expression | None:
    """Membership of the group a bound is for ("males"), or None when it is for everyone."""
    if applies_to is None:
        return None
    sex = group_sex(applies_to)
    if sex is None:
        return _subgroup(ctx, applies_to)
    gender = exp.column("gender")
    wanted = num(MALE if sex == "male" else FEMALE)
    known = exp.In(this=gender, expressions=[num(MALE), num(FEMALE)])
    return case((exp.and_(known, gender.copy().eq(wanted)), MET), (known.copy(), NOT_MET), default=UNKNOWN)


def _names(node: Any, entry: Any) -> frozenset[str]:
    names = [node.analyte.replace("_", " ")]
    if entry is not None:
        names += [*entry.names, *entry.abbreviations, entry.name]
    return frozenset(" ".join(n.lower().split()) for n in names)


@register("lab_threshold", "measure_threshold")
def threshold(node: Any, ctx: Context) -> exp.Expression:
    entry = lab_lexicon().get(node.analyte)
    codes = frozenset({("LOINC", node.loinc)}) if node.loinc else frozenset()
    row = Row(ctx, ctx.concept_set(ConceptSet(node.analyte, names=_names(node, entry), codes=codes)))
    main = _bound_code(ctx, node, row, entry)
    alternatives = [and_([_subgroup(ctx, a.condition), _bound_code(ctx, a, row, entry)]) for a in node.alternatives]
    verdict = or_([main, *alternatives])
    code = ctx.leaf(case((row.present, verdict), default=UNKNOWN))
    group = _group(ctx, node.applies_to)
    return code if group is None else or_([not_(group), code])


@register("performance_status")
def performance_status(node: Any, ctx: Context) -> exp.Expression:
    """The latest score on the criterion's scale (ECOG, WHO and Zubrod are one scale)."""
    row = Row(ctx, ctx.concept_set(PS_SETS[node.scale]))
    compared = ctx.best("measurement", row.set_id, case((_compare(node.op, row.value.copy(), node.value, node.value_high), MET), default=NOT_MET))
    code = ctx.leaf(case((row.present, compared), default=UNKNOWN))
    if node.for_age is None:
        return code
    return or_([not_(rule_sql(node.for_age, ctx)), code])
