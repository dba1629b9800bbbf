"""Compilers for the event kinds matched against the patient's records: condition, prior_therapy,
medication, procedure (reproductive status, sex, consent and compliance: :mod:`.statements`).

Nodes are read by kind and field name (``name``, ``code``, ``status``, ``window``, ``site``,
``therapy_class``, ``count_op``/``count``/``count_high``, ``drug_class``, ``dose``, ``sex``), so
they work the moment the typed nodes are merged. A patient record matches a node's concept when
its name mentions one of the concept's phrases in the event lexicon (or, for a class such as
"platinum", one of the phrases of a concept of that group, or the class itself is among the
record's ``classes``); the phrase sets are built at compile time.

Absence follows the profile's ``complete`` list: no matching record is "not met" only in a
list the caller vouches is complete, otherwise unknown. A matching record must also satisfy the
node's status words, site, window and dose; each of these can be unknown on its own (no onset
date, no status), and the record's verdict is their Kleene AND.
"""

from __future__ import annotations

import re

from dataclasses import replace
from functools import lru_cache

from typing import Any, Callable, Iterable, get_args

from ..qualifiers import qualifier_lexicon, qualifier_words
from ..resources import event_ancestors, event_descendants, event_heads, is_generic_condition
from ..tree.nodes import Status, only_planned
from .evaluator import Check, FactList, Options, constant_check, register
from .facts import Facts
from .logic import MET, NOT_MET, UNKNOWN, all_of
from .measures import bound_test, record_words, subgroup_words
from .quantities import conversion_factor
from .codes import concept_tokens
from .terms import intern, keys_of, keys_of_record, matched_code, norm, qualifiers_of, record_keys, tag
from .exempt import condition_phrases
from .other import other_class, own_phrases, study_phrases
from .windows import ONGOING, compile_window
from ..vocab.matching import class_phrases, member_phrases, node_phrases

Match = Callable[[Any, Facts], int]  # one record → verdict


def _event_lexicon() -> tuple[Any, ...]:
    """The events branch's term lexicon; empty until that branch is merged."""
    try:
        from ..resources import event_lexicon  # type: ignore[attr-defined]
    except ImportError:  # before the merge: match by the concept's own name only
        return ()
    return event_lexicon()


def _phrases(name: str | None = None, group: str | None = None, kinds: Iterable[str] = ()) -> frozenset[str]:
    """Normalised phrases of concept ``name`` and of the concepts that are kinds of it (a record
    of type 1 diabetes is a record of diabetes; of carboplatin, of platinum-based therapy), never
    of its siblings (carboplatin is no record of cisplatin). ``group`` (a node's therapy or drug
    class) adds every concept of that class only when no lexicon concept is called ``name``, and
    the drug vocabulary's members of the class only when ``name`` heads it."""
    kinds = tuple(kinds)
    named = [c for c in _event_lexicon() if c.name == name and (not kinds or c.kind in kinds)] if name else []
    heads = not named or any(_heads_its_class(c) for c in named)
    out = {norm(n.replace("_", " ")) for n in (name, group if heads else None) if n}
    narrower = {c.name for k in kinds for c in event_descendants(k, name)} if name else set()
    for concept in _event_lexicon():
        if kinds and concept.kind not in kinds:
            continue
        if concept.name == name or concept.name in narrower or (group and not named and concept.group == group):
            out.update(norm(p) for p in (*concept.phrases, concept.name.replace("_", " ")))
            out.update(concept_tokens(concept))  # its codes: a coded record matches by code
            out.update(member_phrases(concept.name))  # its drugs listed by hand ("anticoagulant": apixaban…)
    if group and heads:
        out.update(class_phrases(group))  # the class's members in the drug vocabulary ("anthracycline": idarubicin…)
    return frozenset(p for p in out if p)


def _heads_its_class(concept: Any) -> bool:
    """Whether no broader concept of the same class is above ``concept`` (platinum-based therapy
    heads "platinum"; cisplatin, under it, does not)."""
    if concept.group is None or concept.parent is None:
        return True
    parent = next((c for c in _event_lexicon() if c.kind == concept.kind and c.name == concept.parent), None)
    return parent is None or parent.group != concept.group


concept_phrases = _phrases
"""The phrase set of a concept, public: the SQL compiler (criteria.sql) resolves concept sets from
the same phrases, so both engines match the same records."""


def _label(node: Any) -> str:
    return node.name.replace("_", " ")


def _window_match(window, start_of, end_of) -> Match | None:
    if window is None:
        return None
    return lambda record, facts: window.place(start_of(record), end_of(record), facts.as_of)


def _combine(*parts: Match | None) -> Match | None:
    checks = tuple(p for p in parts if p is not None)
    if not checks:
        return None
    if len(checks) == 1:
        return checks[0]
    return lambda record, facts: all_of([check(record, facts) for check in checks])


