"""Plain English for the issue-4 kinds: events, time windows, ``at_least`` and ``except``.

Registered into :data:`criteria.render.english.RENDERERS` on import (``english`` imports
this module at its end), one function per kind, as the extension point asks. Concept names
are read as words ("cns_metastases" → "cns metastases"); how to name an anchor event after
"before" / "after" ("first_dose" → "you start the study treatment") is data, in
``data/lexicons/plain_english_events.jsonl``.
"""

from __future__ import annotations

from functools import cache

from ..qualifiers import qualifier_words
from ..tree.nodes import Grade, Node, TimeWindow
from ..resources import concept_label, load_jsonl
from .english import Clause, Context, Wording, _join, number, phrase, renders

_OPS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}
_DOSE_WORDS = {">=": "at least", ">": "more than", "<=": "at most", "<": "less than", "==": "exactly"}
_OP_WORDS = {">=": "at least", ">": "more than", "<=": "at most", "<": "fewer than", "==": "exactly"}


@cache
def _anchors() -> dict[str, Wording]:
    return {row.term: row for row in load_jsonl("lexicons/plain_english_events.jsonl", Wording)}


def anchor_words(anchor: str, style: str) -> str:
    """An anchor event as a patient reads it after "before" or "after" ("first_dose" → "you start the study treatment")."""
    row = _anchors().get(anchor)
    if row is None:
        return anchor.replace("_", " ")
    return row.patient if style == "patient" else row.clinician


def _units(value: float, unit: str) -> str:
    unit = "half-life" if unit == "half_life" else unit
    plural = "half-lives" if unit == "half-life" else unit + "s"
    return f"{number(value)} {unit if value == 1 else plural}"


def lasting_words(w: TimeWindow, style: str) -> str:
    """How long an event has gone on: "for at least 12 weeks" / "for ≥ 12 weeks"."""
    if w.low is not None and w.high is not None:
        return f"for {number(w.low)}–{_units(w.high, w.unit)}" if style == "clinician" else \
            f"for between {number(w.low)} and {_units(w.high, w.unit)}"
    if w.high is not None:
        return f"for {'≤ ' if style == 'clinician' else 'at most '}{_units(w.high, w.unit)}"
    return f"for {'≥ ' if style == 'clinician' else 'at least '}{_units(w.low, w.unit)}"  # type: ignore[arg-type]


def window_words(w: TimeWindow, style: str) -> str:
    """ "in the 28 days before your first dose …" / "≤ 28 days before first dose"."""
    if w.relation == "lasting":
        return lasting_words(w, style)
    anchor = anchor_words(w.anchor, style) + (" (assumed)" if w.anchor_assumed and style == "clinician" else "")
    unit = w.unit
    if style == "clinician":
        if w.low is not None and w.high is not None:
            amount = f"{number(w.low)}–{_units(w.high, unit)}"
        elif w.high is not None:
            amount = f"≤ {_units(w.high, unit)}"
        else:
            amount = f"≥ {_units(w.low, unit)}"  # type: ignore[arg-type]
        alt = (f" or {_units((w.or_window.high or w.or_window.low or 0), w.or_window.unit)}"
               f"{', whichever is ' + w.whichever if w.whichever else ''}") if w.or_window else ""
        return f"{amount}{alt} {w.relation} {anchor}"
    alt = (f" (or {_units((w.or_window.high or w.or_window.low or 0), w.or_window.unit)}"
           f"{', whichever is ' + w.whichever if w.whichever else ''})") if w.or_window else ""
    if w.low is not None and w.high is not None:
        return f"between {number(w.low)} and {_units(w.high, unit)}{alt} {w.relation} {anchor}"
    if w.high is not None:
        return f"in the {_units(w.high, unit)}{alt} {w.relation} {anchor}"
    return f"more than {_units(w.low, unit)}{alt} {w.relation} {anchor}"  # type: ignore[arg-type]


