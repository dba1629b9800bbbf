"""Event kinds as SQL: condition (condition_occurrence), prior_therapy and medication
(drug_exposure), procedure (procedure_occurrence).

Each CDM table is scanned once, joined to every concept set the trial uses (``*_hits``), and
grouped by person with the best verdict of each event leaf over the person's matching records
(one record that satisfies the node is enough), packed two bits a leaf (:mod:`criteria.sql.packing`). A leaf is then met or
unknown as its best record is; with no satisfying record it is not met inside an observation
period (closed world) and unknown outside it, as the evaluator reads a list named in
``complete``. A record's verdict is the Kleene AND of what the node asks beyond the concept
(status, site, window, dose), read as the evaluator reads the profile an OMOP row becomes
(:mod:`criteria.sql.synthetic` documents that mapping).
"""

from __future__ import annotations

from typing import Any

from sqlglot import exp

from ..evaluate.events import RESPONSE_STATUSES, broader_names, family_unknown, topic_words
from ..evaluate.exempt import condition_phrases
from ..evaluate.other import other_class, own_phrases
from ..evaluate.windows import compile_window
from ..evaluate.terms import norm
from ..qualifiers import qualifier_lexicon
from ..resources import event_lexicon
from ..tree.nodes import only_planned
from . import newer
from .concepts import event_set, phrases_of
from .context import ConceptSet, Context
from .kleene import MET, NOT_MET, UNKNOWN, and_, case, not_, num, or_, test
from .measures import named_exactly_flag, names_all_flag
from .person import observed
from .rules import register
from .windows import End, place, reach

TABLES: dict[str, tuple[str, str, str, str | None, str]] = {
    # domain: (table, concept column, start column, end column, row id column)
    "condition": ("condition_occurrence", "condition_concept_id", "condition_start_date", "condition_end_date", "condition_occurrence_id"),
    "drug": ("drug_exposure", "drug_concept_id", "drug_exposure_start_date", "drug_exposure_end_date", "drug_exposure_id"),
    "procedure": ("procedure_occurrence", "procedure_concept_id", "procedure_date", None, "procedure_occurrence_id"),
}
START, END, SET = (exp.column(c) for c in ("start_date", "end_date", "set_id"))


def hits_query(ctx: Context, domain: str) -> exp.Select:
    """``<domain>_hits``: the table's rows that name a concept of some set, one row per (row, set),
    with a flag column per set a check on the record asks about (a condition's site)."""
    table, concept, start, end, row_id = TABLES[domain]
    query = (
        exp.select(
            exp.column("person_id", "t"),
            exp.column("set_id", "cs"),
            exp.column(concept, "t").as_("concept_id"),
            exp.column(start, "t").as_("start_date"),
            (exp.column(end, "t") if end else exp.column(start, "t")).as_("end_date"),
            exp.column(row_id, "t").as_("row_id"),
        )
        .from_(ctx.table(table).as_("t"))
        .join(exp.to_table("cs"), on=f"cs.concept_id = t.{concept}")
    )
    flags = ctx.flags[domain]
    if flags:  # one join: per concept, a column per set a check asks about (NULL: not in it)
        columns = [exp.Max(this=case((exp.column("set_id").eq(num(k)), 1), default=exp.null())).as_(name) for name, k in flags]
        members = exp.select("concept_id", *columns).from_("cs").where(exp.In(this=exp.column("set_id"), expressions=[num(k) for _, k in flags]))
        members = members.group_by("concept_id")
        query = query.select(*(exp.column(name, "fl") for name, _ in flags))
        query = query.join(members.subquery("fl"), on=f"fl.concept_id = t.{concept}", join_type="left")
    return query