def _record_verdicts(facts: Facts, list_name: str, key: int, rest: Match | None):
    """(record, verdict) for each record that names the concept."""
    present, rows = record_keys(facts, list_name)
    if key not in present:
        return ()
    return tuple((r, MET if rest is None else rest(r, facts)) for r, keys in rows if key in keys)


def _event_check(node: Any, list_name: str, key: int, rest: Match | None, needs: str,
                 settles: frozenset[int]) -> Check:
    """Kleene "some record names the concept and satisfies the rest"; no such record is
    "not met" only in a list vouched complete, and only where silence may settle "not met"
    (``settles``, see :attr:`Options.silence_settles`: it may clear a patient, never rule one out)."""
    closed = NOT_MET in settles
    topic = topic_words(node.name) if list_name in SPOKEN_LISTS else frozenset()
    broader = broader_names(node.name, _KIND_OF_LIST[list_name]) if list_name in SPOKEN_LISTS else frozenset()

    def absent(facts: Facts) -> int:
        """No record names the concept: "not met" in a complete list where silence may settle it,
        or where a record speaks of the same thing and names another kind of it ("small cell lung
        cancer" for "non-small cell lung cancer"); unknown otherwise. A record of just what the
        concept is a kind of ("HIV" for "HIV-1 infection", "lung cancer" for "non-small cell lung
        cancer") is no silence: it may be the concept, so unknown, unless another record names
        another kind."""
        if list_name not in facts.patient.complete:
            return UNKNOWN
        records = getattr(facts.patient, list_name)
        if closed:
            return UNKNOWN if broader and _doubt(facts) else NOT_MET
        wider = [r for r in records if norm(r.name) in broader] if broader else []
        speaks = any(_speaks_of(r, topic) for r in records if r not in wider)  # a broader record is no other kind
        return NOT_MET if speaks else UNKNOWN

    def _doubt(facts: Facts) -> bool:
        """A record of just what the concept is a kind of, and none holding every topic word of the
        concept (as the SQL compiler asks it: that record says which kind the patient has)."""
        records = getattr(facts.patient, list_name)
        wider = [r for r in records if norm(r.name) in broader]
        return bool(wider) and not any(_speaks_of(r, topic) for r in records if r not in wider)

    def run(facts: Facts) -> int:
        cached = facts.cache.get(list_name)  # record_keys, inlined: this is the hottest call
        present, rows = cached if cached is not None else record_keys(facts, list_name)
        if key not in present:
            return absent(facts)
        best = NOT_MET
        for record, keys in rows:
            if key in keys:
                code = MET if rest is None else rest(record, facts)
                if code == MET:
                    return MET
                if code == UNKNOWN:
                    best = UNKNOWN
        if best == NOT_MET and list_name not in facts.patient.complete:
            return UNKNOWN  # records name it but none satisfies the rest: known only in a whole list
        if best == NOT_MET and closed and broader and _doubt(facts):
            return UNKNOWN  # none satisfies it, but a broader record may be one that does
        return best

    def describe(facts: Facts, code: int) -> tuple[str, FactList]:
        matching = [r for r, c in _record_verdicts(facts, list_name, key, rest) if c == code]
        if matching and code != NOT_MET:
            verb = "matches" if code == MET else "may match"
            record = matching[0]
            return f"{_describe(record, list_name, key)} {verb} {needs}", _evidence(record, list_name, key)
        wider = next((r for r in getattr(facts.patient, list_name) if norm(r.name) in broader), None)
        if code == UNKNOWN and wider is not None and list_name in facts.patient.complete:
            return f"{wider.name} may be {needs} (the record names what it is a kind of)", ()
        named = _record_verdicts(facts, list_name, key, rest)
        if named:
            record = named[0][0]
            return f"{_describe(record, list_name, key)} names {needs} but does not satisfy it", _evidence(
                record, list_name, key
            )
        if code == NOT_MET:
            other = next((r for r in getattr(facts.patient, list_name) if not closed and _speaks_of(r, topic)), None)
            if other is not None:
                return f"no record of {needs}; {list_name} complete, and {other.name} is another kind", ()
            return f"no record of {needs} ({list_name} complete)", ()
        if list_name in facts.patient.complete:
            return f"no record of {needs}; a record's silence does not rule a patient out", ()
        return f"no record of {needs}, and {list_name} are not vouched complete", ()

    # where silence alone does not settle "not met", other records do (``_speaks_of``): the
    # verdict of absence is then not one per complete flags, so no absence tag (evaluate/absence.py)
    # so where a broader record may settle it too (``broader``: the verdict then reads the records)
    extra = {"absence": tag(list_name, key)} if closed and not broader else {}
    return Check(node, run, describe, needs=(needs,), extra=extra)


