"""Rule kinds → compiled checks, through a registry: each node kind is one function.

A *compiler* takes a node (and the :class:`Options`) and returns a :class:`Check`: a
``run(facts) -> verdict code`` closure with everything patient-independent precomputed, and an
``explain(facts)`` that says why in one line. ``explain`` always calls ``run`` for the verdict
and only *describes* it, so the fast path and the reasons cannot disagree.

Adding a node kind is one function::

    @register("life_expectancy")
    def _life_expectancy(node, options):
        def run(facts): ...
        return Check(node, run, describe, needs=("life expectancy",))

A kind with no compiler is a clear :class:`~criteria.errors.UnsupportedError` at compile
time, never a silent skip (tests/test_evaluate_registry.py checks that every kind in
:data:`criteria.tree.nodes.RULE_CLASSES` has one).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Literal

from ..tree.kinds import KindRegistry
from ..errors import UnsupportedError
from ..tree.nodes import Age, AgeBound, Node, Unparsed
from .absence import with_absence_shortcut
from .age import age_interval
from .exempt import exempt_kinds
from .facts import Facts
from .logic import MET, NOT_MET, UNKNOWN, all_of, any_of, at_least, negate

FactList = tuple[tuple[str, Any], ...]
Describe = Callable[[Facts, int], tuple[str, FactList]]

NONCOMPUTABLE_KINDS = frozenset({"consent", "compliance", "investigator_judgement"})
"""Kinds ``ignore_noncomputable=True`` drops: the investigator's judgement, which no patient data
settles, and consent and compliance, which only the person's own statement settles (the profile's
``consent`` and ``will_comply``; see :mod:`.statements`)."""


def silence_settles(absence: str, section: str, negated: bool) -> frozenset[int]:
    """The verdicts silence may give an event leaf: both under ``absence="decides"``; under
    "clears" only the one in the patient's favour ("not met" in an exclusion's rule or under a
    negation in an inclusion's, "met" otherwise). The SQL compiler asks the same."""
    if absence == "decides":
        return frozenset({MET, NOT_MET})
    return frozenset({NOT_MET}) if (section == "exclusion") != negated else frozenset({MET})