def event_leaf(ctx: Context, domain: str, concept_set: ConceptSet, record: exp.Expression, reach_days: float | None,
               name: str | None = None) -> exp.Expression:
    """Kleene "some record names the concept and satisfies the rest"; none is "no" only when
    observed, and only where silence may settle "no" (:meth:`Context.silence_settles`) or another
    record names another kind of concept ``name`` (the evaluator's ``_speaks_of``)."""
    set_id = ctx.concept_set(concept_set)
    best = ctx.packed_code(domain, set_id, record)
    seen = observed(ctx, reach_days)
    words = _WORDS.get(domain)
    topic = topic_words(name) if name and words else frozenset()
    broader = broader_names(name, _KINDS[domain]) if name and words else frozenset()
    wider = named_exactly_flag(ctx, words, broader) if broader else None  # type: ignore[arg-type]
    speaks = None  # some row names another kind of the concept (a row of just its broader concept does not)
    if topic:
        said = names_all_flag(ctx, words, topic)  # type: ignore[arg-type]
        speaks = ctx.any_row(words, None, said if wider is None else exp.and_(said, exp.not_(wider)))  # type: ignore[arg-type]
    if NOT_MET not in ctx.silence_settles():  # not silence: a record of it that fails the rest, or of another kind
        spoken = [ctx.any_row(domain, set_id)] + ([speaks] if speaks is not None else [])
        seen = exp.and_(seen, exp.Paren(this=exp.or_(*spoken)))
    elif wider is not None:  # a record of what it is a kind of may be it ("HIV" for "HIV-1 infection")
        doubt = ctx.any_row(words, None, wider)  # type: ignore[arg-type]
        if speaks is not None:
            doubt = exp.and_(doubt, exp.not_(speaks))
        # a person with no row of the words table has no such record: no doubt (not NULL)
        seen = exp.and_(seen, exp.not_(exp.Coalesce(this=exp.Paren(this=doubt), expressions=[exp.false()])))
    absent = ctx.value(case((seen, NOT_MET), default=UNKNOWN))  # shared by the leaves of one reach
    return ctx.leaf(case((best.none(), absent), (best.bit(MET), MET), default=UNKNOWN))


_WORDS = {"condition": "condition_words", "procedure": "procedure_words"}  # the evaluator's SPOKEN_LISTS
_KINDS = {"condition": "condition", "procedure": "procedure"}  # the lexicon kind of a domain's concepts


def _window(ctx: Context, node: Any, end: End) -> tuple[list[exp.Expression], float | None]:
    window = compile_window(node.window)
    if window is None:
        return [], None
    end_column = None if end in ("ongoing", "unknown") else END.copy()
    return [place(ctx, window, START.copy(), end, end_column)], reach(window)


# --- conditions ------------------------------------------------------------------------------

_PRESENT = frozenset({"known", "history", newer.POSITIVE_TEST})  # a record of it is enough


def _status(status: str) -> exp.Expression:
    """A status word against a record: an end date means resolved; no end date, status unknown.
    The CDM has no qualifiers (treated, stable…), so the other words are unknown."""
    ended = exp.Is(this=END.copy(), expression=exp.null()).not_()
    if status in ("active", "current"):
        return case((ended, NOT_MET), default=UNKNOWN)
    if status == "resolved":
        return case((ended, MET), default=UNKNOWN)
    return num(UNKNOWN)


def _site(ctx: Context, site: str, domain: str = "condition") -> exp.Expression:
    wanted = ConceptSet(label=f"site:{site}", phrases=phrases_of(site, kinds=("site",)))
    every = frozenset(p for c in event_lexicon() if c.kind == "site" for p in phrases_of(c.name, kinds=("site",)))
    any_site = ConceptSet(label="site:any", phrases=every)
    return test(ctx.flag(domain, wanted), ctx.flag(domain, any_site))


def _qualified(ctx: Context, node: Any, domain: str) -> list[exp.Expression]:
    """The evaluator's ``qualifier_match`` on a row: its concept's name states the qualifier (or a
    kind of it): met; a contrast ("topical" for "systemic"): not met; neither: unknown."""
    parts = []
    for qualifier in getattr(node, "qualifiers", ()):
        wanted, against = qualifier_lexicon().wanted_and_against(qualifier.values)
        label = "qualifier:" + "|".join(qualifier.values)
        has = ctx.flag(domain, ConceptSet(label=label, phrases=frozenset(norm(p) for p in wanted)))
        if against:
            contrary = ctx.flag(domain, ConceptSet(label="not " + label, phrases=frozenset(norm(p) for p in against)))
            parts.append(test(has, contrary))
        else:
            parts.append(case((has, MET), default=UNKNOWN))
    return parts


def _caused(ctx: Context, node: Any) -> list[exp.Expression]:
    """The evaluator's ``cause_match`` on a row: its concept's name names a cause (or a kind of it):
    met; else unknown (a record seldom says what a condition is due to)."""
    causes = getattr(node, "cause", ())
    if not causes:
        return []
    phrases = frozenset(p for c in causes for p in phrases_of(c.name, kinds=(c.kind,)))
    named = ctx.flag("condition", ConceptSet(label="cause:" + "|".join(c.name for c in causes), phrases=phrases))
    return [case((named, MET), default=UNKNOWN)]