def topic_words(name: str) -> frozenset[str]:
    """The words of a concept's name that say what it is about, as :func:`.measures.subgroup_words`
    reads them, less its status words ("chronic"), generic heads ("disease") and vague modifiers
    ("other"). Public: the SQL compiler asks the same of a record's concept name."""
    heads = event_heads()
    skip = heads.vague | heads.generic | _STATUS_WORDS
    return frozenset(w for w in subgroup_words(name.replace("_", " ")) if len(w) > 3 and w not in skip)


_KIND_OF_LIST = {"conditions": "condition", "procedures": "procedure", "therapies": "prior_therapy",
                 "medications": "medication"}


@lru_cache(maxsize=4096)
def broader_names(name: str, kind: str) -> frozenset[str]:
    """The names (normalised phrases) of the concepts a ``kind`` concept ``name`` is a kind of:
    its parent's own phrases, its parent's parent's… ("hiv", "hiv infection" for HIV-1 infection).
    A record named just so names something broader than the concept. Public: the SQL compiler
    asks the same."""
    phrases = (norm(p) for c in event_ancestors(kind, name) for p in (*c.phrases, c.name.replace("_", " ")))
    return frozenset(p for p in phrases if p)


def _speaks_of(record: Any, topic: frozenset[str]) -> bool:
    """Whether a record's words hold every topic word of a concept: it names another kind of the
    same thing ("small cell lung cancer" beside "non-small cell lung cancer"); a shared organ or
    symptom word alone ("breath", "liver") is not enough."""
    return bool(topic) and topic <= record_words(record.name, qualifiers_of(record))


_STATUS_WORDS = frozenset(get_args(Status)) | {"disorder", "disorders", "syndrome", "history"}
SPOKEN_LISTS = frozenset({"conditions", "procedures"})
"""The lists whose records can speak of a concept's kind (the CDM has their concept names)."""


def _describe(record: Any, list_name: str, key: int) -> str:
    """The record for people: its name, dates, and where it came from with the code that matched."""
    when = [str(getattr(record, f)) for f in ("onset", "start", "end", "date") if getattr(record, f, None)]
    origin = [part for part in (record.source, matched_code(record, list_name, key)) if part]
    return (
        f"{record.name}"
        + (f" ({', '.join(when)})" if when else "")
        + (f" [{', '.join(origin)}]" if origin else "")
    )


def _evidence(record: Any, list_name: str, key: int) -> FactList:
    """Facts naming the record, and, when it has a source, the resource with what matched."""
    facts: FactList = ((list_name, record.name),)
    if record.source:
        code = matched_code(record, list_name, key)
        if code:
            how = f"code {code}"
        elif key in keys_of(record.name):
            how = f"name {record.name!r}"
        else:  # a therapy's class ("platinum"), a code text or qualifier named the concept
            classes = getattr(record, "classes", ())
            how = f"classes {', '.join(classes)}" if classes else f"the details of {record.name!r}"
        facts += ((record.source, how),)
    return facts


# --- conditions ------------------------------------------------------------------------------

_ANTONYMS = {
    "treated": "untreated",
    "untreated": "treated",
    "symptomatic": "asymptomatic",
    "asymptomatic": "symptomatic",
    "stable": "unstable",
    "unstable": "stable",
    "controlled": "uncontrolled",
    "uncontrolled": "controlled",
    "decompensated": "compensated",
}
_PRESENT = frozenset({"known", "history", "positive_test"})  # a record of it is enough
_STATUS_FORMS = {"needs_treatment": frozenset({"needs treatment", "requiring treatment", "treated", "on treatment"})}
"""Qualifiers a record may carry that say a status whose name is no word."""


def _status_match(statuses: tuple[str, ...]) -> Match | None:
    wanted = tuple(s for s in statuses if s not in _PRESENT)
    if not wanted:
        return None

    def match(record: Any, facts: Facts) -> int:
        qualifiers = {q.lower() for q in record.qualifiers}
        codes = []
        for status in wanted:
            if status in ("active", "current"):
                codes.append(
                    {"active": MET, "resolved": NOT_MET, "remission": NOT_MET}.get(record.status, UNKNOWN)
                )
            elif status == "resolved":
                codes.append(
                    {"resolved": MET, "remission": MET, "active": NOT_MET}.get(record.status, UNKNOWN)
                )
            elif status in qualifiers or qualifiers & _STATUS_FORMS.get(status, frozenset()):
                codes.append(MET)
            else:
                codes.append(NOT_MET if _ANTONYMS.get(status) in qualifiers else UNKNOWN)
        return all_of(codes)

    return match


def _site_match(site: str | None) -> Match | None:
    if not site:
        return None
    wanted = intern(_phrases(site, kinds=("site",)), "site")
    any_site = intern(
        frozenset(norm(p) for c in _event_lexicon() if c.kind == "site" for p in c.phrases), "site"
    )

    def match(record: Any, facts: Facts) -> int:
        keys = keys_of_record(record.name, qualifiers_of(record))  # a procedure record has none
        if wanted in keys:
            return MET
        return NOT_MET if any_site in keys else UNKNOWN  # another site is named

    return match


