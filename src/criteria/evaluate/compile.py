"""Compile once, evaluate many: a :class:`Criteria` tree → a :class:`Program`.

Compiling walks the tree once: every rule node becomes a :class:`~.evaluator.Check` through
the kind registry (dispatch decided now, never per patient), criteria whose verdict cannot
depend on the patient are folded to constants, and the rest are laid out children-first so a
patient is evaluated by one flat loop over plain closures. The per-patient work is a list
copy, the dynamic checks (dictionary lookups and arithmetic), and the status fold; reasons,
missing data and the rest of an :class:`~.result.Evaluation` are built only when asked for.

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
from typing import Any, Callable, Iterable, Mapping, NamedTuple

from ..errors import InputTypeError, InputValueError
from ..nodes import Criteria, Criterion
from .absence import absence_tags
from .evaluator import Check, Options, compile_rule
from .facts import Facts
from .logic import MET, NOT_APPLICABLE, NOT_MET, UNKNOWN, all_of, any_of, at_least, status_code
from .patient import Patient
from .terms import LISTS, absence_profile

Membership = Mapping[str, int]
Pending = tuple[Facts, Membership, frozenset[int]] | None
"""What :meth:`Program.finish` needs to fill the codes :meth:`Program.screen` left out."""


class Phase(NamedTuple):
    """The per-patient work of one section: dynamic criteria children-first, as
    ``(index, run, None)`` for a plain rule or ``(index, None, compiled)``, and the indexes of
    its event-only criteria (run only when the patient's records name one of their concepts)."""

    steps: tuple[tuple[int, Callable[[Facts], int] | None, "Compiled | None"], ...]
    absence: frozenset[int]


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
            own = Compiled(
                index, criterion, parent, check, tuple(b[0].index for b in counted), defines, vacuous
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
            # a definition is demanded of members, as an inclusion is
            options = replace(self.options, section="inclusion")
            check = compile_rule(rule, options) if rule is not None else defining.get(cohort.name)
            if check is not None and not check.ignored:
                out[cohort.name] = check
        return out

    def _layout(self) -> None:
        """Fold constant criteria into a template; order the rest children-first."""
        self.template: list[int] = [UNKNOWN] * len(self.compiled)
        dynamic: list[tuple[int, Callable[[Facts], int] | None, Compiled | None]] = []
        depends: set[int] = set()
        absence: dict[int, tuple[Callable[[Facts], int], frozenset[int]]] = {}
        for compiled in reversed(self.compiled):  # reversed pre-order: children before parents
            if not _depends_on_patient(compiled, depends):
                self.template[compiled.index] = criterion_verdict(compiled, None, self.template, {})
                continue
            depends.add(compiled.index)
            tags = _absence_only(compiled)
            if tags:
                absence[compiled.index] = (compiled.check.run, tags)  # type: ignore[union-attr]
            else:
                dynamic.append((compiled.index, *_runner(compiled)))
        self.dynamic = tuple(dynamic)
        # criteria made only of event rules: evaluated "by exception" (see run)
        self.absence = absence
        self.phases = (self._phase(dynamic, absence, True), self._phase(dynamic, absence, False))
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
        # no criteria, or every one set aside by ignore_noncomputable: nothing can be checked, and
        # "eligible" must never come from checking nothing (a cohort's n/a is a checked fact)
        self.vacuous = not self.cohort_gate and all(
            self.template[c.index] == NOT_APPLICABLE and c.index not in depends for c in top
        )
        self.membership_checks = tuple(
            (name, self.definitions[name].run if name in self.definitions else None)
            for name in self.cohort_names
        )

    def _phase(self, dynamic: list, absence: Mapping[int, Any], inclusion: bool) -> Phase:
        """The work of one section (the criteria under its top-level criteria), in loop order."""
        def in_section(index: int) -> bool:
            while self.compiled[index].parent is not None:
                index = self.compiled[index].parent  # type: ignore[assignment]
            return self.compiled[index].inclusion == inclusion

        return Phase(
            tuple(step for step in dynamic if in_section(step[0])),
            frozenset(index for index in absence if in_section(index)),
        )

    # --- per patient -------------------------------------------------------------------------

    def _base(self, facts: Facts) -> tuple[list[int], frozenset[int]]:
        """Codes before the dynamic loop, and the event-only criteria that still need running.

        An event-only criterion none of whose concepts the patient's records name has the
        verdict it has for a patient with no records and the same complete lists: one base list
        per combination of complete flags holds those, and only the criteria whose concepts
        some record names (the "hits") are run, with their section (see :meth:`_run_phase`).
        Per patient that is a list copy and a few set lookups.
        """
        present, flags = absence_profile(facts)
        base = self._bases.get(flags)
        if base is None:
            base = self._bases[flags] = self._base_for(flags, facts.as_of)
        hits: set[int] = set()
        for tag in present & self.tags:
            hits.update(self.by_tag[tag])
        return base[:], frozenset(hits)

    def _base_for(self, flags: tuple[bool, ...], as_of: date) -> list[int]:
        names = tuple(name for name, flag in zip(LISTS, flags, strict=True) if flag)
        empty = Facts(Patient(complete=names), as_of)  # no records: every concept is absent
        base = self.template[:]
        for index, (run, _) in self.absence.items():
            base[index] = run(empty)
        return base

    def membership(self, facts: Facts, cohort: str | None) -> dict[str, int]:
        """Cohort → verdict code of "the patient belongs to it".

        A cohort's membership is its definition's verdict (unknown while the definition is not
        typed). ``cohort`` chooses the cohort the patient is screened for: the others become
        not met; the chosen one still needs its definition met (met if it has none).
        """
        if cohort is None:
            return {name: (UNKNOWN if run is None else run(facts)) for name, run in self.membership_checks}
        return {
            name: (NOT_MET if name != cohort else MET if run is None else run(facts))
            for name, run in self.membership_checks
        }

    def _run_phase(
        self, phase: Phase, facts: Facts, codes: list[int], membership: Membership, hits: frozenset[int]
    ) -> None:
        """Fill ``codes`` for one section: its event-only hits, then its dynamic criteria."""
        if hits:
            absence = self.absence
            for index in hits & phase.absence:
                codes[index] = absence[index][0](facts)
        for index, run, compiled in phase.steps:
            codes[index] = run(facts) if compiled is None else criterion_verdict(compiled, facts, codes, membership)

    def screen(self, facts: Facts, cohort: str | None) -> tuple[list[int], dict[str, int], int, Pending]:
        """The status, computing no more than it needs.

        The inclusions are run first; when one is not met (or the patient is in none of the
        cohorts) the status is ineligible whatever the exclusions say (Kleene AND), so their
        codes are left to :meth:`finish`, returned as the pending ``(facts, membership, hits)``.
        Returns ``(codes, membership, status, pending)``; ``pending`` is ``None`` when every
        code is filled.
        """
        membership = self.membership(facts, cohort)
        codes, hits = self._base(facts) if self.absence else (self.template[:], frozenset())
        self._run_phase(self.phases[0], facts, codes, membership, hits)
        inclusion = [codes[i] for i in self.top_inclusion]
        if self.cohort_gate:
            inclusion.append(any_of(membership.values()))
        if not self.vacuous and all_of(inclusion) == NOT_MET:
            return codes, membership, NOT_MET, (facts, membership, hits)
        self._run_phase(self.phases[1], facts, codes, membership, hits)
        exclusion = [codes[i] for i in self.top_exclusion]
        status = UNKNOWN if self.vacuous else status_code(inclusion, exclusion)
        return codes, membership, status, None

    def finish(self, codes: list[int], pending: Pending) -> None:
        """Fill the exclusions' codes that :meth:`screen` left pending (same inputs, same codes)."""
        if pending is not None:
            facts, membership, hits = pending
            self._run_phase(self.phases[1], facts, codes, membership, hits)

    def run(self, facts: Facts, cohort: str | None) -> tuple[list[int], dict[str, int], int]:
        """Verdict codes of every criterion, the membership, and the status code."""
        codes, membership, status, pending = self.screen(facts, cohort)
        self.finish(codes, pending)
        return codes, membership, status

    def evaluate(
        self,
        patient: Patient | Mapping[str, Any] | str | bytes,
        as_of: date | None = None,
        *,
        cohort: str | None = None,
    ):
        """Evaluate one patient; see :func:`criteria.evaluate`."""
        from .result import Evaluation

        facts = Facts(_patient(patient), _as_of(as_of))
        self._check_cohort(cohort)
        codes, membership, status, pending = self.screen(facts, cohort)
        return Evaluation(self, facts, codes, membership, status, cohort, pending)

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


def criterion_verdict(
    compiled: Compiled, facts: Facts | None, codes: list[int], membership: Membership
) -> int:
    """The verdict code of one criterion, its sub-criteria already in ``codes``."""
    check = compiled.check
    if compiled.defines is not None and compiled.defines in membership:
        own = membership[compiled.defines]  # the definition's verdict, or not met when screened for another
    else:
        own = None if check is None or check.ignored else check.run(facts)  # type: ignore[arg-type]
    subs = [
        code if code != NOT_APPLICABLE else vacuous
        for code, vacuous in zip([codes[i] for i in compiled.subs], compiled.vacuous, strict=True)
        if code != NOT_APPLICABLE or vacuous is not None
    ]
    if own is None and not subs:
        return NOT_APPLICABLE
    if subs:
        joined = _join_subs(compiled.criterion, subs)
        own = joined if own is None else all_of((own, joined))
    scope = compiled.criterion.scope
    if scope is None:
        return own
    member = membership.get(scope, UNKNOWN)
    if member == NOT_MET:
        return NOT_APPLICABLE
    if member == MET:
        return own
    if compiled.inclusion:  # not member OR rule
        return MET if own == MET else UNKNOWN
    return NOT_MET if own == NOT_MET else UNKNOWN  # member AND rule


def _join_subs(criterion: Criterion, codes: list[int]) -> int:
    logic = criterion.subcriteria_logic
    if logic == "any_of":
        return any_of(codes)
    if logic == "at_least":  # the events branch adds it, with n in ``at_least``
        return at_least(getattr(criterion, "at_least", None) or 1, codes)
    return all_of(codes)


def _absence_only(compiled: Compiled) -> frozenset[int] | None:
    """The concept tags of a plain criterion whose rule is made only of event leaves."""
    check, criterion = compiled.check, compiled.criterion
    plain = not compiled.subs and criterion.scope is None and compiled.defines is None
    if not plain or check is None or check.ignored or check.constant is not None:
        return None
    return absence_tags(check) or None


def _runner(compiled: Compiled) -> tuple[Callable[[Facts], int] | None, Compiled | None]:
    """How the dynamic loop computes one criterion: ``(run, None)`` for a plain rule, whose
    verdict is its rule's (no wrapper call per patient), else ``(None, compiled)`` for the
    general combination of :func:`criterion_verdict`."""
    check, criterion = compiled.check, compiled.criterion
    plain = not compiled.subs and criterion.scope is None and compiled.defines is None
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
    if sub.criterion.scope is None:
        return None
    return MET if sub.inclusion else NOT_MET


def _depends_on_patient(compiled: Compiled, dynamic: set[int]) -> bool:
    check = compiled.check
    return (
        (check is not None and check.constant is None and not check.ignored)
        or compiled.criterion.scope is not None  # membership may differ per patient
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
