"""Readings of the newer evaluator (issue 11 on main), mirrored when the installed evaluator has them.

The evaluator on main infers reproductive status (a man is neither pregnant, breastfeeding nor of
childbearing potential; a current pregnancy among the conditions is a pregnancy), reads a planned
or needed procedure as unknown when the records are silent, and lets a condition or procedure read
by its words rather than from the lexicon (``open_vocabulary``) be unknown when a record shares one
of its words. The SQL must read as the evaluator it ships with, or parity breaks: these functions
apply the newer readings only when that evaluator is installed (``criteria.evaluate.statements``,
the ``planned`` status). Once both are on one branch the checks are always true and can go.
"""

from __future__ import annotations

import importlib.util
import typing
from functools import cache
from typing import Any

from sqlglot import exp

from ..evaluate.events import read_by_its_words
from ..evaluate.other import study_phrases
from ..evaluate.statements import BY_AGE, PAST_CHILDBEARING_AGE, PREGNANCY_TEST_RESULTS
from ..evaluate.terms import norm
from ..tree.nodes import Status, only_planned
from ..resources import is_generic_condition
from .context import ConceptSet, Context
from .kleene import MET, NOT_MET, UNKNOWN, case, num
from .person import youngest_age

PREGNANCY = ("pregnancy", "pregnant", "gestation")
NOT_A_PREGNANCY = ("pregnancy test", "history of pregnancy", "ectopic pregnancy")
BREASTFEEDING = ("breastfeeding", "breast feeding", "lactation", "lactating")
RECORDS = {"pregnant": (PREGNANCY, NOT_A_PREGNANCY), "breastfeeding": (BREASTFEEDING, ())}
PLANNED = frozenset({"planned", "current"})
POSITIVE_TEST = "positive_test"  # "CMV seropositive": a record settles it, silence is unknown
STEM = 6  # letters two words share to be taken as forms of one word (the evaluator's _STEM)


@cache
def infers_reproductive_status() -> bool:
    """Whether the installed evaluator infers reproductive status (``evaluate.statements``)."""
    return importlib.util.find_spec("criteria.evaluate.statements") is not None


@cache
def has_status(word: str) -> bool:
    """Whether the installed tree has status ``word`` (``planned``, ``positive_test``): the newer
    evaluator then reads those events as a list of what happened cannot hold them."""
    return word in typing.get_args(Status)


def _words(column: str) -> exp.Expression:
    from .concepts import normalised

    return normalised(exp.column(column))


def _mentions(padded: exp.Expression, phrases: tuple[str, ...]) -> exp.Expression:
    return exp.or_(*(exp.Like(this=padded.copy(), expression=exp.Literal.string(f"% {norm(p)} %")) for p in phrases))


def reproductive(node: Any, ctx: Context, domain: str) -> exp.Expression:
    """The evaluator's ``reproductive_status`` over the CDM: a current pregnancy (or breastfeeding)
    among the conditions (no end date), a man's "no" before either, else unknown. A pregnancy test's
    result is the pregnancy's: a current one makes it positive, anything else leaves it unknown."""
    field = {"pregnancy": "pregnant", "breastfeeding": "breastfeeding", "childbearing_potential": "childbearing_potential",
             "pregnancy_plan": "pregnancy_plan"}.get(node.name)
    if field is None and node.name in PREGNANCY_TEST_RESULTS:  # a current pregnancy settles the test's result
        field, settled = "pregnant", MET if PREGNANCY_TEST_RESULTS[node.name] else NOT_MET
    elif field is None:
        return ctx.unknown(f"{node.name.replace('_', ' ')}: not recorded in the OMOP CDM")
    else:
        settled = MET
    # a man first, then age, as in the evaluator: a record of pregnancy on either is an error of the record
    denied = NOT_MET if node.name not in PREGNANCY_TEST_RESULTS else UNKNOWN  # not pregnant: the test may go either way
    whens: list[tuple[exp.Expression, int]] = [(exp.column("gender").eq(num(8507)), denied)]
    if field in BY_AGE:
        whens.append((youngest_age(ctx) >= num(PAST_CHILDBEARING_AGE), denied))
    if field in RECORDS:
        words, not_it = RECORDS[field]
        name = _words("concept_name")
        found = _mentions(name, words)
        if not_it:
            found = exp.and_(found, exp.not_(exp.Paren(this=_mentions(name, not_it))))
        current = exp.and_(ctx.word_flag(domain, found), exp.Is(this=exp.column("condition_end_date"), expression=exp.null()))
        whens.append((ctx.any_row(domain, None, current), settled))
    return ctx.leaf(case(*whens, default=UNKNOWN))