@dataclass(frozen=True, slots=True)
class Options:
    """Compile-time choices (see :func:`criteria.compile`)."""

    ignore_noncomputable: bool = False
    unsupported: Literal["raise", "unknown"] = "raise"
    #: the section of the criterion being compiled: an ``except`` node reads by it
    section: Literal["inclusion", "exclusion"] = "exclusion"
    #: what the silence of a list vouched complete may settle: "clears" only in the patient's
    #: favour (an exclusion does not hold, "no history of X" holds), never ruling a patient out;
    #: "decides" either way (a database that is the whole record; who a criterion is about)
    absence: Literal["clears", "decides"] = "clears"
    #: whether the rule being compiled sits under an odd number of negations (set while compiling)
    negated: bool = False
    #: the conditions the tree's inclusion criteria ask for: the trial's own disease, which an
    #: "other malignancy" does not name (criteria.evaluate.other)
    study: tuple[str, ...] = ()
    #: the exempt cases of an exclusion's ``except`` whose records the item's condition does not
    #: count (criteria.evaluate.exempt): set while compiling that item
    exempt: tuple[Any, ...] = ()

    @property
    def silence_settles(self) -> frozenset[int]:
        """The verdicts a complete list's silence may give this rule's event leaves (see
        :func:`silence_settles`)."""
        return silence_settles(self.absence, self.section, self.negated)

    def flipped(self) -> "Options":
        """These options for the rule under a negation."""
        return replace(self, negated=not self.negated)


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a check gave its verdict: one line, and the patient facts it used."""

    code: int
    reason: str
    facts: FactList = ()


@dataclass(frozen=True, slots=True, eq=False)
class Check:
    """A compiled rule node.

    ``constant`` is the verdict when it does not depend on the patient (folded at compile
    time); ``needs`` names, for people, the data that would settle an unknown; ``ignored``
    marks a non-computable rule dropped by ``ignore_noncomputable``.
    """

    node: Node
    run: Callable[[Facts], int]
    describe: Describe
    needs: tuple[str, ...] = ()
    children: tuple["Check", ...] = ()
    constant: int | None = None
    noncomputable: str | None = None
    ignored: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    needs_for: Callable[[Facts], tuple[str, ...]] | None = None  # needs that depend on the patient
    #: the lowest and highest verdict ``run`` can give (see :func:`reach`): an "all of" with an
    #: unparsed part is never met, so an "any of" of such parts is settled by its first unknown
    low: int = NOT_MET
    high: int = MET

    def explain(self, facts: Facts) -> Explanation:
        """The verdict for ``facts`` with its one-line reason and the facts used."""
        code = self.run(facts)
        reason, used = self.describe(facts, code)
        return Explanation(code, reason, used)


def reach(check: Check) -> tuple[int, int]:
    """The lowest and highest verdict code ``check.run`` can give (its constant, when it has one)."""
    constant = check.constant
    return (constant, constant) if constant is not None else (check.low, check.high)


def _joined_reach(fold: Callable, checks: Iterable[Check]) -> tuple[int, int]:
    """The reach of ``fold`` (:func:`all_of` or :func:`any_of`, both monotone) over ``checks``."""
    pick = min if fold is all_of else max
    lows, highs = zip(*map(reach, checks))
    return pick(lows), pick(highs)


Compiler = Callable[[Any, Options], Check]
_REGISTRY: KindRegistry[Compiler] = KindRegistry()
register = _REGISTRY.register
"""Register the decorated function as the compiler of node kind(s) ``kinds``."""
registered_kinds = _REGISTRY.kinds
"""Every kind the evaluator can compile."""


def compile_rule(node: Node, options: Options) -> Check:
    """The :class:`Check` for ``node``; ``UnsupportedError`` for a kind with no compiler."""
    compiler = _REGISTRY.get(node.kind)
    if getattr(node, "computable", True) is False:  # a node may declare itself so (consent, judgement…)
        compiler = noncomputable_check
    if compiler is None and options.unsupported == "unknown":
        reason = f"not evaluated: the evaluator has no compiler for {node.kind!r} nodes yet"
        return constant_check(node, UNKNOWN, reason, extra={"unsupported": node.kind})
    if compiler is None:
        raise UnsupportedError(
            f"the evaluator has no compiler for node kind {node.kind!r}; "
            f"add one with @register({node.kind!r}) in criteria/evaluate/evaluator.py"
        )
    check = compiler(node, options)
    return with_absence_shortcut(check) if check.children else check


def constant_check(node: Node, code: int, reason: str, **kwargs: Any) -> Check:
    """A check whose verdict is known at compile time."""
    return Check(node, lambda facts: code, lambda facts, c: (reason, ()), constant=code, **kwargs)


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- leaves that need no data ----------------------------------------------------------------


def not_understood(node: Unparsed) -> str:
    """Why an unparsed node is unknown: its text (shortened) and why the parser left it. The
    SQL compiler gives the same text (criteria.sql), so both readings say one thing."""
    return f"not understood: {_shorten(node.text)!r} ({node.reason})"


@register("unparsed")
def _unparsed(node: Unparsed, options: Options) -> Check:
    return constant_check(node, UNKNOWN, not_understood(node), extra={"not_understood": node.text})


@register("permitted")
def _permitted(node: Node, options: Options) -> Check:
    """What the text allows asks nothing: an inclusion holds, an exclusion does not exclude."""
    code = MET if options.section == "inclusion" else NOT_MET
    return constant_check(node, code, "allowed, not required: asks nothing of the patient")


def noncomputable_check(node: Node, options: Options) -> Check:
    """A rule no patient data can settle: unknown, listed apart (or ignored on request)."""
    reason = f"not computable from patient data ({node.kind.replace('_', ' ')})"
    if options.ignore_noncomputable:
        reason = "ignored: " + reason
    return constant_check(
        node, UNKNOWN, reason, noncomputable=node.kind, ignored=options.ignore_noncomputable
    )


register("investigator_judgement")(noncomputable_check)


# --- logic -----------------------------------------------------------------------------------

_NAMES = {MET: "met", NOT_MET: "not met", UNKNOWN: "unknown"}


def _combine(node: Node, options: Options, fold: Callable, decisive: int, label: str) -> Check:
    children = tuple(c for c in (compile_rule(item, options) for item in node.items) if not c.ignored)
    if not children:
        return constant_check(node, UNKNOWN, "ignored: nothing computable", ignored=True)
    dynamic = tuple(c for c in children if c.constant is None)
    folded = fold(c.constant for c in children if c.constant is not None)
    describe = _describe_combination(children, label)
    if not dynamic or folded == decisive:  # settled at compile time: no per-patient work
        return Check(node, lambda facts: folded, describe, children=children, constant=folded)
    low, high = _joined_reach(fold, children)
    return Check(node, _fold_runner(fold, folded, dynamic), describe, children=children, low=low, high=high)


def _fold_runner(fold: Callable, folded: int, dynamic: tuple[Check, ...]) -> Callable[[Facts], int]:
    """A plain loop that stops at the first deciding part (hot path: no generators, no tuples).

    Past the last part that can give the deciding verdict (see :func:`reach`), an unknown
    settles the fold: "any of" parts that are never met is unknown at its first unknown part.
    """
    decisive, other = (NOT_MET, MET) if fold is all_of else (MET, NOT_MET)
    start = UNKNOWN if folded == UNKNOWN else other  # a constant part can only be neutral or unknown here
    deciders = [i for i, part in enumerate(dynamic) if reach(part)[0] <= decisive <= reach(part)[1]]
    last = deciders[-1] if deciders else -1
    head = tuple(part.run for part in dynamic[: last + 1])  # parts up to the last that can decide
    tail = tuple(part.run for part in dynamic[last + 1 :])  # the rest: each is neutral or unknown
    if not head and start == UNKNOWN:
        return lambda facts: UNKNOWN  # unknown whatever the parts say
    if len(dynamic) == 1 and start == other:
        return dynamic[0].run

    def run(facts: Facts) -> int:
        result = start
        for part in head:
            code = part(facts)
            if code == decisive:
                return decisive
            if code == UNKNOWN:
                result = UNKNOWN
        return result

    if not tail:
        return run

    def settled_by_unknown(facts: Facts) -> int:
        result = run(facts) if head else start
        if result != other:  # decided, or unknown with no part left that can decide
            return result
        for part in tail:
            if part(facts) == UNKNOWN:
                return UNKNOWN
        return other

    return settled_by_unknown


def _describe_combination(children: tuple[Check, ...], label: str) -> Describe:
    def describe(facts: Facts, code: int) -> tuple[str, FactList]:
        parts = [child.explain(facts) for child in children]
        # a decided combination is explained by the parts that decided it; else by the open ones
        chosen = [p for p in parts if p.code == code] or parts
        used = tuple(item for p in chosen for item in p.facts)
        reasons = "; ".join(dict.fromkeys(p.reason for p in chosen))
        return (reasons if len(children) == 1 else f"{label} {_NAMES[code]}: {reasons}"), used

    return describe


@register("all_of")
def _all_of(node: Node, options: Options) -> Check:
    return _combine(node, options, all_of, NOT_MET, "all of")


@register("any_of")
def _any_of(node: Node, options: Options) -> Check:
    return _combine(node, options, any_of, MET, "any of")


@register("at_least")
def _at_least(node: Node, options: Options) -> Check:
    """``at_least`` (n of the items): counts met and still-possible items (Kleene)."""
    n = node.n  # type: ignore[attr-defined]
    children = tuple(c for c in (compile_rule(item, options) for item in node.items) if not c.ignored)
    if not children:
        return constant_check(node, UNKNOWN, "ignored: nothing computable", ignored=True)
    runs = tuple(c.run for c in children)
    describe = _describe_combination(children, f"at least {n} of")
    if all(c.constant is not None for c in children):
        value = at_least(n, (c.constant for c in children))
        return Check(node, lambda facts: value, describe, children=children, constant=value)
    return Check(node, lambda facts: at_least(n, [run(facts) for run in runs]), describe, children=children)


@register("except")
def _except(node: Node, options: Options) -> Check:
    """``except``: exempt cases carved out of the item's effect, so the reading follows the section
    (see :class:`criteria.tree.nodes.Except`). An exclusion does not hold for them (item AND NOT any
    exception); an inclusion is not demanded of them (item OR any exception): "bilirubin <= 1.5 x
    ULN, except Gilbert's syndrome" is met by a patient with Gilbert's syndrome."""
    if options.section == "inclusion":
        return _relaxed(node, options)
    kinds = exempt_kinds(node)
    if kinds:
        return _carved(node, options, kinds)
    item = compile_rule(node.item, options)  # type: ignore[attr-defined]
    exceptions = _exempt_cases(node, options)
    if item.ignored or not exceptions:
        return item
    item_run = item.run
    exempt = _fold_runner(any_of, NOT_MET, exceptions)  # stops at the first exempting part
    exempt_low, exempt_high = _joined_reach(any_of, exceptions)

    def run(facts: Facts) -> int:
        base = item_run(facts)
        if base == NOT_MET:
            return NOT_MET
        if base == UNKNOWN and exempt_high < MET:  # no exception can lift an unknown
            return UNKNOWN
        return min(base, MET - exempt(facts))  # item AND NOT any exception (Kleene AND: min)

    def describe(facts: Facts, code: int) -> tuple[str, FactList]:
        base = item.explain(facts)
        exempt = [e.explain(facts) for e in exceptions]
        held = [e for e in exempt if e.code != NOT_MET]
        if base.code == NOT_MET or not held:
            return base.reason, base.facts
        return (f"{base.reason}; except: " + "; ".join(e.reason for e in held)), base.facts + tuple(
            f for e in held for f in e.facts
        )

    low, high = reach(item)
    low, high = min(low, MET - exempt_high), min(high, MET - exempt_low)
    return Check(node, run, describe, children=(item, *exceptions), low=low, high=high)


def _carved(node: Node, options: Options, kinds: tuple[Any, ...]) -> Check:
    """An exclusion's ``except`` whose exempt cases are kinds of its one condition: the item, its
    exempt records not counted (criteria.evaluate.exempt)."""
    item = compile_rule(node.item, replace(options, exempt=kinds))  # type: ignore[attr-defined]
    low, high = reach(item)
    return Check(node, item.run, item.describe, children=(item,), constant=item.constant, low=low, high=high)


def _exempt_cases(node: Node, options: Options) -> tuple[Check, ...]:
    """The checks of an ``except`` node's exempt cases. Like who a criterion is about, whom it
    exempts is settled by a complete list's silence: being exempt only takes the rule away."""
    exempt = replace(options, absence="decides")
    return tuple(c for c in (compile_rule(e, exempt) for e in node.exceptions) if not c.ignored)  # type: ignore[attr-defined]


