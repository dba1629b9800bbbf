"""The typed rule tree: every node kind, in one module.

Every node is a frozen pydantic model with a ``kind`` literal; :data:`Rule` is the
discriminated union of the rule kinds, so JSON round-trips to the right classes.
Every node carries ``span`` (half-open offsets into the original text, see
:mod:`criteria.tree.spans`); equality and hashing ignore spans, so two trees read from
differently laid-out texts compare equal when they mean the same.

Kinds (a registry ``{kind: class}`` is derived below as :data:`NODE_KINDS`):

* logic: ``all_of``, ``any_of``, ``not``, ``at_least`` (n of the items), ``except`` (a rule with
  exempt cases carved out of it), ``permitted`` (what the text allows without requiring it);
* leaves: ``age`` (bounds on age), ``lab_threshold`` and ``measure_threshold`` (a bound on a
  laboratory value or a clinical measurement, absolute or as a multiple of ULN/LLN),
  ``performance_status`` (ECOG/WHO/Zubrod, Karnofsky, Lansky), ``life_expectancy``,
  ``unparsed`` (text no rule understood, with a reason);
* events (things that happened or hold, each with an optional :class:`TimeWindow`):
  ``condition``, ``prior_therapy``, ``medication``, ``procedure``, ``reproductive``, ``sex``,
  ``capability`` (what the patient is able to do, denied by a recorded condition),
  and ``consent`` / ``compliance`` / ``investigator_judgement`` (typed but not computable
  from patient data); a window the text states with no event to hang on is a ``time_window``;
* document structure: ``criterion`` (one bullet of the text), ``cohort``, and the
  document :class:`Criteria` itself (see :mod:`criteria.document`).
"""

from __future__ import annotations

import json
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticSerializationError

from .spans import Span

Section = Literal["inclusion", "exclusion"]
AgeUnit = Literal["year", "month", "week", "day", "hour"]


class Node(BaseModel):
    """Base of every node: frozen, validated, with a span ignored by equality."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str
    span: Span | None = Field(
        default=None, description="half-open offsets into the original text; ignored by ==", repr=False
    )

    _eq_exclude: ClassVar[frozenset[str]] = frozenset({"span"})

    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in type(self).model_fields if name not in self._eq_exclude)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._key()))

    def children(self) -> tuple["Node", ...]:
        """Direct child nodes (empty for leaves)."""
        return ()

    def walk(self):
        """This node and every node below it, depth first, in text order."""
        yield self
        for child in self.children():
            yield from child.walk()


# --- logic -------------------------------------------------------------------------------


class AllOf(Node):
    """Every item must hold (Kleene AND)."""

    kind: Literal["all_of"] = "all_of"
    items: tuple["Rule", ...] = Field(min_length=1, description="the rules that must all hold")

    def children(self) -> tuple[Node, ...]:
        return self.items


class AnyOf(Node):
    """At least one item must hold (Kleene OR)."""

    kind: Literal["any_of"] = "any_of"
    items: tuple["Rule", ...] = Field(min_length=1, description="the alternatives")

    def children(self) -> tuple[Node, ...]:
        return self.items


class Not(Node):
    """The item must not hold."""

    kind: Literal["not"] = "not"
    item: "Rule" = Field(description="the negated rule")

    def children(self) -> tuple[Node, ...]:
        return (self.item,)


# --- leaves ------------------------------------------------------------------------------


class AgeBound(BaseModel):
    """One end of an age interval, as the text states it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: float = Field(ge=0, description="the number as written")
    unit: AgeUnit = Field(description="time unit of the number")
    inclusive: bool = Field(description="whether the end value itself is allowed")


class Age(Node):
    """The patient's age must lie within ``[low, high]`` (either end may be open).

    ``unit_assumed`` is true when the text gave no unit and years were assumed
    ("over 18"). ``at`` names the event at which age is measured, when stated
    ("at the time of signing the informed consent" → ``consent``).
    """

    kind: Literal["age"] = "age"
    low: AgeBound | None = Field(default=None, description="lower bound, if any")
    high: AgeBound | None = Field(default=None, description="upper bound, if any")
    unit_assumed: bool = Field(default=False, description="no unit in the text; years assumed")
    at: str | None = Field(default=None, description="anchor event at which age is measured")

    @model_validator(mode="after")
    def _has_a_bound(self) -> "Age":
        if self.low is None and self.high is None:
            raise ValueError("an age rule needs a lower or an upper bound")
        return self