_GRADE_WORDS = {
    ">=": "{} or higher", ">": "higher than {}", "<=": "{} or lower", "<": "lower than {}", "==": "{}",
}


def grade_words(grade: Grade, style: str) -> str:
    """"grade 2 or higher" (patient), "grade ≥ 2" (clinician); a range "grade 1–2" in both."""
    if grade.op == "between":
        return f"grade {grade.value}–{grade.value_high}"
    if style == "clinician":
        return f"grade {_OPS[grade.op]} {grade.value}"
    return "grade " + _GRADE_WORDS[grade.op].format(grade.value)


def with_status(status, words: str) -> str:
    """Status words before a label, after its article: "a severe immune-related …", not "severe an …"."""
    article, _, rest = words.partition(" ")
    if status and article in ("a", "an") and rest:
        said = " ".join([*status, rest])
        return f"{'an' if said[0] in 'aeiou' else 'a'} {said}"
    return " ".join([*status, words])


_STATUS_WORDS = {"positive_test": "test-confirmed", "family": "a family history of"}  # "seropositive": a blood test found it
"""How a status reads for a patient where its value is not a word."""
_CLINICAL_STATUS = {"positive_test": "test-positive", "family": "family history of"}
"""How such a status reads for a clinician."""


def _name(node) -> str:
    words = concept_label(node.kind, node.name)
    status = [_STATUS_WORDS.get(s, s.replace("_", " ")) for s in node.status
              if s not in ("history", "current") and s not in _AFTER]
    grade = getattr(node, "grade", None)
    graded = f" of {grade_words(grade, 'patient')}" if grade is not None else ""
    site = f" of the {node.site.replace('_', ' ')}" if getattr(node, "site", None) else ""
    after = "".join(f" {_AFTER[s][0]}" for s in node.status if s in _AFTER)
    before, setting = qualifier_words(getattr(node, "qualifiers", ()))  # "systemic " / " for metastatic disease"
    return with_status(status, before + words) + site + _staged(node) + graded + after + setting + _caused(node)


def _caused(node) -> str:
    """" due to docetaxel or paclitaxel": what a condition is due to, or a reaction to."""
    causes = getattr(node, "cause", ())
    if not causes:
        return ""
    names = [concept_label(c.kind, c.name) for c in causes]
    said = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f" due to {said}" + (" or a compound like it or in it" if any(c.related for c in causes) else "")


def _staged(node) -> str:
    """" at stage III or IV": the stages a condition is said to be at."""
    stages = getattr(node, "stage", None)
    if not stages:
        return ""
    return " at stage " + (stages[0] if len(stages) == 1 else ", ".join(stages[:-1]) + " or " + stages[-1])


_AFTER = {"needs_treatment": ("that needs treatment", "requiring treatment")}
"""Statuses said after the name (patient, clinician): "an infection that needs treatment"."""


def _clinical(node) -> str:
    status = [_CLINICAL_STATUS.get(s, s) for s in node.status if s not in _AFTER]
    before, setting = qualifier_words(getattr(node, "qualifiers", ()))
    parts = [node.kind.replace("_", " ") + ":", with_status(status, before + concept_label(node.kind, node.name))]
    parts += [_AFTER[s][1] for s in node.status if s in _AFTER]
    if setting:
        parts.append(setting.strip())
    if getattr(node, "site", None):
        parts.append(f"({node.site.replace('_', ' ')})")
    if getattr(node, "stage", None):
        parts.append("stage " + "/".join(node.stage))
    if getattr(node, "grade", None) is not None:
        parts.append(grade_words(node.grade, "clinician"))
    if getattr(node, "cause", ()):
        parts.append(_caused(node).strip())
    if getattr(node, "count", None) is not None:
        if node.count_high is not None:  # a range: "1–5 lines"
            parts.append(f"{node.count}–{node.count_high} {_counted(node)}")
        else:
            parts.append(f"{_OPS[node.count_op]} {node.count} {_counted(node)}")
    dose = getattr(node, "dose", None)
    if dose is not None:
        parts.append(f"dose {_OPS[dose.op]} {number(dose.value)} {dose.unit}{_equivalent(dose)}")
    amount = getattr(node, "amount", None)
    if amount is not None:
        parts.append(f"amount {_OPS[amount.op]} {number(amount.value)} {amount.unit}")
    if node.window is not None:
        parts.append(window_words(node.window, "clinician"))
    if not node.computable:
        parts.append("(not computable from patient data)")
    return " ".join(parts)


