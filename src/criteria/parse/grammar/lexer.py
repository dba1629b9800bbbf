"""The span lexer: spaCy tokens and cue spans → grammar terminals.

It is the bridge between the two halves of the design ("spaCy marks, Lark decides"):
a cue span becomes one terminal (its lexicon entry's ``terminal``, carrying the entry's
canonical ``value``); a lab name or a unit marked by ``criteria_labs`` becomes ``LAB``
(value: the canonical field) or ``UNIT`` (value: the pint unit) where it is longer than every
cue it overlaps (on equal length the cue wins: other families may give "mg" a meaning of their
own); an event term marked by ``criteria_events`` (lexicons/events.jsonl) becomes its kind's
terminal (``EV_COND``, ``EV_MED``…, value: the concept name) on the same terms, after the lab
marks ("transplant" stays an anchor); a number becomes ``NUM``; listed punctuation its own terminal;
whitespace is skipped; any other word is ``W``. Offsets are kept in the annotated text so
every node built from these terminals can point back to the original.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Callable
from functools import cache, partial

from spacy.attrs import IDX, LENGTH, ORTH
from spacy.tokens import Doc

from ...labs import lab_lexicon, marks as lab_marks
from ..nlp.labs import LABS_KEY
from ..nlp.heads import HEADS_KEY
from ..nlp.measures import MEASURES_KEY
from ..nlp.pipeline import EVENTS_KEY
from ..._once import once
from .consequences import judged_consequences, may_judge
from .heart_failure_class import HEART_FAILURE, heart_failure_classes
from .scale_classes import class_scales, scale_classes
from .study_product import ALLERGY, study_product_allergies
from .lexeme import (CONTRA_AFTER, DENIED_VERDICTS, OPEN_CONCEPT, STRENGTH_WORDS, Lexeme, qualifies, recovery_stems,
                     stop_words)
from .qualifiers import TERM_KINDS, may_qualify, read_qualifiers
from .shared_heads import generic_alternatives, generic_heads, letter_variants, procedure_heads, share_heads, suspended_prefixes
from ...resources import (cue_lexicon, event_heads, event_lexicon, grading_system_name, infection_concepts, is_cancer, is_substance_use,
                          sex_words, status_opposites, word_list)
from ...vocab.concepts import terminal as vocab_terminal
from ...vocab.marker import VOCAB_KEY

_RATIO = re.compile(r"^(\d+(?:\.\d+)?):1$")
_NUMBER = re.compile(r"^(?:\d+(?:[.,]\d+)*|\.\d+)$")
_PUNCT = {
    "(": "LPAR", ")": "RPAR", "[": "LPAR", "]": "RPAR", ":": "COLON", "-": "DASH",
    ",": "COMMA", "/": "SLASH", ";": "SEMI", "+": "PLUS",
}
# Words that are never content: punctuation that no rule reads.
_SKIP = frozenset({".", "'", '"', "`", "*", "•", "®", "™", "©"})  # trademark signs beside a brand name say nothing
#: Terminals made from plain tokens rather than from cue spans.
PLAIN_TERMINALS = frozenset({"NUM", "W", *_PUNCT.values()})


def lex(
    doc: Doc,
    start: int,
    end: int,
    cues: list[tuple[int, int, int]],
    marks: list[tuple[int, int, int]] | None = None,
    events: list[tuple[int, int, int]] | None = None,
    text: str | None = None,
) -> list[Lexeme]:
    """Terminals for tokens ``start``–``end`` of ``doc``; ``cues`` are the cue matches there.

    ``marks`` are the ``criteria_labs`` matches there and ``events`` the ``criteria_events``
    ones; by default both are read from the Doc (``doc.user_data``), so callers that know
    only cues need not change. ``text`` is the Doc's text if the caller has it (``Doc.text``
    joins every token each time it is asked).
    """
    orths, starts, ends = _token_arrays(doc)
    out: list[Lexeme] = []
    i = start
    for span_start, stop, terminal, value in _spans(doc, start, end, cues, marks, events):
        if i < span_start:
            out += _plain(doc, orths, starts, ends, i, span_start)
        stop = min(stop, end)
        if value is None:
            value = doc[span_start:stop].text
        out.append(Lexeme(terminal, value, starts[span_start], ends[stop - 1]))
        i = stop
    if i < end:
        out += _plain(doc, orths, starts, ends, i, end)
    if any(lx.type == "RPAR" for lx in out):
        out = _without_enumerators(_restated_numbers(out))
    if any(lx.type == "W" and lx.value.lower() == "off" for lx in out):
        out = _off_as_absence(out)
    if any(lx.type == "W" and lx.value.lower().startswith(recovery_stems()) for lx in out):
        out = _recovery_around_an_aside(out)
    if any(lx.type == "W" and lx.value.lower() == "free" for lx in out):
        out = _free_after(out)
    reacting = word_list("reaction_adjectives.txt")
    if any(lx.type == "W" and lx.value.lower() in reacting for lx in out):
        out = _reacting_to(out, reacting)
    postposed = word_list("postposed_contra_words.txt")
    if any(lx.type == "W" and lx.value.lower() in postposed for lx in out[1:]):
        out = _postposed_contras(out, postposed)
    if any(lx.type == "LPAR" for lx in out):
        out = _without_plural_marks(out)
    if any(lx.type == "W" and lx.value.lower() in _STAGE_WORDS for lx in out):
        out = _stages(out)
    if any(lx.type == "EV_SITE" for lx in out):
        out = _sites_after_conditions(out)
    if any(lx.type == "W" and lx.value.lower() in NAIVE_WORDS for lx in out):
        out = [Lexeme(NAIVE, NAIVE, lx.start, lx.end) if lx.type == "W" and lx.value.lower() in NAIVE_WORDS else lx
               for lx in out]  # "chemotherapy-naïve", "naïve to X": never given it (compose reads which)
    if any(lx.type == "NUM" and "," in lx.value for lx in out):
        out = _listed_digits(out)
    if any(lx.value == "^" for lx in out):
        out = _powers_of_ten(out)
    if any(lx.type == "MEASURE" for lx in out):
        out = _one_counted_lesion(out)
    if any(lx.type in ("PERF", "PERF_PS") for lx in out):
        out = _score_runs(_listed_scores(_equal_to_a_set(out)))
        if any(lx.type == "LPAR" for lx in out):
            out = _age_groups_in_parentheses(out)
    if any(lx.type == "CMP_POST" for lx in out):
        out = _or_comparators(_worse_after_words(out, text if text is not None else _doc_text(doc)),
                              text if text is not None else _doc_text(doc))
    if any(lx.type == "EXCEPT" for lx in out):
        out = _denied_comparators(out, text if text is not None else _doc_text(doc))
    heads = _heads_in(doc, start, end)
    if heads:
        out = open_conditions(out, frozenset(starts[h] for h in heads))
    if any(lx.type in ("GRADE", "GRADE_N") for lx in out):
        out = graded_words(_grades_by_system(out, text if text is not None else _doc_text(doc)))
    out = generic_heads(out, (lambda: text) if text is not None else partial(_doc_text, doc))
    out = suspended_prefixes(out, (lambda: text) if text is not None else partial(_doc_text, doc))
    out = share_heads(out, (lambda: text) if text is not None else partial(_doc_text, doc))
    out = generic_alternatives(out, (lambda: text) if text is not None else partial(_doc_text, doc))
    out = letter_variants(out, (lambda: text) if text is not None else partial(_doc_text, doc))
    out = procedure_heads(out, (lambda: text) if text is not None else partial(_doc_text, doc))
    if any(lx.type == "STATUS" for lx in out):
        out = _manner_of_treatment(out, text if text is not None else _doc_text(doc))
        out = _status_commas(_denied_statuses(out, text if text is not None else _doc_text(doc)))
    if any(lx.type == "LPAR" for lx in out):
        out = _subtypes(_abbreviations(out))
    if any(lx.type == "EV_MED" for lx in out):
        out = _tumour_hormones(out, text if text is not None else _doc_text(doc))
    if any(lx.type in _SALTED for lx in out):  # a salt word only matters after a drug
        salts = word_list("drug_salt_words.txt")
        if any(lx.type == "W" and lx.value.lower() in salts for lx in out):
            out = _drug_salts(out, salts)
    if any(lx.type == "EV_MED" and lx.value in _vaccines() for lx in out):
        out = _vaccine_targets(out, text if text is not None else _doc_text(doc))
    if any(lx.type == "EV_COND" and lx.value == _INFECTION for lx in out):
        out = _infection_with(out, text if text is not None else _doc_text(doc))
    if any(lx.type == "EV_COND" for lx in out):
        out = _negative_before(_test_results_after(_infection_results(_infection_tests(out))),
                               text if text is not None else _doc_text(doc))
        if any(lx.type == "STATUS" and lx.value == "current" for lx in out):
            out = _needing_treatment(out, text if text is not None else _doc_text(doc))
    if any(lx.type == "EV_COND" for lx in out):
        out = _conditions_naming_measures(out)
    if any(lx.type in ("EV_REPRO", "EV_COND", "EV_COMPLY") or lx.value in _CONTRACEPTIVES
           or (lx.type == "W" and lx.value.lower() in ("non", "non-")) for lx in out):
        out = _non_words(out, text if text is not None else _doc_text(doc))  # "non-pregnant", "non-compliance"
        out = _former_users(out)  # "ex-smokers", "former drinkers"
    if any(lx.type in ("EV_REPRO", "EV_COND") for lx in out):
        out = _aimed_at(out)
        out = _treated_for(out)
    if any(lx.type == "REL" for lx in out) and any(lx.type == "TIME_UNIT" for lx in out):
        out = _periods_before(out)
    if any(lx.type == "WITHIN" for lx in out):
        out = _drug_starts(out, text if text is not None else _doc_text(doc))
    if any(lx.type == "ANCHOR" for lx in out):
        out = _anchors_as_events(_anchor_acts(out, text if text is not None else _doc_text(doc)))
        if any(lx.type == "EV_COND" and lx.value == ALLERGY for lx in out):
            out = study_product_allergies(out, text if text is not None else _doc_text(doc))
    if any(lx.type == "TIME_UNIT" and lx.value == "hour" for lx in out):
        out = _heart_rates(out, text if text is not None else _doc_text(doc))
    if any(lx.type == "LAB" for lx in out):
        out = _normal_after_labs(out)
    if any(lx.type == "W" and lx.value.lower() == "item" for lx in out):
        out = _scale_items(out)
    if any(lx.type == "W" and (lx.value in _TEMPERATURE_LETTERS or _GLUED_DEGREES.match(lx.value)) for lx in out):
        out = _temperature_letters(out)
    if any(lx.type == "CONTRA" for lx in out):
        out = _capabilities_after_contra(out, text if text is not None else _doc_text(doc))
    if any(lx.type == "EV_COND" for lx in out):
        out = _conditions_spoken_about(out, text if text is not None else _doc_text(doc))
        out = _test_sensitivities(out, text if text is not None else _doc_text(doc))
    if any(lx.type == "EV_CAP" for lx in out):
        out = _capabilities_said_as_such(out, text if text is not None else _doc_text(doc))
    if any(lx.type in ("W", "CONTRA") for lx in out) and may_judge(out, text if text is not None else _doc_text(doc)):
        out = judged_consequences(out, text if text is not None else _doc_text(doc))
    if any(lx.type == "RECOVERED" for lx in out):
        out = _effects_recovered_from(out, text if text is not None else _doc_text(doc))
    if any(lx.type == "INSTRUCT" for lx in out):
        out = _refused_instructions(out)
    if any(lx.type == "EV_COMPLY" for lx in out):
        out = _compliance_denied(out)
    if any(lx.type == "EV_THERAPY" and lx.value == _OTHER_STUDY for lx in out):
        out = _this_study(out, text if text is not None else _doc_text(doc))
    if any(lx.type in ("W", "INCLUSIVE") and lx.value.lower() in _VERDICT_WORDS for lx in out):
        out = _verdict_at_end(out, text if text is not None else _doc_text(doc))
    if any(lx.type == "W" and lx.value.lower() in _FIT_WORDS for lx in out):
        out = _fit_for(out)
    if any(lx.type == "EV_MED" and lx.value.endswith(_ROLE_ENDINGS) for lx in out):
        out = _sibling_roles(out)
    if any(lx.type == "W" and lx.value.lower() == "anti" for lx in out):
        out = _therapies_against(out)
    if any(lx.type == "W" and lx.value.lower() == "healthy" for lx in out):
        out = _healthy_people(out)
    if any(lx.type == "W" and lx.value.lower() == "measurable" for lx in out):
        out = _measurable_before(out)
    if any(lx.type == "EV_REPRO" and lx.value == _CONTRACEPTION for lx in out):
        out = _contraception_leads(out)
    if any(lx.type == "LAB" and lx.value in _QT_FIELDS for lx in out):
        out = _drugs_by_effect(out, text if text is not None else _doc_text(doc))
    if any(lx.type == "W" and lx.value.lower() in _EFFECT_VERBS for lx in out):
        out = _drugs_affecting(out, text if text is not None else _doc_text(doc))
    if any(lx.type == "UNIT" for lx in out) and any(lx.type == "LPAR" for lx in out):
        out = _restated_units(out)
    if sum(lx.type == "LAB" for lx in out) > 1:
        out = _one_lab_name(out, text if text is not None else _doc_text(doc))
    if sum(lx.type == "EV_SEX" for lx in out) == 2 and any(lx.type in _MEASURED for lx in out):
        out = _bounds_per_sex_bare(_per_sex_past_semicolons(out))
    if any(lx.type == "EV_SEX" for lx in out):
        out = _sexes_of_bounds(out, text if text is not None else _doc_text(doc))
    if any(lx.type == "EQUIV" for lx in out) and any(lx.type == "EV_MED" for lx in out):
        out = _dose_equivalents(_equivalent_to(out))
    if any(lx.type in _DRUG_TERMS for lx in out):
        if any(lx.type == "TIME_UNIT" for lx in out):
            out = _therapy_ends(out)
        out = _drug_acts(out, text if text is not None else _doc_text(doc))
        out = _participation_acts(out)
        if any(lx.type == "STATUS" and lx.value == "stable" for lx in out):
            out = _stable_doses(out)
    if any(lx.type in _ENDED_TERMS for lx in out) and any(lx.type == "TIME_UNIT" for lx in out):
        out = _therapy_end_verbs(out)  # after _drug_acts: "radiation therapy completed ≤ 7 days prior"
    if may_qualify(out):  # a receptor status may stand without its term: "ER-positive"
        out = read_qualifiers(out, text if text is not None else _doc_text(doc))
    if any(lx.type == "EV_COND" and lx.value in HEART_FAILURE for lx in out):
        out = heart_failure_classes(out)
    if marks is None:
        marks = _marks_in(doc, start, end)
    if marks and class_scales().intersection(k for _, _, k in marks):
        return scale_classes(out)
    return out


_STAGE_WORDS = frozenset({"stage", "stages"})
_STAGE_VALUE = re.compile(r"^(?:0|[1-4][a-c]?|i{1,3}[a-c]?|iv[a-c]?)$", re.IGNORECASE)
_ROMAN_STAGES = ("I", "II", "III", "IV")
_STAGE_SEPARATORS = frozenset({"OR", "AND", "COMMA", "SLASH", "DASH", "TO"})


def _stage_name(value: str) -> str:
    """"4" → "IV", "iiib" → "IIIB", "IVa" → "IVA": roman numerals, letter after."""
    head = value.rstrip("abcABC")
    letter = value[len(head):].upper()
    roman = _ROMAN_STAGES[int(head) - 1] if head.isdigit() and head != "0" else head.upper()
    return roman + letter


def _major(stage: str) -> int:
    head = stage.rstrip("ABC")
    return _ROMAN_STAGES.index(head) + 1 if head in _ROMAN_STAGES else 0


def _stages(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"Stage IV non-small cell lung cancer", "stage III or IV", "stage IIIB-IV", "stages II/III": one
    STAGE lexeme holding the stages the text allows ("III|IV"; a range holds every stage between its
    ends). Left plain, "stage IV" was taken in among the words before a condition and lost."""
    out: list[Lexeme] = []
    i = 0
    while i < len(lexemes):
        lx = lexemes[i]
        if not (lx.type == "W" and lx.value.lower() in _STAGE_WORDS and i + 1 < len(lexemes)
                and _STAGE_VALUE.match(lexemes[i + 1].value) and lexemes[i + 1].type in ("W", "NUM")
                and not (i and lexemes[i - 1].type == "DASH")):  # "end-stage renal disease"
            out.append(lx)
            i += 1
            continue
        stages = [_stage_name(lexemes[i + 1].value)]
        j = i + 2
        while j < len(lexemes):
            k = j
            while k < len(lexemes) and lexemes[k].type in _STAGE_SEPARATORS and k - j < 2:
                k += 1
            if k == j or k >= len(lexemes) or lexemes[k].type not in ("W", "NUM") or not _STAGE_VALUE.match(lexemes[k].value):
                break
            stage = _stage_name(lexemes[k].value)
            if any(lexemes[m].type in ("DASH", "TO") for m in range(j, k)):  # a range: every stage between
                stages += [_ROMAN_STAGES[m - 1] for m in range(_major(stages[-1]) + 1, _major(stage))]
            stages.append(stage)
            j = k + 1
        out.append(Lexeme("STAGE", "|".join(dict.fromkeys(stages)), lx.start, lexemes[j - 1].end))
        i = j
    return out


NAIVE_WORDS = frozenset({"naive", "naïve"})
#: a negation compose reads on the therapy before it ("insulin-naïve") or after it ("naïve to X");
#: a terminal of its own that no grammar family knows, so that none reads it onto a later event
NAIVE = "NAIVE"
_SITE_LINKS = (("of",), ("of", "the"), ("in", "the"), ("the",))  # "of the" before a site; "the" after an origin cue


