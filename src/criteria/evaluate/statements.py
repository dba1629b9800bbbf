"""Compilers for what a profile states about the person rather than lists as records: sex,
reproductive status, consent and compliance.

Reproductive status is read from the profile's own fields first; where those are silent it
follows from what else is known, never from silence alone: a current pregnancy recorded as a
condition is a pregnancy (and a positive pregnancy test), breastfeeding recorded as a condition is
breastfeeding, a man is neither pregnant, nor breastfeeding, nor of childbearing potential, and
no one aged 60 or more (postmenopausal as trials define it) is pregnant, breastfeeding or of
childbearing potential, nor plans to become pregnant (a plan no profile field states: only sex and
age settle it). Consent and compliance are what the person states
they will do (``consent``, ``will_comply``); a profile that does not say leaves them unknown.
"""

from __future__ import annotations

from typing import Any

from .age import age_interval
from .evaluator import Check, FactList, Options, noncomputable_check, register
from .facts import Facts
from .logic import MET, NOT_MET, UNKNOWN
from .terms import mentions

_REPRODUCTIVE = {
    "pregnancy": "pregnant",
    "breastfeeding": "breastfeeding",
    "childbearing_potential": "childbearing_potential",
    "pregnancy_plan": "pregnancy_plan",
}
_SAID = {"pregnancy_plan": "a plan to become pregnant"}  # how a reason names a field
_PREGNANCY_RECORD = frozenset({"pregnancy", "pregnant", "gestation"})

_NOT_A_PREGNANCY = frozenset({"pregnancy test", "history of pregnancy", "ectopic pregnancy"})
_BREASTFEEDING_RECORD = frozenset({"breastfeeding", "breast feeding", "lactation", "lactating"})
# Findings a list of conditions may record (SNOMED CT: pregnancy 77386006, breastfeeding 169750002): one
# recorded is the status. None recorded settles nothing, even in a complete list: clinicians reading a
# whole record leave a woman's pregnancy undecided where no test is reported (measured with `make agree`).
_RECORDS = {"pregnant": (_PREGNANCY_RECORD, _NOT_A_PREGNANCY), "breastfeeding": (_BREASTFEEDING_RECORD, frozenset())}


def _past_childbearing_age(facts: Facts) -> bool:
    """Whether every age the profile allows is at least :data:`PAST_CHILDBEARING_AGE` years."""
    ages = facts.memo("ages in completed years", lambda f: age_interval(f.patient, f.as_of, "year", True))
    return ages is not None and ages[0] >= PAST_CHILDBEARING_AGE


def _recorded(facts: Facts, field: str) -> bool:
    """A current pregnancy (or breastfeeding) among the condition records (not a test, not a past
    one); memoised per evaluation, as several reproductive rules ask it of the same patient."""
    return facts.memo(f"{field} recorded", lambda f: _scan(f, *_RECORDS[field]))


def _scan(facts: Facts, words: frozenset[str], not_it: frozenset[str]) -> bool:
    return any(
        mentions(r.name, words) and not mentions(r.name, not_it) and r.status in (None, "active")
        for r in facts.patient.conditions
    )


#: From this age a woman is postmenopausal as trials define it ("postmenopausal status is defined
#: as: Age >= 60 years, or Age < 60 with …", in several trials of the dev corpus): not pregnant,
#: not breastfeeding, not of childbearing potential.
PAST_CHILDBEARING_AGE = 60
BY_AGE = frozenset({"pregnant", "breastfeeding", "childbearing_potential", "pregnancy_plan"})
#: What no profile field states, only sex and age settle: a plan to become pregnant ("women
#: planning to become pregnant during the study") is an intention, not a history or a status.
INFERRED_ONLY = frozenset({"pregnancy_plan"})
#: A pregnancy test's result that a known pregnancy settles: a pregnant woman tests positive. Any
#: other patient may test either way, and no profile field holds a test, so that stays unknown.
PREGNANCY_TEST_RESULTS = {"positive_pregnancy_test": True, "negative_pregnancy_test": False}


def reproductive_status(facts: Facts, field: str) -> tuple[bool | None, str]:
    """``(value, source)`` of ``pregnant``, ``breastfeeding`` or ``childbearing_potential``."""
    patient = facts.patient
    stated = None if field in INFERRED_ONLY else getattr(patient, field)
    if stated is not None:
        return stated, "stated"
    if patient.sex == "male":  # no scan of the records needed
        return False, "sex male"
    if field in BY_AGE and _past_childbearing_age(facts):
        return False, f"aged {PAST_CHILDBEARING_AGE} or more"
    if field in _RECORDS and patient.conditions and _recorded(facts, field):
        return True, f"{'a pregnancy' if field == 'pregnant' else 'breastfeeding'} among the conditions"
    return None, "not recorded"


