"""Transformer methods of the events family (grammars/events.lark).

Builds :class:`~criteria.tree.nodes.TimeWindow` from window phrases, event nodes (condition,
prior_therapy, medication, procedure, reproductive, sex, consent, compliance,
investigator_judgement) from a term and the words around it, and counted prior therapy.
Concept details (code, class, sex) come from the event lexicon, looked up by the concept
name the lexeme carries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from lark import Token

from ...tree.nodes import (
    AllOf, AnyOf, Capability, Code, Compliance, Condition, Consent, DoseLimit, Grade, InvestigatorJudgement, Medication, Node,
    Not,
    PriorTherapy, Procedure, Reproductive, Sex, TimeWindow,
)
from ...errors import ResourceError
from ...resources import event_concept, word_list
from ...vocab.concepts import VOCAB_MARK, concept as vocab_concept
from .base import RuleContext
from .lexeme import lasting_state, recovery_stems
from .lexer import OPEN_CONCEPT

_KIND_OF_TERMINAL = {
    "EV_COND": "condition", "EV_THERAPY": "prior_therapy", "EV_MED": "medication", "EV_PROC": "procedure",
    "EV_REPRO": "reproductive", "EV_SEX": "sex", "EV_CONSENT": "consent", "EV_COMPLY": "compliance",
    "EV_JUDGE": "investigator_judgement", "EV_CAP": "capability",
}
_SITED = frozenset({"condition", "procedure"})  # the kinds whose node holds a site
_CLASSES = {
    "condition": Condition, "prior_therapy": PriorTherapy, "medication": Medication, "procedure": Procedure,
    "reproductive": Reproductive, "consent": Consent, "compliance": Compliance,
    "investigator_judgement": InvestigatorJudgement, "capability": Capability,
}


#: Mass units written as words before a drug ("> 20 mg prednisone"); the lexicon's dose units
#: ("mg/day", "mg daily") come as DOSE_UNIT.
_MASS_WORDS = {"mg": "mg", "milligrams": "mg", "milligram": "mg", "g": "g", "grams": "g", "gram": "g",
               "mcg": "ug", "ug": "ug", "µg": "ug", "micrograms": "ug", "microgram": "ug", "mgr": "mg"}
#: Volume units written as words after a donation ("donation of blood in excess of 500 mL"): the
#: amount a donation took, never a drug's dose (a unit of the lab lexicon, a word to this family).
_VOLUME_WORDS = {"ml": "mL", "milliliters": "mL", "millilitres": "mL", "milliliter": "mL", "millilitre": "mL",
                 "cc": "mL", "l": "L", "liters": "L", "litres": "L", "liter": "L", "litre": "L"}
#: Words that may stand between a drug and its dose ("aspirin at a daily dose of > 325 mg").
_DOSE_GAP_WORDS = frozenset({"at", "a", "an", "the", "dose", "doses", "dosage", "dosages", "daily", "total", "of",
                             "in", "cumulative", "maximum", "equivalent", "dosing", "given", "with",
                             "monotherapy",  # "metformin monotherapy >= 1500 mg/day"
                             # "corticosteroids at physiologic (replacement) doses <= 10 mg/day"
                             "physiologic", "physiological", "replacement",
                             # "prednisone dose must be <= 10 mg/day" (never "not": it turns the bound)
                             "must", "be", "should", "is", "are", "was", "were", "remain", "remains"})
#: A rate written in one word after a dose ("1 mg or less daily").
_RATE_WORDS = {"daily": "day", "weekly": "week"}
_PER_WORDS = frozenset({"per", "a", "each", "every", "/"})
#: "(i.e., dosing exceeding 10 mg daily of prednisone equivalent)": words that restate, not give an example
_THAT_IS_WORDS = frozenset({"i.e.", "i.e", "ie", "that is"})


#: Words that may stand between a number and its time unit without changing the length.
_DURATION_WORDS = frozenset({"consecutive", "continuous", "calendar", "full", "complete", "successive"})


#: Words that may stand between a time and "between" ("at least 14 days is required between …")
_BETWEEN_FILLERS = frozenset({"is", "are", "required", "needed", "must", "be", "should", "elapse"})
#: How far after "between" the "and" before the anchor may be (the event's words in between)
_BETWEEN_REACH = 10
#: Words that may stand between that "and" and the anchor ("and the date of randomization")
_ANCHOR_LEADS = frozenset({"the", "date", "of", "day", "time", "start", "planned"})

#: "at least 4 weeks from (the completion of / their last dose of) radiotherapy": the words that may
#: stand between "from" and the treatment it counts from, how many, and what the treatment may be
_FROM_LEADS = frozenset({"a", "an", "the", "any", "their", "his", "her", "completion", "completing", "end", "of",
                         "last", "most", "recent", "prior", "previous", "dose", "administration", "receiving"})
_FROM_REACH = 5
_FROM_TERMS = frozenset({"EV_THERAPY", "EV_PROC", "EV_MED"})
#: What before such a time says it is how long something lasts ("for", "during"), not how long since
_LASTING_LEADS = frozenset({"FOR", "TO", "DURATION", "WITHIN"})
_LASTING_WORDS = frozenset({"during", "until", "continue", "continued", "use", "using"})
#: Words before such a time saying it runs from the treatment to another event, not to now: "progression
#: greater than 6 months from last platinum-based therapy" is no washout
_INTERVAL_WORDS = frozenset({"progression", "progressed", "relapse", "relapsed", "recurrence", "recurred",
                             "onset", "diagnosis", "diagnosed", "response", "responded", "doubling", "drawn",
                             "collected", "obtained"})

_PAREN_REACH = 3  # lexemes before a bare time in parentheses that may say what it is
_HELD_REACH = 3  # lexemes before "for 5 years" that may hold a negation of absence ("free of other malignancy")
_OF_REACH = 3  # "of (any) (preoperative) taxane": words before the treatment
#: A larger unit in a smaller one, where the count is exact (months in a year, days in a week).
_EXACT_UNITS = {("year", "month"): 12, ("week", "day"): 7, ("day", "hour"): 24}
#: What may follow "since at least 1 year": the end of the words, or punctuation.
_AFTER_LENGTH = frozenset({"COMMA", "SEMI", "RPAR", "LPAR", "AND", "OR", "COLON"})
#: What may follow "at least 9 weeks of": a treatment, a drug, a state (after words or "prior").
_LASTING_OBJECTS = frozenset({"EV_THERAPY", "EV_MED", "EV_COND", "EV_REPRO"})
_STATES = frozenset({"EV_COND", "EV_REPRO"})


def _relation_before(before) -> str | None:
    """"before" (a time since: "recent", "previous") or "lasting" (how long: "chronic", "stable",
    "prolonged") from the lexemes before a bare time in parentheses; the nearest word that says
    either decides (``lexicons/duration_words.txt``), ``None`` if none does."""
    since, lasting = _duration_words()
    for lexeme in reversed(before):
        word = lexeme.value.lower() if lexeme.type in ("W", "STATUS", "PRIOR", "DURATION") else ""
        if lexeme.type == "STATUS":
            word = lexeme.value.lower()
        if word in since or lexeme.type == "PRIOR":
            return "before"
        if word in lasting or lexeme.type == "DURATION":
            return "lasting"
    return None


@dataclass(frozen=True, slots=True)
class _Equivalent:
    """The drug a dose is stated as an equivalent of (``ev_equiv``)."""

    drug: str


def _equivalent_drug(said: str) -> str | None:
    """The medication an equivalent cue names ("prednisone equivalent", "of prednisone or equivalent":
    ``prednisone``), ``None`` for a bare "or equivalent"."""
    from ...resources import event_lexicon

    words = [w for w in re.findall(r"[a-z]+", said.lower()) if w not in _EQUIVALENT_WORDS]
    named = {c.name for c in event_lexicon() if c.kind == "medication" for p in c.phrases if [p.lower()] == words}
    return next(iter(named)) if len(named) == 1 else None


def _drug_name(value: str) -> str | None:
    """The medication name of an ``EV_MED`` value (a vocabulary drug's by its code); ``None`` for a drug
    read by its words alone, which names no drug a record could be converted to."""
    if value.startswith(OPEN_CONCEPT):
        return None
    return vocab_concept(value).name if value.startswith(VOCAB_MARK) else value


_EQUIVALENT_WORDS = frozenset({"or", "its", "an", "the", "of", "equivalent", "equivalents", "dose", "doses"})


def _dose_unit_word(word: str) -> str | None:
    """The dose unit of a word another family read as its own unit ("mg/m^2", the lab lexicon's
    unit, is a word to the events family): a mass, or a phrase of a dose unit of the event lexicon."""
    word = word.lower()
    return _MASS_WORDS.get(word) or _dose_unit_phrases().get(word) or _RADIATION_UNITS.get(word)


#: Units of absorbed radiation dose ("prior radiotherapy > 20 Gy", "> 3,000 cGy of prior radiation"):
#: a dose only radiotherapy takes (``EventRules._event`` refuses it on any other term).
_RADIATION_UNITS = {"gy": "Gy", "cgy": "cGy"}


@cache
def _dose_unit_phrases() -> dict[str, str]:
    """Each dose-unit phrase of ``lexicons/events.jsonl`` (lower case) and its canonical unit."""
    from ...resources import event_lexicon

    return {phrase.lower(): concept.value for concept in event_lexicon()
            if concept.kind == "dose_unit" and concept.value for phrase in concept.phrases}


@dataclass(frozen=True, slots=True)
class _Upper:
    """The upper end of a count written after its lower end ("at least 1 but no more than 2")."""

    high: int


def _bounded(count: "Count", upper: _Upper) -> "Count":
    """A lower count ("at least 1") with its upper end: the range low–high."""
    if count.op not in (">=", ">") or count.high is not None:
        raise ValueError("an upper end after a count that is no lower bound")
    low = count.value + (count.op == ">")
    if upper.high < low:
        raise ValueError("a count whose ends cross")
    return Count(">=", low, upper.high)


@dataclass(frozen=True, slots=True)
class _MoreTherapy:
    """One more therapy after a counted one ("or decitabine"), and the word that joins it."""

    joint: str
    term: Token


def _line_position(children) -> int:
    """Match position of the unit word (LINE) among a therapy count's children."""
    return next(c.start_pos for c in children if isinstance(c, Token) and c.type == "LINE")


@cache
def _cycle_tense_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(phrases of receipt, phrases of a plan) from ``lexicons/cycle_tense_words.txt``; an entry that
    is not 'past:WORDS' or 'future:WORDS' (lower-case words) is refused."""
    past, future = [], []
    for line in sorted(word_list("cycle_tense_words.txt")):
        kind, _, phrase = line.partition(":")
        if kind not in ("past", "future") or not re.fullmatch(r"[a-z][a-z-]*( [a-z][a-z-]*)*", phrase):
            raise ResourceError(f"lexicons/cycle_tense_words.txt: {line!r} is not 'past:WORDS' or 'future:WORDS'")
        (past if kind == "past" else future).append(phrase)
    return tuple(past), tuple(future)


@cache
def _duration_words() -> tuple[frozenset[str], frozenset[str]]:
    """(words of a time since, words of a length) from ``lexicons/duration_words.txt``; the words of a
    state held (``held:``) are words of a length too."""
    since, lasting = set(), set()
    for line in word_list("duration_words.txt"):
        kind, _, word = line.partition(":")
        if kind not in ("since", "lasting", "held") or not word:
            raise ResourceError(f"lexicons/duration_words.txt: {line!r} is not 'since:WORD', 'lasting:WORD' or 'held:WORD'")
        (since if kind == "since" else lasting).add(word)
    return frozenset(since), frozenset(lasting)


@cache
def _absence_words() -> tuple[str, ...]:
    """Words of a negation that says something has been absent ("free of", "no evidence of":
    ``lexicons/absence_words.txt``, as the compose step reads them)."""
    return tuple(sorted(word_list("absence_words.txt"), key=len, reverse=True))


@cache
def _held_words() -> frozenset[str]:
    """Words of a state held for a time ("free", "stable", "controlled": ``held:`` in duration_words.txt)."""
    return frozenset(line.partition(":")[2] for line in word_list("duration_words.txt") if line.startswith("held:"))


_RECOVERY_REACH = 12  # lexemes back to the word of recovery: "resolution of all acute toxic effects of … to grade 1"


def _grade_above(grade: Grade) -> Grade:
    """The grades a toxicity "recovered to" ``grade`` may no longer have: above <= 1 is > 1."""
    if grade.op in ("<=", "=="):
        return Grade(op=">", value=grade.value)
    if grade.op == "<":
        return Grade(op=">=", value=grade.value)
    raise ValueError("recovered to a grade is an upper bound")


@dataclass(frozen=True, slots=True)
class Duration:
    value: float
    value_high: float | None
    unit: str


@dataclass(frozen=True, slots=True)
class SpanQ:
    first: Duration
    second: Duration | None
    whichever: str | None


@dataclass(frozen=True, slots=True)
class RelAnchor:
    relation: str
    anchor: str | None


_QUALIFIED_TERMS = frozenset({"EV_COND", "EV_THERAPY", "EV_MED", "EV_PROC"})


@cache
def _filler_words() -> frozenset[str]:
    """Words the events grammar may pass over between a lead ("no", "history of", "known") and its
    term: function words and words that say only how a finding is established."""
    remarks = frozenset(w.rstrip("*") for w in word_list("remark_words.txt"))  # as lexeme.py reads it
    return word_list("function_words.txt") | remarks


@cache
def _cue_phrases() -> frozenset[str]:
    """A cue another family or compose reads ("recovered from", "following") comes to this family
    as a word: it is no content word of the event's."""
    from ...resources import cue_lexicon

    return frozenset(" ".join(entry.phrase.lower().split()) for entry in cue_lexicon())


def _fills(word: str) -> bool:
    lowered = " ".join(word.lower().split())
    return lowered in _filler_words() or lowered in _cue_phrases() or lowered.isdigit()


@dataclass(frozen=True, slots=True)
class Head:
    negated: bool
    prior: bool
    statuses: tuple[str, ...]
    stages: tuple[str, ...] = ()  # "stage III or IV": the stages a condition is said to be at
    residue: tuple = ()  # spans of content words passed over before the term ("pelvic")
    either: tuple[str, ...] = ()  # statuses written as alternatives: "uncontrolled or severe hypertension"


_STATUS_LINKS = frozenset({"OR", "SLASH", "COMMA"})


def _either_status(node: Node, either: tuple[str, ...], span) -> Node:
    """``node`` once for each status of ``either`` (with the others it has): any of them."""
    common = tuple(s for s in node.status if s not in either)  # type: ignore[attr-defined]
    copies = tuple(node.model_copy(update={"status": (*common, s)}) for s in either)
    return AnyOf(items=copies, span=span)


@dataclass(frozen=True, slots=True)
class After:
    statuses: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Count:
    op: str
    value: int
    high: int | None


class EventRules:
    """Mixed into the node builder; ``self.ctx`` is the :class:`RuleContext`."""

    ctx: RuleContext

    # --- windows -----------------------------------------------------------------------
    def ev_duration(self, children):
        number, *rest = children
        unit = rest[-1]
        return Duration(self._num(number), None, self.ctx.value(unit))

    def ev_duration_word(self, children):  # "14 consecutive days": only words that keep the length
        number, word, unit = children
        if self.ctx.value(word).lower() not in _DURATION_WORDS:
            raise ValueError("a word between a number and its time unit that is not 'consecutive'")
        return Duration(self._num(number), None, self.ctx.value(unit))

    def ev_duration_range(self, children):
        low, _, high, unit = children
        return Duration(self._num(low), self._num(high), self.ctx.value(unit))

    def ev_which(self, children):
        return next(self.ctx.value(c) for c in children if c.type == "WHICHEVER")

    def ev_span_q(self, children):
        durations = [c for c in children if isinstance(c, Duration)]
        which = next((c for c in children if isinstance(c, str) and not isinstance(c, Token)), None)
        return SpanQ(durations[0], durations[1] if len(durations) > 1 else None, which)

    def ev_rel_anchor(self, children):
        rel, *anchor = children
        if anchor and anchor[-1].type == "PRIOR":  # "from (any) prior X": counted back from now, as "since"
            if len(anchor) > 1 and self.ctx.value(anchor[0]).lower() not in ("any", "the", "last", "most"):
                raise ValueError("only 'any', 'the', 'last' between 'from' and 'prior'")
            return RelAnchor("before", None)
        event = self.ctx.value(anchor[0]) if anchor else None
        if rel.type in ("FROM", "W"):  # "from/of the last dose" counts forward; "of registration" back
            return RelAnchor("after" if event == "last_dose" else "before", event)
        return RelAnchor("after" if self.ctx.value(rel) == "after" else "before", event)

    def window_within(self, children):  # "within 28 days prior to first dose": at most 28 days
        return self._window(children, upper=True)

    window_past = window_within

    def window_within_restated(self, children):
        """"Within 4 weeks (<= 4 weeks) prior to randomization": the parenthesis says the same time
        again, with its comparator; read once. A parenthesis that says another time or another
        direction ("within 4 weeks (> 2 weeks)") is not a restatement: not read here."""
        first, again = [c for c in children if isinstance(c, Duration)]
        op = self.ctx.value(next(c for c in children if isinstance(c, Token) and c.type in ("CMP", "OR_CMP")))
        if op not in ("<", "<=") or again != first:
            raise ValueError("a time in parentheses after 'within' that is not the same time")
        rel = [c for c in children if isinstance(c, RelAnchor)]
        return self._window([SpanQ(first, None, None), *rel], upper=True)

    def window_past_unit(self, children):  # "in the past year"
        unit = self.ctx.value(children[-1])
        return self._window([SpanQ(Duration(1.0, None, unit), None, None)], upper=True)

    def window_cmp(self, children):  # "at least 2 weeks before", "less than 30 days since"
        op = self.ctx.value(next(c for c in children if isinstance(c, Token) and c.type in ("CMP", "OR_CMP")))
        return self._window(children, upper=op in ("<", "<="))

    def window_between(self, children):
        """"At least 4 weeks between prior surgery and randomization", "a washout period of at least 14 days
        is required between the last chemotherapy dose and randomization": the time from the event (read
        next, by the events family) to the anchor named after its "and", which the transformer finds ahead
        of the match. Only "is/are required" may stand before "between"; with no anchor after an "and"
        within reach ("between cycles", "between two measurements") nothing is read."""
        words = [self.ctx.source(c.start_pos, c.start_pos).lower() for c in children
                 if isinstance(c, Token) and c.type in ("W", "THAT_IS", "STATUS")]
        if any(w not in _BETWEEN_FILLERS for w in words):
            raise ValueError("only 'is required' between a time and 'between'")
        anchor = self._anchor_after_and()
        if anchor is None:
            raise ValueError("a time between an event and an anchor names the anchor after 'and'")
        op = self.ctx.value(next(c for c in children if isinstance(c, Token) and c.type in ("CMP", "OR_CMP")))
        return self._window([*children, RelAnchor("before", anchor)], upper=op in ("<", "<="))

    def window_from(self, children):
        """"At least 4 weeks from a major surgical procedure", "> 4 weeks from completion of CNS therapy":
        the time since a treatment or procedure, read as "since" is, where the treatment is named within a
        few words after "from" (compose hangs the window on it). A time for how long something goes on
        ("for at least 6 months from the end of therapy", "during …") counts forward from the end, not
        back: not read here; nor "from" before anything else ("from baseline to week 12")."""
        lexemes, start = self.ctx.lexemes, self.ctx.offset
        if start and (lexemes[start - 1].type in _LASTING_LEADS
                      or lexemes[start - 1].value.lower() in _LASTING_WORDS):
            raise ValueError("a time that something lasts, counted from an event")
        before = {w for lx in lexemes[max(0, start - _FROM_REACH) : start] for w in lx.value.lower().replace("_", " ").split()}
        if before & _INTERVAL_WORDS:  # an event term's value is its concept ("disease_progression")
            raise ValueError("the time from a treatment to another event (progression, onset), not to now")
        if self._treatment_after_from() is None:
            raise ValueError("'from' names no treatment or procedure next")
        op = self.ctx.value(next(c for c in children if isinstance(c, Token) and c.type in ("CMP", "OR_CMP")))
        return self._window([*children, RelAnchor("before", None)], upper=op in ("<", "<="))

    def _treatment_after_from(self) -> str | None:
        """The treatment or procedure term after the match, past a few words of its last use ("(the)
        completion of", "a", "any prior"), or ``None``."""
        lexemes = self.ctx.lexemes
        start = self.ctx.offset + self.ctx.length
        for k in range(start, min(len(lexemes), start + _FROM_REACH)):
            lx = lexemes[k]
            if lx.type in _FROM_TERMS:
                return lx.value
            if not (lx.type in ("W", "PRIOR") and lx.value.lower() in _FROM_LEADS):
                return None  # an anchor ("their last dose of chemotherapy") is read with its drug otherwise
        return None

    def _anchor_after_and(self) -> str | None:
        """The anchor named after the first "and" that follows the match ("… and (the date of)
        randomization"), within a few terminals, with no other time or comparator on the way."""
        lexemes = self.ctx.lexemes
        start = self.ctx.offset + self.ctx.length
        for k in range(start, min(len(lexemes), start + _BETWEEN_REACH)):
            if lexemes[k].type in ("CMP", "OR_CMP", "TIME_UNIT", "BETWEEN", "SEMI"):
                return None
            if lexemes[k].type == "AND":
                after = lexemes[k + 1 : k + 5]
                for lx in after:
                    if lx.type == "ANCHOR":
                        return lx.value
                    if lx.type not in ("W", "STATUS") or lx.value.lower() not in _ANCHOR_LEADS:  # STATUS: "planned"
                        return None
                return None
        return None

    def window_post(self, children):  # "4 weeks or more prior to"
        op = self.ctx.value(next(c for c in children if isinstance(c, Token) and c.type == "CMP_POST"))
        return self._window(children, upper=op in ("<", "<="))

    def window_for(self, children):
        # "for 60 days after the last dose": the whole stretch (an upper bound);
        # "for at least 4 weeks prior to enrollment": a lower bound
        op = next((self.ctx.value(c) for c in children if isinstance(c, Token) and c.type == "CMP"), None)
        return self._window(children, upper=op not in (">=", ">"))

    def window_lasting(self, children):
        # "(stable dose) for at least 4 weeks": how long the event has gone on, not when it was
        op = next(self.ctx.value(c) for c in children if isinstance(c, Token) and c.type in ("CMP", "CMP_POST"))
        window = self._window(children, upper=op in ("<", "<="))
        return window.model_copy(update={"relation": "lasting"})

    def window_held(self, children):
        """"Disease-free for 5 years", "brain metastases stable for 1 month", "free of other cancer for 3
        years": a bare time after "for" is how long a state has been held, so at least that long, when
        a word of a held state (``held:`` in duration_words.txt) or a negation of absence ("free of",
        "no evidence of") stands within the few lexemes before it. After anything else ("prednisone
        for 2 weeks": a course) it is not read."""
        before = self.ctx.lexemes[max(0, self.ctx.offset - _HELD_REACH) : self.ctx.offset]
        if not self._held(before) and not any(self._absent(lexeme) for lexeme in before):
            raise ValueError("a bare 'for' and a time after no word of a state held")
        window = self._window(children, upper=False)
        return window.model_copy(update={"relation": "lasting"})

    @staticmethod
    def _held(before) -> bool:
        """A word of a state held right before "for", itself right after what holds it: "brain
        metastases stable for", "disease-free for", "seizure-free for". Not "stable hemoglobin for 7
        days" (the time is of something else), nor "treatment had remained stable for 3 months"
        (what is stable is not the word before)."""
        if len(before) < 2 or before[-1].type not in ("W", "STATUS") or before[-1].value.lower() not in _held_words():
            return False
        return before[-2].type.startswith("EV_") or before[-2].type == "DASH" or before[-2].value.lower() == "disease"

    def _absent(self, lexeme) -> bool:
        # a negation of absence: "free of", "no evidence of" (a plain "no" is not: "no steroids for 7 days"),
        # or the negation of "seizure-free", which has no words of its own (lexer._free_after)
        return lexeme.type == "NEG" and (lexeme.start == lexeme.end
                                         or self.ctx.said(lexeme).lower().startswith(_absence_words()))

    def window_lasting_two(self, children):
        """"Diabetes for > 1 year and < 15 years", "AF lasting at least 48 hours and <= 12 months": how long
        the event has gone on, between a lower and a higher end (in one unit, the larger converted
        where exact)."""
        self._check_lasting_verb(children[0])
        return self._lasting_between(children)

    def window_lasting_of_two(self, children):
        """"A current depressive episode of at least 4 weeks and no more than 12 months (in duration)":
        how long a condition has gone on, between two ends, "of" right after the condition's term and
        nothing after the upper end but punctuation (see :meth:`_length_of_condition`), or the two
        ends closed by "in duration"."""
        last = children[-1]
        if isinstance(last, Token) and last.type == "DURATION":
            if not self.ctx.source(last.start_pos, last.start_pos).lower().startswith(
                    ("duration", "in duration")):
                raise ValueError("only 'in duration' closes two ends of a length")
        else:
            first = next(c for c in children if isinstance(c, Token) and c.type in ("CMP", "OR_CMP"))
            if not self._length_of_condition(self.ctx.value(first)):
                raise ValueError("two ends of a time, not 'of' a condition: since when, perhaps")
        return self._lasting_between(children)

    def _lasting_between(self, children) -> TimeWindow:
        """The length between a lower end and a higher one of two durations among ``children``."""
        ops = [self.ctx.value(c) for c in children if isinstance(c, Token) and c.type in ("CMP", "OR_CMP")]
        low, high = [c for c in children if isinstance(c, Duration)]
        if ops[0] not in (">", ">=") or ops[1] not in ("<", "<=") or low.value_high or high.value_high:
            raise ValueError("a length between two ends: a lower end, then an upper")
        low, high = _one_unit(low, high)
        if low.value >= high.value:
            raise ValueError("a length whose lower end is not below its upper end")
        return TimeWindow(low=low.value, high=high.value, unit=low.unit, relation="lasting", anchor="enrollment",
                          anchor_assumed=True, span=self.ctx.match_span())

    def window_since_lasting(self, children):
        """"Menopause since at least 1 year", "VL <= 200 copies/mL since at least 6 months": "since" and a
        lower bound on a length of time is how long the state has gone on (no event after it: "since
        prior chemotherapy" is an anchor, which the other forms read)."""
        rel, op = children[0], self.ctx.value(children[1])
        if self.ctx.value(rel) != "since" or self.ctx.source(rel.start_pos, rel.start_pos).lower() != "since":
            raise ValueError("only 'since' before a length")
        if op not in (">", ">="):
            raise ValueError("since at most a time is no length")
        following = self.ctx.offset + self.ctx.length
        if following < len(self.ctx.lexemes) and self.ctx.lexemes[following].type not in _AFTER_LENGTH:
            raise ValueError("words after 'since' and a length may name what it is since")
        if self.ctx.offset == 0 or self.ctx.lexemes[self.ctx.offset - 1].type not in _LASTING_OBJECTS:
            # "HIV-RNA < 50 copies/mL since at least 6 months": the length is of the bound, not of HIV
            raise ValueError("a length since a time, right after no event term")
        return self.window_lasting(children[1:])

    def window_paren(self, children):
        """"Recent (< 6 months) myocardial infarction", "chronic HCV infection (>= 6 months)": a bare bound
        in parentheses says since when or how long by the words just before it (``duration_words.txt``);
        with none of them it is not read."""
        op = self.ctx.value(next(c for c in children if isinstance(c, Token) and c.type in ("CMP", "OR_CMP")))
        relation = _relation_before(self.ctx.lexemes[max(0, self.ctx.offset - _PAREN_REACH) : self.ctx.offset])
        if relation is None:
            raise ValueError("a bare time in parentheses with no word saying since when or how long")
        window = self._window(children, upper=op in ("<", "<="))
        return window if relation == "before" else window.model_copy(update={"relation": "lasting"})

    def window_state(self, children):
        """"Women must be post-menopausal >= 1 year", "at least 2 years post-menopausal", "amenorrhea >= 12
        consecutive months", "postmenopausal (>= 12 months without menses)": a bare time right beside a
        state that lasts (``lasting_states.txt``) is how long it has gone on. Beside anything else, or
        with a relation after it, it is not read here."""
        lexemes, start, end = self.ctx.lexemes, self.ctx.offset, self.ctx.offset + self.ctx.length
        opened = any(isinstance(c, Token) and c.type == "LPAR" for c in children)
        before = lexemes[start - 1] if start > 0 else None
        after = lexemes[end] if end < len(lexemes) else None
        beside = (before is not None and lasting_state(before)) or (
            not opened and after is not None and lasting_state(after))
        op = self.ctx.value(next(c for c in children if isinstance(c, Token) and c.type in ("CMP", "OR_CMP")))
        if not beside and not (not opened and self._length_of_condition(op)):
            raise ValueError("a bare time beside no state that lasts")
        if after is not None and after.type == "W" and after.value.lower() == "of":
            raise ValueError("'(> 12 months of amenorrhea)': the length of what follows (window_of)")
        window = self._window([c for c in children if isinstance(c, SpanQ)], upper=op in ("<", "<="))
        return window.model_copy(update={"relation": "lasting"})

    def _length_of_condition(self, op: str) -> bool:
        """"Diabetes of at least 1 year", "a current depressive episode of more than 8 weeks": a lower
        bound on a time "of" a condition named right before, nothing after it but the end or
        punctuation, is how long the condition has gone on (as "at least 9 weeks of amenorrhea" is,
        window_of). Less than a time is not read ("a stroke of < 6 months" may be since it), nor a
        time with words after it ("of > 6 months ago", "of at least 4 weeks prior to")."""
        lexemes, start, end = self.ctx.lexemes, self.ctx.offset, self.ctx.offset + self.ctx.length
        if op not in (">=", ">") or start < 1 or lexemes[start - 1].type != "EV_COND":
            return False
        if self.ctx.source(0, 0).lower().split()[0] != "of":  # the comparator cue holds it: "of at least"
            return False
        if end >= len(lexemes):
            return True
        # punctuation as lexed (this family's view shows a ";" as a word); not "and" and a second bound
        # ("of at least 8 weeks and <= 18 months"): the two ends are one length (window_lasting_of_two),
        # and one left alone, or the other taken as a time since, would misread the pair
        unshown = self.ctx.unshown
        if unshown[end].type in ("AND", "OR") and end + 1 < len(unshown) and unshown[end + 1].type in (
                "CMP", "OR_CMP", "NEG"):
            return False
        return unshown[end].type in _AFTER_LENGTH

    def window_duration(self, children):
        """"Duration of complaint >= 3 months", "duration: > 6 months": how long, "of" and one word
        (the thing that lasted, which no lexicon names) at most between."""
        words = [self.ctx.source(c.start_pos, c.start_pos).lower() for c in children
                 if isinstance(c, Token) and c.type in ("W", "THAT_IS", "STATUS")]
        if words and words[0] != "of":
            raise ValueError("only 'of' after 'duration'")
        self._check_lasting_verb(children[0])
        return self.window_lasting(children)

    def _check_lasting_verb(self, lead: Token) -> None:
        """A verb of lasting ("fever lasting > 24 hours", "a TKI that lasted > 30 days") says how long the
        event right before it went on: only an event term there, perhaps then "that", "which" or "(".
        Anything else between ("sirolimus unless … a holiday lasting <= 10 days") is what lasted."""
        if lead.type != "DURATION" or self.ctx.source(lead.start_pos, lead.start_pos).lower().startswith(
                ("duration", "in duration")):
            return
        before = self.ctx.lexemes[max(0, self.ctx.offset - 2) : self.ctx.offset]
        if before and (before[-1].type == "LPAR" or before[-1].value.lower() in ("that", "which")):
            before = before[:-1]
        if not before or before[-1].type not in _LASTING_OBJECTS:
            raise ValueError("a verb of lasting right after no event term")

    def window_of(self, children):
        """"At least 9 weeks of trastuzumab", "> 12 months of amenorrhea": how long the treatment or
        state that follows lasted. Only "of" and a treatment, drug or condition right after it: "<= 28
        days of beginning study drug" is a time before an event, not a length."""
        word = children[-1]
        following = self.ctx.lexemes[self.ctx.offset + self.ctx.length :][:_OF_REACH]
        objects = [k for k, lx in enumerate(following) if lx.type in _LASTING_OBJECTS]
        if self.ctx.value(word).lower() != "of" or not objects \
                or any(lx.type not in ("W", "PRIOR") for lx in following[: objects[0]]):
            raise ValueError("a time 'of' something that is not a treatment or a state")
        op = self.ctx.value(children[0])
        if following[objects[0]].type in _STATES and op not in (">=", ">"):  # "< 3 months of a prior fracture"
            raise ValueError("a state lasts at least so long; less than a time 'of' a condition is since it")
        if any(isinstance(c, SpanQ) and c.first.unit == "half_life" for c in children):
            raise ValueError("five half-lives of a drug is a washout, not how long it was taken")
        return self.window_lasting(children[:-1])

    def _window(self, children, *, upper: bool) -> TimeWindow:
        spans = [c for c in children if isinstance(c, SpanQ)]
        rel = next((c for c in children if isinstance(c, RelAnchor)), None)
        q = spans[0]
        relation = rel.relation if rel else "before"
        anchor = rel.anchor if rel and rel.anchor else None
        default_anchor = "enrollment" if relation == "before" else "last_dose"
        fields = dict(relation=relation, anchor=anchor or default_anchor, anchor_assumed=anchor is None)
        alternative = None
        if q.second is not None:
            alternative = TimeWindow(**_bounds(q.second, upper), unit=q.second.unit, **fields,
                                     span=self.ctx.match_span())
        return TimeWindow(
            **_bounds(q.first, upper), unit=q.first.unit, **fields,
            or_window=alternative, whichever=q.whichever if alternative else None,
            span=self.ctx.match_span(),
        )

    # --- events ------------------------------------------------------------------------
    def ev_after(self, children):  # status words after the term
        statuses = [t for t in children if t.type == "STATUS"]
        last = statuses[-1]
        if self.ctx.value(last) == "planned" and self.ctx.source(last.start_pos, last.start_pos).lower().split()[-1] in _GOVERNING_ENDS:
            # "an illness that is anticipated to require steroids": the status is of what follows it
            raise ValueError("a status word that governs the words after it")
        return After(tuple(self.ctx.value(t) for t in statuses))

    def ev_head(self, children):
        leads = [c for c in children if isinstance(c, Token)]
        if leads and "CONTRA" in self.ctx.lexed_types(leads[0].start_pos, leads[-1].start_pos):
            # "known contraindication to rituximab": the cue is another family's word to this one,
            # and read as filler it made the contraindication a history of the drug
            raise ValueError("a contraindication cue among the words before an event")
        # "known CNS leukemia", "no prior pelvic radiotherapy": a content word between the lead and
        # the term says what kind; passed over as filler it was lost, the reading looser than the text
        words = [t for t in leads if t.type == "W" and not _fills(self.ctx.value(t))]
        residue = (self.ctx.span(words[0].start_pos, words[-1].start_pos),) if words else ()
        statuses = tuple(dict.fromkeys(self.ctx.value(t) for t in leads if t.type == "STATUS"))
        return Head(
            negated=any(t.type == "NEG" for t in leads),
            prior=any(t.type == "PRIOR" for t in leads),
            statuses=statuses,
            stages=tuple(dict.fromkeys(s for t in leads if t.type == "STAGE" for s in self.ctx.value(t).split("|"))),
            residue=residue,
            either=self._alternative_statuses(leads),
        )

    def _alternative_statuses(self, leads: list[Token]) -> tuple[str, ...]:
        """The statuses listed as alternatives in the words before a term: a run of them joined by
        commas, "or" and "/" with one "or" (or "/") at least. "Uncontrolled or severe hypertension" is
        hypertension either uncontrolled or severe, not both; "active, severe, unstable or
        uncontrolled" any one of the four. Statuses written side by side with no comma qualify
        together ("acute or uncontrolled active infection": active either way), and a run holding
        "and" is left as it was (all of them)."""
        either: list[str] = []
        run: list[Token] = []

        def flush() -> None:
            statuses = [x for x in run if x.type == "STATUS"]
            if len(statuses) > 1 and any(x.type in ("OR", "SLASH") for x in run):
                either.extend(self.ctx.value(x) for x in statuses)
            run.clear()

        for t in leads:
            if t.type == "STATUS" and run and run[-1].type == "STATUS" \
                    and "," not in self.ctx.source(run[-1].start_pos, t.start_pos):
                flush()
            if t.type == "STATUS" or (run and t.type in _STATUS_LINKS):
                run.append(t)
            else:
                flush()
        flush()
        return tuple(dict.fromkeys(either))

    def ev_sites(self, children):
        return [self.ctx.value(c) for c in children if isinstance(c, Token) and c.type == "EV_SITE"]

    def ev_tail(self, children):
        if children[0] is not None and isinstance(children[0], Token):  # ORIGIN sites
            return ("sites", children[1])
        return ("dose", children[0])

    def ev_dose_lead(self, children):  # "> 20 mg (of)": the unit a dose unit or a mass, then only "of"
        op_token, number, unit, *of = children
        if of and self.ctx.value(of[0]).lower() != "of":
            raise ValueError("only 'of' stands between a dose and its drug")
        if unit.type == "W":
            unit_value = _dose_unit_word(self.ctx.value(unit))
            if unit_value is None:
                raise ValueError("a dose before a drug is in a dose unit or a mass")
        else:
            unit_value = self.ctx.value(unit)
        return DoseLimit(op=self.ctx.value(op_token), value=self._num(number), unit=unit_value)

    def ev_dose_rate(self, children):
        """"/day", "per day": the time a dose is given in."""
        word, last = children
        if word.type == "W" and self.ctx.value(word).lower() not in _PER_WORDS:
            raise ValueError("a dose per day is '/day', 'per day' or 'a day'")
        return self.ctx.value(last)

    def ev_tail_far(self, children):
        """"Aspirin at a daily dose of > 325 mg per day": dose words, then the dose (see events.lark)."""
        tokens = [c for c in children if isinstance(c, Token)]
        at = next(k for k, t in enumerate(tokens) if t.type == "CMP")
        words = [self.ctx.value(t).lower() for t in tokens[:at] if t.type == "W"]
        if any(w not in _DOSE_GAP_WORDS for w in words):
            raise ValueError("only dose words between a drug and its dose")
        following = self.ctx.offset + self.ctx.length
        if following < len(self.ctx.lexemes) and self.ctx.lexemes[following].type == "EV_MED":
            raise ValueError("'steroids > 10 mg prednisone': the dose is of the drug after it")
        rate = next((c for c in children if isinstance(c, str) and not isinstance(c, Token)), None)
        return ("dose", self._far_dose(*tokens[at : at + 3], rate or self._rate_before(tokens[:at], tokens[at + 2])))

    def ev_tail_far_post(self, children):
        """"Prednisone at a daily dose of 10 mg or less", "aspirin 325 mg or less daily", "warfarin (1 mg
        or less daily)": the dose a few dose words after its drug, its comparator after the number."""
        tokens = [c for c in children if isinstance(c, Token)]
        at = next(k for k, t in enumerate(tokens) if t.type == "NUM")
        if any(t.type == "W" and self.ctx.value(t).lower() not in _DOSE_GAP_WORDS for t in tokens[:at]):
            raise ValueError("only dose words between a drug and its dose")
        following = self.ctx.offset + self.ctx.length
        if following < len(self.ctx.lexemes) and self.ctx.lexemes[following].value.lower() == "for":
            # "anthracyclines at doses of 450 mg/m^2 or more for doxorubicin": the dose is another drug's
            raise ValueError("a dose 'for' what follows is not the dose of the term before it")
        number, unit, op_token = tokens[at : at + 3]
        rate = next((c for c in children if isinstance(c, str) and not isinstance(c, Token)), None)
        rate = rate or self._rate_before(tokens[:at], unit)
        after = [t for t in tokens[at + 3 :] if t.type == "W"]
        if after:  # "1 mg or less daily": a rate in one word
            rate = _RATE_WORDS.get(self.ctx.value(after[0]).lower())
            if rate is None:
                raise ValueError("only a rate after a dose and its comparator ('daily', 'weekly')")
        return ("dose", self._far_dose(op_token, number, unit, rate))

    def _far_dose(self, op_token: Token, number: Token, unit: Token, rate: str | None) -> DoseLimit:
        """The dose of "> 325 mg" (a unit the lexicon does not call a dose unit comes as a word), at
        ``rate`` ("day", "week") when a rate follows."""
        if unit.type == "W":
            value = _dose_unit_word(self.ctx.value(unit)) or _VOLUME_WORDS.get(self.ctx.value(unit).lower())
            if value is None:
                raise ValueError("a dose is in a dose unit or a mass")
        else:
            value = self.ctx.value(unit)
        if rate is not None and value in _VOLUME_WORDS.values():
            raise ValueError("a donation's amount is no rate")
        if rate is not None:
            if "/" in value or rate not in ("day", "week"):
                raise ValueError("one rate per dose")
            value = f"{value}/{rate}"
        return DoseLimit(op=self.ctx.value(op_token), value=self._num(number), unit=value)

    def ev_tail_equiv(self, children):
        """"At a dose that exceeds 10 mg daily of prednisone equivalent", "(i.e., dosing exceeding 10 mg
        daily of prednisone equivalent)": a dose a few dose words after its drug, in another drug's terms."""
        tokens = [c for c in children if isinstance(c, Token)]
        at = next(k for k, t in enumerate(tokens) if t.type == "CMP")
        for token in tokens[:at]:
            said = self._said(token).lower()
            if token.type in ("W", "ANCHOR") and said not in _DOSE_GAP_WORDS | _THAT_IS_WORDS | {"that"}:
                raise ValueError("only dose words between a drug and its dose ('e.g.' names an example)")
        drug = next(c.drug for c in children if isinstance(c, _Equivalent))
        rate = next((c for c in children if isinstance(c, str) and not isinstance(c, Token)), None)
        rate = rate or self._rate_before(tokens[:at], tokens[at + 2])
        return ("dose", self._far_dose(*tokens[at : at + 3], rate).model_copy(update={"equivalent_of": drug}))

    def _rate_before(self, words: list[Token], unit: Token) -> str | None:
        """"At a daily dose of > 325 mg": the rate the words before a dose give it, unless its unit has one
        ("daily dose of 10 mg/day"). Without it a daily bound was read as a bound on each dose."""
        if "/" in self.ctx.value(unit):
            return None
        said = {self.ctx.value(t).lower() for t in words if t.type == "W"}
        return next((rate for word, rate in _RATE_WORDS.items() if word in said), None)

    def ev_equiv(self, children):
        """"Of prednisone equivalent", "prednisone-equivalent", "of dexamethasone (or equivalent)": the drug
        a dose is stated as an equivalent of."""
        if any(t.type == "W" and self._said(t).lower() != "of" for t in children):
            raise ValueError("only 'of' between a dose and the drug it is an equivalent of")
        named = next((t for t in children if t.type == "EV_MED"), None)
        if named is not None and _drug_name(self.ctx.value(named)) is not None:
            return _Equivalent(_drug_name(self.ctx.value(named)))
        drug = self._equivalent_of(next(t for t in children if t.type == "EQUIV"))
        if drug is None:
            raise ValueError("'or equivalent' after a dose with no drug named: the equivalent of what")
        return _Equivalent(drug)

    def _equivalent_of(self, token: Token) -> str | None:
        """The drug an ``EQUIV`` names: its value where the lexer folded a drug into it ("fluticasone
        propionate or an equivalent"), else the drug its words name ("prednisone equivalent")."""
        value = self.ctx.value(token)
        return _drug_name(value) if value != "equivalent" else _equivalent_drug(self._said(token))

    def _said(self, token: Token) -> str:
        """The words of one token as the text writes them."""
        return self.ctx.source(token.start_pos, token.start_pos)

    def ev_dose_per(self, children):  # "/day"
        return self.ctx.value(children[-1])

    def event_dosed(self, children):
        head = next((c for c in children if isinstance(c, Head)), Head(False, False, ()))
        dose = next(c for c in children if isinstance(c, DoseLimit))
        term = next(c for c in children if isinstance(c, Token) and c.type in _KIND_OF_TERMINAL)
        if _KIND_OF_TERMINAL[term.type] not in ("medication", "prior_therapy"):
            raise ValueError("a dose is of a medication or of a therapy received")
        if any(isinstance(c, Token) and c.type == "PRIOR" for c in children):  # "of prior doxorubicin"
            head = Head(head.negated, True, head.statuses, head.stages, head.residue)
        per = next((c for c in children if isinstance(c, str) and not isinstance(c, Token)), None)
        if per is not None:
            if "/" in dose.unit or per not in ("day", "week"):
                raise ValueError("one rate per dose")
            dose = dose.model_copy(update={"unit": f"{dose.unit}/{per}"})
        span = self.ctx.match_span()
        node = self._event(term, head, ("dose", dose), span)
        return Not(item=node, span=span) if head.negated else node

    def ev_dose(self, children):
        tokens = [c for c in children if isinstance(c, Token)]
        equivalent = next((t for t in tokens if t.type == "EQUIV"), None)  # "(> 10 mg/day prednisone equivalent)"
        drug = self._equivalent_of(equivalent) if equivalent is not None else None
        rate = next((c for c in children if isinstance(c, str) and not isinstance(c, Token)), None)
        if rate is not None or not any(t.type == "DOSE_UNIT" for t in tokens):  # "> 10 mg prednisone (or equivalent) per day"
            if drug is None:
                raise ValueError("a rate or a mass word before 'or equivalent' with no drug named")
            at = next(k for k, t in enumerate(tokens) if t.type == "CMP")
            return self._far_dose(*tokens[at : at + 3], rate).model_copy(update={"equivalent_of": drug})
        op = next((self.ctx.value(t) for t in tokens if t.type in ("CMP", "CMP_POST")), "==")
        number = next(t for t in tokens if t.type == "NUM")
        unit = next(t for t in tokens if t.type == "DOSE_UNIT")
        return DoseLimit(op=op, value=self._num(number), unit=self.ctx.value(unit), equivalent_of=drug)

    # --- grades ------------------------------------------------------------------------
    def ev_grade(self, children):  # "grade >= 2", "grade 2 or higher", ">= grade 2", "grade II"
        tokens = [c for c in children if isinstance(c, Token)]
        ops = [self.ctx.value(t) for t in tokens if t.type in ("CMP", "OR_CMP", "CMP_POST")]
        grade = next(t for t in tokens if t.type in ("NUM", "GRADE_N"))
        return Grade(op=ops[0] if ops else "==", value=self._grade(grade))

    def ev_grade_range(self, children):  # "grade 1-2", "grade 3 or 4"
        low, high = (t for t in children if isinstance(t, Token) and t.type == "NUM")
        return Grade(op="between", value=self._grade(low), value_high=self._grade(high))

    def _grade(self, token: Token) -> int:
        value = self._num(token) if token.type == "NUM" else float(self.ctx.value(token))
        if not value.is_integer():
            raise ValueError(f"a grade is a whole number, not {value:g}")
        return int(value)

    def event_one(self, children):
        """">= 1 measurable lesion", "at least one antihypertensive medication": at least one is the
        event itself; a greater count is not (no event kind but prior therapy counts)."""
        head = next((c for c in children if isinstance(c, Head)), Head(False, False, ()))
        comparator, number, term = [c for c in children if isinstance(c, Token)]
        op, value = self.ctx.value(comparator), self._num(number)
        if not ((op == ">=" and value == 1) or (op == ">" and value == 0)):
            raise ValueError("a count of events above one")
        span = self.ctx.match_span()
        node = self._event(term, head, None, span)
        return Not(item=node, span=span) if head.negated else node

    def event_recovered_to(self, children):
        """"(Toxicities) resolved to grade <= 1", "recovered to (baseline or) grade 1": no toxicity is
        still active above that grade. Only after a word of recovery (``lexicons/recovery_stems.txt``);
        an article may stand before the grade ("recovered to a grade <= 1")."""
        if not self._recovered_before():
            raise ValueError("a grade 'to' which nothing recovered (or a recovery denied: not read)")
        anchor = next((c for c in children if isinstance(c, Token) and c.type == "ANCHOR"), None)
        if anchor is not None and self.ctx.value(anchor) != "baseline":  # "to baseline or grade 1": either is recovered
            raise ValueError("only 'baseline or' before the grade a recovery reaches")
        word = next((c for c in children if isinstance(c, Token) and c.type == "W"), None)
        if word is not None and self.ctx.value(word).lower() not in ("a", "an", "the"):
            raise ValueError("only an article between 'to' and the grade a recovery reaches")
        grade = next(c for c in children if isinstance(c, Grade))
        above = _grade_above(grade)
        span = self.ctx.match_span()
        active = Condition(name="toxicity", status=("active",), grade=above, span=span)
        return Not(item=active, span=span)

    def event_recovered_to_baseline(self, children):
        """"(Toxicities of prior therapy) recovered to baseline", "returned to baseline": no toxicity is
        still active at all. Only after a word of recovery, and with a toxicity named before it in the
        clause ("ALT returned to baseline" is the lab's, not read here)."""
        if not self._recovered_before() or not self._toxicity_before():
            raise ValueError("'to baseline' after no recovery of a toxicity")
        anchor = next(c for c in children if isinstance(c, Token) and c.type == "ANCHOR")
        if self.ctx.value(anchor) != "baseline":
            raise ValueError("a recovery reaches baseline, not another anchor")
        span = self.ctx.match_span()
        return Not(item=Condition(name="toxicity", status=("active",), span=span), span=span)

    def _toxicity_before(self) -> bool:
        lexemes = self.ctx.lexemes[max(0, self.ctx.offset - _RECOVERY_REACH) : self.ctx.offset]
        return any(lx.type == "EV_COND" and lx.value == "toxicity" for lx in lexemes) or any(
            lx.type == "RECOVERED" for lx in lexemes)

    def _recovered_before(self) -> bool:
        """Whether a word of recovery stands before the match in its clause, with no negation before it
        ("has not recovered to grade <= 1" says the opposite; it is left as written)."""
        lexemes = self.ctx.lexemes[max(0, self.ctx.offset - _RECOVERY_REACH) : self.ctx.offset]
        for k in range(len(lexemes) - 1, -1, -1):
            lx = lexemes[k]
            if lx.type in ("SEMI", "COLON") or lx.value in (".", ";"):
                return False
            if lx.type in ("W", "STATUS") and lx.value.lower().startswith(recovery_stems()):
                return not any(n.type == "NEG" for n in lexemes[max(0, k - 3) : k])
        return False

    def event(self, children):
        head = next((c for c in children if isinstance(c, Head)), Head(False, False, ()))
        after = next((c for c in children if isinstance(c, After)), None)
        if after is not None:
            head = Head(head.negated, head.prior, tuple(dict.fromkeys(head.statuses + after.statuses)), head.stages,
                        head.residue, head.either)
        term = next(c for c in children if isinstance(c, Token) and c.type in _KIND_OF_TERMINAL)
        tail = next((c for c in children if isinstance(c, tuple)), None)
        before = next((c for c in children if isinstance(c, list)), None)
        if before and tail is None:  # "ovarian cancer": the sites written before the term
            tail = ("sites", before)
        grade = next((c for c in children if isinstance(c, Grade)), None)
        span = self.ctx.match_span()  # once: mapping offsets back to the original is not free
        node = self._event(term, head, tail, span, grade)
        # "currently receiving or planned to receive": one treatment the list holds (events._planned)
        if len(head.either) > 1 and "planned" not in head.either and isinstance(getattr(node, "status", None), tuple):
            node = _either_status(node, head.either, span)
        if term.type in _QUALIFIED_TERMS:  # compose keeps them as residue of this event, after join
            self.ctx.residue.extend(head.residue)  # (before consent or compliance they describe the act)
        return Not(item=node, span=span) if head.negated else node

    def _event(self, term: Token, head: Head, tail, span, grade: Grade | None = None) -> Node:
        kind = _KIND_OF_TERMINAL[term.type]
        if grade is not None and kind != "condition":  # the scanner then reads the term without it
            raise ValueError("a grade qualifies a condition")
        if head.stages and kind != "condition":
            raise ValueError("a stage qualifies a condition")
        value = self.ctx.value(term)
        if value.startswith(OPEN_CONCEPT):
            if tail and tail[0] == "dose":  # "heavy menstrual bleeding > 80 mL": no open event holds an amount
                raise ValueError("a dose or amount is of a drug, a therapy or a donation the lexicon names")
            return self._open_event(kind, value[len(OPEN_CONCEPT):], head, tail, span, grade)
        concept = vocab_concept(value) if value.startswith(VOCAB_MARK) else event_concept(kind, value)
        if kind == "sex":
            return Sex(sex=concept.value or "all", qualifier=concept.group, span=span)
        statuses = head.statuses
        if head.prior and kind != "prior_therapy" and "history" not in statuses:
            statuses = ("history", *statuses)
        if kind in _TAKEN_KINDS and "planned" in statuses and _ONGOING.search(self.ctx.original, span.start, span.end):
            # "undergoing anticoagulant therapy", "patients undergoing chemotherapy": a treatment under
            # way, where "undergoing surgery" is one to come (a procedure keeps it planned)
            statuses = tuple(dict.fromkeys("current" if s == "planned" else s for s in statuses))
        volume = bool(tail) and tail[0] == "dose" and tail[1].unit in _VOLUME_WORDS.values()
        if volume and not (kind == "procedure" and getattr(concept, "group", None) == "donation"):
            raise ValueError("an amount in mL is what a donation took, never a dose")
        if tail and tail[0] == "dose" and tail[1].unit in _RADIATION_UNITS.values() and not (
                kind == "prior_therapy" and concept.group == "radiotherapy"):
            raise ValueError("a dose in Gy is radiation's: 'chemotherapy > 20 Gy' is no dose of the chemotherapy")
        if tail and tail[0] == "dose" and not volume and kind not in ("medication", "prior_therapy"):
            # "alcohol abuse (> 60 g/day)": no node of this kind holds a dose, and a match must not
            # cover a number it drops (the scanner then tries the event without it)
            raise ValueError("a dose is of a medication or of a therapy received")
        fields: dict = dict(name=concept.name, status=statuses, span=span)
        if concept.code is not None:
            fields["code"] = _code(concept.code.system, concept.code.code)
        if kind == "prior_therapy":
            fields["therapy_class"] = concept.group
            if tail and tail[0] == "dose":  # "doxorubicin > 450 mg/m^2": the dose received
                fields["dose"] = tail[1]
        elif kind == "medication":
            fields["drug_class"] = concept.group
            if tail and tail[0] == "dose":
                fields["dose"] = tail[1]
        elif volume:  # "donation of blood in excess of 500 mL": what the donation took
            fields["amount"] = tail[1]
        if grade is not None:
            fields["grade"] = grade
        if head.stages:
            fields["stage"] = head.stages
        if kind in _SITED and tail and tail[0] == "sites":  # "renal surgery", "gastrointestinal bleeding"
            nodes = tuple(_CLASSES[kind](**fields, site=site) for site in tail[1])
            return nodes[0] if len(nodes) == 1 else AnyOf(items=nodes, span=span)
        return _CLASSES[kind](**fields)

    def _open_event(self, kind: str, name: str, head: Head, tail, span, grade: Grade | None) -> Node:
        """A condition or procedure no lexicon names, read by its head word: the words as its
        name, no code."""
        statuses = ("history", *head.statuses) if head.prior and "history" not in head.statuses else head.statuses
        fields: dict = dict(name=name, status=statuses, open_vocabulary=True, span=span)
        if kind in ("medication", "prior_therapy"):  # a class by what it acts on: "CDK2 inhibitor"
            if head.stages or grade is not None or (tail and tail[0] == "sites"):
                raise ValueError("a stage, grade or site qualifies a condition")
            if kind == "prior_therapy":
                fields["status"] = head.statuses
            return _CLASSES[kind](**fields)
        if kind == "procedure":
            if head.stages:
                raise ValueError("a stage qualifies a condition")
            if tail and tail[0] == "sites":
                nodes = tuple(Procedure(**fields, site=site) for site in tail[1])
                return nodes[0] if len(nodes) == 1 else AnyOf(items=nodes, span=span)
            return Procedure(**fields)
        fields["grade"] = grade
        fields["stage"] = head.stages or None
        if tail and tail[0] == "sites":
            nodes = tuple(Condition(**fields, site=site) for site in tail[1])
            return nodes[0] if len(nodes) == 1 else AnyOf(items=nodes, span=span)
        return Condition(**fields)

    # --- counted therapy ---------------------------------------------------------------
    def ev_count(self, children):
        tokens = [c for c in children if isinstance(c, Token)]
        numbers = [int(self._num(t)) for t in tokens if t.type == "NUM"]
        ops = [self.ctx.value(t) for t in tokens if t.type in ("CMP", "CMP_POST")]
        if len(numbers) == 2:
            if any(t.type == "OR" for t in tokens):  # "1 or 2 prior lines"
                return Count(">=", numbers[0], numbers[1])
            return Count(">=", numbers[0], numbers[1])
        return Count(ops[0] if ops else "==", numbers[0], None)

    def ev_more_therapy(self, children):
        # a slash joins the drugs of one regimen ("gemcitabine/cisplatin"): each was given
        joint = "AND" if any(c.type in ("AND", "SLASH") for c in children) else "OR" if any(
            c.type == "OR" for c in children) else "COMMA"
        return _MoreTherapy(joint, children[-1])

    def ev_upper(self, children):
        """", but no more than 2": the upper end of a count whose lower end comes first."""
        joint = next(c for c in children if c.type in ("AND", "W"))
        if joint.type == "W" and self.ctx.value(joint).lower() != "but":
            raise ValueError("only 'and' or 'but' between the two ends of a count")
        comparator = next(c for c in children if c.type == "CMP")
        number = next(c for c in children if c.type == "NUM")
        op, value = self.ctx.value(comparator), self._num(number)
        if op not in ("<=", "<") or not value.is_integer():
            raise ValueError("the second end of a count is an upper one")
        return _Upper(int(value) - (op == "<"))

    def therapy_count(self, children):
        upper = next((c for c in children if isinstance(c, _Upper)), None)
        if upper is not None:
            children = [_bounded(c, upper) if isinstance(c, Count) else c for c in children if c is not upper]
        more = [c for c in children if isinstance(c, _MoreTherapy)]
        if more:
            return self._therapies_counted(children, more)
        count = next(c for c in children if isinstance(c, Count))
        terms = [c for c in children if isinstance(c, Token) and c.type == "EV_THERAPY"]
        # "at least 1 prior systemic therapy" names no unit: each therapy counted is a line
        unit = next((self.ctx.value(c) for c in children if isinstance(c, Token) and c.type == "LINE"), "line")
        if unit == "cycle":
            self._check_cycles(bool(terms))
        if terms:
            concept = event_concept("prior_therapy", self.ctx.value(terms[0]))
            name, group = concept.name, concept.group
            code = _code(concept.code.system, concept.code.code) if concept.code else None
        else:
            name, group, code = "systemic_therapy", "anticancer", None
        return PriorTherapy(
            name=name, therapy_class=group, code=code, count_op=count.op, count=count.value,
            count_high=count.high, count_unit=unit, span=self.ctx.match_span(),
        )

    def _therapies_counted(self, children, more: list["_MoreTherapy"]) -> Node:
        """"More than 1 cycle of azacitidine or decitabine": the count of each therapy listed after the
        unit, either (any_of: "or"; commas take the last word's joint) or each (all_of: "and" or a slash,
        a combination regimen: each drug of it was given that often). A list joined by both is refused,
        and so is an upper count over an "or" list: "no more than 2 regimens of A or B" bounds the two
        together, which no count of each says (a lower count of either is a reading that may be short of
        a mix, never one that is wrong where it holds)."""
        joints = {m.joint for m in more} - {"COMMA"}
        if len(joints) > 1:
            raise ValueError("a list of therapies joined by both 'and' and 'or'")
        first = [c for c in children if not isinstance(c, _MoreTherapy)]
        count = next(c for c in first if isinstance(c, Count))
        if joints == {"OR"} and (count.op not in (">=", ">") or count.high is not None):
            raise ValueError("an upper count over either of several therapies")
        nodes = [self.therapy_count(first)]
        for m in more:
            single = [c for c in first if not (isinstance(c, Token) and c.type == "EV_THERAPY"
                                                and c.start_pos > _line_position(first))] + [m.term]
            nodes.append(self.therapy_count(single))
        joint = joints.pop() if joints else "AND"
        span = self.ctx.match_span()
        return (AnyOf if joint == "OR" else AllOf)(items=tuple(nodes), span=span)

    def _check_cycles(self, named: bool) -> None:
        """A count of cycles is prior therapy only when it says of what and that it was received.

        "At least 1 cycle" alone may count menstrual cycles or the trial's own cycles, so a therapy must
        be named, or the cycles be "of treatment" / "of therapy" (any systemic therapy). "Planning to
        receive up to 6 cycles" is a plan, not history: the sentence must hold a word of receipt and no
        word of a plan (``lexicons/cycle_tense_words.txt``); otherwise the words stay unread."""
        if not named and not self._cycles_of_treatment():
            raise ValueError("cycles of no named therapy")
        past, future = _cycle_tense_words()
        words = f" {' '.join(re.findall(r'[a-z][a-z-]*', self.ctx.sentence().lower()))} "
        if any(f" {phrase} " in words for phrase in future):
            raise ValueError("cycles still to come are no prior therapy")
        if not any(f" {phrase} " in words for phrase in past):
            raise ValueError("cycles not said to have been received")

    def _cycles_of_treatment(self) -> bool:
        """Whether the words right after the match are "of (the) treatment / therapy"."""
        after = self.ctx.lexemes[self.ctx.offset + self.ctx.length:][:3]
        words = [lexeme.value.lower() for lexeme in after]
        if words[:1] != ["of"]:
            return False
        words = words[1:]
        if words[:1] == ["the"]:
            words = words[1:]
        return words[:1] in (["treatment"], ["therapy"])

    def _num(self, token: Token) -> float:
        value = self.ctx.number(token)
        if value is None:
            raise ValueError(f"not a number: {self.ctx.value(token)!r}")
        return value


@cache
def _code(system: str, code: str) -> Code:
    """One validated Code per concept code (nodes are frozen, so sharing is safe)."""
    return Code(system=system, code=code)


def _one_unit(low: Duration, high: Duration) -> tuple[Duration, Duration]:
    """Two lengths in one unit: the larger unit counted in the smaller where the count is exact."""
    if low.unit == high.unit:
        return low, high
    if (factor := _EXACT_UNITS.get((high.unit, low.unit))) is not None:
        return low, Duration(high.value * factor, None, low.unit)
    if (factor := _EXACT_UNITS.get((low.unit, high.unit))) is not None:
        return Duration(low.value * factor, None, high.unit), high
    raise ValueError("two ends in units that do not convert exactly")


def _bounds(d: Duration, upper: bool) -> dict:
    if d.value_high is not None:  # "2-4 weeks before"
        return {"low": d.value, "high": d.value_high}
    return {"high": d.value} if upper else {"low": d.value}


#: Last words of a plan that take an object after them ("anticipated to require", "in need of",
#: "candidate for"): after an event and "that is", such a plan is of the next event, not of it.
_GOVERNING_ENDS = frozenset({"for", "of", "require", "receive", "need", "undergo", "to"})
#: Kinds whose "undergoing" is a treatment under way, not one to come.
_TAKEN_KINDS = frozenset({"medication", "prior_therapy"})
_ONGOING = re.compile(r"\bundergoing\b", re.IGNORECASE)