def _without_its_causes(ctx: Context, node: Any, code: exp.Expression) -> exp.Expression:
    """The evaluator's ``cause_match`` on the person: causes that are all conditions, none of them
    among an observed person's rows, leave no record the condition could be due to: not met (where
    silence may settle it)."""
    causes = getattr(node, "cause", ())
    if not causes or NOT_MET not in ctx.silence_settles() or any(c.kind != "condition" for c in causes):
        return code
    rows = [ctx.any_row("condition", ctx.concept_set(ConceptSet(label=f"cause-row:{c.name}", phrases=phrases_of(c.name, kinds=("condition",)))))
            for c in causes]
    absent = exp.and_(observed(ctx), exp.not_(exp.Paren(this=exp.or_(*rows))))
    return ctx.leaf(case((absent, NOT_MET), default=code))


def _not_exempt(ctx: Context) -> list[exp.Expression]:
    """The evaluator's ``_not_exempt`` on a row: a row of one of the exempt cases the item is being
    compiled beside (criteria.evaluate.exempt), with their statuses, satisfies no item (negated)."""
    if not ctx.exempt:
        return []
    exempt = []
    for case_node in ctx.exempt:
        named = ctx.flag("condition", event_set(f"exempt:{case_node.name}", condition_phrases(case_node.name), case_node.code))
        statuses = [_status(s) for s in case_node.status if s not in _PRESENT]
        exempt.append(case((named, and_(statuses) if statuses else num(MET)), default=NOT_MET))
    return [not_(or_(exempt))]


@register("condition")
def condition(node: Any, ctx: Context) -> exp.Expression:
    if "family" in node.status:  # a relative's condition (the evaluator's reason)
        return ctx.unknown(family_unknown(node))
    other = other_class(node.name) is not None  # "other malignancy": the class beside the trial's disease
    concept_set = event_set(node.name, condition_phrases(node.name), node.code)
    parts = [_status(s) for s in node.status if s not in _PRESENT]
    own = own_phrases(node.name, ctx.study) if other else frozenset()
    if own:  # a row of the trial's own disease is no other malignancy (the evaluator's _not_own)
        parts.append(case((ctx.flag("condition", ConceptSet(label=f"own:{node.name}", phrases=own)), NOT_MET), default=MET))
    if node.site:
        parts.append(_site(ctx, node.site))
    window, reach_days = _window(ctx, node, "unknown")  # a condition's end is unknown unless active
    parts += window
    if node.grade is not None:
        parts.append(num(UNKNOWN))  # grades are not in condition_occurrence
    if getattr(node, "stage", None):
        parts.append(num(UNKNOWN))  # nor stages (the evaluator reads them from a record's qualifiers)
    parts += _qualified(ctx, node, "condition") + _caused(ctx, node) + _not_exempt(ctx)
    code = _without_its_causes(ctx, node, event_leaf(ctx, "condition", concept_set, and_(parts), reach_days, node.name))
    return newer.not_in_history(node, newer.open_vocabulary(ctx, node, code, "condition_words"))


# --- therapies, medications, procedures --------------------------------------------------------


def _drug_set(node: Any, klass: str | None, kinds: tuple[str, ...]) -> ConceptSet:
    label = klass if klass and node.name == klass else node.name
    return event_set(label, phrases_of(node.name, group=klass, kinds=kinds), node.code)


def _response(node: Any) -> list[exp.Expression]:
    """The evaluator's ``RESPONSE_STATUSES``: how a treatment went ("refractory to") is in no row."""
    return [num(UNKNOWN)] if RESPONSE_STATUSES & set(node.status or ()) else []


@register("prior_therapy")
def prior_therapy(node: Any, ctx: Context) -> exp.Expression:
    concept_set = _drug_set(node, node.therapy_class, ("prior_therapy", "medication"))
    window, reach_days = _window(ctx, node, "date_or_unknown")  # no end date: ended somewhere before as-of
    if node.dose is not None:
        window = [*window, num(UNKNOWN)]  # a dose received is not in drug_exposure (the evaluator's record states none)
    window += _response(node)
    record = and_([*window, *_qualified(ctx, node, "drug")])
    if node.count is not None and node.count_op:
        return newer.not_in_history(node, _open_class(ctx, node, _count(ctx, node, concept_set, record)))
    return newer.not_in_history(node, _open_class(ctx, node, event_leaf(ctx, "drug", concept_set, record, reach_days)))


