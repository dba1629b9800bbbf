"""Age arithmetic: what the evaluator can say about a patient's age in any unit.

Convention (documented in docs/evaluation.md): an integer bound compares the age in
*completed* units, as people state ages: a person is "75" from their 75th birthday until the
day before their 76th. So "≤ 75 years" holds up to the eve of the 76th birthday, "< 75 years"
up to the eve of the 75th, "≥ 18" from the 18th birthday and "> 18" from the 19th. A
fractional bound ("≥ 0.5 years") compares the exact fractional age instead.

Months and years are calendar anniversaries: the n-th month anniversary of 31 January is
clamped to the end of a shorter month (28/29 February), and a 29 February birthday falls on
28 February in common years. Weeks and days count days since birth; hours are only known to
the day.

What is known is a closed interval of possible values: exact from ``birth_date``; from the
stated ``age`` (completed years) an interval (``age`` 0 is 0–11 months). A comparison holds
for the whole interval (met), for none of it (not met), or for part of it (unknown).
"""

from __future__ import annotations

import calendar
import math
from datetime import date

from ..errors import InputValueError
from .patient import Patient

_TINY = 1e-9  # turns a half-open interval end into a closed one
_DAYS_PER_YEAR = (365.0, 366.0)  # conservative day counts for an age stated in years


def add_months(start: date, months: int) -> date:
    """``start`` moved by whole calendar months, the day clamped to the month's length."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def completed_months(birth: date, at: date) -> int:
    """Whole calendar months from ``birth`` to ``at``.

    The anniversary in ``at``'s month is day ``min(birth.day, length of that month)``, and it is
    after ``at`` exactly when both are after ``at.day``: so the month length (a calendar call,
    the costly part of an age) is looked up only when ``birth.day > at.day``.
    """
    months = (at.year - birth.year) * 12 + at.month - birth.month
    if birth.day > at.day and calendar.monthrange(at.year, at.month)[1] > at.day:
        return months - 1
    return months


def _exact_calendar(birth: date, at: date, per: int) -> float:
    """Exact age in units of ``per`` months (12 = years, 1 = months), fractional."""
    whole = completed_months(birth, at) // per
    last, following = add_months(birth, whole * per), add_months(birth, (whole + 1) * per)
    return whole + (at - last).days / (following - last).days


def from_birth(birth: date, at: date, unit: str, completed: bool) -> tuple[float, float]:
    """Interval of the age in ``unit`` at ``at``: completed units or exact."""
    if birth > at:
        raise InputValueError(f"birth_date {birth} is after as_of {at}; check the date or pass a later as_of")
    if unit in ("year", "month"):
        per = 12 if unit == "year" else 1
        value = completed_months(birth, at) // per if completed else _exact_calendar(birth, at, per)
        return value, value
    days = (at - birth).days
    if unit == "hour":  # born at an unknown hour of the birth day
        return (24.0 * days, 24.0 * days + 23.0) if completed else (24.0 * days, 24.0 * days + 24.0 - _TINY)
    value = days if unit == "day" else (days // 7 if completed else days / 7)
    return value, value


def from_stated(age: float, unit: str, completed: bool) -> tuple[float, float]:
    """Interval of the age in ``unit`` for an ``age`` stated in years.

    An integer ``age`` is completed years, so the exact age lies in ``[age, age + 1)``; a
    fractional ``age`` is taken as exact.
    """
    width = 1.0 - _TINY if float(age).is_integer() else 0.0
    if unit in ("year", "month"):
        per = 1.0 if unit == "year" else 12.0
        lo, hi = age * per, (age + width) * per
    else:
        per = {"week": 1 / 7, "day": 1.0, "hour": 24.0}[unit]
        lo, hi = age * _DAYS_PER_YEAR[0] * per, (age + width) * _DAYS_PER_YEAR[1] * per
    return (math.floor(lo), math.floor(hi)) if completed else (lo, hi)


def age_interval(patient: Patient, at: date, unit: str, completed: bool) -> tuple[float, float] | None:
    """What is known of the patient's age in ``unit`` at ``at``; ``None`` when nothing is."""
    if patient.birth_date is not None:
        return from_birth(patient.birth_date, at, unit, completed)
    if patient.age is not None:
        return from_stated(patient.age, unit, completed)
    return None