def _sites_after_conditions(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"Adenocarcinoma of the prostate", "carcinoma of the breast": "of (the)" between a condition and
    a site says where it arose, as "originating from" does (one ORIGIN cue, read by the events
    grammar as the condition's site); "originating from the prostate" loses its "the" the same way.
    The site had been left over, and the condition read without it."""
    out: list[Lexeme] = []
    i = 0
    while i < len(lexemes):
        lx = lexemes[i]
        if out and out[-1].type in ("EV_COND", "ORIGIN"):
            link = next((words for words in _SITE_LINKS
                         if [x.value.lower() for x in lexemes[i:i + len(words)] if x.type == "W"] == list(words)
                         and all(x.type == "W" for x in lexemes[i:i + len(words)])
                         and i + len(words) < len(lexemes) and lexemes[i + len(words)].type == "EV_SITE"), None)
            if link is not None and not (out[-1].type == "EV_COND" and link == ("the",)):
                end = lexemes[i + len(link) - 1].end
                if out[-1].type == "ORIGIN":
                    out[-1] = Lexeme("ORIGIN", out[-1].value, out[-1].start, end)
                else:
                    out.append(Lexeme("ORIGIN", "origin", lx.start, end))
                i += len(link)
                continue
        out.append(lx)
        i += 1
    return out




def _free_after(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"Seizure-free for at least 12 months", "headache free": "free" right after an event's term
    (a hyphen between or not) says the patient has been without it, as "free of seizures" does. The
    event gets a negation of its own before it (no width: "free" is its word) and takes in "-free",
    so the length after it is how long the event has been absent (``compose/absences``). Read as a
    word, the seizures had been required. Not when a noun follows ("progression-free survival",
    "steroid-free regimen", "headache-free days": "X-free" describes it) nor before a closing
    parenthesis ("melphalan (propylene glycol-free)": a product's description)."""
    out: list[Lexeme] = []
    i = 0
    while i < len(lexemes):
        lx = lexemes[i]
        k = i + 1 + (i + 1 < len(lexemes) and lexemes[i + 1].type == "DASH")
        after = lexemes[k + 1] if k + 1 < len(lexemes) else None
        if (lx.type in _ABSENT_TERMS and k < len(lexemes) and lexemes[k].type == "W" and lexemes[k].value.lower() == "free"
                and (after is None or after.type in _AFTER_FREE or (after.type == "W" and after.value.lower() in _AFTER_FREE_WORDS))
                and not (out and out[-1].type == "NEG")):
            out.append(Lexeme("NEG", "not", lx.start, lx.start))
            out.append(Lexeme(lx.type, lx.value, lx.start, lexemes[k].end))
            i = k + 1
            continue
        out.append(lx)
        i += 1
    return out


_ABSENT_TERMS = frozenset({"EV_COND", "EV_MED", "EV_THERAPY"})
#: what may follow "X-free" when it says an absence: a length, a time, the clause's end or its list
_AFTER_FREE = frozenset({"FOR", "REL", "CMP", "NUM", "COMMA", "SEMI", "COLON", "AND", "OR", "ANCHOR"})
_AFTER_FREE_WORDS = frozenset({"for", "since", "and", "or", "from", "during", "within", "over", "at", "in"})


_REACTION = "hypersensitivity"  # the condition the adjectives of lexicons/reaction_adjectives.txt name
_AGENT_TERMS = frozenset({"EV_MED", "EV_THERAPY"})
_AGENT_REACH = 6  # lexemes after "to" within which the agent must be named ("to any component of the study drug")


def _reacting_to(lexemes: list[Lexeme], reacting: frozenset[str]) -> list[Lexeme]:
    """"Allergic to penicillin", "allergic or hypersensitive to any component of the study drug": the
    adjective (or two joined by "or"/"and") right before "to" names the reaction, as "allergy" does, so
    what follows "to" is what the reaction is to (join reads it as the condition's cause). Left a word,
    the drug after it had been required. Only when a drug or therapy is named within a few words after
    "to": "allergic to the active components of the study treatment" names none we read, and a bare
    reaction beside those words broke the list it stood in. Not "allergic rhinitis": no "to" follows. ``reacting``: the adjectives of ``lexicons/reaction_adjectives.txt``."""
    out: list[Lexeme] = []
    i = 0
    while i < len(lexemes):
        lx = lexemes[i]
        if lx.type == "W" and lx.value.lower() in reacting:
            end = i
            if (i + 2 < len(lexemes) and lexemes[i + 1].type in ("OR", "AND")
                    and lexemes[i + 2].type == "W" and lexemes[i + 2].value.lower() in reacting):
                end = i + 2
            after = lexemes[end + 1] if end + 1 < len(lexemes) else None
            if (after is not None and after.type in ("W", "TO") and after.value.lower() == "to"
                    and any(x.type in _AGENT_TERMS for x in lexemes[end + 2:end + 2 + _AGENT_REACH])):
                out.append(Lexeme("EV_COND", _REACTION, lx.start, lexemes[end].end))
                i = end + 1
                continue
        out.append(lx)
        i += 1
    return out


_DRUG_TERMS = frozenset({"EV_THERAPY", "EV_MED"})


def _postposed_contras(lexemes: list[Lexeme], words: frozenset[str]) -> list[Lexeme]:
    """"Gemcitabine intolerance", "oxaliplatin, fludarabine, or cytarabine intolerance": a word of
    ``lexicons/postposed_contra_words.txt`` right after a drug or therapy says the patient cannot
    take it, as "is contraindicated" does after it (join reads what it governs). Left a word, the
    drugs before it had been required. After anything else it stays a word ("carbohydrate intolerance")."""
    return [Lexeme("CONTRA", CONTRA_AFTER, lx.start, lx.end)
            if lx.type == "W" and lx.value.lower() in words and i > 0 and lexemes[i - 1].type in _DRUG_TERMS else lx
            for i, lx in enumerate(lexemes)]


#: words that may stand between "off" and the drug it is off ("off all prior therapy", "off of steroids")
_OFF_GAP = frozenset({"all", "any", "of", "these", "other", "prior", "systemic", "high-dose"})
#: words before "off" that make it part of another verb ("signed off", "switched off", "on or off X")
_OFF_VERBS = frozenset({"signed", "sign", "switched", "switch", "turned", "turn", "cut", "on", "tapered",
                        "taper", "tapering", "or"})


def _off_as_absence(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"Off steroids for at least 5 days", "must be off all prior therapy for 2 weeks": "off" before
    the drug or therapy it names (a few words between, :data:`_OFF_GAP`) is a negation of absence,
    as "free of" is (``absence_words.txt``): the length after it is how long the patient has been
    without it. Read as a word, the drug had been required and the length hung on it. Not
    "off-label", "cut-off", "signed off", "on or off antihypertensives", "tapered off" (an act)."""
    out = list(lexemes)
    for i, lx in enumerate(lexemes):
        if lx.type != "W" or lx.value.lower() != "off" or i + 1 >= len(lexemes):
            continue
        before = lexemes[i - 1] if i else None
        if before is not None and (before.type == "DASH" or before.value.lower() in _OFF_VERBS):
            continue
        k = i + 1
        while k < len(lexemes) and k <= i + 3 and lexemes[k].value.lower() in _OFF_GAP:
            k += 1
        if k < len(lexemes) and lexemes[k].type in ("EV_MED", "EV_THERAPY") and lexemes[i + 1].type != "DASH":
            out[i] = Lexeme("NEG", "not", lx.start, lx.end)
    return out


_CUE_ASIDE_REACH = 16  # lexemes of a parenthesis that may stand inside a recovery cue


def _recovery_around_an_aside(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"Has not recovered (i.e., ≤ Grade 1 or at baseline) from adverse events": a parenthesis
    saying what recovery means, written inside the cue "(has not) recovered from", leaves the cue
    whole: the recovery (denied after "not") before the parenthesis, the "from" after it read into
    the cue. Split by it, "has not recovered" stood unread, and the toxicity still active was lost."""
    out = list(lexemes)
    for i, lx in enumerate(lexemes):
        if (lx.type != "W" or not lx.value.lower().startswith(recovery_stems()) or i + 1 >= len(lexemes)
                or lexemes[i + 1].type != "LPAR"):
            continue
        close = next((k for k in range(i + 2, min(len(lexemes), i + _CUE_ASIDE_REACH)) if lexemes[k].type in ("RPAR", "LPAR")), None)
        if close is None or lexemes[close].type != "RPAR" or close + 1 >= len(lexemes) or lexemes[close + 1].type != "FROM":
            continue
        denied = i > 0 and lexemes[i - 1].type == "NEG" and out[i - 1] is not None
        start = lexemes[i - 1].start if denied else lx.start
        if denied:
            out[i - 1] = None  # type: ignore[call-overload]
        out[i] = Lexeme("RECOVERED", "unrecovered" if denied else "recovered", start, lx.end)
        out[close + 1] = None  # type: ignore[call-overload]
    return [lx for lx in out if lx is not None]


_ROMAN_ORDINALS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")
_SEPARATORS = frozenset({"COMMA", "SEMI", "COLON", "OR", "AND"})


def _ordinal(value: str) -> tuple[str, int] | None:
    """``("digit", 3)`` for "3", ``("letter", 2)`` for "b", ``("roman", 4)`` for "iv"; else ``None``."""
    low = value.lower()
    if value.isdigit() and len(value) <= 2:
        return "digit", int(value)
    if low in _ROMAN_ORDINALS and low != "v" and low != "x":  # "v" and "x" alone are letters more often
        return "roman", _ROMAN_ORDINALS.index(low) + 1
    if len(low) == 1 and "a" <= low <= "h":
        return "letter", ord(low) - ord("a") + 1
    return None


def _enumerator_marks(lexemes: list[Lexeme]) -> list[tuple[int, int, tuple[str, int]]]:
    """``(first, last, ordinal)`` of each "1)", "(2)", "b)", "(iii)" among ``lexemes``: a number
    or letter closed by a parenthesis that closes no other ("(grade 1)" is no mark)."""
    marks, depth = [], 0
    for i, lx in enumerate(lexemes):
        if lx.type == "LPAR":
            depth += 1
        elif lx.type == "RPAR":
            opened = i >= 2 and lexemes[i - 2].type == "LPAR"
            ordinal = _ordinal(lexemes[i - 1].value) if i and lexemes[i - 1].type in ("NUM", "W", "STAGE") else None
            if ordinal is not None and (opened or depth == 0):
                marks.append((i - 2 if opened else i - 1, i, ordinal))
            depth = max(depth - 1, 0)
    return marks


def _without_enumerators(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"Use within 14 days of: 1) topical steroids, 2) retinoids, or 3) phototherapy": marks
    counting the members of a list inside a sentence are punctuation, not numbers or words to
    read. Only a run counted from one (1, 2…; a, b…; i, ii…) of two marks or more is taken; a mark
    with no separator before it stands for a comma, so the members still read as a list."""
    marks = _enumerator_marks(lexemes)
    runs: dict[str, list[tuple[int, int]]] = {}
    for first, last, (kind, number) in marks:
        run = runs.setdefault(kind, [])
        if number == len(run) + 1:
            run.append((first, last))
    taken = [span for run in runs.values() if len(run) >= 2 for span in run]
    if not taken:
        return lexemes
    dropped = {i for first, last in taken for i in range(first, last + 1)}
    opens = {first for first, _ in taken}
    out: list[Lexeme] = []
    for i, lx in enumerate(lexemes):
        if i in opens and out and out[-1].type not in _SEPARATORS and out[-1].type != "LPAR":
            out.append(Lexeme("COMMA", ",", lx.start, lx.start))
        if i not in dropped:
            out.append(lx)
    return out


_DIGIT_LIST = re.compile(r"^\d(?:,\d)+$")
_LIST_GOES_ON = frozenset({"COMMA", "OR", "AND"})


def _one_counted_lesion(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"At least 1 lesion >= 20 mm", "≥ 1 lesion ≥ 10 mm": a count of one before a lesion that has its own
    bound is what the bound on the lesion already means (some lesion measures so much), not a number
    left over beside it: the count joins the measure's words (its name stays "lesion")."""
    out: list[Lexeme] = []
    for i, lx in enumerate(lexemes):
        if (lx.type == "MEASURE" and len(out) >= 2 and out[-2].type == "CMP" and out[-2].value == ">="
                and out[-1].value.lower() in ("1", "one") and i + 1 < len(lexemes) and lexemes[i + 1].type == "CMP"
                and lx.value.lower().split()[-1] in _COUNTED_LESIONS):
            start = out[-2].start
            del out[-2:]
            out.append(Lexeme("MEASURE", lx.value, start, lx.end))
            continue
        out.append(lx)
    return out


#: What one of is counted before its size ("at least 1 lesion >= 20 mm").
_COUNTED_LESIONS = frozenset({"lesion", "lesions", "tumor", "tumors", "tumour", "tumours", "node", "nodes", "mass", "masses"})


def _powers_of_ten(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"HCV RNA >= 10^4 IU/mL", "HBV DNA > 2 x 10^4 IU/mL": a power of ten written with a caret is
    one number (10,000; 20,000), not the number 10 followed by a stray "^ 4". Only where the three
    are written together ("10 ^ 4" with spaces is not read so) and the exponent is a whole number."""
    out: list[Lexeme] = []
    i = 0
    while i < len(lexemes):
        lx = lexemes[i]
        if (lx.type == "NUM" and lx.value == "10" and i + 2 < len(lexemes) and lexemes[i + 1].value == "^"
                and lexemes[i + 2].type == "NUM" and lexemes[i + 2].value.isdigit() and len(lexemes[i + 2].value) <= 2
                and lx.end == lexemes[i + 1].start and lexemes[i + 1].end == lexemes[i + 2].start):
            value, start = 10 ** int(lexemes[i + 2].value), lx.start
            if len(out) >= 2 and out[-1].type == "TIMES" and out[-2].type == "NUM" and parse_number(out[-2].value):
                value, start = parse_number(out[-2].value) * value, out[-2].start  # "2 x 10^4": one number
                del out[-2:]
            out.append(Lexeme("NUM", f"{value:.10g}" if value < 1e15 else "inf", start, lexemes[i + 2].end))
            i += 3
            continue
        out.append(lx)
        i += 1
    return out


def _listed_digits(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"ECOG 0,1, or 2", "ECOG 0,1,2": single digits the tokenizer kept in one token are a list, not
    a decimal comma ("0,1" read as 0.1), when the list goes on after them or holds three or more;
    "1,5 mg/dL" (a unit follows) stays a number."""
    out: list[Lexeme] = []
    for i, lx in enumerate(lexemes):
        following = lexemes[i + 1].type if i + 1 < len(lexemes) else None
        if lx.type == "NUM" and _DIGIT_LIST.match(lx.value) and (following in _LIST_GOES_ON or lx.value.count(",") >= 2):
            for k, digit in enumerate(lx.value.split(",")):
                at = lx.start + 2 * k
                if k:
                    out.append(Lexeme("COMMA", ",", at - 1, at))
                out.append(Lexeme("NUM", digit, at, at + 1))
            continue
        out.append(lx)
    return out


_SCORE_REACH = 4  # lexemes between a performance scale and the list of its scores


def _denied_statuses(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """"Not stable brain metastases", "angina that is not stable": the word "not" right before a
    status with an opposite (``lexicons/status_opposites.tsv``) says the opposite status, not the
    absence of the condition with the status: read as not(stable brain metastases), an exclusion had
    excluded every patient without stable brain metastases. Only the bare word "not" ("no stable
    angina", "must not have" deny the condition)."""
    opposites = status_opposites()
    out: list[Lexeme] = []
    for i, lx in enumerate(lexemes):
        before = out[-1] if out else None
        if (lx.type == "STATUS" and lx.value in opposites and before is not None and before.type == "NEG"
                and text[before.start:before.end].lower() == "not" and _states_a_condition(lexemes, i)
                and (lx.value == "stable" or text[lx.start:lx.end].lower() == lx.value)):
            # "not adequately treated", "not treated with curative intent": treated, but not so; not untreated
            out[-1] = Lexeme("STATUS", opposites[lx.value], before.start, lx.end)
            continue
        out.append(lx)
    return out


def _states_a_condition(lexemes: list[Lexeme], i: int) -> bool:
    """Whether the status at ``i`` is said of a condition: one right after it ("not stable brain
    metastases"), or one before it that the status closes ("brain metastases that are not stable,").
    Not a status that goes on to what settles it ("not treated with surgery", "not resolved to
    grade 1"): the denial there is of the act, read elsewhere."""
    after = lexemes[i + 1] if i + 1 < len(lexemes) else None
    if after is not None and after.type == "EV_COND":
        return True
    if after is not None and after.type not in _STATUS_CLOSERS:
        return False
    k = i - 2  # before the "not"
    while k >= 0 and lexemes[k].type not in ("EV_COND", "COMMA", "SEMI", "LPAR", "RPAR"):
        k -= 1
    return k >= 0 and lexemes[k].type == "EV_COND"


#: What may follow a status said of a condition before it: the clause's end or the next alternative.
_STATUS_CLOSERS = frozenset({"COMMA", "SEMI", "OR", "AND", "RPAR", "PERIOD", "DOT"})


def _equal_to_a_set(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"ECOG performance status = 0 or 1": an equals sign before scores listed with "or" says the score
    is one of them (the grammar's set "0 or 1"), not that it is 0 with "or 1" left over. The sign is
    dropped from the view: the grammar cannot see at "or" whether a set or another scale follows."""
    signs = set()
    for i, lx in enumerate(lexemes):
        if lx.type not in ("PERF", "PERF_PS"):
            continue
        k = _first_score(lexemes, i)
        if k is None or lexemes[k - 1].type != "CMP" or lexemes[k - 1].value != "==":
            continue
        j = k
        while j + 2 < len(lexemes) and lexemes[j + 1].type in ("COMMA", "OR") and lexemes[j + 2].type == "NUM":
            j += 2
        if j > k and any(lexemes[m].type == "OR" for m in range(k + 1, j, 2)):
            signs.add(k - 1)
    return [lx for i, lx in enumerate(lexemes) if i not in signs] if signs else lexemes


#: What an age group in parentheses holds after its words: "(for patients > 16 years of age)", "(if 16
#: years of age or younger)"
_AGE_GROUP_PARTS = frozenset({"CMP", "CMP_POST", "NUM", "TIME_UNIT", "AGE_OF", "OLD", "AGE", "AGE_GROUP", "DASH", "TO"})
_AGE_GROUP_WORDS = frozenset({"W", "FOR", "PERSON"})
_AGE_GROUP_REACH = 8  # lexemes from the words to the closing parenthesis


def _age_groups_in_parentheses(out: list[Lexeme]) -> list[Lexeme]:
    """"Karnofsky 50-100% (for patients > 16 years of age) or Lansky 50-100% (for patients <= 16 years
    of age)": the age group a performance score is for, written in parentheses right after the score,
    is read as it is without them ("Lansky >= 50 for patients < 16 years"): the parentheses go from the
    view. Read beside the scores, each group's age was asked of every patient, and no one could be
    both older and younger than 16."""
    drop: set[int] = set()
    scored = False
    for i, lexeme in enumerate(out):
        scored = scored or lexeme.type == "PERF"
        if lexeme.type != "LPAR" or not scored or i == 0 or out[i - 1].type not in ("NUM", "UNIT"):
            continue
        j = i + 1
        while j < len(out) and out[j].type in _AGE_GROUP_WORDS:
            j += 1
        close = next((k for k in range(j, min(len(out), j + _AGE_GROUP_REACH)) if out[k].type == "RPAR"), None)
        if j == i + 1 or close is None or not all(out[k].type in _AGE_GROUP_PARTS for k in range(j, close)) \
                or not any(out[k].type == "TIME_UNIT" for k in range(j, close)):
            continue
        drop |= {i, close}
    return [lexeme for n, lexeme in enumerate(out) if n not in drop] if drop else out


def _first_score(lexemes: list[Lexeme], scale: int) -> int | None:
    """The index of the first number within reach after the performance scale at ``scale``."""
    return next((m for m in range(scale + 1, min(len(lexemes), scale + 1 + _SCORE_REACH)) if lexemes[m].type == "NUM"), None)


def _listed_scores(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"ECOG 0 or 1 or 2": scores each joined by "or" are the grammar's set "0, 1 or 2" (every "or" but
    the last read as a comma): at an "or" after a score the grammar cannot see whether a score or
    another scale follows."""
    out = list(lexemes)
    for i, lx in enumerate(lexemes):
        if lx.type not in ("PERF", "PERF_PS"):
            continue
        k = _first_score(lexemes, i)
        if k is None:
            continue
        ors = []
        while k + 2 < len(lexemes) and lexemes[k + 1].type in ("OR", "COMMA") and lexemes[k + 2].type == "NUM":
            if lexemes[k + 1].type == "OR":
                ors.append(k + 1)
            k += 2
        for m in ors[:-1]:
            out[m] = Lexeme("COMMA", ",", lexemes[m].start, lexemes[m].end)
    return out


def _score_runs(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"ECOG 0, 1, 2": scores listed with commas alone, every one from the first to the last, are
    the range "0-2" (one dash lexeme spans the middle). The grammar reads "0, 1 or 2" as a set;
    without the "or", a list that may also end in "or <another scale>" is no rule it can decide."""
    out = list(lexemes)
    for i, lx in enumerate(lexemes):
        if lx.type not in ("PERF", "PERF_PS"):
            continue
        k = i + 1
        while k < len(lexemes) and k <= i + _SCORE_REACH and lexemes[k].type not in ("NUM",):
            k += 1
        j = k
        while j + 2 < len(lexemes) and lexemes[j].type == "NUM" and lexemes[j + 1].type == "COMMA" and lexemes[j + 2].type == "NUM":
            j += 2
        if j - k < 2 or (j + 1 < len(lexemes) and lexemes[j + 1].type in ("OR", "AND", "COMMA")):
            continue  # one score, or the list goes on with "or": the grammar's own forms
        scores = [lexemes[m].value for m in range(k, j + 1, 2)]
        if not all(v.isdigit() for v in scores) or [int(v) for v in scores] != list(range(int(scores[0]), int(scores[-1]) + 1)):
            continue
        dash = Lexeme("DASH", "-", lexemes[k].end, lexemes[j].start)
        out = out[:k] + [lexemes[k], dash, lexemes[j]] + out[j + 1:]
        break
    return out


#: "or above" before a number is "or" and "above" ("below 100 or above 140 mmHg"), not "or more"
#: after one ("18 years or above"): the comparator its word says, joined by "or".
_OR_WORDS = {"above": ">", "over": ">", "greater": ">", "more": ">", "higher": ">", "older": ">",
             "below": "<", "under": "<", "less": "<", "fewer": "<", "lower": "<", "younger": "<"}


#: "< 50 bpm and more than 100 bpm": the words of a second bound's comparator after "and" ("18 and older
#: than 18" is no second bound), and what the first bound ends in.
_SECOND_BOUND_WORDS = frozenset({"more", "greater", "higher", "less", "fewer", "lower"})
#: ... and the words that are a comparator without "than" ("18 and below 32", "40 and under 75")
_SECOND_BOUND_ALONE = frozenset({"above", "below", "under", "over"})
_AMOUNT_ENDS = frozenset({"NUM", "UNIT", "DOSE_UNIT", "TIME_UNIT", "ULN", "RPAR"})
_STATUS_TARGETS = frozenset({"EV_COND", "EV_PROC", "EV_THERAPY", "EV_MED", "STATUS"})


_CLAUSE_ENDS = frozenset({"COMMA", "SEMI", "RPAR"})




def _infection_tests(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"Hepatitis B surface antigen", "hepatitis C antibodies", "HIV RNA": a test for the infection
    named before it. Its words are the infection's (the term's reading spans them) and it is found by
    a test: a positive test, unless a result after it says otherwise ("… negative")."""
    out: list[Lexeme] = []
    i = 0
    while i < len(lexemes):
        term = lexemes[i]
        j = i + 1
        while j < len(lexemes) and lexemes[j].type == "W" and lexemes[j].value.lower() in word_list("infection_test_words.txt"):
            j += 1
        if term.type != "EV_COND" or j == i + 1 or not _infection(term.value):
            out.append(term)
            i += 1
            continue
        if _abbreviated(lexemes, j):  # "hepatitis B surface antigen (HBsAg) positive": the test's short name
            j += 3
        if out and out[-1].type == "W" and out[-1].value.lower() in _POSITIVE_WORDS:  # "a positive HCV antibody"
            out[-1] = Lexeme("STATUS", "positive_test", out[-1].start, out[-1].end)
        led = bool(out) and out[-1].type == "STATUS" and out[-1].value == "positive_test"
        dashed = j + 1 < len(lexemes) and lexemes[j].type == "DASH"  # "… surface antigen-positive"
        k = j + dashed
        result = lexemes[k].value.lower() if k < len(lexemes) and lexemes[k].type == "W" else None
        if result in _POSITIVE_WORDS:  # "… surface antigen positive": the word says what the status says
            j = k + 1
        if not led and result != "negative":
            out.append(Lexeme("STATUS", "positive_test", term.start, lexemes[j - 1].end))
        out.append(term._replace(end=lexemes[j - 1].end))
        i = j
    return out


_RESULT_STATUS = {"positive": "positive_test", "positivity": "positive_test", "seropositive": "positive_test",
                  "seropositivity": "positive_test", "infected": None}
"""Words after an infection that say the patient has it: a positive test, as "HIV positivity" and
"hepatitis B positive" read (a record of the diagnosis need not hold it), or "infected": the infection."""
_GLUED_RESULT = re.compile(r"^[A-Za-z0-9]+\)-(" + "|".join(_RESULT_STATUS) + r")$", re.IGNORECASE)


def _infection_results(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"HCV infected", "hepatitis C positive OR …", "human immunodeficiency virus (HIV)-positive", "(HIV)
    seropositivity": a result word right after an infection (or after its short name in parentheses)
    says the patient has it, a positive test where the word says one; its words are the infection's. Left a
    word beside the term, the criterion could never be met. Run after :func:`_infection_tests`, which
    reads a test named between ("hepatitis B surface antigen positive"), and before
    :func:`_test_results_after`, which also reads a negative result and moves the status before the term."""
    out: list[Lexeme] = []
    i = 0
    while i < len(lexemes):
        term = lexemes[i]
        found = _result_after(lexemes, i + 1) if term.type == "EV_COND" and _infection(term.value) else None
        if found is None:
            out.append(term)
            i += 1
            continue
        status, stop = found
        end = lexemes[stop - 1].end
        if status is not None and not (out and out[-1].type == "STATUS" and out[-1].value == status):
            out.append(Lexeme("STATUS", status, term.start, end))
        out.append(term._replace(end=end))
        i = stop
    return out


def _result_after(lexemes: list[Lexeme], j: int) -> tuple[str | None, int] | None:
    """``(status, index after the result)`` when a result word stands at ``j`` (after a short name in
    parentheses and a dash, or glued to the short name: "HIV)-positive"); else ``None``."""
    if j + 1 < len(lexemes) and lexemes[j].type == "LPAR" and lexemes[j + 1].type == "W":
        glued = _GLUED_RESULT.match(lexemes[j + 1].value)
        if glued:  # the tokenizer kept "HIV)-positive" whole
            return _RESULT_STATUS[glued.group(1).lower()], j + 2
    named = _abbreviated(lexemes, j)
    if named:
        j += 3
    if j < len(lexemes) and lexemes[j].type == "DASH":
        j += 1
    word = lexemes[j].value.lower() if j < len(lexemes) and lexemes[j].type == "W" else None
    if word not in _RESULT_STATUS:
        return None
    return _RESULT_STATUS[word], j + 1


_POSITIVE_WORDS = frozenset({"positive", "reactive"})  # a test result that finds the infection
_NEGATIVE_WORDS = frozenset({"negative", "seronegative"})  # one that does not: "CMV seronegative"


def _abbreviated(lexemes: list[Lexeme], j: int) -> bool:
    """Whether a one-word short name in parentheses stands at ``j`` ("(HBsAg)", "(HCVAb)")."""
    return (j + 2 < len(lexemes) and lexemes[j].type == "LPAR" and lexemes[j + 2].type == "RPAR"
            and lexemes[j + 1].type == "W")


_EVENT_TERMINALS = frozenset({"EV_COND", "EV_PROC", "EV_THERAPY", "EV_MED"})
_SUBTYPE_JOINS = frozenset({"COMMA", "OR", "AND", "SLASH", "NUM"})


def _subtypes(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"Bipolar disorder (I, II, NOS)", "diabetes (type 1 or 2)": the kinds of the condition before,
    all of them: the condition itself, whose reading spans them."""
    out: list[Lexeme] = []
    i = 0
    while i < len(lexemes):
        term = lexemes[i]
        if term.type != "EV_COND" or i + 1 >= len(lexemes) or lexemes[i + 1].type != "LPAR":
            out.append(term)
            i += 1
            continue
        close = next((j for j in range(i + 2, min(len(lexemes), i + 12)) if lexemes[j].type == "RPAR"), None)
        inner = lexemes[i + 2 : close] if close is not None else []
        if (close is not None and inner
                and all(lx.type in _SUBTYPE_JOINS or (lx.type == "W" and lx.value.lower() in word_list("subtype_words.txt"))
                        for lx in inner)
                and sum(lx.type == "W" or lx.type == "NUM" for lx in inner) >= 2):
            out.append(term._replace(end=lexemes[close].end))
            i = close + 1
            continue
        out.append(term)
        i += 1
    return out


def _abbreviations(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"Human immunodeficiency virus (HIV)": the abbreviation in parentheses names the term before it
    again; one term spans both, or a list would read the infection twice."""
    out: list[Lexeme] = []
    i = 0
    while i < len(lexemes):
        term = lexemes[i]
        window = lexemes[i + 1 : i + 4]
        if (term.type in _EVENT_TERMINALS and len(window) == 3 and window[0].type == "LPAR"
                and window[1].type == term.type and window[1].value == term.value and window[2].type == "RPAR"):
            out.append(term._replace(end=window[2].end))
            i += 4
            continue
        out.append(term)
        i += 1
    return out


_RELATIVES = ("which ", "that ")  # the words a cue phrase of need may open with ("…, which requires …")
_GENERIC_THERAPIES = frozenset({"systemic_therapy"})  # "requiring systemic therapy": any, not anticancer


def _needing_treatment(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """"Infection requiring intravenous antibiotics", "arrhythmia requiring medication", "malignancy,
    which requires systemic treatment": how severe the condition is (it needs treatment), not a
    requirement to be on that treatment. The words become the condition's status
    ``needs_treatment``, put before it as statuses are read."""
    out = list(lexemes)
    i = 0
    while i < len(out) - 2:
        term, cue = out[i], out[i + 1]
        # after a comma, the cue's own words may open with the relative ("which requires": cues.jsonl)
        relative = (cue.type == "COMMA" and i + 2 < len(out) and out[i + 2].type == "STATUS"
                    and text[out[i + 2].start:out[i + 2].end].lower().startswith(_RELATIVES))
        if relative:
            cue = out[i + 2]
        at = i + (2 if relative else 1)
        clause = _relative_then_required(out, i + 1, text) if term.type == "EV_COND" and not relative else None
        if clause is not None:  # "autoimmune disease that has required systemic treatment"
            at = clause
            cue = out[at]
        if term.type != "EV_COND" or cue.type != "STATUS" or cue.value != "current":
            i += 1
            continue
        j = at + 1
        # "requiring chronic treatment": a qualifier the cue lexicon also reads as a status is one still
        while j < len(out) and out[j].type in ("W", "STATUS") and \
                text[out[j].start:out[j].end].lower() in word_list("treatment_qualifiers.txt"):
            j += 1
        # a named drug or class ("requiring immunosuppressive therapy") stays what it is: only words
        # that name no particular treatment are the condition's severity
        treated = j < len(out) and ((out[j].type == "EV_THERAPY" and out[j].value in _GENERIC_THERAPIES)
                                    or (out[j].type == "W" and out[j].value.lower() in word_list("treatment_words.txt")))
        if not treated:
            if relative:  # "Infection, which requires IV antibiotics": the clause describes it, no list
                del out[i + 1]
            i += 1
            continue
        status = Lexeme("STATUS", "needs_treatment", term.start, out[j].end)
        out[i : j + 1] = [status, term]
        i += 2
    return out


def _relative_then_required(lexemes: list[Lexeme], k: int, text: str) -> int | None:
    """The index of "required"/"requires" after a relative and its auxiliary ("that has required",
    "which has required", "that required") from ``k``, or ``None``: the condition's own need of
    treatment, as "requiring" right after it says."""
    words = 0
    while k < len(lexemes) and lexemes[k].type == "W" and lexemes[k].value.lower() in _RELATIVE_AUXILIARIES:
        k, words = k + 1, words + 1
    if not words or k >= len(lexemes) or lexemes[k].type != "STATUS" or lexemes[k].value != "current":
        return None
    said = text[lexemes[k].start:lexemes[k].end].lower()
    return k if said.startswith(("requir", "need")) and lexemes[k - words].value.lower() in _RELATIVES_ALONE else None


_RELATIVES_ALONE = frozenset(r.strip() for r in _RELATIVES)  # what opens the clause
_RELATIVE_AUXILIARIES = _RELATIVES_ALONE | {"has", "have", "had", "previously", "ever"}

_PLURAL_MARKS = frozenset({"s", "es"})


def _without_plural_marks(lexemes: list[Lexeme]) -> list[Lexeme]:
    """Without the optional plural glued to a word ("stroke(s)", "lesion(s)", "metastasis(es)"):
    it says nothing a criterion asks, and left in, its letter was read as text beside the rules."""
    out: list[Lexeme] = []
    i = 0
    while i < len(lexemes):
        lx = lexemes[i]
        if (lx.type == "LPAR" and out and out[-1].end == lx.start and i + 2 < len(lexemes)
                and lexemes[i + 1].type == "W" and lexemes[i + 1].value.lower() in _PLURAL_MARKS
                and lexemes[i + 2].type == "RPAR"):
            i += 3
            continue
        out.append(lx)
        i += 1
    return out


_INFECTION = "infection"
_INFECTION_LINKS = frozenset({"with", "by", "of"})


def _infection_with(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """"Infection with human immunodeficiency virus", "active infection with hepatitis B": the
    infection is the one named after "with" (or "by", "of"), one term spanning both. Read side by
    side, any infection and the named one were both required, so a patient with hepatitis B and
    no other infection on record escaped "known infection with HIV or active hepatitis B".
    "Hepatitis B virus (HBV) infection" (the abbreviation kept the two terms apart) is the named
    infection too: read side by side, "HBV infection or HCV infection" asked for both."""
    out: list[Lexeme] = []
    i = 0
    while i < len(lexemes):
        lx = lexemes[i]
        if (lx.type == "EV_COND" and lx.value == _INFECTION and out and out[-1].type == "EV_COND"
                and out[-1].value != _INFECTION and _infection(out[-1].value)):
            out[-1] = out[-1]._replace(end=lx.end)  # "hepatitis B virus (HBV) infection": the one named
            i += 1
            continue
        if lx.type == "EV_COND" and lx.value == _INFECTION and _after_an_infections_aside(out):
            # "hepatitis C virus (defined as HCV RNA detected) infection": the head of the infection
            # named before the aside, said again; read apart it was a second infection required
            i += 1
            continue
        if (lx.type == "EV_COND" and lx.value == _INFECTION and i + 2 < len(lexemes)
                and lexemes[i + 1].type == "W" and text[lexemes[i + 1].start:lexemes[i + 1].end].lower() in _INFECTION_LINKS
                and lexemes[i + 2].type == "EV_COND" and _infection(lexemes[i + 2].value)):
            named = lexemes[i + 2]
            out.append(named._replace(start=lx.start, qualifiers=lx.qualifiers + named.qualifiers))
            i += 3
            continue
        out.append(lx)
        i += 1
    return out


def _after_an_infections_aside(out: list[Lexeme]) -> bool:
    """Whether ``out`` ends with a parenthesis naming no event right after a named infection."""
    if not out or out[-1].type != "RPAR":
        return False
    depth, opening = 0, None
    for k in range(len(out) - 1, -1, -1):  # its opening bracket, past brackets inside ("HCV RNA [qualitative]")
        depth += {"RPAR": 1, "LPAR": -1}.get(out[k].type, 0)
        if depth == 0:
            opening = k
            break
    if not opening:
        return False
    named = out[opening - 1]
    return (named.type == "EV_COND" and named.value != _INFECTION and _infection(named.value)
            and not any(t.type.startswith("EV_") for t in out[opening + 1:-1]))


_SALTED = frozenset({"EV_MED", "EV_THERAPY"})


def _drug_salts(lexemes: list[Lexeme], salts: frozenset[str]) -> list[Lexeme]:
    """"Gemcitabine hydrochloride", "imatinib mesylate", "pemetrexed disodium": the salt or ester right
    after a drug term is part of its name (``lexicons/drug_salt_words.txt``); left alone it was text
    beside the drug and broke the list it stood in ("pemetrexed disodium and/or gemcitabine")."""
    out: list[Lexeme] = []
    for lexeme in lexemes:
        if (lexeme.type == "W" and lexeme.value.lower() in salts and out and out[-1].type in _SALTED
                and lexeme.start - out[-1].end <= 1):
            out[-1] = out[-1]._replace(end=lexeme.end)
            continue
        out.append(lexeme)
    return out


@cache
def _vaccines() -> frozenset[str]:
    """The drug concepts of the vaccine group (``events.jsonl``)."""
    return frozenset(c.name for c in event_lexicon() if c.kind == "medication" and c.group == "vaccine")


def _vaccine_targets(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """"HIV vaccine", "hepatitis B vaccination", "COVID-19 vaccines": a condition right before a
    vaccine names what the vaccine is against, not a disease of the patient (read as one, a
    vaccinated patient without hepatitis B escaped the exclusion of a recent vaccination). Its words
    stay as words, unread beside the vaccine (which vaccine it is, no record field says)."""
    out = list(lexemes)
    for i in range(len(out) - 1):
        term, vaccine = out[i], out[i + 1]
        if term.type == "EV_COND" and vaccine.type == "EV_MED" and vaccine.value in _vaccines():
            out[i] = Lexeme("W", text[term.start:term.end], term.start, term.end)
    return out


def _test_results_after(lexemes: list[Lexeme]) -> list[Lexeme]:
    """A test result written after the infection it is for: "CMV seropositive", "HIV positivity"
    (a positive test, as "seropositive for CMV" is), "HIV negative", "HIV-negative patients" and
    "CMV seronegative" (no infection, as "no HIV" is). The result ends a clause or names the
    persons it describes ("… patients"): "metastasis negative for ER" is no "no".
    The grammar reads a status or negation before its term: the result is moved there."""
    out: list[Lexeme | None] = list(lexemes)
    for i in range(len(out) - 1):
        term = out[i]
        if term is None or term.type != "EV_COND":
            continue
        dash = out[i + 1]
        glued = (dash is not None and dash.type == "DASH" and i + 2 < len(out) and out[i + 2] is not None
                 and dash.start == term.end and out[i + 2].start == dash.end)
        j = i + 1 + glued  # "HIV-negative"; a dash set off by spaces joins nothing
        after, nxt = out[j], out[j + 1] if j + 1 < len(out) else None
        if after is None or not (nxt is None or nxt.type in _CLAUSE_ENDS or nxt.type == "PERSON"):
            continue
        if after.type == "STATUS" and after.value == "positive_test":
            moved = after
        elif after.type == "W" and after.value.lower() in _POSITIVE_WORDS and _infection(term.value):
            moved = Lexeme("STATUS", "positive_test", after.start, after.end)  # "HIV positive"
        elif after.type == "W" and after.value.lower() in _NEGATIVE_WORDS and _infection(term.value):
            moved = Lexeme("NEG", "not", after.start, after.end)
        else:
            continue
        # the result first, spanning both words, so offsets still rise and the reading covers them
        out[i], out[i + 1] = moved._replace(start=term.start), term
        if j > i + 1:
            out[j] = None  # the hyphen of "HIV-negative" is read with the result
    return [lx for lx in out if lx is not None]


_POSITIVE_SAID = re.compile(r"\bpositiv|\breactive\b|\bseropositiv", re.IGNORECASE)


def _negative_before(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """"Negative HIV test", "negative for hepatitis B and C", "negative ELISA for HIV", "a negative
    urine test for drugs of abuse", "negative hepatitis B surface antigen": a negative result written
    before what was tested for is its absence, as "HIV negative" is. Left a plain word, the infection
    (or the drug use) alone was read as required."""
    out: list[Lexeme | None] = list(lexemes)
    function_words = word_list("function_words.txt")
    for i, lx in enumerate(lexemes):
        if lx.type == "W" and lx.value.lower() in _POSITIVE_WORDS and _names_an_infection_next(lexemes, i):
            out[i] = Lexeme("STATUS", "positive_test", lx.start, lx.end)  # "positive HIV test"
            continue
        if lx.type != "W" or lx.value.lower() not in _NEGATIVE_WORDS:
            continue
        if i and _POSITIVE_SAID.search(text, lexemes[0].start, lx.start):
            continue  # "positive serology within 12 weeks of a documented negative serology": a test dated, not absence
        before = lexemes[i - 1] if i else None  # "HBeAg negative hepatitis B" names a kind of the infection
        if before is not None and before.type not in _CLAUSE_ENDS | {"AND", "OR", "LPAR", "STATUS"} and not (
                before.type == "W" and before.value.lower() in function_words):
            continue
        j = _tested_for(lexemes, i + 1)
        if j is None:
            continue
        out[i] = Lexeme("NEG", "not", lx.start, lexemes[j - 1].end)
        for k in range(i + 1, j):
            out[k] = None  # the test's words and "for" are taken into the negation
    return [lx for lx in out if lx is not None]


_TEST_STATUS = "positive_test"


def _tested_for(lexemes: list[Lexeme], j: int) -> int | None:
    """Where the thing tested for starts, after a negative result at ``j - 1``: past the test's and the
    sample's words ("urine test", "ELISA") and a "for". None when no infection or drug use follows.
    A test status the lexer put before an infection ("hepatitis B surface antigen") stays with it."""
    start = j
    while j < len(lexemes) and j - start < 3 and _test_word(lexemes[j]):
        j += 1
    if j < len(lexemes) and lexemes[j].type in ("W", "FOR") and lexemes[j].value.lower() == "for":
        j += 1
    elif j > start:
        return None  # "negative test" and then no "for": what the test is for is not named here
    term = j + (j < len(lexemes) and lexemes[j].type == "STATUS" and lexemes[j].value == _TEST_STATUS)
    if term < len(lexemes) and lexemes[term].type == "EV_COND" and _tested(lexemes[term].value):
        return j
    return None


def _test_word(lexeme: Lexeme) -> bool:
    """A word of the test or its sample ("urine test", "ELISA"); "screening" may have been read as
    the anchor ("negative screening tests for HIV")."""
    if lexeme.type == "ANCHOR":
        return lexeme.value == "screening"
    return lexeme.type == "W" and lexeme.value.lower() in word_list("test_result_words.txt")


def _names_an_infection_next(lexemes: list[Lexeme], i: int) -> bool:
    """Whether an infection term follows lexeme ``i`` right away (or after "for")."""
    j = i + 1 + (i + 1 < len(lexemes) and lexemes[i + 1].type in ("W", "FOR") and lexemes[i + 1].value.lower() == "for")
    return j < len(lexemes) and lexemes[j].type == "EV_COND" and _infection(lexemes[j].value)


_TESTED_GROUPS = frozenset({"infection", "substance_use"})


def _tested(concept: str) -> bool:
    """Whether a condition is one a test can be negative for: an infection, or the use of a
    substance a urine or blood screen finds."""
    return any(c.name == concept and c.group in _TESTED_GROUPS for c in event_lexicon() if c.kind == "condition")


def _infection(concept: str) -> bool:
    """Whether an event lexeme's concept is an infection (a test is negative for it)."""
    return concept in infection_concepts()


_TREATED_STATES = frozenset({"treated", "resolved"})


def _manner_of_treatment(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """"Curatively excised", "successfully treated", "appropriately-treated", "entirely cured": a word
    saying how a condition was treated or cured (``lexicons/treatment_manner_words.txt``), right before
    the status or joined to it by a hyphen, is part of the status. Left as a word, it stood unread
    beside the condition ("except curatively excised basal cell carcinoma"), and the exception it
    opened could never be settled. A word saying the treatment fell short is in no list: it stays."""
    manners = word_list("treatment_manner_words.txt")
    out: list[Lexeme] = []
    for lx in lexemes:
        if lx.type == "STATUS" and lx.value in _TREATED_STATES and out:
            dash = out[-1].type == "DASH" and out[-1].end == lx.start
            k = len(out) - 1 - dash
            word = out[k] if k >= 0 else None
            if (word is not None and word.type == "W" and word.value.lower() in manners
                    and (not dash or word.end == out[-1].start)):
                del out[k:]
                out.append(Lexeme("STATUS", lx.value, word.start, lx.end))
                continue
        out.append(lx)
    return out


def _status_commas(lexemes: list[Lexeme]) -> list[Lexeme]:
    """A comma between a status and the term it qualifies ("active, non-infectious pneumonitis",
    "symptomatic, untreated brain metastases") separates adjectives of one noun, not items of a
    list: without it the grammar reads the status on the term instead of leaving it over."""
    drop = {i for i in range(1, len(lexemes) - 1)
            if lexemes[i].type == "COMMA" and lexemes[i - 1].type == "STATUS"
            and lexemes[i + 1].type in _STATUS_TARGETS}
    return [lx for i, lx in enumerate(lexemes) if i not in drop] if drop else lexemes


def _or_comparators(out: list[Lexeme], text: str) -> list[Lexeme]:
    """A CMP_POST written "or <word>" right before a number becomes OR_CMP with the word's comparator;
    one written "and <word>" right before "than" and a number is "and" and a comparator ("< 50 bpm and
    more than 100 bpm": a second bound, not "50 bpm and more")."""
    split: list[int] = []
    for n, lexeme in enumerate(out[:-1]):
        if lexeme.type != "CMP_POST":
            continue
        words = text[lexeme.start : lexeme.end].lower().split()
        if len(words) != 2 or words[1] not in _OR_WORDS:
            continue
        if out[n + 1].type == "NUM" and words[0] == "or":
            out[n] = lexeme._replace(type="OR_CMP", value=_OR_WORDS[words[1]])
        elif words[0] != "and" or n == 0 or not (out[n - 1].type in _AMOUNT_ENDS or _ends_a_sex_group(out, n - 1)):
            continue  # only right after an amount or a sex's group ("> 1.5 mg/dL for males and more than 1.4")
        elif words[1] in _SECOND_BOUND_WORDS and n + 2 < len(out) and out[n + 1].type == "W" \
                and out[n + 1].value.lower() == "than" and (out[n + 2].type == "NUM" or _or_equal_to(out, n + 2, text)):
            split.append(n)
        elif words[1] in _SECOND_BOUND_ALONE and out[n + 1].type == "NUM":
            split.append(n)  # "BMI above or equal to 18 and below 32": "below" is a comparator by itself
    for n in reversed(split):
        lexeme = out[n]
        than = out[n + 1] if out[n + 1].type == "W" else None
        equal = bool(than) and _or_equal_to(out, n + 2, text)  # "and greater than or equal to 1.4"
        word_at = lexeme.start + text[lexeme.start : lexeme.end].lower().index(" ") + 1
        while text[word_at].isspace():
            word_at += 1
        word = text[word_at : lexeme.end].lower()
        op = _OR_WORDS[word] + ("=" if equal else "")
        comparator = Lexeme("CMP", op, word_at, out[n + 3].end if equal else than.end if than else lexeme.end)
        out[n : n + (4 if equal else 2 if than else 1)] = [
            Lexeme("AND", text[lexeme.start : lexeme.start + 3], lexeme.start, lexeme.start + 3), comparator]
    return out


_GRADED_ENDS = frozenset({"NUM", "GRADE_N"})  # what "or worse" compares: a grade or a class


def _worse_after_words(out: list[Lexeme], text: str) -> list[Lexeme]:
    """"Grade 2 or worse" is a grade of 2 or more; after anything else ("moderately ill or worse", "(or
    worse)") "or worse" is "or" and an adjective, as it was before it was a comparator."""
    done: list[Lexeme] = []
    for lexeme in out:
        words = text[lexeme.start : lexeme.end].lower().split() if lexeme.type == "CMP_POST" else ()
        if words == ["or", "worse"] and not (done and done[-1].type in _GRADED_ENDS):
            done += [Lexeme("OR", text[lexeme.start : lexeme.start + 2], lexeme.start, lexeme.start + 2),
                     Lexeme("W", text[lexeme.end - 5 : lexeme.end], lexeme.end - 5, lexeme.end)]
        else:
            done.append(lexeme)
    return done


def _ends_a_sex_group(out: list[Lexeme], k: int) -> bool:
    """Whether lexeme ``k`` closes the group a bound is for, by sex ("for males", "(females)")."""
    if out[k].type == "RPAR" and k:
        k -= 1
    return out[k].type in ("W", "EV_SEX") and out[k].value.lower() in sex_words()


def _or_equal_to(out: list[Lexeme], k: int, text: str) -> bool:
    """Whether "or equal to" and a number stand at ``k`` (lexed as "or" and the comparator "equal to")."""
    return (k + 2 < len(out) and out[k].type == "OR" and out[k + 1].type == "CMP"
            and " ".join(text[out[k + 1].start : out[k + 1].end].lower().split()) == "equal to"
            and out[k + 2].type == "NUM")


_DENIED = {">": "<=", ">=": "<", "<": ">=", "<=": ">"}


def _denied_comparators(out: list[Lexeme], text: str) -> list[Lexeme]:
    """"BMI > 18 kg/m2, but not exceeding 36 kg/m2": the cue "but not" (an exception elsewhere) right
    after an amount (and a comma) and before a comparator and a number is "but" and the comparator turned round
    ("not exceeding" is "<="), a second bound; "but not" before anything else stays an exception."""
    for n in range(len(out) - 2, 0, -1):
        lexeme, comparator = out[n], out[n + 1]
        before = out[n - 2] if out[n - 1].type == "COMMA" and n > 1 else out[n - 1]  # ", but not …"
        if lexeme.type != "EXCEPT" or comparator.type != "CMP" or comparator.value not in _DENIED \
                or before.type not in _AMOUNT_ENDS or n + 2 >= len(out) or out[n + 2].type != "NUM":
            continue
        words = text[lexeme.start : lexeme.end].split()
        if [w.lower() for w in words] != ["but", "not"]:
            continue
        not_at = text.index(words[1], lexeme.start + len(words[0]))
        out[n : n + 2] = [Lexeme("W", words[0], lexeme.start, lexeme.start + len(words[0])),
                          Lexeme("CMP", _DENIED[comparator.value], not_at, comparator.end)]
    return out


# --- open-vocabulary conditions ------------------------------------------------------------------

_OPEN_WORDS = 4  # the longest open-vocabulary condition phrase, in words


def _doc_text(doc: Doc) -> str:
    """The Doc's text, made once per Doc: ``Doc.text`` joins every token on each call."""
    text = doc.user_data.get("criteria_text")
    if text is None:
        text = doc.user_data["criteria_text"] = doc.text
    return text


def _heads_in(doc: Doc, start: int, end: int) -> list[int]:
    found = doc.user_data.get(HEADS_KEY) or []
    return found[bisect_left(found, start):bisect_left(found, end)]


def open_conditions(lexemes: list[Lexeme], head_starts: frozenset[int]) -> list[Lexeme]:
    """Each plain word marked as a condition or procedure head (``criteria_heads``), with up to
    three plain words before it that may qualify it, becomes one ``EV_COND`` (or ``EV_PROC``)
    terminal whose value is :data:`OPEN_CONCEPT` and the words ("Patients with cardiogenic shock"
    → ``~cardiogenic_shock``; "undergoing carotid endarterectomy" → ``~carotid_endarterectomy``).
    A head that names nothing alone ("disease", "failure") needs a word before it; function words, remark words ("clinical")
    and words joined by anything but a hyphen end the phrase."""
    heads = event_heads()
    out: list[Lexeme] = []
    for n, lx in enumerate(lexemes):
        after = lexemes[n + 1] if n + 1 < len(lexemes) else None
        if (lx.type != "W" or lx.start not in head_starts or lx.value.lower() in stop_words()
                or (after is not None and after.type == "W" and after.value.lower() in heads.measures)):
            out.append(lx)
            continue
        first = _phrase_start(out, lx)
        phrase = [_source_word(w) for w in out[first:] if w.type in ("W", "EV_SITE")] + [lx.value.lower()]
        kind = heads.kind_of(lx.value.lower())
        bare = len(phrase) == 1 and lx.value.lower() in heads.qualified
        if kind is None or (bare and not (out and out[-1].type == "STATUS")) or (
                kind == "drug" and all(w in STRENGTH_WORDS or w in heads.vague for w in phrase[:-1])) or (
                kind == "drug" and any(heads.kind_of(re.sub(r"[^a-z]", "", w)) == "drug" for w in phrase[:-1])):  # "CYP2C19 inhibitors/ inducers": two classes
            out.append(lx)  # "significant illness" will do; "(strong) inhibitors" names no class: of what?
            continue
        if kind == "drug" and first and (out[first - 1].type in ("NUM", "DASH", "RPAR") or out[first - 1].type.startswith("EV_")
                                         or out[first - 1].end == (
                out[first].start if first < len(out) else lx.start)):
            out.append(lx)  # "5-HT3 receptor antagonists", "tumor necrosis factor-alpha inhibitors": cut from its
            continue        # name (a number, a hyphen or a term before it), the class were broader than the text
        start = out[first].start if first < len(out) else lx.start
        del out[first:]
        if kind == "drug" and phrase[-1].endswith("s") and phrase[-1][:-1] in heads.drug_words:
            phrase[-1] = phrase[-1][:-1]  # "CDK2 inhibitors": the class is named in the singular, as a record names it
        if kind == "drug":  # "potent CYP450 inducers": the class, however strong (as the lexicon's classes read)
            phrase = [w for w in phrase[:-1] if w not in STRENGTH_WORDS] + phrase[-1:]
        name = OPEN_CONCEPT + "_".join(filter(None, ("".join(ch for ch in w if ch.isalnum() or ch == " ").replace(" ", "_") for w in phrase)))
        out.append(Lexeme(_OPEN_TERMINALS.get(kind, "EV_COND") if kind != "drug" else _drug_terminal(out), name, start, lx.end))
    return out


_OPEN_TERMINALS = {"procedure": "EV_PROC", "condition": "EV_COND"}
_RECEIVED_REACH = 4  # lexemes before a drug class in which "prior" makes it a therapy received


def _drug_terminal(before: list[Lexeme]) -> str:
    """A drug class after "prior", "previous" (a PRIOR cue) is a therapy received; else a medication."""
    return "EV_THERAPY" if any(lx.type == "PRIOR" for lx in before[-_RECEIVED_REACH:]) else "EV_MED"


_GRADE_BOUND = frozenset({"CMP", "OR_CMP", "CMP_POST", "NUM"})
# After the words a grade bounds: what ends the phrase there (a coordination may go on with more of
# its words, "grade >= 2 motor or sensory neurotoxicity", so it does not)
_GRADED_PHRASE_ENDS = frozenset({"COMMA", "SEMI", "RPAR", "LPAR", "WITHIN", "REL", "PRIOR", "PAST", "THAT_IS",
                                 "EXCEPT", "EXEMPT", "COLON"})


#: Words after a grade that say what the grade is, not what is graded
_GRADE_SENSE_WORDS = frozenset({"severity", "level", "levels", "intensity", "toxicity", "grade", "baseline"})


def _grade_bound_end(lexemes: list[Lexeme], n: int) -> int | None:
    """Index just past a grade bound starting at ``n`` ("grade >= 2", "grade 3 or higher", "grade II",
    ">= grade 2"), ``None`` if none starts there."""
    k = n
    if lexemes[k].type in ("CMP", "OR_CMP") and k + 1 < len(lexemes) and lexemes[k + 1].type in ("GRADE", "GRADE_N"):
        k += 1
    if lexemes[k].type == "GRADE_N":
        k += 1
    elif lexemes[k].type == "GRADE":
        k += 1
        while k < len(lexemes) and lexemes[k].type in _GRADE_BOUND:
            k += 1
        if not any(lx.type == "NUM" for lx in lexemes[n:k]):
            return None
    else:
        return None
    return k + 1 if k < len(lexemes) and lexemes[k].type == "CMP_POST" else k


def _rewritten(lexemes: list[Lexeme], read_at) -> list[Lexeme]:
    """``lexemes`` with each run that ``read_at(lexemes, i)`` recognises replaced by what it makes
    (``(lexeme or lexemes, how many it used)``, or None where it reads nothing)."""
    out: list[Lexeme] = []
    i = 0
    while i < len(lexemes):
        read = read_at(lexemes, i)
        if read is None:
            out.append(lexemes[i])
            i += 1
            continue
        made, used = read
        out.extend(made if isinstance(made, list) else [made])
        i += used
    return out


def graded_words(lexemes: list[Lexeme]) -> list[Lexeme]:
    """The plain words right after a grade bound name what is graded: "Grade >= 3 bleeding event",
    "grade >= 2 hematologic toxicity" become one open ``EV_COND`` (``~bleeding_event``), which the
    events grammar reads with its grade. A grade grades an adverse event or a disease, so words
    no lexicon names still name one there; only up to four words that may qualify a condition
    (no function or remark word), ending the phrase at punctuation, a time relation or the end (not at
    "or"/"and", where more of its words may follow)."""
    return _rewritten(lexemes, _graded_at)


def _graded_at(lexemes: list[Lexeme], n: int) -> tuple[list[Lexeme], int] | None:
    """(the grade bound and what it grades, lexemes used) of a grade bound at ``n``, or None."""
    end = _grade_bound_end(lexemes, n)
    if end is None:
        return None
    k = end
    while k < len(lexemes) and k - end < _OPEN_WORDS and qualifies(lexemes[k]):
        k += 1
    closed = k == len(lexemes) or lexemes[k].type in _GRADED_PHRASE_ENDS
    if k > end and (lexemes[k - 1].type != "W" or lexemes[k - 1].value.lower() in _GRADE_SENSE_WORDS):
        # "grade 3 lung": an organ names no condition; "to grade <= 1 severity": the words say what
        # the grade measures, not what is graded
        closed = False
    if k > end and closed:
        words = [_source_word(lx) for lx in lexemes[end:k]]
        name = OPEN_CONCEPT + "_".join("".join(ch for ch in w if ch.isalnum()) for w in words)
        return [*lexemes[n:end], Lexeme("EV_COND", name, lexemes[end].start, lexemes[k - 1].end)], k - n
    return list(lexemes[n:k]), k - n


def _source_word(lx: Lexeme) -> str:
    """The word as written: a site term carries its concept name, the words are wanted here."""
    return lx.value.lower() if lx.type == "W" else lx.value.replace("_", " ").lower()


def _phrase_start(out: list[Lexeme], head: Lexeme) -> int:
    """Index in ``out`` of the first word of the phrase ``head`` ends (``len(out)``: the head alone)."""
    first, words, nxt = len(out), 1, head
    while first > 0 and words < _OPEN_WORDS:
        before = out[first - 1]
        if qualifies(before):
            first, nxt = first - 1, before
        elif (before.type == "DASH" and first > 1 and qualifies(out[first - 2])
              and out[first - 2].end == before.start and before.end == nxt.start):
            first, nxt = first - 2, out[first - 2]  # "non-small": a hyphenated qualifier is one word
        else:
            break
        words += 1
    return first


# After a condition term, words that make it part of another thing's name: "cervical cancer
# screening" is a procedure, "stroke risk" a measure, not the condition (event_heads.txt ``>`` words
# name measures after open heads; for lexicon terms only these, which never name the condition itself)
_NOT_THE_CONDITION = frozenset({"screening", "score", "scale", "index", "questionnaire", "risk", "vaccine",
                                "vaccination", "prevention", "prophylaxis", "clinic", "team", "unit"})


#: what may stand before "HR" when it is a number of hours: "24 HR", "12-24 HR", "24 to 48 HR"
_HOURS_AFTER = frozenset({"NUM", "DASH", "TO"})


def _heart_rates(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """"HR" written in capitals is the heart rate, not hours, where no number stands before it and a
    comparator follows ("bradycardia (HR < 50)", "defined as HR less than 50 bpm"): the cue lexicon
    reads "hr" as hours, a tie the cue wins over the lab lexicon's abbreviation."""
    out = list(lexemes)
    for i, lx in enumerate(lexemes[:-1]):
        if lx.type != "TIME_UNIT" or text[lx.start:lx.end] != "HR":
            continue
        compared = lexemes[i + 1].type == "CMP" and (i == 0 or lexemes[i - 1].type not in _HOURS_AFTER)
        # "Heart Rate (HR) < 50 bpm": the abbreviation restating the measure's name
        restated = 1 < i and lexemes[i - 1].type == "LPAR" and lexemes[i + 1].type == "RPAR" and (
            lexemes[i - 2].type == "LAB" and lexemes[i - 2].value == "heart_rate")
        if compared or restated:
            out[i] = Lexeme("LAB", "heart_rate", lx.start, lx.end)
    return out


def _scale_items(lexemes: list[Lexeme]) -> list[Lexeme]:
    """One item of a rating scale is a measure of its own, not the scale's total: "HAM-D item 1",
    "YMRS (item 1)", "item 10 of the MADRS" become one MEASURE ("hamd item 1"), so "HAM-D item 1 score
    >= 2" bounds the item and "a score >= 5 on item 10 of the MADRS" names it after its bound. Only a
    scale of the lab lexicon (one with a range of scores) and one item by its number ("items 1, 2
    and 6" are summed, not read)."""
    return _rewritten(lexemes, _scale_item_at)


def _scale_item_at(lexemes: list[Lexeme], i: int) -> tuple[Lexeme, int] | None:
    """(the item's MEASURE, lexemes used) of a scale's item written from ``i``, or None."""
    types = [lx.type for lx in lexemes[i : i + 7]]
    words = [lx.value.lower() for lx in lexemes[i : i + 7]]
    if types[:1] == ["LAB"] and _is_scale(lexemes[i].value):  # "HAM-D item 1", "HAM-D (item 1)"
        paren = types[1:2] == ["LPAR"]
        k = 1 + paren
        if types[k : k + 2] == ["W", "NUM"] and words[k] == "item" and (not paren or types[k + 2 : k + 3] == ["RPAR"]):
            used = k + 2 + paren
            return _item_measure(lexemes[i].value, lexemes[i + k + 1].value, lexemes[i], lexemes[i + used - 1]), used
        return None
    # "item 10 of the MADRS"
    if types[:2] == ["W", "NUM"] and words[0] == "item":
        k = 2 + (types[2:3] == ["W"] and words[2] == "of")
        k += k == 3 and types[3:4] == ["W"] and words[3] == "the"
        if k >= 3 and types[k : k + 1] == ["LAB"] and _is_scale(lexemes[i + k].value):
            return _item_measure(lexemes[i + k].value, lexemes[i + 1].value, lexemes[i], lexemes[i + k]), k + 1
    return None


def _is_scale(field: str) -> bool:
    entry = lab_lexicon().get(field)
    return entry is not None and entry.scale is not None


def _item_measure(scale: str, number: str, first: Lexeme, last: Lexeme) -> Lexeme:
    return Lexeme("MEASURE", f"{scale} item {number}", first.start, last.end)


#: a bare letter after a body temperature: its scale, and the values a body temperature takes on it
_TEMPERATURE_LETTERS = {"C": ("degC", 30.0, 45.0), "F": ("degF", 86.0, 113.0)}
#: how far back (in lexemes) the temperature's name may stand: "fever > 38.1 °C (> 101 F)"
_TEMPERATURE_REACH = 10


#: a number glued to a degree mark ("38.1º", "101.5o") or to the whole scale ("38ºC", "38C"): one word to spaCy
_GLUED_DEGREES = re.compile(r"^(\d{2,3}(?:\.\d+)?)([º°o]?)([CF]?)$")


def _temperature_letters(lexemes: list[Lexeme]) -> list[Lexeme]:
    """A capital "C" or "F" after a number is the temperature's scale where a body temperature is
    named shortly before ("temperature > 38.5 C", "fever > 101.3 F", "> 38ºC", "38.1º C") and the
    number is one a body takes on that scale: alone, the letter is a word ("hepatitis B or C", "a 20F
    catheter"). A number glued to its degree mark or scale is split into the number and the unit."""
    return _rewritten(lexemes, _temperature_at)


def _temperature_at(lexemes: list[Lexeme], i: int) -> tuple[list[Lexeme], int] | None:
    """(number and unit lexemes, lexemes used) of a body temperature starting at ``i``, or None."""
    lx = lexemes[i]
    nxt = lexemes[i + 1] if i + 1 < len(lexemes) else None
    letter = nxt.value if nxt is not None and nxt.type == "W" and nxt.value in _TEMPERATURE_LETTERS else None
    if lx.type == "NUM" and letter:  # "38.5 C"
        number, num_end, unit_start, used = lx.value, lx.end, nxt.start, 2
    elif lx.type == "W" and (glued := _GLUED_DEGREES.match(lx.value)) and (glued[2] or glued[3]):
        if glued[3]:  # "38ºC", "38C"
            letter, used = glued[3], 1
        elif letter:  # "38.1º C", "101.5o F"
            used = 2
        else:
            return None
        number, num_end, unit_start = glued[1], lx.start + len(glued[1]), lx.start + len(glued[1])
    else:
        return None
    unit, low, high = _TEMPERATURE_LETTERS[letter]
    if not low <= float(number.replace(",", "")) <= high:
        return None
    if not any(_names_temperature(lexemes[k]) for k in range(max(0, i - _TEMPERATURE_REACH), i)):
        return None
    end = lexemes[i + used - 1].end
    return [Lexeme("NUM", number, lx.start, num_end), Lexeme("UNIT", unit, unit_start, end)], used


def _names_temperature(lx: Lexeme) -> bool:
    """Whether a lexeme names the body temperature, or a condition that is one out of range ("fever")."""
    from .threshold import implied_measure  # the threshold family's lexicon; imported late, it imports this module's peers

    if lx.type == "LAB":
        return lx.value == "body_temperature"
    return lx.type == "EV_COND" and implied_measure(lx.value) == "body_temperature"


def _conditions_naming_measures(lexemes: list[Lexeme]) -> list[Lexeme]:
    """A condition term followed by a word of :data:`_NOT_THE_CONDITION` is a plain word there."""
    out = list(lexemes)
    for i, lx in enumerate(lexemes[:-1]):
        after = lexemes[i + 1]
        word = after.value.lower() if after.type == "W" else (after.value if after.type == "ANCHOR" else "")
        if lx.type == "EV_COND" and word in _NOT_THE_CONDITION:
            out[i] = Lexeme("W", lx.value.replace("_", " "), lx.start, lx.end)
    return out


# What stands before an anchor that is a point in time: "within 28 days of consent", "at consent"
_TIME_RELATIONS = frozenset({"REL", "PRIOR", "FROM", "AT", "WITHIN", "TO", "PAST", "FOR", "CMP_POST"})
_TIME_WORDS = frozenset({"of", "since", "after", "before", "until", "following", "time", "date", "day"})


@cache
def _anchor_events() -> dict[str, str]:
    """Anchor value → the event concept it names when no time relation governs it (cues.jsonl ``event``)."""
    return {entry.value: entry.event for entry in cue_lexicon() if entry.event and entry.value}


def _modifies_next(lexemes: list[Lexeme], k: int) -> bool:
    """Whether the condition at ``k`` (after "non") is followed by the thing it qualifies: another
    condition, or "-related" and what is related."""
    after = lexemes[k + 1:k + 3]
    return bool(after) and (after[0].type == "EV_COND" or (
        len(after) == 2 and after[0].type == "DASH" and after[1].type == "CAUSE"))




def _former_users(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"Ex-smokers", "former smokers", "ex-drinkers": the use of the substance is over (status
    ``resolved``), not current. Left a plain word, "former smokers" asked for smoking itself. Only
    before the use of a substance: "ex" elsewhere is "ex vivo" or "ex." (for example)."""
    out: list[Lexeme | None] = list(lexemes)
    for i, lx in enumerate(lexemes):
        if lx.type != "W" or lx.value.lower() not in word_list("former_use_words.txt"):
            continue
        j = i + 1 + (i + 1 < len(lexemes) and lexemes[i + 1].type == "DASH" and lexemes[i + 1].start == lx.end)
        term = lexemes[j] if j < len(lexemes) else None
        if term is None or term.type != "EV_COND" or not is_substance_use(term.value):
            continue
        out[i] = Lexeme("STATUS", "resolved", lx.start, lexemes[j - 1].end)
        for k in range(i + 1, j):
            out[k] = None  # the dash of "ex-smokers" is read with the status
        if i >= 2 and lexemes[i - 1].type == "AND" and lexemes[i - 2].type == "STATUS":
            out[i - 1] = lexemes[i - 1]._replace(type="OR")  # "current and former smokers": both groups, either use
    return [lx for lx in out if lx is not None]


# terms "non" makes a kind of its own: a therapy, drug or procedure, an organ ("non-breast cancer")
_NAMED_NOT_DENIED = frozenset({"EV_THERAPY", "EV_MED", "EV_PROC", "EV_SITE"})


def _non_words(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """"Non-pregnant", "non-lactating", "non-childbearing", "non-smoker", "non diabetic": the "non"
    denies what follows it (a negation the events grammar reads); before a status ("non-metastatic")
    it leaves the status unsaid. A condition is denied only when
    it is one word: longer phrases after "non" name things of their own ("non-ST elevation
    myocardial infarction", "non-muscle invasive bladder cancer", "non-measurable disease") and are
    read by their words as open-vocabulary conditions, never as their opposite; those the lexicon
    knows whole ("non-Hodgkin lymphoma", "non-small cell lung cancer") never reach here."""
    out: list[Lexeme] = []
    for k, lx in enumerate(lexemes):
        if lx.value in _CONTRACEPTIVES and _after_non(out, lx, text) and text[lx.start:lx.end].lower().startswith(_HORMONAL):
            # "non-hormonal contraception", "non-hormonal IUD": a kind of contraception, no denial of it
            # (nor hormonal contraceptives asked); the kind stays unread words (no field holds it)
            first = out[-2] if out[-1].type == "DASH" else out[-1]
            kind_end = lx.start + len(_HORMONAL)
            out[-2 if out[-1].type == "DASH" else -1:] = [Lexeme("W", text[first.start:kind_end], first.start, kind_end)]
            rest = kind_end + len(text[kind_end:lx.end]) - len(text[kind_end:lx.end].lstrip())
            out.append(Lexeme("EV_REPRO", "contraception", rest, lx.end))
            continue
        if lx.type == "EV_COND" and _after_non(out, lx, text) and _modifies_next(lexemes, k):
            # "non-COPD respiratory disease", "non-melanoma carcinoma of the skin", "non-cancer-related
            # illness": the "non" word says which kind of the condition after it, denying nothing
            first = out[-2] if out[-1].type == "DASH" else out[-1]
            out[-2 if out[-1].type == "DASH" else -1:] = [Lexeme("W", text[first.start:lx.end], first.start, lx.end)]
            continue
        if lx.type in _NAMED_NOT_DENIED and _after_non(out, lx, text):
            # "non-cytotoxic agents", "non-steroidal drugs", "non-surgical treatment", "non-breast
            # malignancies": a kind of its own (other than the term), never the term itself; the
            # words stay unread (no field says "other than"), the reading no wider than the text
            first = out[-2] if out[-1].type == "DASH" else out[-1]
            out[-2 if out[-1].type == "DASH" else -1:] = [Lexeme("W", text[first.start:lx.end], first.start, lx.end)]
            continue
        if lx.type == "STATUS" and _after_non(out, lx, text):
            # "non-metastatic", "non metastatic": no status of the event; the words stay unread
            # (no status says "not metastatic"), never read as "metastatic"
            first = out[-2] if out[-1].type == "DASH" else out[-1]
            out[-2 if out[-1].type == "DASH" else -1:] = [Lexeme("W", text[first.start:lx.end], first.start, lx.end)]
            continue
        denied = lx.type in ("EV_REPRO", "EV_COMPLY") or (lx.type == "EV_COND" and _one_word(text[lx.start:lx.end]))
        if denied and _after_non(out, lx, text):
            dash = out[-1].type == "DASH"
            non = out[-2] if dash else out[-1]
            out[-2 if dash else -1:] = [Lexeme("NEG", "not", non.start, out[-1].end)]
        elif lx.type == "EV_COND" and _after_non(out, lx, text):
            # "non-measurable disease", "non-malignant disease": a thing of its own, not the
            # lexicon's "measurable disease" with a stray "non": read by its words, no code
            first = out[-2] if out[-1].type == "DASH" else out[-1]
            words = re.findall(r"[a-z0-9]+", text[first.start:lx.end].lower())
            out[-2 if out[-1].type == "DASH" else -1:] = []
            lx = Lexeme("EV_COND", OPEN_CONCEPT + "_".join(words), first.start, lx.end)
        out.append(lx)
    return out


#: Words after a condition that make the phrase a treatment aimed at it ("CLL-directed therapy").
_AIMED_WORDS = frozenset({"directed", "targeted"})


def _aimed_at(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"No prior CLL-directed therapy", "CNS-directed treatment": the condition names what a
    treatment was aimed at, not a condition of the patient (read so, "no prior CLL-directed therapy"
    denied the trial's own disease). Its words stay plain: no rule reads them as the condition."""
    out = list(lexemes)
    for i, lx in enumerate(lexemes[:-2]):
        if lx.type != "EV_COND" or lexemes[i + 1].type != "DASH":  # "CLL-directed", not "disease directed by"
            continue
        aim = lexemes[i + 2]
        if aim.type == "W" and aim.value.lower() in _AIMED_WORDS:
            out[i] = Lexeme("W", lx.value, lx.start, lx.end)
    return out


def _treated_for(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"No prior treatment for lung cancer", "prior therapy for metastatic disease": the condition
    after a bare therapy word and "for" is what a treatment was for, not what the patient must (not)
    have; read as the condition, "no prior therapy for metastatic disease" denied the trial's own
    disease. For a cancer the therapy word is anticancer therapy; the condition's words stay plain
    beside it (what the therapy was for is not read). After a named treatment the condition's words
    stay plain too (:func:`_named_treatment_for`)."""
    therapy, function_words = word_list("therapy_words.txt"), word_list("function_words.txt")
    out = list(lexemes)
    for i in range(2, len(lexemes)):
        lx, word = lexemes[i], lexemes[i - 2]
        if lx.type == "EV_COND" and _named_treatment_for(lexemes, i):
            out[i] = Lexeme("W", lx.value, lx.start, lx.end)  # "radiotherapy for bone metastases": its purpose
            continue
        if not (lx.type == "EV_COND" and lexemes[i - 1].type == "FOR" and word.type == "W"
                and word.value.lower() in therapy):
            continue
        out[i] = Lexeme("W", lx.value, lx.start, lx.end)
        lead = lexemes[i - 3] if i >= 3 else None
        # a bare therapy word: "no prior treatment for …", not "abiraterone acetate therapy for …"
        bare = lead is None or lead.type in _BARE_THERAPY_LEADS or (lead.type == "W" and lead.value.lower() in function_words)
        if bare and is_cancer(lx.value):
            out[i - 2] = Lexeme("EV_THERAPY", _ANTICANCER, word.start, word.end)
    return out


def _named_treatment_for(lexemes: list[Lexeme], i: int) -> bool:
    """Whether the condition at ``i`` follows a named treatment and "for", with a few words at most
    between ("chemotherapy for metastatic disease", "radiotherapy for symptomatic bone metastases",
    "steroids for other non-SLE conditions"): what the treatment was given for, which no record of it states, not a condition
    the patient must have. A procedure keeps its condition ("hospitalization for heart failure")."""
    k = i - 1
    while k > 0 and i - k <= _PURPOSE_GAP and (lexemes[k].type in _PURPOSE_WORDS or (
            lexemes[k].type == "W" and lexemes[k].value.isalpha())):
        k -= 1
    return k > 0 and lexemes[k].type == "FOR" and lexemes[k - 1].type in _NAMED_TREATMENTS


#: Terms of treatments whose "for …" says what they were given for.
_NAMED_TREATMENTS = frozenset({"EV_THERAPY", "EV_MED"})
#: What may stand between "for" and the condition it names ("for other non-SLE conditions", "for
#: symptomatic bone metastases", "for the treatment of asthma"), in at most this many terminals.
_PURPOSE_WORDS = frozenset({"STATUS", "STAGE", "EV_SITE", "NEG"})
_PURPOSE_GAP = 4
#: Terminals before a therapy word that leave it bare ("no prior treatment", "any previous therapy").
_BARE_THERAPY_LEADS = frozenset({"PRIOR", "NEG", "STATUS", "COMMA", "SEMI", "COLON", "AND", "OR"})


_NORMAL_FOLLOWERS = frozenset({"COMMA", "SEMI", "OR", "AND", "LAB", "RPAR"})


def _normal_after_labs(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"Bilirubin normal", "SGOT/SGPT normal", "Creatinine normal OR creatinine clearance ≥ 60":
    "normal" right after an analyte, ending its clause, is "within normal limits". Elsewhere the
    word stays plain ("normal renal function", "normal medical care", "apparently normal")."""
    out = list(lexemes)
    for i, lx in enumerate(lexemes):
        if (lx.type == "W" and lx.value.lower() == "normal" and i and lexemes[i - 1].type == "LAB"
                and (i + 1 == len(lexemes) or lexemes[i + 1].type in _NORMAL_FOLLOWERS)):
            out[i] = Lexeme("WNL", "normal", lx.start, lx.end)
    return out


@cache
def _capability_phrases() -> dict[str, str]:
    """Every capability phrase (lower case) → its concept."""
    return {p.lower(): c.name for c in event_lexicon() if c.kind == "capability" for p in c.phrases}


_CAPABILITY_WORDS = 4  # words after the verb a capability phrase may take ("take and retain oral medication")


def _capabilities_after_contra(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """"Unable to take oral medication": the cue "unable to take" (a contraindication to a drug,
    "unable to take aspirin") ends with the verb of a capability phrase the words after it complete.
    Then it is "unable to" denying the capability "take oral medication"."""
    phrases = _capability_phrases()
    out: list[Lexeme] = []
    i = 0
    while i < len(lexemes):
        lx = lexemes[i]
        verb = text[lx.start:lx.end].rsplit(None, 1)[-1] if lx.type == "CONTRA" else ""
        found = None
        for j in range(i + 1, min(i + 1 + _CAPABILITY_WORDS, len(lexemes))):
            if lexemes[j].type != "W":
                break
            said = " ".join([verb, *(w.value for w in lexemes[i + 1:j + 1])]).lower()
            if said in phrases:
                found = j
        if not verb or found is None:
            out.append(lx)
            i += 1
            continue
        verb_start = lx.end - len(verb)
        out += [Lexeme("NEG", "not", lx.start, len(text[:verb_start].rstrip())),
                Lexeme("EV_CAP", phrases[" ".join([verb, *(w.value for w in lexemes[i + 1:found + 1])]).lower()],
                       verb_start, lexemes[found].end)]
        i = found + 1
    return out


_ABOUT_FILLERS = r"(?:(?:the|a|an|developing|having|patient's|their)\s+)?"


@cache
def _about_a_condition() -> re.Pattern[str]:
    """``lexicons/about_a_condition_words.txt`` as one pattern that must end right before a condition."""
    phrases = sorted(word_list("about_a_condition_words.txt"), key=len, reverse=True)
    words = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
    return re.compile(rf"\b(?:{words})\s+{_ABOUT_FILLERS}$", re.IGNORECASE)


def _conditions_spoken_about(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """"At risk of bleeding", "medications that may affect sleep": the condition is what the risk or
    the drug is about, not what the patient has, so its words stay plain (unread, never read as the
    patient's: that would clear every patient without it)."""
    pattern = _about_a_condition()
    item_start = lexemes[0].start
    out: list[Lexeme] = []
    listed = False  # the last condition was spoken about, and only separators came after it
    for lx in lexemes:
        if lx.type == "EV_COND" and (listed or pattern.search(text, max(item_start, lx.start - 40), lx.start)):
            out += _plain_words(lx, text)  # "risk factors for heart attack or stroke": both
            listed = True
        else:
            out.append(lx)
            listed = listed and lx.type in _LIST_JOINS
    return out


_LIST_JOINS = frozenset({"OR", "AND", "COMMA", "SLASH"})
#: words after a hormone that make it the tumour's biology ("estrogen-dependent", "estrogen receptor")
_BIOLOGY_WORDS = frozenset({"dependent", "sensitive", "responsive", "driven", "receptor", "receptors"})


def _tumour_hormones(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """"Estrogen-dependent tumor", "estrogen and/or progesterone receptor positive": the hormone
    (``lexicons/tumour_hormone_words.txt``) names what the tumour depends on or carries a receptor
    for, never a drug the patient takes; its words stay plain. Read as the drug, "Women with
    estrogen dependent tumor" had excluded only women taking estrogen."""
    hormones = word_list("tumour_hormone_words.txt")
    out = list(lexemes)
    for k, lx in enumerate(lexemes):
        if lx.type != "EV_MED" or text[lx.start:lx.end].lower() not in hormones:
            continue
        after = [a for a in lexemes[k + 1:k + 4] if a.type != "DASH"]
        said = [text[a.start:a.end].lower() for a in after]
        biology = bool(said) and said[0] in _BIOLOGY_WORDS
        listed = len(after) >= 2 and after[0].type in _LIST_JOINS and (  # "estrogen and/or progesterone receptor"
            after[1].type == "LAB" and after[1].value.endswith("_expression") or "receptor" in said[1:])
        if biology or listed:
            out[k] = Lexeme("W", text[lx.start:lx.end], lx.start, lx.end)
    return out


def _plain_words(lx: Lexeme, text: str) -> list[Lexeme]:
    """A term's words as plain ``W`` lexemes: unread where its reading would say the wrong thing."""
    return [Lexeme("W", m.group(), lx.start + m.start(), lx.start + m.end())
            for m in re.finditer(r"\S+", text[lx.start:lx.end])]


#: what may stand between a test's "sensitivity" and its number: "sensitivity of at least 25 mIU/mL"
_SENSITIVITY_LINKS = frozenset({"of", ":", "="})


def _test_sensitivities(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """"A pregnancy test with a sensitivity of at least 25 mIU/mL": the sensitivity of a test, a number
    saying how it detects, never the patient's hypersensitivity (the word's meaning in "sensitivity to
    penicillin"); its words stay plain, unread."""
    out = list(lexemes)
    for n in range(len(out) - 1, -1, -1):
        lx = out[n]
        if lx.type != "EV_COND" or text[lx.start:lx.end].lower() != "sensitivity":
            continue
        k = n + 1
        while k < len(out) and out[k].type in ("W", "COLON") and text[out[k].start:out[k].end].lower() in _SENSITIVITY_LINKS:
            k += 1
        if k < len(out) and out[k].type in ("CMP", "NUM"):
            out[n:n + 1] = _plain_words(lx, text)
    return out


#: what stands right before a capability the text states: "able to", "ability to", "capable of"
_ABILITY_BEFORE = re.compile(r"\b(?:able|ability|capable|capacity)\s+(?:to|of)\s+$", re.IGNORECASE)
#: verbs before an ability that deny or question it ("impairs", "would preclude", "may affect")
@cache
def _denying_before():
    """A denying verb (``lexicons/denying_verbs.txt``) and the rest of its clause, up to the end."""
    stems = "|".join(sorted(map(re.escape, word_list("denying_verbs.txt")), key=len, reverse=True))
    return re.compile(rf"\b(?:{stems})\w*\b[^.;:]*$", re.IGNORECASE)


def _denying_verb(word: str) -> bool:
    """Whether ``word`` is a denying verb in any form ("interferes", "limiting")."""
    lowered = word.lower()
    return any(lowered.startswith(stem) for stem in word_list("denying_verbs.txt"))


#: how far before a compliance term a denying verb reaches ("would limit the patient's compliance")
_DENIAL_REACH = 6  # "limit the patient's ability to comply"
_CLAUSE_BREAKS = frozenset({"COMMA", "SEMI", "COLON", "LPAR", "RPAR", "NEG"})


def _compliance_denied(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"An illness that would limit compliance with study requirements", "may interfere with
    adherence": the verb denies the compliance after it; it becomes the negation the grammar reads
    with the term. Read as it stood, the criterion excluded a patient who will comply."""
    out = list(lexemes)
    for i, lx in enumerate(out):
        if lx.type != "EV_COMPLY":
            continue
        for j in range(i - 1, max(-1, i - 1 - _DENIAL_REACH), -1):
            before = out[j]
            if before.type in _CLAUSE_BREAKS or before.type not in ("W", "CONTRA", "PERSON", "TO"):
                break  # "that limit the patient's ability to comply": over the person and the "to"
            if before.type == "CONTRA" or _denying_verb(before.value):  # "would preclude compliance"
                out[j] = Lexeme("NEG", "not", before.start, before.end)
                break
    return out


#: the event of taking part in another study; "this clinical trial" is the study itself
_OTHER_STUDY = "investigational_study"
#: words before a study term that make it the study the criteria belong to
_THIS_STUDY_WORDS = frozenset({"this", "present", "current"})


def _this_study(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """"… should be excluded from this clinical trial", "understand this clinical trial": a study
    term after "this" names the study itself, never another study taken part in before. Read as
    that event, it had become a requirement of its own (an exclusion of patients with brain
    metastases who had also been in another trial); its words stay plain, so a verdict's tail
    ("excluded from this clinical trial") can take them."""
    out: list[Lexeme] = []
    for lx in lexemes:
        if (lx.type == "EV_THERAPY" and lx.value == _OTHER_STUDY and out and out[-1].type == "W"
                and out[-1].value.lower() in _THIS_STUDY_WORDS):
            out += _plain_words(lx, text)
            continue
        out.append(lx)
    return out


_VERDICT_WORDS = frozenset({"eligible", "ineligible", "excluded", "enrolled", "included", "participate", "entered",
                            "randomized", "randomised"})
#: the cue value of a sentence's own verdict ("… are not eligible"): read as "not allowed" where it
#: follows an event in an inclusion; elsewhere it asks nothing more and is no leftover
VERDICT = "verdict"
_COPULAS = frozenset({"be", "is", "are", "was", "were", "been"})
#: what may follow the verdict at the end of its sentence: "… are excluded from the study", "… will not
#: be eligible for this trial"
_VERDICT_TAIL = frozenset({"for", "from", "in", "this", "the", "that", "study", "trial", "protocol", "participation",
                           "research", "studies", "clinical", "to", "participate", "enroll", "enrol", "enter", "take",
                           "part", "on", "into"})  # "… are not eligible to participate in this trial"
_END_MARKS = frozenset({"SEMI", "RPAR"})


def _verdict_at_end(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """"Patients who are pregnant or nursing are not eligible", "HIV-positive patients are excluded
    from the study": a sentence that ends in its own verdict says that what it names rules a patient
    out, as "not allowed" does (one PROHIBIT cue: in an inclusion, not(it); in an exclusion, it as
    it is). Not a verdict: "not eligible for protocols of higher priority" (eligibility for something
    else), "are not eligible if they have…" (the condition follows), "are not excluded" (a permission)."""
    out = list(lexemes)
    k = len(out)
    while k > 0:  # from the end, so a verdict replaced leaves the words before it where they were
        k -= 1
        word = out[k]
        if word.type not in ("W", "INCLUSIVE") or word.value.lower() not in _VERDICT_WORDS or not _ends_there(out, k, text):
            continue  # "included" is lexed as the word of an inclusive range
        lo = k
        while lo > 0 and out[lo - 1].type == "W" and out[lo - 1].value.lower() in _COPULAS:
            lo -= 1  # "will not be eligible"
        negated = lo > 0 and out[lo - 1].type == "NEG"
        if word.value.lower() in DENIED_VERDICTS:
            if not negated:
                continue
            lo -= 1
        elif negated or not (lo > 0 and (out[lo - 1].type == "THAT_IS" or lo < k)):
            continue  # "are not excluded" permits; a bare "excluded" may describe something else
        elif out[lo - 1].type == "THAT_IS":
            lo -= 1
        end = _tail_end(out, k)
        out[lo:end] = [Lexeme("PROHIBIT", VERDICT, out[lo].start, out[end - 1].end)]
        k = lo  # one item may give more than one verdict ("Nursing patients are excluded. … are excluded because …")
    return out


def _tail_end(lexemes: list[Lexeme], k: int) -> int:
    end = k + 1
    while end < len(lexemes) and (lexemes[end].type in ("FOR", "FROM", "ANCHOR")
                                  or lexemes[end].value.lower() in _VERDICT_TAIL):
        end += 1
    return end


def _ends_there(lexemes: list[Lexeme], k: int, text: str) -> bool:
    """Whether only the study it is about follows the verdict word at ``k``, to the item's or the
    sentence's end; "for" must name this study ("not eligible for transplant" is no verdict)."""
    end = _tail_end(lexemes, k)
    tail = lexemes[k + 1:end]
    if tail and tail[0].value.lower() == "for" and not any(
            lx.value.lower() in ("study", "trial", "protocol", "participation", "research")
            or (lx.type == "ANCHOR" and lx.value not in _PATIENT_ANCHORS) for lx in tail):
        return False
    return (end == len(lexemes) or lexemes[end].type in _END_MARKS or opens_rationale(lexemes[end])
            or lexemes[end].type == "EXCEPT"  # "… may not participate unless they agree to …"
            or "." in text[lexemes[end - 1].end:lexemes[end].start])  # the sentence ends there


#: anchors that are the patient's own events, not steps of the study: "not eligible for transplant"
#: judges eligibility for something else
_PATIENT_ANCHORS = frozenset({"transplant", "diagnosis"})
#: words that open the reason given for a verdict: "… are excluded from this study because …"
_RATIONALE_WORDS = frozenset({"because", "since"})


def opens_rationale(lx: Lexeme) -> bool:
    """Whether ``lx`` opens the reason for a verdict ("because", "since", "due to"): what follows says
    why the group is ruled out, not what rules a patient out."""
    return lx.type == "CAUSE" or (lx.type in ("W", "REL") and lx.value.lower() in _RATIONALE_WORDS)


#: what a recovery is from when the text names effects rather than a toxicity: "recovered from the
#: side effects of prior surgery", "not recovered from any acute adverse effects of radiotherapy"
_EFFECTS = re.compile(r"\s*(?:(?:the|any|all|all\s+the|of\s+the|its|their)\s+)?(?:(?:acute|major|significant|clinically\s+significant|serious|treatment[\s-]related)\s+)?"
                      r"(?:side|adverse)[\s-]+effects?\b(?:\s+(?:of|from|due\s+to|related\s+to|associated\s+with)\b)?", re.IGNORECASE)


def _effects_recovered_from(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """The words naming side or adverse effects right after a recovery cue, taken into the cue: what
    recovers is the toxicity they are; the event after them is its cause. Elsewhere "side effects"
    may be a drug's ("medications with known adverse effects on glucose tolerance"), so the lexicon
    does not read them as a toxicity."""
    out = list(lexemes)
    for k in range(len(out) - 1, -1, -1):
        if out[k].type != "RECOVERED":
            continue
        effects = _EFFECTS.match(text, out[k].end)
        if effects is None:
            continue
        stop = k + 1
        while stop < len(out) and out[stop].end <= effects.end() and out[stop].type in ("W", "CAUSE", "DASH", "STATUS"):
            stop += 1
        if stop > k + 1 and out[stop - 1].end == effects.end():
            out[k:stop] = [out[k]._replace(end=effects.end())]
    return out


#: the cue value of an instruction the patient will not or cannot follow (see _refused_instructions)
REFUSED_INSTRUCTION = "refused"


def _refused_instructions(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"Unwilling to abstain from donating sperm", "unable or unwilling to discontinue warfarin": a
    negation right before an instruction refuses the instruction; the two are one cue. Apart, the
    negation was read onto the event ("no sperm donation"), the very thing the text excludes."""
    out: list[Lexeme] = []
    for lx in lexemes:
        if lx.type == "INSTRUCT" and out and out[-1].type == "NEG":
            first = out.pop()
            while len(out) >= 2 and out[-1].type == "OR" and out[-2].type == "NEG":  # "unable or unwilling"
                out.pop()
                first = out.pop()
            out.append(Lexeme("INSTRUCT", REFUSED_INSTRUCTION, first.start, lx.end))
            continue
        out.append(lx)
    return out


def _capabilities_said_as_such(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """A capability phrase is one only where the text says the patient is able or unable to do it:
    after "able to", "ability to", "capable of", a negation ("unable to"), or another capability
    joined by "and"/"or"/"/". Elsewhere ("swallow inability", "unable to eat or drink, take oral
    medications") its polarity is not read, so its words stay plain: unread, never read backwards."""
    out: list[Lexeme] = []
    for i, lx in enumerate(lexemes):
        if lx.type != "EV_CAP" or _said_as_capability(lexemes, i, text):
            out.append(lx)
            continue
        out += _plain_words(lx, text)
    return out


def _said_as_capability(lexemes: list[Lexeme], i: int, text: str) -> bool:
    before = lexemes[i - 1] if i else None
    if before is None:
        return False
    if before.type == "NEG":
        return True
    joined = before.type in ("OR", "SLASH", "AND") or (before.type == "W" and before.value.lower() in ("and", "or"))
    if joined and i >= 2 and lexemes[i - 2].type == "EV_CAP":  # "able to swallow and tolerate oral medication"
        return _said_as_capability(lexemes, i - 2, text)
    start, item_start = lexemes[i].start, lexemes[0].start  # never look into the item before
    said = _ABILITY_BEFORE.search(text, max(item_start, start - 40), start)
    # "a condition that impairs the patient's ability to swallow pills": the ability is denied by
    # words the grammar does not read as a negation, so the capability is not read either
    return bool(said) and not _denying_before().search(text, max(item_start, said.start() - 60), said.start())


def _one_word(phrase: str) -> bool:
    return phrase.isalpha()


_CONTRACEPTIVES = frozenset({"contraception", "oral_contraceptives"})  # terms "non-hormonal" may stand before
_HORMONAL = "hormonal"


def _after_non(out: list[Lexeme], lx: Lexeme, text: str) -> bool:
    """Whether ``lx`` follows the word "non" with a hyphen ("non-smoker"), one space ("non smoker") or
    both ("non- smoker")."""
    if len(out) >= 2 and out[-1].type == "DASH" and out[-1].end == lx.start and out[-2].end == out[-1].start:
        return out[-2].type == "W" and out[-2].value.lower() == "non"
    # "non- melanoma skin cancer": the hyphen kept on "non", a space after it
    return (bool(out) and out[-1].type == "W" and out[-1].value.lower() in ("non", "non-")
            and text[out[-1].end:lx.start] == " ")


_STUDY_ANCHORS = frozenset({"enrollment"})  # "the study", "the trial": what a product word after them refines


def _anchor_acts(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """A time anchor takes in the words after it that only name the act at that point: "the
    study start", "registration initiation" (``lexicons/anchor_act_words.txt``); after "the study"
    a word naming what the study gives makes the anchor its first dose: "the study drug
    (administration)" (``lexicons/study_product_words.txt``). Left as words they were unparsed."""
    acts, products = word_list("anchor_act_words.txt"), word_list("study_product_words.txt")
    out: list[Lexeme] = []
    i = 0
    while i < len(lexemes):
        lx = lexemes[i]
        if lx.type != "ANCHOR":
            out.append(lx)
            i += 1
            continue
        j, value = i + 1, lx.value
        if lx.value in _STUDY_ANCHORS and _next_word_in(lexemes, j, products, text):
            j, value = j + 1, "first_dose"
        if _next_word_in(lexemes, j, acts, text):
            j += 1
        out.append(Lexeme("ANCHOR", value, lx.start, lexemes[j - 1].end) if j > i + 1 else lx)
        i = j
    return out


_ANTICANCER = "anticancer_therapy"


def _therapies_against(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"Anti-cancer agents", "anti-myeloma therapy", "anti-HIV drugs": the condition after "anti-"
    names what a therapy is against, never a condition of the patient. Against cancer itself, with a
    therapy word after it (``lexicons/therapy_words.txt``), it is anticancer therapy; against
    anything else the words stay unread (unparsed), rather than read as the condition."""
    therapy = word_list("therapy_words.txt")
    out = list(lexemes)
    for i in range(2, len(lexemes)):
        lx = lexemes[i]
        if not (lx.type == "EV_COND" and lexemes[i - 1].type == "DASH" and lexemes[i - 2].type == "W"
                and lexemes[i - 2].value.lower() == "anti"):
            continue
        followed = i + 1 < len(lexemes) and lexemes[i + 1].type == "W" and lexemes[i + 1].value.lower() in therapy
        if lx.value == "malignancy" and followed:
            out[i - 2] = Lexeme("EV_THERAPY", _ANTICANCER, lexemes[i - 2].start, lexemes[i + 1].end)
            out[i - 1] = out[i] = out[i + 1] = None  # type: ignore[call-overload]
        else:
            out[i] = Lexeme("W", lx.value, lx.start, lx.end)
    return [lx for lx in out if lx is not None]


_DRUG_TERMS = frozenset({"EV_MED", "EV_THERAPY"})
#: Words that, with "for" and a treatment after them, say it is planned ("eligible for autologous
#: stem cell transplant"), as "candidate for" does; "eligible for this study" names no treatment.
_FIT_WORDS = frozenset({"eligible", "suitable", "fit"})
_FIT_TERMS = frozenset({"EV_THERAPY", "EV_PROC", "EV_MED"})
_FIT_GAP = 3  # plain words between "for" and the treatment: "eligible for an intensive induction chemotherapy"
#: Words after "eligible for" that name the study, not a treatment ("not eligible for this trial as chemotherapy …").
_STUDY_WORDS = frozenset({"this", "study", "trial", "protocol", "participation", "enrollment", "entry", "inclusion"})


def _sibling_roles(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"Strong inhibitors or inducers of CYP3A4", "CYP3A4 inhibitors or inducers": a role word joined
    to a drug class of another role on the same target shares that target, so it names the class
    of its own role (``cyp3a_inhibitor`` beside ``cyp3a_inducer``) where the event lexicon has it.
    Left as a word, the one role was read and the other was unparsed text beside it. A strength
    word right before the role word ("strong", "moderate") is part of the class's name."""
    names = _medication_names()
    out = list(lexemes)
    for i, lx in enumerate(lexemes):
        if not (lx.type == "EV_MED" and lx.value.endswith(_ROLE_ENDINGS)):
            continue
        target = lx.value.rsplit("_", 1)[0]
        for k in (i - 2, i + 2):  # the role word on either side, across one joining word
            if not 0 <= k < len(lexemes) or lexemes[(i + k) // 2].type not in _ROLE_JOINS:
                continue
            word = lexemes[k]
            role = _ROLE_WORDS.get(word.value.lower()) if word.type == "W" else None
            if role is not None and f"{target}_{role}" in names:
                out[k] = Lexeme("EV_MED", f"{target}_{role}", word.start, word.end)
    return _with_strengths(out)


def _with_strengths(lexemes: list[Lexeme]) -> list[Lexeme]:
    """A strength word right before a drug class made by :func:`_sibling_roles` joins its span."""
    out: list[Lexeme] = []
    for lx in lexemes:
        before = out[-1] if out else None
        if (lx.type == "EV_MED" and lx.value.endswith(_ROLE_ENDINGS) and before is not None and before.type == "W"
                and before.value.lower() in STRENGTH_WORDS):
            out[-1] = Lexeme("EV_MED", lx.value, before.start, lx.end)
            continue
        out.append(lx)
    return out


@cache
def _medication_names() -> frozenset[str]:
    return frozenset(c.name for c in event_lexicon() if c.kind == "medication")


_ROLE_ENDINGS = ("_inhibitor", "_inducer", "_substrate")
_ROLE_WORDS = {"inhibitor": "inhibitor", "inhibitors": "inhibitor", "inducer": "inducer", "inducers": "inducer",
               "substrate": "substrate", "substrates": "substrate"}
_ROLE_JOINS = frozenset({"OR", "SLASH"})  # "and" may ask for both: the list reading decides that


def _fit_for(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"Eligible for autologous stem cell transplant", "not suitable for surgery": a treatment the
    patient could have, not one they had (read as history, a patient who had the transplant met
    it). The words become the planned status, as "candidate for" is; before anything but a
    treatment ("eligible for this study") they stay as they are."""
    out = list(lexemes)
    for i in range(len(lexemes) - 2):
        lx = lexemes[i]
        if not (lx.type == "W" and lx.value.lower() in _FIT_WORDS and lexemes[i + 1].type == "FOR"):
            continue
        j = i + 2
        while (j < len(lexemes) and j - (i + 2) < _FIT_GAP and lexemes[j].type == "W"
               and lexemes[j].value.lower() not in _STUDY_WORDS):
            j += 1
        if j < len(lexemes) and lexemes[j].type in _FIT_TERMS:
            out[i] = Lexeme("STATUS", "planned", lx.start, lexemes[i + 1].end)
            out[i + 1] = None  # type: ignore[call-overload]
    return [lx for lx in out if lx is not None]


def _therapy_ends(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"At least 4 weeks since completion of prior chemotherapy", "the last dose of radiotherapy
    within 2 weeks": words naming the end of a therapy (``lexicons/therapy_end_words.txt``) before
    its term, where a window is written, say what the window already counts from (a window is
    placed against the whole course, its end included). The term (or the "prior" before it) takes
    them in; left as words they were unparsed beside the event."""
    ends = word_list("therapy_end_words.txt")
    out = list(lexemes)
    for i, lx in enumerate(lexemes):
        if lx.type not in _DRUG_TERMS:
            continue
        k = i - 1 if i > 0 and lexemes[i - 1].type == "PRIOR" else i  # the lexeme that takes the words in
        j = k
        while j > 0 and lexemes[j - 1].type == "W" and lexemes[j - 1].value.lower() in ("of", "the"):
            j -= 1
        if j > 1 and _since_its_last_dose(lexemes, j - 1):  # "since the last dose of radiotherapy"
            j -= 1 + (j > 1 and lexemes[j - 2].type == "W" and lexemes[j - 2].value.lower() == "the")
            start = lexemes[j].start
            out[k] = out[k]._replace(start=start)
            for m in range(j, k):
                out[m] = None  # type: ignore[call-overload]
            continue
        words = []
        while j > 0 and lexemes[j - 1].type == "W" and len(words) < 2:
            words.insert(0, lexemes[j - 1].value.lower())
            if " ".join(words) in ends:
                break
            j -= 1
        else:
            continue
        if " ".join(words) not in ends or j == k or out[k] is None:
            continue
        start = lexemes[j - 1].start
        out[k] = out[k]._replace(start=start)
        for m in range(j - 1, k):
            out[m] = None  # type: ignore[call-overload]
    return [lx for lx in out if lx is not None]


_WINDOW_OPENERS = frozenset({"CMP", "WITHIN", "NUM"})  # "completed ≤ 7 days", "within 2 weeks", "4 weeks before"


def _therapy_end_verbs(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"Radiotherapy completed ≤ 7 days prior to study drug", "surgery was completed at least 2 weeks
    prior": a word after a therapy or procedure saying it ended (``lexicons/therapy_end_verbs.txt``), right before
    the window, names the end the window counts from; the term takes it in. Left as a word it was
    unparsed beside the event and kept a clear verdict unknown."""
    verbs = word_list("therapy_end_verbs.txt")

    def ended(i: int) -> int:
        j = i + 1
        if j < len(lexemes) and lexemes[j].type == "W" and lexemes[j].value.lower() in _PAST_COPULAS:
            j += 1  # "surgery was completed at least 2 weeks prior"
        ends = (j + 1 < len(lexemes) and lexemes[j].type == "W" and lexemes[j].value.lower() in verbs
                and lexemes[j + 1].type in _WINDOW_OPENERS)
        return j - i if ends else 0

    return _terms_taking_words(lexemes, ended, _ENDED_TERMS)


_PAST_COPULAS = frozenset({"was", "were"})  # a description of what happened, not an instruction ("must be")
_ENDED_TERMS = frozenset({"EV_MED", "EV_THERAPY", "EV_PROC"})  # what a window after "completed" may count from


def _terms_taking_words(lexemes: list[Lexeme], taken, kinds=None) -> list[Lexeme]:
    """``lexemes`` with each drug or therapy term (or a lexeme of ``kinds``) at ``i`` stretched over
    the ``taken(i)`` words after it (those words no lexemes of their own)."""
    kinds = _DRUG_TERMS if kinds is None else kinds
    out: list[Lexeme] = []
    i = 0
    while i < len(lexemes):
        lx = lexemes[i]
        n = taken(i) if lx.type in kinds else 0
        if n:
            out.append(lx._replace(end=lexemes[i + n].end))
            i += n + 1
            continue
        out.append(lx)
        i += 1
    return out


def _since_its_last_dose(lexemes: list[Lexeme], i: int) -> bool:
    """Whether lexeme ``i`` is the anchor "last dose" right after "since" (a "the" between): the time
    since a therapy ended, counted back from enrollment, not an anchor of the trial's own drug
    ("within 7 months after the last dose of trastuzumab" keeps its anchor)."""
    if lexemes[i].type != "ANCHOR" or lexemes[i].value != "last_dose":
        return False
    k = i - 1
    if k >= 0 and lexemes[k].type == "W" and lexemes[k].value.lower() == "the":
        k -= 1
    return k >= 0 and lexemes[k].type == "REL" and lexemes[k].value == "since"


def _drug_acts(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """A drug or therapy term takes in a word after it that names only the giving or taking of it
    ("dasatinib administration", "aspirin use": ``lexicons/drug_act_words.txt``); left as a word it
    was unparsed beside the event."""
    acts = word_list("drug_act_words.txt")
    return _terms_taking_words(lexemes, lambda i: int(_next_word_in(lexemes, i + 1, acts, text)))


# Words after "stable" that name the drug's dose, not a drug: "must be on a stable dose for 4 weeks"
_DOSE_WORDS = frozenset({"dose", "doses", "dosage", "dosages", "dosing", "regimen"})


def _stable_doses(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"Patients taking metformin must be on a stable dose for at least 2 months": a stable dose
    named without its drug is the dose of the one drug named before it; the dose word becomes that
    drug's term (its own offsets), so the grammar reads a stable drug and its time ("stable dose of
    statins for 4 weeks" already names its drug). Two drugs before it: left as it is."""
    out = list(lexemes)
    for i in range(len(lexemes) - 1):
        if lexemes[i].type != "STATUS" or lexemes[i].value != "stable" or lexemes[i + 1].type != "W" \
                or lexemes[i + 1].value.lower() not in _DOSE_WORDS:
            continue
        after = lexemes[i + 2:i + 5]
        if after and (after[0].type in _DRUG_TERMS or any(lx.type == "W" and lx.value.lower() == "of" for lx in after)):
            continue  # "stable dose of statins", "a stable dose or regimen of low dose ICS"
        if any(lx.type == "EXEMPT" or (lx.type == "W" and lx.value.lower() == "may") for lx in lexemes[:i]):
            continue  # "Concurrent steroids allowed if on a stable dose": the condition of a permission
        drugs = {(lx.type, lx.value): lx for lx in lexemes[:i] if lx.type in _DRUG_TERMS}
        if len(drugs) == 1:
            drug = next(iter(drugs.values()))
            out[i + 1] = Lexeme(drug.type, drug.value, lexemes[i + 1].start, lexemes[i + 1].end)
    return out


_CONTRACEPTION = "contraception"
_LEAD_JOINS = {"TO": "to", "FOR": "for", "AND": "and"}  # between lead words: "to use", "accepted and effective"


def _contraception_leads(lexemes: list[Lexeme]) -> list[Lexeme]:
    """A contraception term takes in the words before it that only describe it or say it is to be
    used ("agree to use an acceptable method for contraception", "highly effective methods of birth
    control": ``lexicons/contraception_lead_words.txt``); left as words they were unparsed beside it."""
    words = word_list("contraception_lead_words.txt")
    out = list(lexemes)
    for i, lx in enumerate(lexemes):
        if lx.type != "EV_REPRO" or lx.value != _CONTRACEPTION:
            continue
        j = i
        while j > 0 and (lexemes[j - 1].type == "W" and lexemes[j - 1].value.lower() in words
                         or _LEAD_JOINS.get(lexemes[j - 1].type) == lexemes[j - 1].value.lower() and j - 1 > 0
                         and lexemes[j - 2].type == "W" and lexemes[j - 2].value.lower() in words):
            j -= 1
        while j < i and lexemes[j].type != "W":  # never open on a joining word
            j += 1
        if j < i and out[j] is not None:
            out[i] = lx._replace(start=lexemes[j].start)
            out[j:i] = [None] * (i - j)  # type: ignore[list-item]
    return [lx for lx in out if lx is not None]


_PEOPLE = frozenset({"EV_SEX", "PERSON", "AGE_GROUP"})  # who "healthy" may be said of ("healthy males", "healthy adults")


def _healthy_people(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"Healthy males or females", "healthy adult subjects": "healthy" right before the people a
    criterion is about is the judgement that they are in good health (the ``good_health`` concept of
    ``lexicons/events.jsonl``, whose phrases read "healthy volunteers", "in good general health");
    the people stay a reading of their own. "Healthy donor", "healthy tissue" are not about them."""
    out = list(lexemes)
    for i, lx in enumerate(lexemes[:-1]):
        if lx.type == "W" and lx.value.lower() == "healthy" and lexemes[i + 1].type in _PEOPLE:
            out[i] = Lexeme("EV_JUDGE", "good_health", lx.start, lx.end)
    return out


_MEASURABLE = "measurable_disease"


def _measurable_before(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"Measurable metastatic disease", "measurable locally advanced disease": "measurable" right
    before a disease term says the disease must be measurable, a requirement of its own beside the
    disease (the lexicon's ``measurable_disease``). Left a word, it blocked every verdict."""
    out = list(lexemes)
    for i, lx in enumerate(lexemes[:-1]):
        j = i + 1
        while j < len(lexemes) - 1 and lexemes[j].type == "STATUS":  # "measurable metastatic breast cancer"
            j += 1
        after = lexemes[j]
        # statuses before it ("metastatic or unresectable measurable cancers") are the disease's
        before = lexemes[i - 1].type if i else None
        if (lx.type == "W" and lx.value.lower() == "measurable" and after.type == "EV_COND" and after.value != _MEASURABLE
                and before not in ("STATUS", "COMMA", "OR")):
            out[i] = Lexeme("EV_COND", _MEASURABLE, lx.start, lx.end)
    return out


_PARTICIPATION_REACH = 4  # function words between "participation in" and the study term ("a study of any")


_QT_FIELDS = frozenset({"qt", "qtc", "qtcf", "qtcb"})
_QT = r"qt(?:c[fb]?)?(?:\s*/\s*qt(?:c[fb]?)?)?"
_DRUG_WORD = r"(?:drugs?|medications?|medicines?|agents?)"
# what may stand between a drug word and its effect: "that are well known to", "with a known risk of"
_EFFECT_LEAD = r"(?:(?:that|which|are|is|may|might|can|could|known|to|well|have|has|with|a|an|the|potential|risk|of|relative|documented|possible|possibly|associated|likely|clearly)\s+){0,8}"
_QT_PROLONGING = re.compile(
    rf"\b{_DRUG_WORD}\s+{_EFFECT_LEAD}(?:prolong\w*|caus\w*|induc\w*)\s+(?:the\s+)?{_QT}(?:\s+interval)?(?:\s+prolongation)?\b"
    rf"|\b{_QT}(?:[\s-]+interval)?[\s-]+prolonging\s+{_DRUG_WORD}\b",
    re.IGNORECASE,
)
QT_PROLONGING_DRUG = OPEN_CONCEPT + "qt_prolonging_drug"


def _drugs_by_effect(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """"Drugs known to prolong the QT interval", "medication that may cause QTc prolongation",
    "QT-prolonging agents": a class of drugs named by an effect, one open-vocabulary drug term (any
    drug on record may be one). Left as words, the QT interval was read as a measure the patient's
    ECG must show, and the drugs were unread."""
    out: list[Lexeme | None] = list(lexemes)
    for found in _QT_PROLONGING.finditer(text, lexemes[0].start, lexemes[-1].end):
        _fold_drug_class(out, QT_PROLONGING_DRUG, found.start(), found.end(), _EFFECT_WORDS)
    return [lx for lx in out if lx is not None]


def _fold_drug_class(out: list[Lexeme | None], name: str, start: int, end: int, allowed: frozenset[str]) -> None:
    """Make the lexemes from ``start`` to ``end`` one drug term ``name``, in place, when every one of
    them is of an ``allowed`` terminal (the words of a class named by its effect, no other reading)."""
    inside = [i for i, lx in enumerate(out) if lx is not None and start <= lx.start and lx.end <= end]
    if not inside or any(out[i].type not in allowed for i in inside):  # type: ignore[union-attr]
        return
    out[inside[0]] = Lexeme("EV_MED", name, start, end)
    for i in inside[1:]:
        out[i] = None


# the terminals the words of such a class are read as before this pass ("known" is a status, "to" a cue)
_EFFECT_WORDS = frozenset({"W", "LAB", "STATUS", "TO", "DASH", "SLASH", "THAT_IS"})

# "drugs affecting sleep", "medications known to affect bone metabolism", "motility-altering drugs"
_EFFECT_VERBS = frozenset({"affect", "affects", "affecting", "alter", "alters", "altering", "influence",
                           "influences", "influencing", "modify", "modifying", "modifies"})
_EFFECT_VERB = r"(?:affect(?:s|ing)?|alter(?:s|ing)?|influenc(?:e|es|ing)|modif(?:y|ies|ying))"
_EFFECT_OBJECT = r"(?P<object>(?:the\s+)?[a-z][a-z0-9]+(?:[\s-]+[a-z][a-z0-9]+){0,3})"
_DRUGS_AFFECTING = re.compile(
    rf"\b{_DRUG_WORD}\s+{_EFFECT_LEAD}{_EFFECT_VERB}\s+{_EFFECT_OBJECT}"
    rf"|\b(?P<before>[a-z]+)-(?:altering|modifying|affecting|influencing)\s+{_DRUG_WORD}\b",
    re.IGNORECASE,
)
# words that end the thing a drug affects ("drugs affecting sleep or appetite", "… within 14 days")
_OBJECT_ENDS = frozenset({"and", "or", "within", "for", "in", "during", "such", "including", "as", "that", "which",
                          "prior", "before", "at", "from", "on", "eg", "e", "ie", "i", "is", "are", "may",
                          "must", "should", "will", "while", "the", "other", "study", "drug", "drugs", "result",
                          "results", "resulting", "leading", "causing", "like"})
_POSSESSIVES = frozenset({"their", "his", "her", "its", "your", "patient's", "subject's"})
_QT_TAIL = re.compile(r"(?:\s*/\s*qt(?:c[fb]?)?)?(?:\s+interval)?", re.IGNORECASE)
# what the words of such a class may be read as before this pass
_AFFECTING_WORDS = _EFFECT_WORDS | {"EV_SITE", "EV_COND", "MEASURE", "PERSON"}


def _drugs_affecting(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """"Use of medications affecting sleep", "drugs known to affect bone metabolism", "motility-
    altering drugs": a class of drugs named by what they act on, one open-vocabulary drug term
    ("drug affecting sleep"; any drug on record may be one, as for the QT-prolonging drugs). Left as
    words, nothing was read ("no rule matched") or the general term of a list of examples stayed
    unread beside them."""
    out: list[Lexeme | None] = list(lexemes)
    for found in _DRUGS_AFFECTING.finditer(text, lexemes[0].start, lexemes[-1].end):
        if found.group("before") is not None:
            words = [found.group("before").lower()]
            end = found.end()
        else:
            words = []
            for word in re.finditer(r"[a-z][a-z0-9]+", found.group("object"), re.IGNORECASE):
                if word.group().lower() in _OBJECT_ENDS or (word.group().lower() in _POSSESSIVES and not words):
                    if words:
                        break
                    continue
                words.append(word.group().lower())
            while words and words[-1] == "of":  # "the course of" psoriasis: the thing after "of" is no word of ours
                words.pop()
            end = found.start("object") + (found.group("object").lower().rfind(words[-1]) + len(words[-1]) if words else 0)
        if not words or words[0] in word_list("effect_class_exclusions.txt"):
            continue
        name = OPEN_CONCEPT + "drug_affecting_" + "_".join(words)
        if words[0] in _QT_FIELDS:  # "medications which affect QT/QTc": the QT-prolonging drugs
            name, end = QT_PROLONGING_DRUG, _QT_TAIL.match(text, end).end()
        _fold_drug_class(out, name, found.start(), end, _AFFECTING_WORDS)
    return [lx for lx in out if lx is not None]


def _bounds_per_sex_bare(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"Hemoglobin (< 10 g/dL for men and < 9 g/dL for women)", "QTcF interval, > 450 ms for males and
    > 470 ms for females", "QTc is prolonged (> 450 ms for males or > 470 ms for females)": bounds per
    sex after their measure, inside parentheses or after a comma, read as they are without them (the
    threshold grammar's bounds per subgroup). Left so, no bound was read and the sex words became
    requirements of their own: "male" and "female" together, which no patient is."""
    dropped: set[int] = set()
    for i, lx in enumerate(lexemes):
        if lx.type not in ("LPAR", "COMMA") or i + 1 >= len(lexemes) or lexemes[i + 1].type not in ("CMP", "OR_CMP"):
            continue
        if lx.type == "COMMA":
            if i and lexemes[i - 1].type in _MEASURED and _per_sex(lexemes[i + 1 : _clause_end(lexemes, i + 1)]):
                dropped.add(i)
            continue
        close = next((j for j in range(i + 1, len(lexemes)) if lexemes[j].type in ("LPAR", "RPAR")), None)
        if close is None or lexemes[close].type != "RPAR" or not _per_sex(lexemes[i + 1 : close]):
            continue
        if _measured_before(lexemes, i):
            dropped.add(i)  # the closing one stays: it ends the second group's words
    return [lx for k, lx in enumerate(lexemes) if k not in dropped] if dropped else lexemes


def _per_sex_past_semicolons(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"Hemoglobin >= 11.5 g/dL for women; >= 13.5 g/dL for men": the second bound, with no measure of
    its own, is the first's for the other sex, as it is after a comma. The semicolon is the list's comma
    there; as a clause break it cut the second bound from its measure (a criterion for men with no
    bound read). Only a semicolon between a bound for one sex and a bare bound for the other."""
    out = list(lexemes)
    for i, lx in enumerate(lexemes):
        if lx.type != "SEMI" or i < 2 or i + 1 >= len(lexemes) or lexemes[i - 1].type != "EV_SEX":
            continue
        nxt = i + 1 + (lexemes[i + 1].type in ("AND", "OR") and i + 2 < len(lexemes))
        if lexemes[nxt].type not in ("CMP", "OR_CMP") or not _measured_before(lexemes, i - 2 - _bound_length(lexemes, i - 2)):
            continue
        rest = lexemes[nxt : _clause_end(lexemes, nxt)]
        sexes = [x for x in rest if x.type == "EV_SEX"]
        if len(sexes) == 1 and sexes[0].value != lexemes[i - 1].value and not any(x.type in _MEASURED for x in rest):
            out[i] = Lexeme("COMMA", ",", lx.start, lx.end)
    return out


def _bound_length(lexemes: list[Lexeme], k: int) -> int:
    """How many lexemes back from ``k`` (a "for"/"in" before a sex) the bound's comparator lies."""
    j = k
    while j > 0 and lexemes[j].type not in ("CMP", "OR_CMP"):
        j -= 1
    return k - j


def _grades_by_system(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """"Recovered to National Cancer Institute Common Terminology Criteria for Adverse Events (NCI
    CTCAE) version 4.03 grade <= 1": the grading system's name right before a grade says which
    scale the grade is on, as "CTCAE grade" does; it joins the grade. Read as words, "Cancer" and
    "Adverse Events" were terms (a malignancy, a toxicity) and the grade was cut off from what
    recovered."""
    if not lexemes:
        return lexemes
    out = list(lexemes)
    for m in reversed(list(_grading_system_name().finditer(text, lexemes[0].start, lexemes[-1].end))):
        inside = [k for k, lx in enumerate(out) if m.start() <= lx.start and lx.end <= m.end()]
        if not inside:
            continue
        after = inside[-1] + 1
        if after < len(out) and out[after].type in ("GRADE", "GRADE_N") and not text[m.end():out[after].start].strip():
            out[after] = out[after]._replace(start=out[inside[0]].start)
            del out[inside[0] : after]
    return out


@cache
def _grading_system_name() -> re.Pattern[str]:
    return re.compile(grading_system_name(), re.IGNORECASE)


def _restated_numbers(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"Eighteen (18) years", "a score of five (5) or greater", "two (2) weeks": a number written in
    words and restated in digits (or the other way round) is one number. Read as two, the bound
    after it ("or greater") and its unit were cut off from the first."""
    return _restated(lexemes, "NUM", lambda a, b: parse_number(b.value) == parse_number(a.value) is not None)


def _restated_units(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"> 450 milliseconds (msec)", "1.5 milligrams per deciliter (mg/dL)": a unit restated by its
    abbreviation in parentheses is one unit, so what follows the bound (its subgroup: "for males")
    comes right after it. Not a dose's unit: the event family reads those as words, by their text."""
    return _restated(lexemes, "UNIT", lambda a, b: a.value not in _DOSE_UNITS and b.value == a.value)


def _restated(lexemes: list[Lexeme], kind: str, same: Callable[[Lexeme, Lexeme], bool]) -> list[Lexeme]:
    """``lexemes`` with each terminal of ``kind`` followed by the same one in parentheses (``same``)
    made one terminal over the four."""
    out: list[Lexeme] = []
    k = 0
    while k < len(lexemes):
        lx = lexemes[k]
        if lx.type == kind and k + 3 < len(lexemes) and \
                [x.type for x in lexemes[k + 1 : k + 4]] == ["LPAR", kind, "RPAR"] and same(lx, lexemes[k + 2]):
            out.append(Lexeme(kind, lx.value, lx.start, lexemes[k + 3].end))
            k += 4
            continue
        out.append(lx)
        k += 1
    return out


def _one_lab_name(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """"Glycosylated haemoglobin A1c": two names of one analyte side by side (only spaces between)
    are one name. Read as two, the name restated in parentheses after an abbreviation ("HbA1c
    (glycosylated haemoglobin A1c) below 6.5%") was no restatement, and no bound was read."""
    out: list[Lexeme] = []
    for lx in lexemes:
        before = out[-1] if out else None
        if (before is not None and lx.type == "LAB" and before.type == "LAB" and before.value == lx.value
                and not text[before.end:lx.start].strip()):
            out[-1] = Lexeme("LAB", lx.value, before.start, lx.end)
            continue
        out.append(lx)
    return out


# units a dose or an amount given is in ("500 milliliters (mL)" of blood, "5 milligrams (mg)" a day)
_DOSE_UNITS = frozenset({"mg", "ug", "g", "mL", "L", "U", "units", "IU", "ng"})


def _sexes_of_bounds(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """"< 10 g/dL for men", "> 470 ms in females": a sex right after a bound and "for" or "in" says
    whom the bound is for, never that the patient must be of that sex. It stays words (the threshold
    grammar reads them as the bound's subgroup); read as a term, a pair of such bounds the grammar could
    not read required "male" and "female" together, which no patient is. Only two sexes, each with
    its own bound in one clause, are so read."""
    led = [k for k in range(2, len(lexemes)) if lexemes[k].type == "EV_SEX" and (
        lexemes[k - 1].type == "FOR" or lexemes[k - 1].type == "W" and lexemes[k - 1].value.lower() == "in")]
    if len(led) != 2 or lexemes[led[0]].value == lexemes[led[1]].value \
            or not any(_bound_ends_at(lexemes, k - 2) for k in led):
        return lexemes
    between = lexemes[led[0] + 1 : led[1]]
    if any(lx.type in ("SEMI", "LAB", "MEASURE") for lx in between) \
            or not any(lx.type in ("CMP", "OR_CMP", "NUM") for lx in between):
        # "in males and females": everyone; "…; … for men": a sentence of its own; "QTcF > 450 ms in
        # men or QTcF > 470 ms in women": two readings the grammar does not join as subgroups
        return lexemes
    out = list(lexemes)
    for k in led:  # "> 450 milliseconds (msec) for males and > 470 msec for females": the other sex too
        out[k] = Lexeme("W", text[lexemes[k].start : lexemes[k].end], lexemes[k].start, lexemes[k].end)
    return out


def _bound_ends_at(lexemes: list[Lexeme], k: int) -> bool:
    """Whether a bound's number or unit ends at ``k`` ("450 ms", "450 milliseconds (msec)")."""
    if k >= 2 and lexemes[k].type == "RPAR" and lexemes[k - 2].type == "LPAR":
        k -= 3  # the unit's abbreviation in parentheses
    return k >= 0 and lexemes[k].type in _BOUND_ENDS


_BOUND_ENDS = frozenset({"NUM", "UNIT", "ULN", "DOSE_UNIT"})


_MEASURED = frozenset({"LAB", "MEASURE"})
_MEASURE_WORDS_REACH = 8  # "QTc interval (Fridericia method) measured at screening is prolonged ("
_BETWEEN_MEASURE_AND_BOUND = frozenset({"W", "THAT_IS", "METHOD", "AT", "ANCHOR"})


def _per_sex(lexemes: list[Lexeme]) -> bool:
    """Whether the lexemes are bounds for two groups of sex: two sex terms, each after "for" or "in",
    joined by "and" or "or", and nothing else named."""
    sexes = [k for k, lx in enumerate(lexemes) if lx.type == "EV_SEX"]
    return (len(sexes) == 2 and all(k and lexemes[k - 1].type in ("FOR", "W") for k in sexes)
            and any(lx.type in ("AND", "OR") for lx in lexemes[sexes[0] : sexes[1]])
            and not any(lx.type.startswith("EV_") and lx.type != "EV_SEX" for lx in lexemes))


def _clause_end(lexemes: list[Lexeme], k: int) -> int:
    """Where the clause from ``k`` ends: the next semicolon or parenthesis, or the item's end."""
    return next((j for j in range(k, len(lexemes)) if lexemes[j].type in ("SEMI", "LPAR", "RPAR")), len(lexemes))


def _measured_before(lexemes: list[Lexeme], i: int) -> bool:
    """Whether a measure stands before ``i``, only words about it (and notes in parentheses) between."""
    k, seen = i - 1, 0
    while k >= 0 and seen < _MEASURE_WORDS_REACH:
        lx = lexemes[k]
        if lx.type in _MEASURED:
            return True
        if lx.type == "RPAR":  # "(Fridericia method)": a note on the measure
            while k >= 0 and lexemes[k].type != "LPAR":
                k -= 1
        elif lx.type not in _BETWEEN_MEASURE_AND_BOUND:
            return False
        k, seen = k - 1, seen + 1
    return False


def _dose_equivalents(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"> 10 mg/day prednisone or equivalent", "10 mg prednisone (or equivalent) per day", "> 10 mg per
    day of prednisone or an equivalent": a drug right after a dose, then "or (its, an) equivalent",
    names the drug in whose terms the dose is stated, as "prednisone equivalent" does (one ``EQUIV``
    whose value is the drug). Read as a drug of its own it was a second requirement: on prednisone,
    and on any corticosteroid above the dose, so a patient on 20 mg of dexamethasone was not excluded."""
    out: list[Lexeme | None] = list(lexemes)
    for i, lx in enumerate(lexemes):
        if lx.type != "EV_MED" or not _after_a_dose(lexemes, i):
            continue
        end = _equivalent_end(lexemes, i + 1)
        if end is None:
            continue
        start = i - 1 if lexemes[i - 1].type in ("W", "LPAR") else i  # "of prednisone or equivalent"
        if lexemes[start].type == "LPAR":  # "<= 10 mg/day (prednisone or equivalent)": the parenthesis too
            if end >= len(lexemes) or lexemes[end].type != "RPAR":
                continue
            end += 1
        out[start] = Lexeme("EQUIV", lx.value, lexemes[start].start, lexemes[end - 1].end)  # the drug named
        for k in range(start + 1, end):
            out[k] = None
    return [lx for lx in out if lx is not None]


def _equivalent_to(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"Oral corticosteroids at a dose equivalent to > 30 mg/day of prednisone": the drug after the
    dose names the drug in whose terms the dose is stated, as in "> 30 mg/day prednisone or
    equivalent" (:func:`_dose_equivalents`); "equivalent to" stays inside the dosed drug's reading.
    Read as a drug of its own, prednisone above the dose was asked beside the corticosteroid."""
    out: list[Lexeme | None] = list(lexemes)
    for i in range(1, len(lexemes) - 1):
        if lexemes[i].type != "EQUIV" or lexemes[i + 1].type != "TO" or not any(
                lx.type in _DRUG_TERMS for lx in lexemes[:i]):
            continue
        k = i + 2 + (i + 2 < len(lexemes) and lexemes[i + 2].type == "CMP")
        if not (k + 1 < len(lexemes) and lexemes[k].type == "NUM" and lexemes[k + 1].type == "DOSE_UNIT"):
            continue
        d = k + 2 + (k + 2 < len(lexemes) and lexemes[k + 2].type == "W" and lexemes[k + 2].value.lower() == "of")
        if d >= len(lexemes) or lexemes[d].type != "EV_MED":
            continue
        out[i] = out[i + 1] = None
        out[k + 2:d + 1] = [Lexeme("EQUIV", lexemes[d].value, lexemes[k + 2].start, lexemes[d].end)] + [None] * (d - k - 2)
    return [lx for lx in out if lx is not None]


def _after_a_dose(lexemes: list[Lexeme], i: int) -> bool:
    """Whether the drug at ``i`` follows a dose's unit, "of" or "per day" between."""
    k = i - 1
    if k >= 0 and (lexemes[k].type == "LPAR" or lexemes[k].type == "W" and lexemes[k].value.lower() == "of"):
        k -= 1
    if k >= 1 and lexemes[k].type == "TIME_UNIT" and (
            lexemes[k - 1].type == "SLASH" or lexemes[k - 1].value.lower() in ("per", "a")):
        k -= 2  # "> 10 mg per day of prednisone or an equivalent"
    if not (k >= 1 and lexemes[k].type in ("DOSE_UNIT", "UNIT", "W") and lexemes[k - 1].type == "NUM" and (
            lexemes[k].type == "DOSE_UNIT" or lexemes[k].value.lower() in _MASS_WORDS)):
        return False
    return _dosed_drug_before(lexemes, k - 2)


def _dosed_drug_before(lexemes: list[Lexeme], k: int) -> bool:
    """Whether a drug term stands before the comparator at ``k``, dose words between ("corticosteroids at
    a dose of > 10 mg …"): the drug whose dose it is. A dose with no drug before it ("> 10 mg prednisone or
    equivalent") keeps the named drug as its own: the class it is an equivalent within is not written."""
    if k < 0 or lexemes[k].type not in ("CMP", "OR_CMP"):
        return False
    for lx in reversed(lexemes[max(0, k - _DOSE_WORDS_REACH) : k]):
        if lx.type == "EV_MED":
            return True
        if lx.type not in _DOSE_WORD_TERMINALS:
            return False
    return False


_DOSE_WORDS_REACH = 6  # "corticosteroids (at a total daily dose of > 10 mg …"
_DOSE_WORD_TERMINALS = frozenset({"W", "AT", "ANCHOR", "LPAR", "STATUS"})


# a unit of mass another family took as a word: "> 10 mg prednisone" (no dose rate after it)
_MASS_WORDS = frozenset({"mg", "mcg", "µg", "ug", "g", "milligrams", "milligram"})


def _equivalent_end(lexemes: list[Lexeme], k: int) -> int | None:
    """Where "or equivalent" after a drug ends, from ``k``: "-equivalent", "(or equivalent)", "or an
    equivalent", "or its equivalent" (one cue); ``None`` where no such words follow."""
    kinds = [lx.type for lx in lexemes[k : k + 4]]
    if kinds[:1] == ["EQUIV"]:
        return k + 1
    if kinds[:2] == ["DASH", "EQUIV"]:
        return k + 2
    if kinds[:3] == ["LPAR", "EQUIV", "RPAR"]:
        return k + 3
    if kinds[:3] == ["OR", "W", "EQUIV"] and lexemes[k + 1].value.lower() in ("an", "its", "the"):
        return k + 3
    return None


def _participation_acts(lexemes: list[Lexeme]) -> list[Lexeme]:
    """An investigational study or drug term takes in the words before it that name only taking
    part in it ("participation in another investigational drug study", "enrolment in a study of any
    investigational drug": ``lexicons/participation_words.txt``); left as words they were unparsed
    beside the event."""
    acts, function_words = word_list("participation_words.txt"), word_list("function_words.txt")
    out = list(lexemes)
    for i, lx in enumerate(lexemes):
        if lx.type != "W" or lx.value.lower() not in acts or i + 1 >= len(lexemes) or lexemes[i + 1].value.lower() not in ("in", "into"):
            continue
        j = i + 2
        while j < len(lexemes) and j - i - 2 < _PARTICIPATION_REACH and lexemes[j].type == "W" and (
                lexemes[j].value.lower() in function_words or lexemes[j].value.lower() in _STUDY_WORDS):
            j += 1
        if j < len(lexemes) and lexemes[j].type == "EV_THERAPY" and lexemes[j].value in _investigational():
            out[j] = lexemes[j]._replace(start=lx.start)
            out[i:j] = [None] * (j - i)  # type: ignore[list-item]
    return [lx for lx in out if lx is not None]


_STUDY_WORDS = frozenset({"study", "trial", "of", "concurrent", "current", "simultaneous"})


@cache
def _investigational() -> frozenset[str]:
    """Therapy concepts of the investigational group (another study, an investigational drug)."""
    return frozenset(c.name for c in event_lexicon() if c.kind == "prior_therapy" and c.group == "investigational")


_DRUG_TERMS = frozenset({"EV_MED", "EV_THERAPY"})
_EXPOSURES = frozenset({"EV_MED", "EV_THERAPY", "EV_PROC"})


_PERIOD_WORDS = frozenset({"in", "during", "throughout"})  # not "over": a comparator


def _periods_before(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"Hospitalization in the 6 months prior to screening", "IV iron during the 4 weeks before
    enrollment": a period that ends at the anchor is a window over it, as "within 6 months prior to"
    is. Left words, the time was read as no window at all. Only a period that runs up to an anchor
    before it ("in the 6 months of treatment" is no such window)."""
    out: list[Lexeme | None] = list(lexemes)
    for i in range(len(lexemes) - 4):
        lead, article, number, unit, rel = lexemes[i : i + 5]
        if (lead.type == "W" and lead.value.lower() in _PERIOD_WORDS and article.type == "W"
                and article.value.lower() == "the" and number.type == "NUM" and unit.type == "TIME_UNIT"
                and rel.type == "REL" and rel.value == "before"):
            out[i] = Lexeme("WITHIN", "within", lead.start, article.end)
            out[i + 1] = None
    return [lx for lx in out if lx is not None]


def _drug_starts(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """"Systemic corticosteroids within 14 days prior to initiation of atezolizumab", "strong CYP3A4
    inhibitors within 1 week of start of everolimus": the start of a drug named after a window over an
    exposure is the study's first dose, as "the first dose of pembrolizumab" is (read as a therapy of
    its own, the drug had been asked of every patient). The act word (``lexicons/anchor_act_words.txt``)
    becomes the anchor, with an article before it ("before the start of"); "of" and the drug after it
    are read as after "first dose" (an article between them is dropped). Only where the window's event
    is a drug, therapy or procedure: "relapse within 6 months of initiation of adjuvant chemotherapy"
    times the patient's own therapy."""
    acts = word_list("anchor_act_words.txt")
    out: list[Lexeme | None] = list(lexemes)
    for i, lx in enumerate(lexemes):
        if lx.type != "W" or lx.value.lower() not in acts or i + 2 >= len(lexemes) or lexemes[i + 1].value.lower() != "of":
            continue
        article = _is_article(lexemes[i + 2]) and i + 3 < len(lexemes)
        drug = lexemes[i + 2 + article]
        led = i > 1 and _is_article(lexemes[i - 1])  # "before the start of"
        before = lexemes[i - 1 - led] if i - 1 - led >= 0 else None
        window = next((k for k in range(i - 1, max(-1, i - 7), -1) if lexemes[k].type == "WITHIN"), None)
        if (drug.type not in _DRUG_TERMS or before is None or not (before.type == "REL" or before.value.lower() == "of")
                or window is None or not any(x.type in _EXPOSURES for x in lexemes[max(0, window - 4):window])):
            continue
        out[i] = Lexeme("ANCHOR", "first_dose", lexemes[i - 1].start if led else lx.start, lx.end)
        if led:
            out[i - 1] = None
        if article:
            out[i + 2] = None
    return [lx for lx in out if lx is not None]


def _is_article(lexeme: Lexeme) -> bool:
    return lexeme.type == "W" and lexeme.value.lower() == "the"


def _next_word_in(lexemes: list[Lexeme], j: int, words: frozenset[str], text: str) -> bool:
    """Whether lexeme ``j`` is one of ``words`` and follows the one before it with only spaces
    between ("screening. Initiation of …" starts another sentence)."""
    return (j < len(lexemes) and lexemes[j].type == "W" and lexemes[j].value.lower() in words
            and not text[lexemes[j - 1].end:lexemes[j].start].strip())


def _anchors_as_events(lexemes: list[Lexeme]) -> list[Lexeme]:
    """An anchor that is no point in time names its event: "Informed consent given", "Refusal to
    consent" are consent itself; "within 28 days of consent" keeps the anchor."""
    events = _anchor_events()
    out = list(lexemes)
    for i, lx in enumerate(lexemes):
        concept = events.get(lx.value) if lx.type == "ANCHOR" else None
        if concept is None:
            continue
        before = lexemes[i - 1] if i else None
        timed = before is not None and (
            before.type in _TIME_RELATIONS or (before.type == "W" and before.value.lower() in _TIME_WORDS)
        )
        if not timed:
            out[i] = Lexeme(_concept_terminal(concept), concept, lx.start, lx.end)
    return out


@cache
def _concept_terminal(name: str) -> str:
    return next(c.terminal for c in event_lexicon() if c.name == name)


def _spans(doc, start, end, cues, marks, events=None) -> list[tuple[int, int, str, str | None]]:
    """Cue spans, with the longer lab/unit marks and event terms in place of the cues they overlap."""
    entries = cue_lexicon()
    if marks is None:
        marks = _marks_in(doc, start, end)
    if events is None:
        events = _marks_in(doc, start, end, EVENTS_KEY)
    measures = _marks_in(doc, start, end, MEASURES_KEY)
    vocab = _marks_in(doc, start, end, VOCAB_KEY)
    if not marks and not events and not measures and not vocab:
        return [(s, e, entries[k].terminal, entries[k].value) for s, e, k in cues]
    cue_at = {s: (e, entries[k].terminal, entries[k].value) for s, e, k in cues}
    if marks:
        table = lab_marks()
        _merge_longer(cue_at, [(s, e, table[k].terminal, table[k].value) for s, e, k in marks])
    if measures:  # value None: the phrase as written (the transformer normalizes it)
        _merge_longer(cue_at, [(s, e, "MEASURE", None) for s, e, _ in measures])
    if events:
        _merge_longer(cue_at, [(s, e, *_event_terminal(k)) for s, e, k in events], partial(_cue_of, doc))
    if vocab:  # conditions and drugs of the field vocabularies (criteria.vocab), after ours
        _merge_longer(cue_at, [(s, e, *vocab_terminal(k)) for s, e, k in vocab])
    return [(s, *rest) for s, rest in sorted(cue_at.items())]


def _event_terminal(index: int) -> tuple[str, str]:
    """(terminal, value) of event concept ``index``: a dose unit carries its canonical unit,
    any other term its concept name."""
    concept = event_lexicon()[index]
    return concept.terminal, concept.value if concept.kind == "dose_unit" else concept.name


@cache
def _cue_phrases() -> dict[str, tuple[str, str | None]]:
    return {entry.phrase.lower(): (entry.terminal, entry.value) for entry in cue_lexicon()}


def _cue_of(doc: Doc, start: int, end: int) -> tuple[str, str | None] | None:
    """The cue tokens ``start``–``end`` are by themselves, if any ("except" of "except in situ …")."""
    return _cue_phrases().get(doc[start:end].text.lower())


def _merge_longer(cue_at: dict, spans: list[tuple[int, int, str, str]], prefix_cue=None) -> None:
    """Add ``(start, end, terminal, value)`` spans to ``cue_at`` where each is longer than every cue
    it overlaps (those cues are dropped); on equal length the cue stays. A dropped cue that begins
    before the span keeps the words before it when they are a cue themselves (``prefix_cue``):
    "except in" overlapping the term "in situ carcinoma" leaves "except".

    Both lists are sorted and free of overlaps within themselves, so one sweep over the cues
    (sorted by start) finds each span's overlapping cues.
    """
    cues = sorted((s, e) for s, (e, _, _) in cue_at.items())
    j = 0
    for s, e, terminal, value in spans:
        while j < len(cues) and cues[j][1] <= s:  # cues wholly before this span
            j += 1
        n = j
        overlapping = []
        while n < len(cues) and cues[n][0] < e:
            overlapping.append(cues[n])
            n += 1
        if any(ce - cs >= e - s for cs, ce in overlapping):
            continue
        for cs, _ in overlapping:
            cue_at.pop(cs, None)  # a cue can overlap two spans; the first removed it
            kept = prefix_cue(cs, s) if prefix_cue is not None and cs < s else None
            if kept is not None:
                cue_at[cs] = (s, *kept)
        cue_at[s] = (e, terminal, value)


def mark_terminals(doc: Doc, start: int, end: int) -> frozenset[str]:
    """Terminals of the non-cue marks (labs, units) in tokens ``start``–``end``: they can trigger rules too."""
    marks = _marks_in(doc, start, end)
    # the lab lexicons load on the first lab or unit, not on every text
    found = frozenset(lab_marks()[k].terminal for _, _, k in marks) if marks else frozenset()
    found |= frozenset(vocab_terminal(k)[0] for _, _, k in _marks_in(doc, start, end, VOCAB_KEY))
    return found | {"MEASURE"} if _marks_in(doc, start, end, MEASURES_KEY) else found


def _marks_in(doc: Doc, start: int, end: int, key: str = LABS_KEY) -> list[tuple[int, int, int]]:
    found = doc.user_data.get(key) or []
    lo = bisect_left(found, (start, -1, -1))
    hi = bisect_left(found, (end, -1, -1), lo)
    return found[lo:hi]


_DOC_KEY = "criteria_token_arrays"
_new_lexeme = partial(tuple.__new__, Lexeme)  # builds a Lexeme from one row without a Python frame
_BY_ORTH: dict[int, tuple[str | None, str]] = {}  # ORTH hash → (terminal, text); hashes are vocab-independent
_BY_ORTH_MAX = 1 << 17


def _token_arrays(doc: Doc) -> tuple[list[int], list[int], list[int]]:
    """Each token's ORTH hash, start and end offset: one ``doc.to_array`` per doc, kept in ``user_data``.

    ``Doc.text`` and ``doc[i]`` make Python objects token by token; the arrays are made in C.
    """
    cached = doc.user_data.get(_DOC_KEY)
    if cached is None:
        if len(doc):
            array = doc.to_array([ORTH, IDX, LENGTH])
            cached = (array[:, 0].tolist(), array[:, 1].tolist(), (array[:, 1] + array[:, 2]).tolist())
        else:
            cached = ([], [], [])
        doc.user_data[_DOC_KEY] = cached
    return cached


def _plain(doc: Doc, orths: list[int], starts: list[int], ends: list[int], lo: int, hi: int) -> list[Lexeme]:
    """Terminals of tokens ``lo:hi``, none of them in a cue; a token's terminal is cached by its ORTH."""
    out = []
    known = _BY_ORTH.get
    for orth, first, last in zip(orths[lo:hi], starts[lo:hi], ends[lo:hi]):
        info = known(orth)
        if info is None:
            info = _remember(orth, doc.vocab.strings[orth])
        if info[0] is not None:
            out.append(_new_lexeme((info[0], info[1], first, last, ())))
    return out


def _remember(orth: int, text: str) -> tuple[str | None, str]:
    if len(_BY_ORTH) >= _BY_ORTH_MAX:  # bounded: a long-running process sees ever new tokens
        _BY_ORTH.clear()
    ratio = _RATIO.match(text)
    # "≥ 1.5:1" is a ratio written against one: the number is its first term
    info = _BY_ORTH[orth] = ("NUM", ratio.group(1)) if ratio else (_kind(text), text)
    return info


def _kind(text: str) -> str | None:
    """The terminal of a token that is not part of a cue (``None``: skipped), by its text."""
    if text.isspace() or text in _SKIP:
        return None
    if _NUMBER.match(text):
        return "NUM"
    return _PUNCT.get(text, "W")


def parse_number(text: str) -> float | None:
    """The value of a number as written: ``1,500`` → 1500, ``1,5`` → 1.5, ``18`` → 18."""
    if "," in text:
        head, _, tail = text.rpartition(",")
        if len(tail) == 3 and "." not in tail:
            text = text.replace(",", "")
        elif head.count(",") == 0 and "." not in text:
            text = f"{head}.{tail}"
        else:
            text = text.replace(",", "")
    try:
        value = float(text)
    except ValueError:
        return None
    # 400 nines read as inf, which JSON cannot hold: such a number is not understood
    return value if math.isfinite(value) else None