def _relaxed(node: Node, options: Options) -> Check:
    """An inclusion's ``except``: met when the item is, or when one of the exempt cases is."""
    item = compile_rule(node.item, options)  # type: ignore[attr-defined]
    exceptions = _exempt_cases(node, options)
    if item.ignored or not exceptions:
        return item
    run = _fold_runner(any_of, NOT_MET, (item, *exceptions))  # stops at the first met part

    def describe(facts: Facts, code: int) -> tuple[str, FactList]:
        base = item.explain(facts)
        held = [e.explain(facts) for e in exceptions]
        held = [e for e in held if e.code == MET] if code == MET else held
        if base.code == MET or not held:
            return base.reason, base.facts
        return (f"{base.reason}; exempt: " + "; ".join(e.reason for e in held)), base.facts + tuple(
            f for e in held for f in e.facts
        )

    low, high = _joined_reach(any_of, (item, *exceptions))
    return Check(node, run, describe, children=(item, *exceptions), low=low, high=high)


@register("not")
def _not(node: Node, options: Options) -> Check:
    child = compile_rule(node.item, options.flipped())
    if child.ignored:
        return child

    def describe(facts: Facts, code: int) -> tuple[str, FactList]:
        inner = child.explain(facts)
        return f"{_NAMES[code]}: negation of ({inner.reason})", inner.facts

    if child.constant is not None:
        value = negate(child.constant)
        return Check(node, lambda facts: value, describe, children=(child,), constant=value)
    inner_run = child.run
    low, high = reach(child)
    return Check(node, lambda facts: MET - inner_run(facts), describe, children=(child,), low=MET - high, high=MET - low)