def qualifier_match(node: Any) -> Match | None:
    """The qualifiers of an event ("systemic" chemotherapy, "invasive" cancer) against a record's
    words (name and qualifiers): stated, or a kind of it stated, is met; a contrast stated
    ("topical" for "systemic") is not met; neither is unknown (criteria.qualifiers)."""
    qualifiers = getattr(node, "qualifiers", ())
    if not qualifiers:
        return None
    tests = [_qualifier_keys(q.values) for q in qualifiers]

    def match(record: Any, facts: Facts) -> int:
        keys = keys_of_record(record.name, qualifiers_of(record))
        return all_of([MET if want in keys else NOT_MET if against is not None and against in keys else UNKNOWN
                       for want, against in tests])

    return match


def cause_match(node: Any, settles: frozenset[int]) -> Match | None:
    """What a condition is due to ("hypersensitivity to docetaxel", "anemia due to marrow
    involvement") against a record's words (name and qualifiers): a record naming one of the causes
    (or a kind of it) is met; one naming none leaves it unknown, as a record seldom says a cause.
    Causes that are all conditions, none of them in a complete list of conditions, cannot be what
    the record is due to: not met (where silence may settle it, as for the event itself)."""
    causes = getattr(node, "cause", ())
    if not causes:
        return None
    keys = frozenset(_cause_key(c) for c in causes)
    conditions = frozenset(intern(_phrases(c.name, kinds=("condition",)), "conditions") for c in causes) if (
        NOT_MET in settles and all(c.kind == "condition" for c in causes)) else frozenset()

    def match(record: Any, facts: Facts) -> int:
        if not keys.isdisjoint(keys_of_record(record.name, qualifiers_of(record))):
            return MET
        if conditions and "conditions" in facts.patient.complete and conditions.isdisjoint(record_keys(facts, "conditions")[0]):
            return NOT_MET  # no record of any cause in a complete list
        return UNKNOWN

    return match


def _cause_key(cause: Any) -> int:
    return intern(_phrases(cause.name, kinds=(cause.kind,)), "cause")


def cause_label(node: Any) -> str:
    """" due to docetaxel", " due to docetaxel or a compound like it or in it": what a condition is due to."""
    causes = getattr(node, "cause", ())
    if not causes:
        return ""
    names = " or ".join(c.name.replace("_", " ") for c in causes)
    return f" due to {names}" + (" or a compound like it or in it" if any(c.related for c in causes) else "")


def _qualifier_keys(values: tuple[str, ...]) -> tuple[int, int | None]:
    wanted, against = qualifier_lexicon().wanted_and_against(values)
    want = intern(frozenset(norm(p) for p in wanted), "qualifier")
    return want, (intern(frozenset(norm(p) for p in against), "qualifier") if against else None)


def qualifier_label(node: Any) -> str:
    """"systemic ", "oral or intravenous ": an event's qualifiers as they go before its name."""
    return qualifier_words(getattr(node, "qualifiers", ()))[0]


def setting_label(node: Any) -> str:
    """" for metastatic disease": an event's qualifiers as they go after its name."""
    return qualifier_words(getattr(node, "qualifiers", ()))[1]


def _grade_match(grade: Any | None) -> Match | None:
    """A record's grade against the bound ("neuropathy >= grade 2"); a record without one is unknown."""
    if grade is None:
        return None
    holds = bound_test(grade.op, grade.value, grade.value_high)

    def match(record: Any, facts: Facts) -> int:
        if record.grade is None:
            return UNKNOWN
        return MET if holds(record.grade) else NOT_MET

    return match


_STAGE_QUALIFIER = re.compile(r"^stage\s+([0-9ivx]+[a-c]?)$", re.IGNORECASE)


def _stage_match(stages: tuple[str, ...] | None) -> Match | None:
    """The stage a record's qualifiers state ("stage IIIB") against the stages the text allows
    ("stage III or IV": a IIIB is a III); a record that states none is unknown, as the CDM is."""
    if not stages:
        return None
    wanted = {s.upper() for s in stages}

    def match(record: Any, facts: Facts) -> int:
        said = [m.group(1).upper() for q in record.qualifiers if (m := _STAGE_QUALIFIER.match(q.strip()))]
        if not said:
            return UNKNOWN
        return MET if any(s in wanted or s.rstrip("ABC") in wanted for s in said) else NOT_MET

    return match


def _grade_label(grade: Any | None) -> str:
    if grade is None:
        return ""
    if grade.op == "between":
        return f" of grade {grade.value}-{grade.value_high}"
    return f" of grade {grade.op} {grade.value}"


