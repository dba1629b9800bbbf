"""Compile once, evaluate many: a :class:`Criteria` tree → a :class:`Program`.

Compiling walks the tree once: every rule node becomes a :class:`~.evaluator.Check` through
the kind registry (dispatch decided now, never per patient), criteria whose verdict cannot
depend on the patient are folded to constants, and the rest get a plain closure each. A
patient's verdicts are computed on demand (:class:`Run`): the status asks for the top-level
criteria in text order and stops once Kleene logic has settled it (an inclusion not met, an
exclusion met), a criterion asks for its sub-criteria only until their combination is settled,
and cohort membership is computed only when something reads it. The verdicts nobody has asked
for are computed when :attr:`~.result.Evaluation.codes` is first read, from the same facts, so
they are the verdicts of a full run; reasons, missing data and the rest of an
:class:`~.result.Evaluation` are likewise built only when asked for.

Criterion semantics (docs/evaluation.md):

* a criterion's verdict is ``own rule AND (sub-criteria combined by subcriteria_logic)``;
  a lead-in (no rule) is its sub-criteria alone; not-applicable parts are skipped;
* a criterion scoped to a cohort the patient is known not to be in is ``not_applicable``; if
  membership is unknown the scope is an implication (inclusion: ``not member OR rule``;
  exclusion: ``member AND rule``), so unknown appears only when membership could matter;
* a criterion that *defines* a cohort ("Cohort 1 (…): cancers of …") is the membership test
  of that cohort; when cohorts are defined among the inclusions, the patient must belong to
  one of them (the defining inclusions combine with OR in the status);
* ``cohort=`` chooses the cohort a patient is screened for: criteria scoped to the other
  cohorts are not applicable, and the chosen cohort's definition must still be met.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from itertools import chain
from typing import Any, Callable, Iterable, Iterator, Mapping

from ..errors import InputTypeError, InputValueError
from ..tree.nodes import Criteria, Criterion
from .absence import absence_tags
from .evaluator import Check, Options, compile_rule, reach
from .facts import Facts
from .logic import MET, NOT_APPLICABLE, NOT_MET, UNKNOWN, all_of, any_of, at_least
from .patient import Patient
from .terms import LISTS, absence_profile

Membership = Mapping[str, int]

PENDING = -1
"""The code of a verdict not computed yet (never a verdict: see :mod:`.logic`)."""

Step = tuple[Callable[[Facts], int] | None, "Compiled | None"]
"""How to compute one patient-dependent verdict: ``(run, None)`` for a plain rule (the verdict
is its rule's), ``(None, compiled)`` for :func:`criterion_verdict`."""


@dataclass(frozen=True, slots=True, eq=False)
class Compiled:
    """One criterion, compiled; ``index`` is its place in text order (sub-criteria included)."""

    index: int
    criterion: Criterion
    parent: int | None
    check: Check | None
    subs: tuple[int, ...]
    defines: str | None
    vacuous: tuple[int | None, ...] = ()  # per sub: its value when not applicable (None: skip it)
    population: Check | None = None  # who the criterion is about (Criterion.population)

    @property
    def inclusion(self) -> bool:
        return self.criterion.section == "inclusion"


class Program:
    """A compiled :class:`Criteria`: evaluate it for any number of patients.

    Free of per-patient state, so one program may be shared by threads; its only mutable parts
    are caches of verdicts that depend on nothing but which lists are complete (filled on first
    use; two threads filling one write the same value). Make it with :func:`criteria.compile`.
    """

    def __init__(self, criteria: Criteria, options: Options) -> None:
        if not isinstance(criteria, Criteria):
            raise InputTypeError(
                f"compile() needs a Criteria tree (from parse_criteria), not {type(criteria).__name__}"
            )
        self.criteria = criteria
        self.options = options
        self.cohort_names: tuple[str, ...] = tuple(c.name for c in criteria.cohorts)
        self.compiled: tuple[Compiled, ...] = tuple(self._flatten(criteria))
        self.by_id: dict[str, int] = {c.criterion.id: c.index for c in self.compiled}
        self.definitions: dict[str, Check] = self._definitions(criteria)
        self._layout()
        from .result import Evaluation  # result imports this module; once here, not per patient

        self._evaluation = Evaluation

    # --- compile time ------------------------------------------------------------------------

    def _flatten(self, criteria: Criteria) -> Iterable[Compiled]:
        spans = {cohort.span: cohort.name for cohort in criteria.cohorts if cohort.span is not None}
        counter = iter(range(1 << 62))

        def visit(criterion: Criterion, parent: int | None) -> list[Compiled]:
            index = next(counter)
            options = replace(self.options, section=criterion.section)  # an except reads by section
            check = compile_rule(criterion.rule, options) if criterion.rule is not None else None
            blocks = [visit(sub, index) for sub in criterion.subcriteria]
            # an "exception" sub-criterion is already inside its parent's ``except`` rule
            counted = [
                b
                for b, sub in zip(blocks, criterion.subcriteria, strict=True)
                if getattr(sub, "role", None) != "exception"
            ]
            defines = spans.get(criterion.span) if criterion.span is not None else None
            vacuous = tuple(_vacuous(b[0]) for b in counted)
            population = getattr(criterion, "population", None)
            # who it is about is tested as an inclusion is: does the patient belong there? Not
            # belonging only makes the criterion not applicable, so silence may settle it
            about = replace(options, section="inclusion", absence="decides", negated=False)
            who = compile_rule(population, about) if population else None
            own = Compiled(
                index, criterion, parent, check, tuple(b[0].index for b in counted), defines, vacuous, who
            )
            return [own] + [c for block in blocks for c in block]

        for top in criteria.inclusion + criteria.exclusion:
            yield from visit(top, None)

    def _definitions(self, criteria: Criteria) -> dict[str, Check]:
        """Cohort → the check of its definition: a typed ``condition`` on the cohort node (the
        events branch adds it) or else the rule of the criterion that defines it."""
        defining = {c.defines: c.check for c in self.compiled if c.defines}
        out: dict[str, Check] = {}
        for cohort in criteria.cohorts:
            rule = getattr(cohort, "condition", None)
            # a definition is demanded of members, as an inclusion is; membership only says
            # which criteria apply, so silence may settle it
            options = replace(self.options, section="inclusion", absence="decides")
            check = compile_rule(rule, options) if rule is not None else defining.get(cohort.name)
            if check is not None and not check.ignored:
                out[cohort.name] = check
        return out

    def _layout(self) -> None:
        """Fold constant criteria into a template; order the rest children-first."""
        self.template: list[int] = [UNKNOWN] * len(self.compiled)
        steps: dict[int, Step] = {}
        depends: set[int] = set()
        absence: dict[int, tuple[Callable[[Facts], int], frozenset[int]]] = {}
        for compiled in reversed(self.compiled):  # reversed pre-order: children before parents
            if not _depends_on_patient(compiled, depends):
                self.template[compiled.index] = criterion_verdict(
                    compiled, None, self.template.__getitem__, {}
                )
                continue
            depends.add(compiled.index)
            self.template[compiled.index] = PENDING
            tags = _absence_only(compiled)
            if tags:
                absence[compiled.index] = (compiled.check.run, tags)  # type: ignore[union-attr]
                steps[compiled.index] = (compiled.check.run, None)  # type: ignore[union-attr]
            else:
                steps[compiled.index] = _runner(compiled)
        self.steps = steps  # index → how to compute it, children before parents
        self.dynamic = tuple(i for i in steps if i not in absence)
        # criteria made only of event rules: evaluated "by exception" (see _base)
        self.absence = absence
        self.by_tag: dict[int, tuple[int, ...]] = {}
        for index, (_, tags) in absence.items():
            for tag in tags:
                self.by_tag[tag] = self.by_tag.get(tag, ()) + (index,)
        self.tags = frozenset(self.by_tag)  # intersected with a patient's tags in C, not looped
        self._bases: dict[tuple[bool, ...], list[int]] = {}
        top = [c for c in self.compiled if c.parent is None]
        # cohorts defined among the inclusions: the patient must belong to one of them
        self.cohort_gate = any(c.defines and c.inclusion for c in top)
        self.top_inclusion = tuple(
            c.index for c in top if c.inclusion and not (c.defines and self.cohort_gate)
        )
        self.top_exclusion = tuple(c.index for c in top if not c.inclusion)
        # each with whether it can decide the status: an inclusion by being not met, an exclusion
        # by being met (see Run.compute_status)
        self.inclusion_order = tuple((i, self._can_be(i, NOT_MET)) for i in self.top_inclusion)
        self.exclusion_order = tuple((i, self._can_be(i, MET)) for i in self.top_exclusion)
        # no criteria, or every one set aside by ignore_noncomputable: nothing can be checked, and
        # "eligible" must never come from checking nothing (a cohort's n/a is a checked fact)
        self.vacuous = not self.cohort_gate and all(
            self.template[c.index] == NOT_APPLICABLE and c.index not in depends for c in top
        )
        # cohort → the run of its definition (None: no definition), in the cohorts' order
        self.membership_checks: dict[str, Callable[[Facts], int] | None] = {
            name: self.definitions[name].run if name in self.definitions else None
            for name in self.cohort_names
        }

    def _can_be(self, index: int, code: int) -> bool:
        """Whether criterion ``index`` can have verdict ``code`` for some patient: a constant is
        its own verdict, a plain rule's is within its check's reach; else any verdict may be."""
        if self.template[index] != PENDING:
            return self.template[index] == code
        compiled = self.compiled[index]
        run, whole = self.steps[index]
        if whole is not None or compiled.check is None:  # sub-criteria, scope, cohort: not narrowed
            return True
        low, high = reach(compiled.check)
        return low <= code <= high

    # --- per patient -------------------------------------------------------------------------

    def _base(self, facts: Facts) -> list[int]:
        """The patient's codes before any check runs: constants, and event-only criteria by exception.

        An event-only criterion none of whose concepts the patient's records name has the
        verdict it has for a patient with no records and the same complete lists: one base list
        per combination of complete flags holds those. The criteria whose concepts some record
        names (the "hits") are left pending, like every other patient-dependent criterion. Per
        patient that is a list copy and a few set lookups.
        """
        present, flags = absence_profile(facts)
        base = self._bases.get(flags)
        if base is None:
            base = self._bases[flags] = self._base_for(flags, facts.as_of)
        codes = base[:]
        by_tag = self.by_tag
        for tag in present & self.tags:
            for index in by_tag[tag]:
                codes[index] = PENDING
        return codes

    def _base_for(self, flags: tuple[bool, ...], as_of: date) -> list[int]:
        names = tuple(name for name, flag in zip(LISTS, flags, strict=True) if flag)
        empty = Facts(Patient(complete=names), as_of)  # no records: every concept is absent
        base = self.template[:]
        for index, (run, _) in self.absence.items():
            base[index] = run(empty)
        return base

    def membership(self, facts: Facts, cohort: str | None) -> dict[str, int]:
        """Cohort → verdict code of "the patient belongs to it" (see :class:`CohortMembership`)."""
        return dict(CohortMembership(self.membership_checks, facts, cohort).items())

    def screen(self, facts: Facts, cohort: str | None) -> "Run":
        """A :class:`Run` of this program for one patient, its status computed."""
        codes = self._base(facts) if self.absence else self.template[:]
        run = Run(self, facts, codes, CohortMembership(self.membership_checks, facts, cohort))
        run.status = run.compute_status()
        return run

    def run(self, facts: Facts, cohort: str | None) -> tuple[list[int], dict[str, int], int]:
        """Verdict codes of every criterion, the membership, and the status code."""
        run = self.screen(facts, cohort)
        return run.complete(), dict(run.membership.items()), run.status

    def evaluate(
        self,
        patient: Patient | Mapping[str, Any] | str | bytes,
        as_of: date | None = None,
        *,
        cohort: str | None = None,
    ):
        """Evaluate one patient; see :func:`criteria.evaluate`."""
        facts = Facts(_patient(patient), _as_of(as_of))
        self._check_cohort(cohort)
        run = self.screen(facts, cohort)
        return self._evaluation(self, facts, run.codes, run.membership, run.status, cohort, run)

    def evaluate_many(
        self,
        patients: Iterable[Patient | Mapping[str, Any]],
        as_of: date | None = None,
        *,
        cohort: str | None = None,
    ) -> list:
        """Evaluate each patient, results in the same order (one ``as_of`` for all)."""
        when = _as_of(as_of)
        self._check_cohort(cohort)
        return [self.evaluate(patient, when, cohort=cohort) for patient in patients]

    def _check_cohort(self, cohort: str | None) -> None:
        if cohort is not None and cohort not in self.cohort_names:
            known = ", ".join(repr(n) for n in self.cohort_names) or "none"
            raise InputValueError(f"cohort {cohort!r} is not one of this trial's cohorts ({known})")


class CohortMembership(Mapping[str, int]):
    """Cohort → verdict code of "the patient belongs to it", each computed on first read.

    A cohort's membership is its definition's verdict (unknown while the definition is not
    typed). ``cohort`` chooses the cohort the patient is screened for: the others become not
    met; the chosen one still needs its definition met (met if it has none). Computing on
    first read lets a patient whose status an inclusion settles skip the definitions; two
    threads reading one at once compute the same value.
    """

    __slots__ = ("_checks", "_facts", "_cohort", "_codes")

    def __init__(
        self, checks: Mapping[str, Callable[[Facts], int] | None], facts: Facts, cohort: str | None
    ) -> None:
        self._checks = checks  # the program's, shared and never written
        self._facts = facts
        self._cohort = cohort
        self._codes: dict[str, int] = {}

    def __getitem__(self, name: str) -> int:
        code = self._codes.get(name)
        if code is None:
            run = self._checks[name]  # KeyError for a name that is not a cohort, as a dict
            cohort = self._cohort
            if cohort is not None and name != cohort:
                code = NOT_MET
            elif run is None:
                code = UNKNOWN if cohort is None else MET
            else:
                code = run(self._facts)
            self._codes[name] = code
        return code

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        return self[name] if name in self._checks else default

    def __contains__(self, name: object) -> bool:
        return name in self._checks

    def __iter__(self) -> Iterator[str]:
        return iter(self._checks)

    def __len__(self) -> int:
        return len(self._checks)


class Run:
    """One patient's verdicts under one program, computed on demand.

    ``codes[i]`` is :data:`PENDING` until criterion ``i`` is asked for (:meth:`code`); the
    program's ``steps`` say how to compute each. Per evaluation, never shared between patients.
    """

    __slots__ = ("program", "facts", "codes", "membership", "status", "_steps", "_complete")

    def __init__(self, program: Program, facts: Facts, codes: list[int], membership: CohortMembership) -> None:
        self.program = program
        self.facts = facts
        self.codes = codes
        self.membership = membership
        self.status = UNKNOWN
        self._steps = program.steps
        self._complete = False

    def code(self, index: int) -> int:
        """The verdict code of criterion ``index``, computed (and kept) on first ask."""
        code = self.codes[index]
        if code == PENDING:
            run, compiled = self._steps[index]
            code = self.codes[index] = (
                run(self.facts)
                if compiled is None
                else criterion_verdict(compiled, self.facts, self.code, self.membership)
            )
        return code

    def compute_status(self) -> int:
        """Kleene value of "every inclusion is met and no exclusion is met" (as
        :func:`~.logic.status_code`), asking only for the verdicts that can still change it: it
        stops at a deciding one, and once the value is unknown it skips the criteria that cannot
        decide it (an exclusion never met, such as one with text beside its typed rules)."""
        program = self.program
        if program.vacuous:
            return UNKNOWN
        code = self.code
        included = _lazy_fold(code, program.inclusion_order, NOT_MET, MET)
        if included != NOT_MET and program.cohort_gate:
            included = all_of((included, any_of(self.membership[name] for name in program.cohort_names)))
        if included == NOT_MET:
            return NOT_MET
        # an unknown inclusion leaves only "is some exclusion met?" open
        excluded = _lazy_fold(code, program.exclusion_order, MET, NOT_MET if included == MET else UNKNOWN)
        return min(included, MET - excluded)

    def complete(self) -> list[int]:
        """Every code, computing those nobody has asked for yet (children before parents)."""
        if not self._complete:
            code = self.code
            for index in self._steps:
                code(index)
            self._complete = True
        return self.codes


def _lazy_fold(code: Callable[[int], int], order: tuple[tuple[int, bool], ...], decisive: int, start: int) -> int:
    """Kleene AND (``decisive`` not met) or OR (``decisive`` met) of the codes of ``order``'s
    criteria from ``start``: stops at the first deciding code, and once the value is unknown
    skips the criteria that cannot decide (only a deciding code can still change it)."""
    result = start
    for index, decides in order:
        if result == UNKNOWN and not decides:
            continue
        value = code(index)
        if value == decisive:
            return decisive
        if value == UNKNOWN:
            result = UNKNOWN
    return result


def criterion_verdict(
    compiled: Compiled, facts: Facts | None, code_of: Callable[[int], int], membership: Membership
) -> int:
    """The verdict code of one criterion; ``code_of(i)`` gives the code of sub-criterion ``i``.

    Sub-criteria are asked for only while they can change the verdict: none when the
    criterion's own rule is not met (the AND is settled), and in a combination only up to the
    first deciding one.
    """
    check = compiled.check
    if compiled.defines is not None and compiled.defines in membership:
        own = membership[compiled.defines]  # the definition's verdict, or not met when screened for another
    else:
        own = None if check is None or check.ignored else check.run(facts)  # type: ignore[arg-type]
    if compiled.subs and own != NOT_MET:
        joined = _join_subs(compiled, code_of)
        if joined is not None:
            own = joined if own is None else all_of((own, joined))
    if own is None:
        return NOT_APPLICABLE
    if compiled.population is not None:
        own = _scoped(compiled, own, compiled.population.run(facts))  # type: ignore[arg-type]
        if own == NOT_APPLICABLE:
            return own
    scope = compiled.criterion.scope
    if scope is None:
        return own
    return _scoped(compiled, own, membership.get(scope, UNKNOWN))


def _scoped(compiled: Compiled, own: int, member: int) -> int:
    """A verdict within a scope the patient is in (``member``), is not in, or may be in."""
    if member == NOT_MET:
        return NOT_APPLICABLE
    if member == MET:
        return own
    if compiled.inclusion:  # not member OR rule
        return MET if own == MET else UNKNOWN
    return NOT_MET if own == NOT_MET else UNKNOWN  # member AND rule


def _join_subs(compiled: Compiled, code_of: Callable[[int], int]) -> int | None:
    """The sub-criteria combined by ``subcriteria_logic``; ``None`` when every one is skipped."""
    codes = _sub_codes(compiled, code_of)
    first = next(codes, None)
    if first is None:
        return None
    codes = chain((first,), codes)  # the fold asks for the rest lazily and stops when settled
    criterion = compiled.criterion
    logic = criterion.subcriteria_logic
    if logic == "any_of":
        return any_of(codes)
    if logic == "at_least":  # the events branch adds it, with n in ``at_least``
        return at_least(getattr(criterion, "at_least", None) or 1, codes)
    return all_of(codes)


def _sub_codes(compiled: Compiled, code_of: Callable[[int], int]) -> Iterator[int]:
    """Each counted sub-criterion's code as it counts in the parent: a not-applicable one is
    skipped, or counts as its vacuous value (see :func:`_vacuous`)."""
    for index, vacuous in zip(compiled.subs, compiled.vacuous, strict=True):
        code = code_of(index)
        if code != NOT_APPLICABLE:
            yield code
        elif vacuous is not None:
            yield vacuous


def _absence_only(compiled: Compiled) -> frozenset[int] | None:
    """The concept tags of a plain criterion whose rule is made only of event leaves."""
    check, criterion = compiled.check, compiled.criterion
    plain = not compiled.subs and criterion.scope is None and compiled.defines is None and compiled.population is None
    if not plain or check is None or check.ignored or check.constant is not None:
        return None
    return absence_tags(check) or None


def _runner(compiled: Compiled) -> Step:
    """How to compute one patient-dependent criterion: ``(run, None)`` for a plain rule, whose
    verdict is its rule's (no wrapper call per patient), else ``(None, compiled)`` for the
    general combination of :func:`criterion_verdict`."""
    check, criterion = compiled.check, compiled.criterion
    plain = not compiled.subs and criterion.scope is None and compiled.defines is None and compiled.population is None
    if plain and check is not None and not check.ignored:
        return check.run, None
    return None, compiled


def _vacuous(sub: Compiled) -> int | None:
    """How a not-applicable sub-criterion counts inside its parent.

    Out of scope is an implication, not an absence: a scoped inclusion holds vacuously for a
    non-member (``not member OR rule``) and a scoped exclusion does not hold (``member AND
    rule``). Counting it so keeps verdicts monotone: learning the cohort can settle an
    ``any_of`` parent, never unsettle it. Parts set aside by ``ignore_noncomputable`` are skipped.
    """
    if sub.criterion.scope is None and sub.population is None:
        return None
    return MET if sub.inclusion else NOT_MET


def _depends_on_patient(compiled: Compiled, dynamic: set[int]) -> bool:
    check = compiled.check
    return (
        (check is not None and check.constant is None and not check.ignored)
        or compiled.criterion.scope is not None  # membership may differ per patient
        or compiled.population is not None
        or compiled.defines is not None
        or any(i in dynamic for i in compiled.subs)
    )


def _patient(patient: Any) -> Patient:
    if isinstance(patient, Patient):
        return patient
    if isinstance(patient, (str, bytes)):
        return Patient.model_validate_json(patient)
    if isinstance(patient, Mapping):
        return Patient.model_validate(patient)
    raise InputTypeError(f"a patient is a Patient, a dict or JSON text, not {type(patient).__name__}")


def _as_of(as_of: date | None) -> date:
    if as_of is None:
        return date.today()
    if isinstance(as_of, date) and not hasattr(as_of, "hour"):
        return as_of
    raise InputTypeError(
        f"as_of is a datetime.date (e.g. date(2026, 11, 25)), not {type(as_of).__name__}; "
        "for a datetime pass its .date()"
    )