def _when(node) -> str:
    return f" {window_words(node.window, 'patient')}" if node.window is not None else ""


@renders("condition")
def _condition(node, ctx: Context) -> Clause:
    if node.window is not None or "history" in node.status:
        return Clause.had(f"{_name(node)}{_when(node)}", clinical=_clinical(node))
    return Clause.have(f"{_name(node)}", clinical=_clinical(node))


@renders("procedure")
def _procedure(node, ctx: Context) -> Clause:
    return Clause.had(f"{_name(node)}{_amount_words(node.amount)}{_when(node)}", clinical=_clinical(node))


def _amount_words(amount) -> str:
    """ " of more than 500 mL" (what a donation took), "" without one."""
    if amount is None:
        return ""
    return f" of {_DOSE_WORDS[amount.op]} {number(amount.value)} {amount.unit}"


def _counted(node) -> str:
    """What a prior therapy's count counts, in the number the count asks for: "line(s)", "cycle(s)"."""
    one = node.count == 1 and node.count_high is None
    return node.count_unit + ("" if one else "s")


def _dose_words(dose) -> str:
    """ " at a dose of at most 10 mg a day" (a medication's, or a therapy received), "" without one."""
    if dose is None:
        return ""
    unit = dose.unit.replace("/day", " a day").replace("/d", " a day").replace("/week", " a week")
    return f" at a dose of {_DOSE_WORDS[dose.op]} {number(dose.value)} {unit}{_equivalent(dose)}"


def _equivalent(dose) -> str:
    """ " of prednisone or its equivalent" when the dose is stated in another drug's terms, else ""."""
    equivalent = getattr(dose, "equivalent_of", None)
    return f" of {equivalent.replace('_', ' ')} or its equivalent" if equivalent else ""


@renders("prior_therapy")
def _prior_therapy(node, ctx: Context) -> Clause:
    if node.count is not None:
        earlier = "earlier " if node.count_unit == "line" else ""  # cycles: of a therapy already named as earlier
        if node.count_high is not None:  # a range: "1 to 5", no comparator word before it
            amount = f"{node.count} to {node.count_high}"
        else:
            amount = f"{_OP_WORDS[node.count_op]} {node.count}"
        thing = f"{amount} {earlier}{_counted(node)} of {_name(node)}"
    else:
        thing = _name(node)
    thing += _dose_words(node.dose) + _when(node)
    return Clause(f"have received {thing}", f"you received {thing}", f"you did not receive {thing}",
                  _clinical(node), obj=thing)


@renders("medication")
def _medication(node, ctx: Context) -> Clause:
    thing = f"{_name(node)}{_dose_words(node.dose)}{_when(node)}"
    return Clause(f"have taken {thing}", f"you took {thing}", f"you did not take {thing}", _clinical(node), obj=thing)


_REPRODUCTIVE = {  # name → (verb after "must", after "you", negated after "you", object)
    "pregnancy": ("be", "are", "are not", "pregnant"),
    "breastfeeding": ("be", "are", "are not", "breastfeeding"),
    "pregnancy_plan": ("plan", "plan", "do not plan", "to become pregnant"),
    "childbearing_potential": ("be", "are", "are not", "able to become pregnant"),
    "postmenopausal": ("be", "are", "are not", "past menopause"),
    "contraception": ("use", "use", "do not use", "contraception"),
    "egg_donation": ("donate", "donate", "do not donate", "eggs"),
    "sperm_donation": ("donate", "donate", "do not donate", "sperm"),
}