def _condition_key(node: Any) -> int:
    """The interned key of what names a record of condition ``node``: its concept and kinds of it
    (an "other" concept: its class's), its code, its vocabulary terms."""
    code = getattr(node, "code", None)
    codes = (
        {norm(f"{code.system} {code.code}"), norm(f"{code.system.split()[0]} {code.code}")} if code else set()
    )
    return intern(condition_phrases(node.name) | codes | _vocab(node), "conditions")


def _not_exempt(cases: tuple[Any, ...]) -> Match | None:
    """A record exempt by one of ``cases`` (the exception's conditions, criteria.evaluate.exempt:
    it names one and has its statuses) satisfies no item: its verdict negated, Kleene."""
    if not cases:
        return None
    tests = [(_condition_key(case), _status_match(tuple(case.status))) for case in cases]

    def match(record: Any, facts: Facts) -> int:
        keys = _keys_of_condition(record, facts)
        exempt = max((MET if status is None else status(record, facts) for key, status in tests if key in keys),
                     default=NOT_MET)
        return MET - exempt

    return match


def _exempt_label(cases: tuple[Any, ...]) -> str:
    """", other than resolved non-melanoma skin cancer": the records the item does not count."""
    if not cases:
        return ""
    return " (other than " + " or ".join(" ".join([*case.status, _label(case)]) for case in cases) + ")"


@register("condition")
def _condition(node: Any, options: Options) -> Check:
    other = other_class(node.name) is not None  # "other malignancy": the class beside the trial's disease
    key = _condition_key(node)
    window = _window_match(
        compile_window(node.window), lambda r: r.onset, lambda r: ONGOING if r.status == "active" else r.abatement
    )
    grade = getattr(node, "grade", None)
    own = own_phrases(node.name, options.study) if other else frozenset()
    own_key = intern(own, "conditions") if own else None  # the trial's own disease: no "other" one
    rest = _combine(_status_match(tuple(node.status)), _site_match(getattr(node, "site", None)), window,
                    _grade_match(grade), _stage_match(getattr(node, "stage", None)), qualifier_match(node),
                    cause_match(node, options.silence_settles), _not_own(own_key) if own_key is not None else None,
                    _not_exempt(options.exempt))
    label = _label(node) + (f" of the {node.site.replace('_', ' ')}" if getattr(node, "site", None) else "")
    label += _grade_label(grade) + (f" at stage {'/'.join(node.stage)}" if getattr(node, "stage", None) else "")
    label = qualifier_label(node) + label + cause_label(node) + _exempt_label(options.exempt)
    check = _event_check(node, "conditions", key, rest, label, options.silence_settles)
    if own_key is not None:
        check = _says_own(check, own_key)
    if read_by_its_words(node):
        own_disease = study_phrases(options.study) if is_generic_condition(node.name) else frozenset()
        check = _open_vocabulary(check, node.name, "conditions",
                                 intern(own_disease, "conditions") if own_disease else None)
    if "family" in node.status:  # a relative's condition: the patient's own records neither hold nor refute it
        return constant_check(node, UNKNOWN, family_unknown(node), needs=("family history",))
    if "positive_test" in node.status:  # "CMV seropositive": a test finds it, a list of diagnoses may not
        return _not_in_history(check, "a positive test is not a diagnosis the records must hold")
    return _planned(check)


def family_unknown(node: Any) -> str:
    """Why a relative's condition (status ``family``) is unknown; the SQL compiler gives the same text."""
    return f"family history of {_label(node)}: the patient's own records hold no family history"


def _not_own(key: int) -> Match:
    """A record of the trial's own disease (concept ``key``) is no "other malignancy"
    (criteria.evaluate.other)."""

    def match(record: Any, facts: Facts) -> int:
        return NOT_MET if key in _keys_of_condition(record, facts) else MET

    return match


def _keys_of_condition(record: Any, facts: Facts) -> frozenset[int]:
    """The concept keys condition ``record`` names (from the facts' cache of every record's keys)."""
    _, rows = record_keys(facts, "conditions")
    return next((keys for r, keys in rows if r is record), frozenset())


def _says_own(check: Check, key: int) -> Check:
    """Say so when the records name only the trial's own disease ("non-small cell lung cancer is
    the trial's own disease, not another malignancy")."""
    inner = check.describe

    def describe(facts: Facts, code: int) -> tuple[str, FactList]:
        if code == NOT_MET:
            mine = [r for r, keys in record_keys(facts, "conditions")[1] if key in keys]
            if mine:
                return (f"{mine[0].name} is the trial's own disease (its inclusion criteria name it), "
                        f"and no other record is {_label(check.node)}"), ()
        return inner(facts, code)

    return replace(check, describe=describe)


def read_by_its_words(node: Any) -> bool:
    """Whether a record may be ``node``'s event without naming it: an open-vocabulary term, or a
    condition whose name holds only generic and vague words ("other disease": "any condition",
    "medical disorder"), which any record of a condition may be. The SQL compiler asks the same."""
    if getattr(node, "open_vocabulary", False):
        return True
    return node.kind == "condition" and is_generic_condition(node.name)