# --- age -------------------------------------------------------------------------------------

_SYMBOLS = {("low", True): "≥", ("low", False): ">", ("high", True): "≤", ("high", False): "<"}


def _bound_test(bound: AgeBound, side: str) -> tuple[Callable[[float], bool], bool]:
    """Predicate for one bound, and whether it compares completed units (integer bound)."""
    value = bound.value
    tests = {
        ("low", True): lambda x: x >= value,
        ("low", False): lambda x: x > value,
        ("high", True): lambda x: x <= value,
        ("high", False): lambda x: x < value,
    }
    return tests[(side, bound.inclusive)], float(value).is_integer()


def _format_bound(bound: AgeBound, side: str) -> str:
    unit = bound.unit if bound.value == 1 else bound.unit + "s"
    return f"{_SYMBOLS[(side, bound.inclusive)]} {bound.value:g} {unit}"


@register("age")
def _age(node: Age, options: Options) -> Check:
    bounds = [(b, side) for b, side in ((node.low, "low"), (node.high, "high")) if b is not None]
    tests = [(b.unit, *_bound_test(b, side)) for b, side in bounds]

    def one(facts: Facts, unit: str, test: Callable[[float], bool], completed: bool) -> int:
        span = age_interval(facts.patient, facts.as_of, unit, completed)
        if span is None:
            return UNKNOWN
        lo, hi = test(span[0]), test(span[1])
        return MET if lo and hi else (NOT_MET if not lo and not hi else UNKNOWN)

    if len(tests) == 1:
        ((unit, test, completed),) = tests
        run = lambda facts: one(facts, unit, test, completed)  # noqa: E731
    else:
        run = lambda facts: all_of(one(facts, *t) for t in tests)  # noqa: E731
    wanted = " and ".join(_format_bound(b, side) for b, side in bounds)
    at = f" at {node.at} (taken as as_of)" if node.at else ""
    return Check(node, run, _describe_age(wanted, at, bounds), needs=("age or birth date",))


def _describe_age(wanted: str, at: str, bounds: list) -> Describe:
    def describe(facts: Facts, code: int) -> tuple[str, FactList]:
        patient = facts.patient
        if patient.birth_date is None and patient.age is None:
            return f"age unknown (no age or birth date); needs {wanted}", ()
        unit = bounds[0][0].unit
        lo, hi = age_interval(patient, facts.as_of, unit, True)  # type: ignore[misc]
        shown = f"{lo:g}" if lo == hi else f"{lo:g}–{hi:g}"
        if patient.birth_date is not None:
            source = f"born {patient.birth_date}, at {facts.as_of}"
            used: FactList = (
                ("birth_date", patient.birth_date),
                ("as_of", facts.as_of),
                (f"age_{unit}s", lo),
            )
            if "birth_date" in patient.sources:  # where it came from, e.g. a FHIR Patient
                used += ((patient.sources["birth_date"], "birth date"),)
        else:
            source = "as stated"
            used = (("age", patient.age),)
        verb = {MET: "is", NOT_MET: "is not", UNKNOWN: "cannot tell if it is"}[code]
        return f"age {shown} {unit}s ({source}) {verb} {wanted}{at}", used

    return describe