def word_stems(name: str) -> frozenset[str]:
    """The evaluator's words of an open-vocabulary concept name (vague and generic heads left out)."""
    from ..resources import event_heads  # a data file of the newer lexicons

    heads = event_heads()
    return frozenset(w[:STEM] if len(w) >= STEM else w for w in name.split("_") if w not in heads.vague and w not in heads.generic)


def shares_a_word(ctx: Context, domain: str, name: str, own: frozenset[str] = frozenset()) -> exp.Expression:
    """Whether one of the person's records (any concept) shares a word of ``name``: a stem of six
    letters begins a record word; a shorter word equals one. No words at all: any record, but one
    of the trial's own disease (named by ``own``), as the evaluator's ``_open_vocabulary`` reads it."""
    stems = word_stems(name)
    padded = _words("concept_name")
    if stems:
        likes = [exp.Like(this=padded.copy(), expression=exp.Literal.string(f"% {s}%" if len(s) >= STEM else f"% {s} %")) for s in sorted(stems)]
        return ctx.any_row(domain, None, ctx.word_flag(domain, exp.or_(*likes)))
    if own:  # a concept outside the trial's own disease's set (its descendants resolved in cs)
        set_id = ctx.concept_set(ConceptSet(label=f"own:{name}", phrases=own))
        in_own = exp.column("concept_id", "c").isin(
            query=exp.select("concept_id").from_("cs").where(exp.column("set_id").eq(num(set_id))))
        return ctx.any_row(domain, None, ctx.word_flag(domain, exp.not_(in_own)))
    # any record of the table: counted by person alone, so the table is not joined to the vocabulary
    some = ctx.aggregate(domain.replace("_words", "_rows"), exp.Max(this=num(1)))
    return exp.Coalesce(this=some, expressions=[num(0)]).eq(num(1))


def open_vocabulary(ctx: Context, node: Any, code: exp.Expression, domain: str) -> exp.Expression:
    """Not met becomes unknown when a record may be the concept (it shares one of its words)."""
    if not read_by_its_words(node):  # the evaluator's rule, asked the same way
        return code
    own = study_phrases(ctx.study) if node.kind == "condition" and is_generic_condition(node.name) else frozenset()
    shares = shares_a_word(ctx, domain, node.name, own)
    return ctx.leaf(case((exp.and_(code.eq(num(NOT_MET)), shares), UNKNOWN), default=code.copy()))


def not_in_history(node: Any, code: exp.Expression) -> exp.Expression:
    """An event a list of what happened does not hold, however complete: a planned or needed
    procedure, a treatment or condition only planned, a positive test. A record settles it; silence is unknown, not "no"."""
    planned = has_status("planned") and (bool(PLANNED & set(node.status)) if node.kind == "procedure" else (
        node.kind in ("medication", "prior_therapy", "condition") and only_planned(node.status)))
    tested = node.kind == "condition" and has_status(POSITIVE_TEST) and POSITIVE_TEST in node.status
    if not (planned or tested):
        return code
    return case((code.eq(num(NOT_MET)), UNKNOWN), default=code.copy())


__all__ = ["MET", "POSITIVE_TEST", "infers_reproductive_status", "not_in_history", "open_vocabulary", "reproductive"]