def _open_vocabulary(check: Check, name: str, list_name: str, own: int | None = None) -> Check:
    """A condition read by its head word, not from the lexicon: a record naming it matches as usual;
    a record sharing one of its words ("heart failure" for "congestive cardiac failure") may be it,
    and so may any record when its words are all generic ("serious medical illness"): unknown. A
    record of the trial's own disease (concept ``own``) is no such other condition."""
    heads = event_heads()
    words = frozenset(_stem(w) for w in name.split("_") if w not in heads.vague and w not in heads.generic)

    def shares(record: Any) -> bool:
        if not words:
            return True
        return not words.isdisjoint(_stems(record.name, qualifiers_of(record)))

    def near_records(facts: Facts) -> list[Any]:
        mine = {id(r) for r, keys in record_keys(facts, list_name)[1] if own in keys} if own is not None else set()
        return [r for r in getattr(facts.patient, list_name) if id(r) not in mine and shares(r)]

    def run(facts: Facts) -> int:
        code = check.run(facts)
        if code == NOT_MET and near_records(facts):
            return UNKNOWN
        return code

    def describe(facts: Facts, code: int) -> tuple[str, FactList]:
        near = next(iter(near_records(facts)), None)
        if code == UNKNOWN and near is not None and check.run(facts) == NOT_MET:
            return f"{near.name} may be {_label(check.node)} (read by its words; no code)", (
                (list_name, near.name),
            )
        return check.describe(facts, code)

    # no absence tag: a record that does not name the concept may still be it, so the shortcut
    # "no record names any concept of this rule" (evaluate/absence.py) must not decide for it
    extra = {k: v for k, v in check.extra.items() if k != "absence"}
    return Check(check.node, run, describe, needs=check.needs, extra=extra)


_STEM = 6  # letters two words share to be taken as forms of one word ("adenoma", "adenomatous")


def _stem(word: str) -> str:
    return word[:_STEM] if len(word) >= _STEM else word


@lru_cache(maxsize=65536)
def _stems(name: str, qualifiers: tuple[str, ...]) -> frozenset[str]:
    """The stems of a record's words (name and qualifiers); cached: records repeat across
    patients, and a regex per record per open-vocabulary check was its main cost."""
    return frozenset(_stem(w) for w in norm(" ".join((name, *qualifiers))).split())


# --- therapies, medications, procedures --------------------------------------------------------


def _class_key(name: str, klass: str | None, kinds: tuple[str, ...], list_name: str, node: Any = None) -> int:
    """Key of a therapy or drug concept, its class and every member of the class, in ``list_name``."""
    return intern(_phrases(name, group=klass, kinds=kinds) | _vocab(node), list_name)


def _vocab(node: Any) -> frozenset[str]:
    """A vocabulary concept's synonyms and code tokens (ICD-10-CM descendants, drug ids)."""
    code = getattr(node, "code", None)
    return node_phrases(code.system, code.code) if code is not None else frozenset()


def _allowed_counts(node: Any) -> tuple[float, float]:
    """The counts a prior therapy's count allows, as a closed interval ("> 2": 3 to infinity)."""
    op, count, high = node.count_op, node.count, getattr(node, "count_high", None)
    if high is not None:
        return count, high
    return {
        ">=": (count, _INF),
        ">": (count + 1, _INF),
        "<=": (0, count),
        "<": (0, count - 1),
        "==": (count, count),
    }[op]


_INF = float("inf")


def _count_check(node: Any, key: int, rest: Match | None, settles: frozenset[int]) -> Check:
    """ "More than 2 prior regimens", "at least 2 cycles of lenalidomide": the possible counts of
    matching therapy (distinct lines, or cycles) against the allowed counts, both intervals; an
    incomplete list has no upper count. A verdict only a complete list's silence gives stands only
    where silence may settle it (``settles``). Lines and cycles never stand for each other: a line
    is not a number of cycles, so a count of cycles reads only the records' ``cycles``."""
    allowed = _allowed_counts(node)
    cycles = node.count_unit == "cycle"
    high = node.count_high
    label = f"{_label(node)} {node.count_op} {node.count}" + (f"–{high}" if high is not None else "")
    label += " cycles" if cycles else " regimens"
    tally = _cycles_counted if cycles else _lines_counted

    def counted(facts: Facts, closed: bool = True) -> tuple[float, float]:
        verdicts = [(record, code) for record, code in _record_verdicts(facts, "therapies", key, rest)
                    if code != NOT_MET]
        lo, hi = tally(verdicts)
        complete = closed and facts.patient.is_complete("therapies")
        return lo, (hi if complete else _INF)

    def compare(lo: float, hi: float) -> int:
        if allowed[0] <= lo and hi <= allowed[1]:
            return MET
        return NOT_MET if hi < allowed[0] or lo > allowed[1] else UNKNOWN

    def run(facts: Facts) -> int:
        code = compare(*counted(facts))
        if code in settles or code == UNKNOWN:
            return code
        return compare(*counted(facts, closed=False))  # what the records say without their silence

    def describe(facts: Facts, code: int) -> tuple[str, FactList]:
        lo, hi = counted(facts)
        shown = f"{lo:g}" if hi == lo else (f"{lo:g} or more" if hi == _INF else f"{lo:g}–{hi:g}")
        if cycles:
            return f"{shown} cycle(s) of matching therapy; needs {label}", (("cycles", lo),)
        return f"{shown} matching regimen(s); needs {label}", (("regimens", lo),)

    needs = (f"prior therapies ({_label(node)})" + (", with their cycles" if cycles else ""),)
    return Check(node, run, describe, needs=needs, extra={"absence": tag("therapies", key)})


