"""The person row: birth date, sex, and whether the observation period vouches for absence.

OMOP gives the birth date as ``year_of_birth`` / ``month_of_birth`` / ``day_of_birth`` (or
``birth_datetime``); a missing month or day widens it to the earliest and latest possible dates
(``birth_early``, ``birth_late``), and an age is then an interval, met only if every possible age
meets the bound. ``observed`` is 1 when an observation period contains as-of: inside it the
tables are read as complete (absence is "no"), as the evaluator reads lists named in ``complete``.
"""

from __future__ import annotations

from sqlglot import exp

from ..tree.nodes import Age, AgeBound, Sex
from .context import Context
from .kleene import MET, NOT_MET, UNKNOWN, and_, case, num, test
from .rules import register

MALE, FEMALE = 8507, 8532
"""OMOP gender concepts."""


def person_query(ctx: Context) -> exp.Select:
    """``person_base``: one row per person with what the leaves read of the person row."""
    y, m, d = (exp.column(c, "p") for c in ("year_of_birth", "month_of_birth", "day_of_birth"))
    born = exp.cast(exp.column("birth_datetime", "p"), "DATE")
    one = num(1)
    early = exp.Coalesce(
        this=born, expressions=[exp.DateFromParts(year=y, month=exp.Coalesce(this=m, expressions=[one]), day=exp.Coalesce(this=d, expressions=[one.copy()]))]
    )
    late_parts = case(
        (exp.Is(this=m.copy(), expression=exp.null()), exp.DateFromParts(year=y.copy(), month=num(12), day=num(31))),
        (exp.Is(this=d.copy(), expression=exp.null()), exp.LastDay(this=exp.DateFromParts(year=y.copy(), month=m.copy(), day=num(1)))),
        default=exp.DateFromParts(year=y.copy(), month=m.copy(), day=d.copy()),
    )
    late = exp.Coalesce(this=born.copy(), expressions=[late_parts])
    as_of = ctx.date(ctx.as_of)
    periods = (
        exp.select("person_id", exp.Min(this=exp.column("observation_period_start_date")).as_("obs_start"))
        .from_(ctx.table("observation_period"))
        .where(exp.and_(exp.column("observation_period_start_date") <= as_of, exp.column("observation_period_end_date") >= as_of.copy()))
        .group_by("person_id")
    )
    return (
        exp.select(
            exp.column("person_id", "p"),
            exp.column("gender_concept_id", "p").as_("gender"),
            early.as_("birth_early"),
            late.as_("birth_late"),
            exp.column("obs_start", "o"),
            case((exp.column("obs_start", "o").is_(exp.null()).not_(), 1), default=0).as_("observed"),
        )
        .from_(ctx.table("person").as_("p"))
        .join(periods.subquery("o"), on="o.person_id = p.person_id", join_type="left")
    )


def observed(ctx: Context, reach_days: float | None = None) -> exp.Expression:
    """Whether absence means "no" for this person: as-of inside an observation period that, for a
    window reaching ``reach_days`` back, began by then (or at birth)."""
    inside = exp.column("observed").eq(1)
    if reach_days is None:
        return inside
    since = ctx.date(ctx.days_before(reach_days))
    began = exp.or_(exp.column("obs_start") <= since, exp.column("obs_start") <= exp.column("birth_early"))
    return exp.and_(inside, exp.Paren(this=began))


# --- age -------------------------------------------------------------------------------------


def _completed_months(ctx: Context, born: exp.Expression) -> exp.Expression:
    """Whole calendar months from ``born`` to as-of (the evaluator's ``completed_months``)."""
    at = ctx.as_of
    months = num(at.year * 12 + at.month) - exp.Paren(this=exp.Year(this=born.copy()) * num(12) + exp.Month(this=born.copy()))
    before_anniversary = exp.and_(exp.Day(this=born.copy()) > num(at.day), num(at.day) < num(ctx.month_length))
    return exp.Paren(this=months - case((before_anniversary, 1), default=0))


def _age(ctx: Context, born: exp.Expression, unit: str, completed: bool, upper: bool) -> exp.Expression:
    """Age in ``unit`` at as-of of someone born on ``born`` (an end of the interval when hours)."""
    if unit in ("year", "month"):
        per = 12 if unit == "year" else 1
        whole = exp.IntDiv(this=_completed_months(ctx, born), expression=num(per))
        if completed:
            return whole
        last = exp.DateAdd(this=born.copy(), expression=whole.copy() * num(per), unit=exp.var("MONTH"))
        following = exp.DateAdd(this=born.copy(), expression=(whole.copy() + num(1)) * num(per), unit=exp.var("MONTH"))
        elapsed = exp.DateDiff(this=ctx.date(ctx.as_of), expression=last, unit=exp.var("DAY"))
        length = exp.DateDiff(this=following, expression=last.copy(), unit=exp.var("DAY"))
        return whole.copy() + exp.cast(elapsed, "DOUBLE") / length
    days = exp.DateDiff(this=ctx.date(ctx.as_of), expression=born.copy(), unit=exp.var("DAY"))
    if unit == "day":
        return days
    if unit == "week":
        return exp.IntDiv(this=days, expression=num(7)) if completed else exp.cast(days, "DOUBLE") / num(7)
    hours = num(24) * days  # hour: born at an unknown hour of the birth day
    if not upper:
        return hours
    return hours + (num(23) if completed else exp.cast(exp.Literal.number(repr(24.0 - 1e-9)), "DOUBLE"))


def youngest_age(ctx: Context, unit: str = "year") -> exp.Expression:
    """The youngest age in completed ``unit`` the birth date allows at as-of (NULL if unknown)."""
    return _age(ctx, exp.column("birth_late"), unit, completed=True, upper=False)


def _bound(ctx: Context, bound: AgeBound, side: str) -> exp.Expression:
    completed = float(bound.value).is_integer()
    value = num(bound.value)
    ops = {("low", True): exp.GTE, ("low", False): exp.GT, ("high", True): exp.LTE, ("high", False): exp.LT}
    op = ops[(side, bound.inclusive)]
    youngest = _age(ctx, exp.column("birth_late"), bound.unit, completed, upper=False)
    oldest = _age(ctx, exp.column("birth_early"), bound.unit, completed, upper=True)
    at_lo, at_hi = op(this=youngest, expression=value), op(this=oldest, expression=value.copy())
    return test(exp.and_(at_lo, at_hi), exp.and_(exp.not_(at_lo.copy()), exp.not_(at_hi.copy())))


@register("age")
def age(node: Age, ctx: Context) -> exp.Expression:
    """Age bounds on the as-of date; an unknown birth date is unknown (NULL falls through)."""
    parts = [_bound(ctx, b, side) for b, side in ((node.low, "low"), (node.high, "high")) if b is not None]
    return ctx.leaf(and_(parts))


@register("sex")
def sex(node: Sex, ctx: Context) -> exp.Expression:
    """Sex from ``gender_concept_id`` (8507 male, 8532 female; anything else unknown)."""
    if node.sex == "all" and not node.qualifier:
        return num(MET)
    gender = exp.column("gender")
    known = exp.In(this=gender, expressions=[num(MALE), num(FEMALE)])
    if node.sex == "all":
        return num(UNKNOWN)  # a qualifier such as "postmenopausal" is not in the CDM's person row
    wanted = num(MALE if node.sex == "male" else FEMALE)
    hit = MET if not node.qualifier else UNKNOWN
    return ctx.leaf(case((exp.and_(known, gender.copy().eq(wanted)), hit), (known.copy(), NOT_MET), default=UNKNOWN))