@register("reproductive")
def _reproductive(node: Any, options: Options) -> Check:
    field = _REPRODUCTIVE.get(node.name)
    label = node.name.replace("_", " ")
    if field is None and node.name in PREGNANCY_TEST_RESULTS:
        return _pregnancy_test_result(node, PREGNANCY_TEST_RESULTS[node.name], label)

    def run(facts: Facts) -> int:
        value = reproductive_status(facts, field)[0] if field else None
        return UNKNOWN if value is None else (MET if value else NOT_MET)

    def describe(facts: Facts, code: int) -> tuple[str, FactList]:
        if field is None:
            return f"{label}: not recorded in a patient profile", ()
        value, source = reproductive_status(facts, field)
        name = _SAID.get(field, field.replace("_", " "))
        if value is None:
            return f"{name} not recorded", ()
        resource = facts.patient.sources.get(field) if source == "stated" else None  # a FHIR resource, say
        return f"{name}: {'yes' if value else 'no'} ({source})", ((field, value),) + (
            ((resource, name),) if resource else ()
        )

    return Check(node, run, describe, needs=(_SAID.get(field, field.replace("_", " ")) if field else label,))


def _pregnancy_test_result(node: Any, positive: bool, label: str) -> Check:
    """A positive (``positive``) or negative pregnancy test: settled only for a woman known to be pregnant."""

    def run(facts: Facts) -> int:
        if reproductive_status(facts, "pregnant")[0]:
            return MET if positive else NOT_MET
        return UNKNOWN

    def describe(facts: Facts, code: int) -> tuple[str, FactList]:
        pregnant, source = reproductive_status(facts, "pregnant")
        if pregnant:
            return f"{label}: pregnant ({source}), so a test is positive", (("pregnant", True),)
        return f"{label}: no test result in a patient profile", ()

    return Check(node, run, describe, needs=(label,))


@register("sex")
def _sex(node: Any, options: Options) -> Check:
    wanted, qualifier = node.sex, getattr(node, "qualifier", None)

    def run(facts: Facts) -> int:
        if wanted == "all" and not qualifier:
            return MET
        sex = facts.patient.sex
        if sex is None:
            return UNKNOWN
        if wanted != "all" and sex != wanted:
            return NOT_MET
        return UNKNOWN if qualifier else MET  # "postmenopausal" is not in the profile

    def describe(facts: Facts, code: int) -> tuple[str, FactList]:
        sex = facts.patient.sex
        need = (wanted if wanted != "all" else "any sex") + (f", {qualifier}" if qualifier else "")
        source = facts.patient.sources.get("sex")
        used: FactList = (("sex", sex),) if sex else ()
        return f"sex {sex or 'unknown'}; needs {need}", used + (((source, "sex"),) if sex and source else ())

    return Check(node, run, describe, needs=("sex",))


# --- what the person states they will do --------------------------------------------------------

#: concept name → (profile field, what it says); a concept not listed no profile states
_STATED = {
    "informed_consent": ("consent", "will give informed consent"),
    "protocol_compliance": ("will_comply", "will comply with the protocol"),
}


def _stated_check(node: Any, field: str, label: str) -> Check:
    def run(facts: Facts) -> int:
        value = getattr(facts.patient, field)
        return UNKNOWN if value is None else (MET if value else NOT_MET)

    def describe(facts: Facts, code: int) -> tuple[str, FactList]:
        value = getattr(facts.patient, field)
        if value is None:
            return f"the profile does not say whether the patient {label}", ()
        return f"the patient {label}: {'yes' if value else 'no'} (stated)", ((field, value),)

    return Check(node, run, describe, needs=(label,))


@register("consent", "compliance")
def _consent_or_compliance(node: Any, options: Options) -> Check:
    """Consent and compliance from the profile's statements; set aside by ``ignore_noncomputable``
    (the study team settles them at enrolment), and not computable in forms no profile states."""
    stated = _STATED.get(getattr(node, "name", None))
    if options.ignore_noncomputable or stated is None:
        return noncomputable_check(node, options)
    return _stated_check(node, *stated)