def _lines_counted(verdicts: list[tuple[Any, int]]) -> tuple[float, float]:
    """(sure, possible) number of distinct lines among the matching records (a record without a
    line is a line of its own)."""
    sure: set = set()
    maybe: set = set()
    for n, (record, code) in enumerate(verdicts):
        regimen = record.line if record.line is not None else f"record {n}"
        (sure if code == MET else maybe).add(regimen)
    return len(sure), len(sure | maybe)


def _cycles_counted(verdicts: list[tuple[Any, int]]) -> tuple[float, float]:
    """(sure, possible) number of cycles among the matching records: the cycles the records state,
    summed; a record that may match counts only toward the possible number, and a record that does
    not state its cycles leaves the possible number unbounded and adds nothing sure (a therapy
    received says nothing of how many cycles: never met from silence)."""
    sure = possible = 0.0
    for record, code in verdicts:
        if record.cycles is None:
            possible = _INF
            continue
        possible += record.cycles
        if code == MET:
            sure += record.cycles
    return sure, possible


@register("prior_therapy")
def _prior_therapy(node: Any, options: Options) -> Check:
    key = _class_key(
        node.name, getattr(node, "therapy_class", None), ("prior_therapy", "medication"), "therapies", node
    )
    window = _window_match(compile_window(node.window), lambda r: r.start, lambda r: r.end)
    window = _combine(window, _received_dose(getattr(node, "dose", None)), qualifier_match(node), _response(node))
    if getattr(node, "count", None) is not None and getattr(node, "count_op", None):
        return _open_class(_count_check(node, key, window, options.silence_settles), node, "therapies")
    return _planned(_open_class(_event_check(node, "therapies", key, window, f"prior therapy with {qualifier_label(node)}{_label(node)}{setting_label(node)}",
                                             options.silence_settles), node, "therapies"))


def _planned(check: Check) -> Check:
    """An event the patient is only to have ("expected to require radiotherapy", "likely to receive a
    heart transplant", "planning to receive a live vaccine", "planned shift work"): a list of what
    happened does not hold it, however complete. One also current ("currently receiving or planned")
    is in the list. (Procedures read "current" as needed too: see ``_procedure``.)"""
    if not only_planned(getattr(check.node, "status", None)):
        return check
    return _not_in_history(check, "a planned event is not in the records")


def _open_class(check: Check, node: Any, list_name: str) -> Check:
    """A drug class named by what it acts on and read by its words ("CDK2 inhibitor"): a record
    naming it (or with it among its classes) matches; any other drug on record may be one of it, so
    "not met" stands only where the list holds no record at all."""
    if not getattr(node, "open_vocabulary", False):
        return check

    def run(facts: Facts) -> int:
        code = check.run(facts)
        return UNKNOWN if code == NOT_MET and getattr(facts.patient, list_name) else code

    def describe(facts: Facts, code: int) -> tuple[str, FactList]:
        records = getattr(facts.patient, list_name)
        if code == UNKNOWN and records and check.run(facts) == NOT_MET:
            return f"{records[0].name} may be {_label(node)} (a class read by its words; no code)", ((list_name, records[0].name),)
        return check.describe(facts, code)

    extra = {k: v for k, v in check.extra.items() if k != "absence"}  # no record naming it may still be one
    return replace(check, run=run, describe=describe, extra=extra)


#: statuses of a treatment that say how it went ("refractory to bortezomib", "lack of response to
#: ECT"): a record of the treatment does not say, so it leaves them unknown; no record settles them
#: as any absence does
RESPONSE_STATUSES = frozenset({"refractory", "relapsed"})


def _response(node: Any) -> Match | None:
    """A treatment's response the text asks for: a matching record leaves it unknown."""
    if not RESPONSE_STATUSES & set(getattr(node, "status", ()) or ()):
        return None
    return lambda record, facts: UNKNOWN