@renders("reproductive")
def _reproductive(node, ctx: Context) -> Clause:
    when = _when(node)
    forms = _REPRODUCTIVE.get(node.name)
    if forms is None:
        return Clause.have(f"{_name(node)}{when}", clinical=_clinical(node))
    base, finite, negative, thing = forms
    thing += when
    return Clause(f"{base} {thing}", f"you {finite} {thing}", f"you {negative} {thing}", _clinical(node), obj=thing)


@renders("sex")
def _sex(node, ctx: Context) -> Clause:
    words = {"female": "female", "male": "male", "all": "of any sex"}[node.sex]
    qualifier = f"{node.qualifier.replace('_', ' ')} " if node.qualifier else ""
    return Clause.be(f"{qualifier}{words}", clinical=f"sex: {node.sex}" + (f" ({node.qualifier})" if node.qualifier else ""))


@renders("consent")
def _consent(node, ctx: Context) -> Clause:
    return Clause("give informed consent", "you give informed consent", "you do not give informed consent",
                  _clinical(node))


@renders("compliance")
def _compliance(node, ctx: Context) -> Clause:
    if node.name != "protocol_compliance":  # "provision of tumor samples": say what is asked, not the visits
        thing = concept_label(node.kind, node.name)
        return Clause(f"agree to the {thing}", f"you agree to the {thing}", f"you do not agree to the {thing}",
                      _clinical(node))
    return Clause("be able to follow the study's visits and procedures", "you can follow the study's visits and procedures",
                  "you cannot follow the study's visits and procedures", _clinical(node))


@renders("capability")
def _capability(node, ctx: Context) -> Clause:
    thing = concept_label(node.kind, node.name)
    return Clause(f"be able to {thing}", f"you can {thing}", f"you cannot {thing}", _clinical(node))


@renders("investigator_judgement")
def _judgement(node, ctx: Context) -> Clause:
    judged = "suitable" if node.name == "investigator_judgement" else concept_label(node.kind, node.name)
    return Clause(f"be judged {judged} by the study doctor", "the study doctor judges so",
                  "the study doctor does not judge so", _clinical(node))


@renders("time_window")
def _time_window(node, ctx: Context) -> Clause:
    when = window_words(node, "patient")
    return Clause(f"meet this {when}", f"this happened {when}", f"this did not happen {when}",
                  f"time window: {window_words(node, 'clinician')}", obj=when)


@renders("at_least")
def _at_least(node, ctx: Context) -> str:
    parts = [phrase(item, Context(ctx.style, "if")) for item in node.items]
    if ctx.style == "clinician":
        return f"at least {node.n} of (" + "; ".join(parts) + ")"
    said = f"at least {node.n} of these hold: " + "; ".join(parts)
    if ctx.frame == "must":
        return f"you must {'not ' if ctx.negated else ''}meet {said}"
    return f"fewer than {node.n} of these hold: " + "; ".join(parts) if ctx.negated else said


@renders("permitted")
def _permitted(node: Node, ctx: Context) -> str:
    item = phrase(node.item, Context(ctx.style, "if"))  # type: ignore[attr-defined]
    if ctx.style == "clinician":
        return f"allowed, not required: {item}"
    return f"you may take part whether or not {item}"


@renders("except")
def _except(node: Node, ctx: Context) -> str:
    item = phrase(node.item, ctx)  # type: ignore[attr-defined]
    exempt = [phrase(e, Context(ctx.style, "if")) for e in node.exceptions]  # type: ignore[attr-defined]
    if ctx.style == "clinician":
        return f"{item} except ({'; '.join(exempt)})"
    return f"{item}, unless {_join(exempt, 'or')}"