Comparator = Literal[">=", ">", "<=", "<", "==", "between"]
Relative = Literal["ULN", "LLN"]


class Amount(BaseModel):
    """A value as the text writes it: a number with its unit, or a multiple of ULN/LLN."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: float = Field(description="the number as written")
    value_high: float | None = Field(default=None, description="upper end, for a range")
    unit: str | None = Field(default=None, description="pint unit expression (criteria.units); None if unstated")
    relative_to: Relative | None = Field(default=None, description="ULN/LLN: the value is a multiple of it")


class Alternative(Node):
    """Another bound that holds for a subgroup ("< 5 x ULN for subjects with liver involvement").

    ``condition`` is the subgroup as written, without its lead words ("liver involvement");
    ``None`` when the text gives an alternative bound without saying for whom, or says only how it
    is measured (``method``: "≥ 20 mm by conventional techniques or ≥ 10 mm by spiral CT scan").
    """

    kind: Literal["alternative"] = "alternative"
    condition: str | None = Field(description="who the alternative bound is for, as written")
    method: str | None = Field(default=None, description=(
        "how the alternative bound is measured, as written ('by spiral CT scan'): the bound's case is a way "
        "of measuring, which no record says, not a subgroup"))
    op: Comparator = Field(description="comparator; 'between' means value <= x <= value_high")
    value: float = Field(description="the bound as written")
    value_high: float | None = Field(default=None, description="upper end of a 'between'")
    unit: str | None = Field(default=None, description="pint unit expression; None if unstated")
    relative_to: Relative | None = Field(default=None, description="ULN/LLN multiple, if relative")


class LabThreshold(Node):
    """A bound on a laboratory value: ``analyte op value unit`` (as written, never converted).

    ``relative_to`` is ``"ULN"``/``"LLN"`` when the value is a multiple of the laboratory's
    limit of normal (then ``unit`` is that limit too). ``paired`` holds the same bound written
    again in another unit ("> 9 g/dL (90 g/L)"); ``alternatives`` the bounds that hold instead
    for a subgroup. In an exclusion criterion the comparison is kept as written: the section
    gives its polarity.
    """

    kind: Literal["lab_threshold"] = "lab_threshold"
    analyte: str = Field(
        description="canonical field of the lab lexicon, e.g. 'anc'; for a measure the lexicon lacks, "
        "its phrase normalized, e.g. 'right atrial pressure'"
    )
    loinc: str | None = Field(default=None, description="LOINC code of the analyte, where known")
    op: Comparator = Field(description="comparator; 'between' means value <= x <= value_high")
    value: float = Field(description="the bound as written")
    value_high: float | None = Field(default=None, description="upper end of a 'between'")
    unit: str | None = Field(default=None, description="pint unit expression; None if unstated")
    relative_to: Relative | None = Field(default=None, description="ULN/LLN multiple, if relative")
    paired: tuple[Amount, ...] = Field(default=(), description="the same bound in another unit")
    alternatives: tuple[Alternative, ...] = Field(default=(), description="bounds for subgroups")
    method: str | None = Field(default=None, description="estimating equation, e.g. 'Cockcroft-Gault'")
    applies_to: str | None = Field(
        default=None, description="the subgroup the bound is for ('males'), as written; it holds for everyone else"
    )

    @model_validator(mode="after")
    def _range_ordered(self) -> "LabThreshold":
        if (self.op == "between") != (self.value_high is not None):
            raise ValueError("value_high is given exactly when op is 'between'")
        return self


class MeasureThreshold(LabThreshold):
    """A bound on a clinical measurement (LVEF, QTcF, SpO2, BMI, blood pressure, a score)."""

    kind: Literal["measure_threshold"] = "measure_threshold"  # type: ignore[assignment]


class PerformanceStatus(Node):
    """A bound on a performance-status scale: ECOG (also WHO, Zubrod), Karnofsky or Lansky.

    ``scale_assumed`` is true when the text names no scale ("performance status 0-1"):
    ECOG is assumed for values up to 5, Karnofsky above.
    """

    kind: Literal["performance_status"] = "performance_status"
    scale: Literal["ecog", "karnofsky", "lansky"] = Field(description="the scale")
    op: Comparator = Field(description="comparator; 'between' means value <= x <= value_high")
    value: float = Field(ge=0, description="the score as written")
    value_high: float | None = Field(default=None, description="upper end of a 'between'")
    scale_assumed: bool = Field(default=False, description="no scale named; inferred from the values")
    for_age: Age | None = Field(
        default=None, description="the age group the bound is for (Lansky for children); it holds for others"
    )


class LifeExpectancy(Node):
    """A bound on the expected survival: "life expectancy of at least 12 weeks".

    ``op_assumed`` is true when the text gives a duration without comparator ("life
    expectancy of 12 weeks"), read as a minimum.
    """

    kind: Literal["life_expectancy"] = "life_expectancy"
    op: Comparator = Field(description="comparator")
    value: float = Field(ge=0, description="the duration as written")
    unit: AgeUnit = Field(description="time unit of the duration")
    op_assumed: bool = Field(default=False, description="no comparator in the text; '>=' assumed")


# --- time windows and events -------------------------------------------------------------

WindowUnit = Literal["year", "month", "week", "day", "hour", "half_life"]


class TimeWindow(Node):
    """When an event must (not) have happened, relative to an anchor event.

    ``low``/``high`` bound the distance from the anchor in ``unit`` ("within 28 days prior"
    → high 28; "at least 2 weeks before" → low 2). ``relation`` says on which side of the
    anchor ("before" the first dose, "after" the last dose). ``anchor`` is the event
    ("first_dose", "enrollment", "last_dose"…); when the text names none ("in the past 2
    years", "prior to") it is ``enrollment`` with ``anchor_assumed`` true. ``or_window`` and
    ``whichever`` hold "28 days or 5 half-lives, whichever is longer". A window ``lasting`` bounds
    how long the event has gone on by the anchor ("on a stable dose for at least 4 weeks",
    "amenorrhoeic for 12 months or more"), not when it happened.
    """

    kind: Literal["time_window"] = "time_window"
    low: float | None = Field(default=None, ge=0, description="least distance from the anchor")
    high: float | None = Field(default=None, ge=0, description="greatest distance from the anchor")
    unit: WindowUnit = Field(description="unit of low and high")
    relation: Literal["before", "after", "lasting"] = Field(
        default="before", description="side of the anchor; 'lasting': how long the event has gone on by it"
    )
    anchor: str = Field(default="enrollment", description="the anchor event")
    anchor_assumed: bool = Field(default=False, description="the text named no anchor; enrollment assumed")
    or_window: "TimeWindow | None" = Field(default=None, description="an alternative window")
    whichever: Literal["longer", "shorter"] | None = Field(default=None, description="how to pick between them")


Status = Literal[
    "active", "history", "treated", "untreated", "stable", "unstable", "symptomatic", "asymptomatic",
    "controlled", "uncontrolled", "known", "suspected", "resolved", "chronic", "acute", "current",
    "recurrent", "progressive", "severe", "significant", "refractory", "relapsed", "new", "metastatic",
    "advanced", "recent", "planned", "positive_test", "decompensated", "needs_treatment", "family",
]
"""Status words the text states. ``planned``: to be undergone or needed ("scheduled for", "undergoing",
"candidate for"); ``recent``: lately, with no window stated; ``positive_test``: found by a test
("seropositive", "positive test for"), which a list of diagnoses does not hold; ``needs_treatment``:
severe enough to need treatment ("infection requiring systemic treatment"); ``family``: a relative's,
not the patient's ("family history of long QT syndrome", "first-degree relative with breast cancer"),
which no patient record holds."""


def only_planned(status: tuple[str, ...] | list[str] | None) -> bool:
    """Whether statuses say an event is only to come ("expected to require radiotherapy"), not also
    under way ("currently receiving or planned"): a list of what happened does not hold it. The
    evaluator and the SQL compiler both ask this."""
    said = set(status or ())
    return "planned" in said and "current" not in said


class Code(BaseModel):
    """A curated code for a term: only where the mapping is exact."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    system: Literal["SNOMED CT", "RxNorm", "ATC", "ICD-10", "ICD-10-CM", "DrugBank", "MeSH"] = Field(
        description="code system (ICD-10-CM, DrugBank and MeSH: from the field vocabularies, criteria.vocab)"
    )
    code: str = Field(min_length=1, description="the code in that system")


class Event(Node):
    """Base of event nodes: a canonical ``name`` from a term lexicon and an optional window."""

    name: str = Field(description="canonical name (the lexicon's concept name)")
    code: Code | None = Field(default=None, description="curated code, when exact")
    status: tuple[Status, ...] = Field(default=(), description="status the text states: active, history…")
    window: TimeWindow | None = Field(default=None, description="when it must have happened")
    open_vocabulary: bool = Field(
        default=False,
        description="read by its head word ('cardiogenic shock', 'carotid endarterectomy'), not from the "
        "lexicon: the name is the words as written, with no code; records matching only in part may match",
    )

    @property
    def computable(self) -> bool:
        """Whether patient data can decide it (false for consent, compliance, judgement)."""
        return True


class Grade(BaseModel):
    """A bound on a condition's grade as written: CTCAE toxicity grade ("neuropathy >= grade 2")
    or histologic grade ("grade I-III"); ``between`` means ``value <= grade <= value_high``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    op: Comparator = Field(description="comparator; 'between' means value <= grade <= value_high")
    value: int = Field(ge=0, le=5, description="the grade as written (roman numerals read as numbers)")
    value_high: int | None = Field(default=None, ge=0, le=5, description="upper end of a 'between'")

    @model_validator(mode="after")
    def _range_ordered(self) -> "Grade":
        if (self.op == "between") != (self.value_high is not None):
            raise ValueError("value_high is given exactly when op is 'between'")
        if self.value_high is not None and self.value_high < self.value:
            raise ValueError("a grade range runs from low to high")
        return self


class Qualifier(BaseModel):
    """Which kind of the event the text asks for, from ``lexicons/qualifiers.jsonl``: "systemic"
    chemotherapy, "invasive" breast cancer, "oral or intravenous" bisphosphonates (any of the
    ``values``). A record must state it (or a kind of it) to match; one stating a contrast
    ("topical" for "systemic") does not; one stating neither leaves it unknown."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    axis: str = Field(description="what the qualifier says: route, intent, behaviour, laterality…")
    values: tuple[str, ...] = Field(min_length=1, description="the values the text allows, any of them")
    span: Span | None = Field(default=None, description="the qualifier's characters in the original text")


CauseKind = Literal["condition", "prior_therapy", "medication", "procedure"]


class Cause(BaseModel):
    """What a condition is due to, or a reaction to, as the text names it: "hypersensitivity to
    docetaxel", "anemia due to bone marrow involvement", "respiratory failure secondary to asthma".
    A record of the condition must name it (its name or qualifiers) to match; one that does not
    leaves the cause unknown. ``related``: the text also allows compounds like it or in it
    ("compounds of similar chemical or biologic composition to X", "X or its excipients"), which no
    record can be checked against."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: CauseKind = Field(description="the kind of event the cause is")
    name: str = Field(description="its canonical name, as an event of that kind would have it")
    related: bool = Field(default=False, description="compounds like it or in it count too, as the text says")
    qualifiers: tuple[Qualifier, ...] = Field(
        default=(), description="which kind of it the text names ('oral' capecitabine): said, not checked on a record"
    )
    span: Span | None = Field(default=None, description="the cause's characters in the original text")


class QualifiedEvent(Event):
    """An event the text may narrow with qualifiers ("systemic", "invasive", "bilateral")."""

    qualifiers: tuple[Qualifier, ...] = Field(
        default=(), description="which kind of the event the text asks for, each a qualifier of its own axis"
    )


class Condition(QualifiedEvent):
    """A diagnosis, histology, metastasis, infection, transplant state… with its status words,
    the grade bound the text states ("grade 2 or greater peripheral neuropathy") and the stages it
    names ("stage III or IV ovarian cancer")."""

    kind: Literal["condition"] = "condition"
    site: str | None = Field(default=None, description="primary or anatomical site, when stated")
    grade: Grade | None = Field(default=None, description="bound on the condition's grade, when stated")
    stage: tuple[str, ...] | None = Field(
        default=None, description="the stages the text allows, any of them ('III', 'IIIB', 'IV'), when stated"
    )
    cause: tuple[Cause, ...] = Field(
        default=(), description="what the condition is due to or a reaction to, any of them, when stated"
    )


class DoseLimit(BaseModel):
    """A dose bound as written: "prednisone <= 10 mg/day"."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    op: Literal[">=", ">", "<=", "<", "=="] = Field(description="comparator")
    value: float = Field(ge=0, description="the number as written")
    unit: str = Field(description="dose unit as canonicalised by the lexicon: mg, mg/day…")
    equivalent_of: str | None = Field(
        default=None, description="the drug the dose is stated as an equivalent of, when the text says so: "
        "'corticosteroids (> 10 mg/day prednisone equivalent)' bounds any corticosteroid's dose in prednisone's terms"
    )


class PriorTherapy(QualifiedEvent):
    """Therapy received before the trial: an agent or class, optionally counted ("> 2 regimens",
    "at least 2 cycles of lenalidomide").

    ``count_unit`` says what the count counts, and is set exactly when a count is: ``line`` for lines
    of therapy and regimens (one thing under two names: each regimen is a line), ``cycle`` for cycles
    of the therapy. The two never compare: a profile's lines are not its cycles. A count given
    without its unit counts lines (what every count meant before cycles were read), so the unit is
    filled in on validation and a tree says it one way.
    """

    kind: Literal["prior_therapy"] = "prior_therapy"
    therapy_class: str | None = Field(default=None, description="class: platinum, checkpoint_inhibitor…")
    count_op: Literal[">=", ">", "<=", "<", "=="] | None = Field(default=None, description="comparator of the count")
    count: int | None = Field(default=None, ge=0, description="number of lines (regimens) or cycles")
    count_high: int | None = Field(default=None, ge=0, description="upper count of a range (1-3 lines)")
    count_unit: Literal["line", "cycle"] | None = Field(
        default=None, description="what is counted: lines of therapy (regimens) or cycles; set with the count"
    )
    dose: DoseLimit | None = Field(
        default=None, description="dose bound on the therapy received, as written: a cumulative dose "
        "('doxorubicin > 450 mg/m^2') or a dose in a time ('methotrexate > 25 mg/week')",
    )

    @model_validator(mode="before")
    @classmethod
    def _unit_of_count(cls, data: Any) -> Any:
        """A count without its unit counts lines (the only count there was before cycles)."""
        if isinstance(data, dict) and data.get("count") is not None and data.get("count_unit") is None:
            return {**data, "count_unit": "line"}
        return data

    @model_validator(mode="after")
    def _unit_with_count(self) -> "PriorTherapy":
        if self.count is None and self.count_unit is not None:
            raise ValueError("count_unit is given only with a count")
        return self


class Medication(QualifiedEvent):
    """Current or recent use of a drug or drug class, with an optional dose limit."""

    kind: Literal["medication"] = "medication"
    drug_class: str | None = Field(default=None, description="class: corticosteroid, cyp3a_inhibitor…")
    dose: DoseLimit | None = Field(default=None, description="dose bound, when stated")


class Procedure(QualifiedEvent):
    """A procedure: major surgery, radiotherapy, transplant, biopsy…, with the site it is done on
    when the text names one ("renal surgery", "gastrointestinal surgery"); ``amount`` bounds what a
    donation took, as written ("donation of blood in excess of 500 mL")."""

    kind: Literal["procedure"] = "procedure"
    site: str | None = Field(default=None, description="anatomical site the procedure is done on, when stated")
    amount: DoseLimit | None = Field(
        default=None, description="bound on the amount the procedure took, as written: blood donated > 500 mL"
    )


class Reproductive(Event):
    """Pregnancy, breastfeeding, childbearing potential, contraception (with its duration)."""

    kind: Literal["reproductive"] = "reproductive"


class Sex(Node):
    """Sex of the participant as the text restricts it."""

    kind: Literal["sex"] = "sex"
    sex: Literal["female", "male", "all"] = Field(description="who may take part")
    qualifier: str | None = Field(default=None, description="e.g. postmenopausal")


class Consent(Event):
    """Informed consent: settled by what the patient states (the profile's ``consent``)."""

    kind: Literal["consent"] = "consent"


class Compliance(Event):
    """Willingness or ability to comply with the protocol: settled by the profile's ``will_comply``
    for protocol compliance; other forms (providing tumour samples) no profile states."""

    kind: Literal["compliance"] = "compliance"


class Capability(Event):
    """What the patient is able to do ("able to swallow tablets"): able unless a condition that
    denies it is recorded (the lexicon's ``denied_by``: dysphagia for swallowing), so a complete
    list of conditions without one says able. "Unable to swallow" is its negation."""

    kind: Literal["capability"] = "capability"


class InvestigatorJudgement(Event):
    """The investigator's opinion decides: not computable from patient data."""

    kind: Literal["investigator_judgement"] = "investigator_judgement"
    not_computable: Literal[True] = Field(default=True, description="patient data cannot decide it")

    @property
    def computable(self) -> bool:
        return False


class AtLeast(Node):
    """At least ``n`` of the items must hold ("at least 2 of the following")."""

    kind: Literal["at_least"] = "at_least"
    n: int = Field(ge=1, description="how many must hold")
    items: tuple["Rule", ...] = Field(min_length=1, description="the candidates")

    def children(self) -> tuple[Node, ...]:
        return self.items


class Except(Node):
    """``item``, with ``exceptions`` naming the cases it does not apply to.

    "History of other malignancy, except adequately treated non-melanoma skin cancer" is
    ``except(item=condition(other_malignancy), exceptions=(condition(nmsc, treated),))``.
    The exempt cases are carved out of the criterion's effect, so the truth value follows
    the section: an exclusion does not exclude them (``item and not any(exceptions)``); an
    inclusion does not demand the item of them ("bilirubin <= 1.5 x ULN, except Gilbert's
    syndrome": ``item or any(exceptions)``).
    """

    kind: Literal["except"] = "except"
    item: "Rule" = Field(description="the rule the exceptions are carved out of")
    exceptions: tuple["Rule", ...] = Field(min_length=1, description="the exempt cases")

    def children(self) -> tuple[Node, ...]:
        return (self.item, *self.exceptions)


class Permitted(Node):
    """What the text allows without requiring it: "Prior radiotherapy allowed".

    ``item`` is what is allowed. The criterion asks nothing of the patient: an inclusion holds
    and an exclusion does not exclude, whatever the patient had (had it been read as the item
    alone, a patient who never had radiotherapy would fail "Prior radiotherapy allowed").
    """

    kind: Literal["permitted"] = "permitted"
    item: "Rule" = Field(description="what is allowed")

    def children(self) -> tuple[Node, ...]:
        return (self.item,)


class Unparsed(Node):
    """Text that no rule understood, kept verbatim with the reason.

    An unparsed node is never silently dropped: the evaluator treats it as unknown.
    """

    kind: Literal["unparsed"] = "unparsed"
    text: str = Field(description="the source text, as written")
    reason: str = Field(description="why it was not understood")


RULE_CLASSES: tuple[type[Node], ...] = (
    AllOf, AnyOf, Not, Age, LabThreshold, MeasureThreshold, PerformanceStatus, LifeExpectancy, Unparsed
)
EVENT_CLASSES: tuple[type[Node], ...] = (
    Condition, PriorTherapy, Medication, Procedure, Reproductive, Sex, Consent, Compliance,
    InvestigatorJudgement, Capability, TimeWindow,
)
RULE_CLASSES += (AtLeast, Except, Permitted, *EVENT_CLASSES)

Rule = Annotated[Union[RULE_CLASSES], Field(discriminator="kind")]  # type: ignore[valid-type]
"""Any rule node; the union of :data:`RULE_CLASSES`, discriminated on ``kind``."""


# --- document structure --------------------------------------------------------------------


class Criterion(Node):
    """One criterion as written: a bullet (or paragraph) of the eligibility text.

    ``rule`` is what the text of this bullet means (``None`` for a lead-in such as
    "Adequate organ function, defined as follows:" whose meaning is in its children).
    ``subcriteria`` are its sub-bullets; ``subcriteria_logic`` says how they combine.
    ``scope`` names the cohort, part or arm the criterion applies to, if any.
    """

    kind: Literal["criterion"] = "criterion"
    id: str = Field(description="position in the text: I3, E5.2 (section letter, then numbers)")
    section: Section = Field(description="inclusion or exclusion")
    text: str = Field(description="the criterion's text, as written in the original")
    rule: Rule | None = Field(default=None, description="what the text means, if it is more than a lead-in")
    subcriteria: tuple["Criterion", ...] = Field(default=(), description="sub-bullets, in order")
    subcriteria_logic: Literal["all_of", "any_of", "at_least"] = Field(
        default="all_of", description="how the sub-bullets combine with each other"
    )
    at_least: int | None = Field(default=None, ge=1, description="n, when subcriteria_logic is at_least")
    role: Literal["criterion", "exception"] = Field(
        default="criterion",
        description="'exception': an exempt case of its parent; its rule is already in the parent's "
        "except node, so an evaluator skips it",
    )
    scope: str | None = Field(default=None, description="cohort / part / arm the criterion applies to")
    heading: str | None = Field(default=None, description="the heading the criterion stands under")
    remarks: tuple[Remark, ...] = Field(
        default=(), description="words qualifying the rule (how it is measured, documented, described)"
    )
    population: Rule | None = Field(
        default=None,
        description="who the criterion is about ('Female patients must…', 'For patients with liver "
        "metastases: …'): for anyone else it is not applicable, not unmet",
    )

    def children(self) -> tuple[Node, ...]:
        own: tuple[Node, ...] = (self.population,) if self.population is not None else ()
        own += (self.rule,) if self.rule is not None else ()
        return own + self.subcriteria

    def walk_criteria(self):
        """This criterion and its sub-criteria, depth first."""
        yield self
        for sub in self.subcriteria:
            yield from sub.walk_criteria()


class Remark(Node):
    """Words of a criterion that qualify its typed rule without changing what it asks.

    ``about='method'``: how or when the value or diagnosis is established ("on a 12-lead ECG",
    "histologically confirmed", "at screening"); ``about='description'``: words that describe
    an administrative rule ("give full informed consent for participation"); ``about='period'``: over
    which period a commitment holds ("use contraception during the study"); ``about='optional'``: what
    may be there or not ("with or without portal hypertension"). A remark is kept
    (rendered, in records) but settles nothing: the evaluator reads the typed rule beside it.
    """

    kind: Literal["remark"] = "remark"
    text: str = Field(description="the words, as written")
    about: Literal["method", "description", "period", "optional"] = Field(description="what the words say about the rule")


class Cohort(Node):
    """A named cohort, part or arm, as defined in the text."""

    kind: Literal["cohort"] = "cohort"
    name: str = Field(description="its name as written: 'Cohort 1', 'Part A'")
    label: str | None = Field(default=None, description="the description in parentheses, if any")
    definition: str | None = Field(default=None, description="the text that defines membership, if any")
    condition: Rule | None = Field(default=None, description="what membership means, read from the definition")

    def children(self) -> tuple[Node, ...]:
        return (self.condition,) if self.condition is not None else ()


class Notice(BaseModel):
    """Something the parser wants the reader to know about the whole text."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(description="stable code, e.g. 'no_section_headers'")
    message: str = Field(description="what it means, for a person")
    span: Span | None = Field(default=None, description="where, if it is about one place")


class StructuredEligibility(BaseModel):
    """The structured eligibility fields of a ClinicalTrials.gov record, kept beside the text.

    Filled by :func:`criteria.parse_study`; ``None`` on a tree read from bare text. Ages are
    read with :func:`criteria.parse_age_limit`; the ``*_text`` fields keep the record's string.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: Literal["ctgov_api_v2", "ctgov_xml"] = Field(description="which record format it came from")
    sex: Literal["all", "female", "male"] | None = Field(default=None, description="sex eligible, if stated")
    minimum_age: AgeBound | None = Field(default=None, description="minimum age; None when N/A or absent")
    maximum_age: AgeBound | None = Field(default=None, description="maximum age; None when N/A or absent")
    minimum_age_text: str | None = Field(default=None, description="the minimum age as the record writes it")
    maximum_age_text: str | None = Field(default=None, description="the maximum age as the record writes it")
    healthy_volunteers: bool | None = Field(default=None, description="whether healthy volunteers are accepted")
    std_ages: tuple[str, ...] = Field(default=(), description="API v2 age groups: CHILD, ADULT, OLDER_ADULT")


NODE_KINDS: dict[str, type[Node]] = {
    cls.model_fields["kind"].default: cls for cls in (*RULE_CLASSES, Criterion, Cohort, Remark)
}
"""Registry of node classes by ``kind``, derived from the classes themselves."""

for _cls in (AllOf, AnyOf, Not, AtLeast, Except, Permitted, Criterion, Cohort):
    _cls.model_rebuild()


SCHEMA_VERSION = "1.0"


class Criteria(Node):
    """The whole eligibility text read into a tree: what :func:`criteria.parse_criteria` returns.

    ``text`` is the original input, so every span in the tree can be checked against it.
    ``inclusion`` and ``exclusion`` hold the top-level criteria of each section in order.
    """

    kind: Literal["criteria"] = "criteria"
    schema_version: str = Field(default=SCHEMA_VERSION, description="version of this JSON layout")
    text: str = Field(description="the original input text")
    inclusion: tuple[Criterion, ...] = Field(default=(), description="inclusion criteria, in order")
    exclusion: tuple[Criterion, ...] = Field(default=(), description="exclusion criteria, in order")
    cohorts: tuple[Cohort, ...] = Field(default=(), description="cohorts, parts and arms named in the text")
    notices: tuple[Notice, ...] = Field(default=(), description="things the reader should know")
    nct_id: str | None = Field(default=None, description="ClinicalTrials.gov id, when read from a record")
    structured: StructuredEligibility | None = Field(
        default=None, description="the record's structured eligibility fields, when read from a record"
    )

    def children(self) -> tuple[Node, ...]:
        return self.inclusion + self.exclusion

    def criteria(self):
        """Every criterion, sub-criteria included, in text order within each section."""
        for top in self.inclusion + self.exclusion:
            yield from top.walk_criteria()

    def to_json(self, *, indent: int | None = None) -> str:
        """Lossless JSON (spans included); :meth:`from_json` reads it back.

        Text holding a lone surrogate (legal in a ``str``, not in UTF-8) cannot pass
        pydantic's UTF-8 encoder; the standard library then writes it as a ``\\udXXX`` escape.
        """
        try:
            return self.model_dump_json(indent=indent)
        except PydanticSerializationError:
            separators = (",", ":") if indent is None else None
            return json.dumps(self.model_dump(mode="json"), indent=indent, separators=separators)

    @classmethod
    def from_json(cls, data: str | bytes) -> "Criteria":
        """Read what :meth:`to_json` wrote.

        The JSON is read by the standard library, not by pydantic's own parser: that one
        stops at a fixed nesting depth that a deeply nested list of sub-bullets exceeds.
        """
        return cls.model_validate(json.loads(data))

    def to_records(self) -> list[dict[str, Any]]:
        """One flat dict per typed leaf, ready for ``pandas.DataFrame`` (see docs/records.md)."""
        from .records import records

        return records(self)

    def __str__(self) -> str:
        from ..render.tree import render_tree

        return render_tree(self)

    def to_dataframe(self):
        """:meth:`to_records` as a ``pandas.DataFrame`` (needs the ``pandas`` extra)."""
        from .frames import to_dataframe

        return to_dataframe(self)

    def _repr_html_(self) -> str:
        """Jupyter's rich display: a collapsible tree with the source text highlighted."""
        from ..render.html import render_html

        return render_html(self)


NODE_KINDS["criteria"] = Criteria