def _received_dose(limit: Any | None) -> Match | None:
    """A dose bound on a therapy received ("doxorubicin > 450 mg/m^2"), or the amount a donation took
    ("donated more than 500 mL of blood"): a therapy or procedure record states neither, so a record of the therapy leaves it unknown (never met from silence); no record of it at
    all is settled as any absence is."""
    if limit is None:
        return None
    return lambda record, facts: UNKNOWN


def _dose_match(limit: Any | None) -> Match | None:
    if limit is None:
        return None
    compare = {
        ">=": float.__ge__,
        ">": float.__gt__,
        "<=": float.__le__,
        "<": float.__lt__,
        "==": float.__eq__,
    }[limit.op]

    # "> 10 mg/day prednisone equivalent": another drug's dose would need its conversion to prednisone's
    own = _phrases(limit.equivalent_of, kinds=("medication",)) if getattr(limit, "equivalent_of", None) else None

    def match(record: Any, facts: Facts) -> int:
        if record.dose is None or (own is not None and norm(record.name) not in own):
            return UNKNOWN
        try:
            value = conversion_factor(record.dose, limit.unit)
        except ValueError:
            return UNKNOWN
        return MET if compare(float(value), float(limit.value)) else NOT_MET

    return match


@register("medication")
def _medication(node: Any, options: Options) -> Check:
    key = _class_key(
        node.name, getattr(node, "drug_class", None), ("medication", "prior_therapy"), "medications", node
    )
    # a medication without an end date is ongoing (the profile documents it so); with no window it is
    # taken now, unless its status asks for any use ever ("has received", "insulin-naïve")
    window = _window_match(compile_window(node.window), lambda r: r.start, lambda r: r.end or ONGOING)
    current = (
        None
        if node.window is not None or "history" in node.status
        else (lambda r, facts: MET if r.end is None or r.end >= facts.as_of else NOT_MET)
    )
    rest = _combine(_dose_match(getattr(node, "dose", None)), window, current, qualifier_match(node), _response(node))
    return _planned(_open_class(_event_check(node, "medications", key, rest, f"use of {qualifier_label(node)}{_label(node)}{setting_label(node)}",
                                             options.silence_settles), node, "medications"))


@register("procedure")
def _procedure(node: Any, options: Options) -> Check:
    key = intern(_phrases(node.name, kinds=("procedure",)), "procedures")
    window = _combine(_window_match(compile_window(node.window), lambda r: r.date, lambda r: r.date), qualifier_match(node),
                      _to_come(node), _site_match(getattr(node, "site", None)),
                      _received_dose(getattr(node, "amount", None)),  # a record states no amount donated
                      _response(node))
    label = qualifier_label(node) + _label(node) + (f" of the {node.site.replace('_', ' ')}" if getattr(node, "site", None) else "")
    check = _event_check(node, "procedures", key, window, label, options.silence_settles)
    if getattr(node, "open_vocabulary", False):
        check = _open_vocabulary(check, node.name, "procedures")
    if _PLANNED & set(node.status):  # "undergoing", "scheduled for", "requiring" a procedure
        return _not_in_history(check, "a planned or needed procedure is not in the records")
    return check


_PLANNED = frozenset({"planned", "current"})


def _to_come(node: Any) -> Match | None:
    """A procedure only planned ("anticipated need for major surgery during the study", no window)
    is not one done before the as-of date: a record dated earlier is another surgery, not the plan
    (with no record of plans, the verdict stays unknown). An undated record may be the plan."""
    if not only_planned(node.status) or node.window is not None:
        return None
    return lambda r, facts: MET if r.date is None or r.date >= facts.as_of else NOT_MET


def _not_in_history(check: Check, why: str) -> Check:
    """An event a list of what happened does not hold, however complete: a procedure the patient
    is to undergo or needs ("undergoing elective endarterectomy", "requiring hemodialysis"), a
    finding of a test ("CMV seropositive"). A record of it settles it; silence is unknown."""

    def run(facts: Facts) -> int:
        code = check.run(facts)
        return UNKNOWN if code == NOT_MET else code

    def describe(facts: Facts, code: int) -> tuple[str, FactList]:
        if code == UNKNOWN and check.run(facts) == NOT_MET:
            return f"no record of {_label(check.node)}; {why}", ()
        return check.describe(facts, code)

    extra = {k: v for k, v in check.extra.items() if k != "absence"}
    return Check(check.node, run, describe, needs=check.needs, extra=extra)


def window_without_event(node: Any) -> str:
    """Why a window with no event is unknown (the SQL compiler gives the same text)."""
    return f"not understood: a time window ({compile_window(node).text}) with no event"


@register("time_window")
def _bare_window(node: Any, options: Options) -> Check:
    """A window with no event to place in it: nothing a patient's data can settle."""
    from .evaluator import constant_check

    return constant_check(node, UNKNOWN, window_without_event(node))