def _open_class(ctx: Context, node: Any, code: exp.Expression) -> exp.Expression:
    """The evaluator's ``_open_class``: a drug class read by its words ("CDK2 inhibitor") is unknown,
    not "not met", for a person with any drug exposure (any drug may be one of it)."""
    if not getattr(node, "open_vocabulary", False):
        return code
    some = ctx.aggregate("drug_rows", exp.Max(this=num(1)))
    any_drug = exp.Coalesce(this=some, expressions=[num(0)]).eq(num(1))
    return ctx.leaf(case((exp.and_(code.eq(num(NOT_MET)), any_drug), UNKNOWN), default=code.copy()))


def _count(ctx: Context, node: Any, concept_set: ConceptSet, record: exp.Expression) -> exp.Expression:
    """"More than 2 prior regimens": each matching exposure is one regimen; the count is an
    interval (sure, possible), the possible count unbounded outside the observation period. A count
    of cycles ("at least 2 cycles of lenalidomide") the CDM cannot give: only "no matching exposure
    at all" (0 cycles) decides, as in the evaluator for records that do not state their cycles."""
    op, count, high = node.count_op, node.count, node.count_high
    inf = 1e15
    low_ok, high_ok = (count, high) if high is not None else {
        ">=": (count, inf), ">": (count + 1, inf), "<=": (0, count), "<": (0, count - 1), "==": (count, count)
    }[op]
    set_id = ctx.concept_set(concept_set)
    mine = SET.copy().eq(num(set_id))

    def tally(codes: tuple[int, ...]) -> exp.Expression:
        counted = case((exp.and_(mine.copy(), exp.In(this=exp.Paren(this=record.copy()), expressions=[num(c) for c in codes])), 1), default=0)
        return exp.Coalesce(this=ctx.aggregate("drug", exp.Sum(this=counted)), expressions=[num(0)])

    if node.count_unit == "cycle":
        # drug_exposure does not say how many cycles an exposure was (the evaluator's record without
        # ``cycles``): none is sure, and the possible number is 0 only where no exposure may match
        sure = num(0)
        none_may = exp.and_(observed(ctx), tally((MET, UNKNOWN)).eq(num(0)))
        possible = case((none_may, num(0)), default=num(inf))
    else:
        sure = tally((MET,))
        possible = case((observed(ctx), tally((MET, UNKNOWN))), default=num(inf))
    settles = ctx.silence_settles()  # a verdict only silence gives stands only where it may settle it
    met = exp.and_(num(low_ok) <= sure, (possible if MET in settles else num(inf)) <= num(high_ok))
    not_met = exp.or_((possible.copy() if NOT_MET in settles else num(inf)) < num(low_ok), sure.copy() > num(high_ok))
    return ctx.leaf(test(met, not_met))


@register("medication")
def medication(node: Any, ctx: Context) -> exp.Expression:
    concept_set = _drug_set(node, node.drug_class, ("medication", "prior_therapy"))
    window, reach_days = _window(ctx, node, "date_or_ongoing")  # no end date: still taken
    parts = list(window)
    if node.window is None and "history" not in node.status:  # current use: no end date, or an end on or after as-of
        current = exp.or_(exp.Is(this=END.copy(), expression=exp.null()), END.copy() >= ctx.date(ctx.as_of))
        parts.append(case((current, MET), default=NOT_MET))
    if node.dose is not None:
        parts.append(num(UNKNOWN))  # a daily dose is not in drug_exposure (see docs/sql.md)
    parts += _response(node)
    parts += _qualified(ctx, node, "drug")
    return newer.not_in_history(node, _open_class(ctx, node, event_leaf(ctx, "drug", concept_set, and_(parts), reach_days)))


@register("procedure")
def procedure(node: Any, ctx: Context) -> exp.Expression:
    concept_set = event_set(node.name, phrases_of(node.name, kinds=("procedure",)), node.code)
    window, reach_days = _window(ctx, node, "date")
    if getattr(node, "amount", None) is not None:
        window = [*window, num(UNKNOWN)]  # the amount donated is not in procedure_occurrence (the evaluator's record states none)
    window = [*window, *_response(node)]
    if only_planned(node.status) and node.window is None:  # a record before as-of is no plan (as the evaluator's _to_come)
        to_come = exp.or_(exp.Is(this=START.copy(), expression=exp.null()), START.copy() >= ctx.date(ctx.as_of))
        window = [*window, case((to_come, MET), default=NOT_MET)]
    site = [_site(ctx, node.site, "procedure")] if getattr(node, "site", None) else []
    leaf = event_leaf(ctx, "procedure", concept_set, and_([*window, *_qualified(ctx, node, "procedure"), *site]), reach_days, node.name)
    code = newer.open_vocabulary(ctx, node, leaf, "procedure_words")
    return newer.not_in_history(node, code)
