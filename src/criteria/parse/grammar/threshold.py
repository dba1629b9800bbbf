"""Transformer methods of the threshold family (grammars/threshold.lark).

Builds :class:`~criteria.tree.nodes.LabThreshold` / :class:`~criteria.tree.nodes.MeasureThreshold`
per analyte (several analytes sharing one bound become ``all_of``, alternatives joined by
"or" ``any_of``); performance status and life expectancy are in :mod:`.scales`. Values are read from the lexemes (trees are cached
by shape); a value that cannot be right (a unit that does not fit the analyte, ECOG 7) raises
``ValueError``, which the scanner takes as "no match": the text then stays ``unparsed``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from lark import Token
from pydantic import BaseModel, ConfigDict, Field

from ...errors import ResourceError
from ...labs import LabEntry, lab_fields_by_name, lab_lexicon, unit_lexicon
from ...tree.nodes import AllOf, Alternative, Amount, AnyOf, LabThreshold, MeasureThreshold, Node
from ...resources import cue_lexicon, event_lexicon, load_jsonl, sex_words, word_list
from ..nlp.measures import measure_words, normalize_measure
from ...units import UnitError, compatible, convert, parse_unit
from .age import _HIGH, _LOW
from .subgroups import names_a_subgroup
from .base import RuleContext

_ALWAYS_FITS = frozenset({"percent"})  # "FEV1 >= 50% (of predicted)": a share fits any measure
#: Words that may follow analytes named in parentheses before their bound: what of them is measured
#: ("(sPGA) score of", "(CD4+) T cell count"), never another measure's name ("(PGA) Mayo subscore")
_AFTER_NAMED_WORDS = frozenset({"score", "scores", "total", "level", "levels", "value", "values", "count", "counts",
                                "class", "index", "result", "results", "concentration", "t", "cell", "cells",
                                "of", "is", "are", "must", "be", "should", "was"})
#: After a number, what makes it the base of a power the text wrote flat ("10^3", "10 ^ 3", "10*5*")
_POWER_MARK = re.compile(r"\s?\^|\*\d{1,2}\*")
_MAX_FILLER = 8  # more words than this between a lab name and its bound: not one threshold
#: Words after an analyte's name saying the bound is on the test that measures it, not on the patient's value
_TEST_PROPERTIES = frozenset({"sensitivity", "specificity"})
_PAIRED_TOLERANCE = 0.06  # "9 g/dL (5.6 mmol/L)": rounding in the paired value
_PAIRED_MEASURE = "blood_pressure"  # the one measure written as a pair of values: systolic/diastolic
_SAME = "same"  # the unit of "5 x" in "<= 2.5 x ULN (<= 5 x if ...)": that of the main bound
#: Counts of cells per volume as written ("/mm3", "cells/µL"): never a fraction of a cell, so a number
#: with dots before groups of three digits ("1.500/mm3", "100.000 cells/µL") is written with
#: thousands separators, as in much of Europe.
_CELLS_PER_VOLUME = frozenset({"1/mm^3", "1/uL"})
_THOUSANDS_DOT = re.compile(r"^[1-9]\d{0,2}(?:\.\d{3})+$")
_SAME_OP = "same"  # the comparator of "(5 x ULN if ...)": that of the main bound
# A condition opens and closes on a word (the scanner shows other families' terminals to this one
# as words: docs/architecture.md)
_CONDITION_WORDS = frozenset({"W", "METHOD"})
_ANALYTE_TERMINALS = frozenset({"LAB", "MEASURE"})


@dataclass(frozen=True, slots=True)
class Amt:
    value: float
    unit: str | None
    rel: str | None
    lo: int
    hi: int


@dataclass(frozen=True, slots=True)
class Lim:
    """One or two bounds: ``[(op, value, unit, rel)]``; a range is op 'between' with value_high."""

    op: str
    value: float
    value_high: float | None
    unit: str | None
    rel: str | None
    lo: int
    hi: int
    extra: "Lim | None" = None  # "> 7 and < 10": the second, strict bound; "160/100": the diastolic
    pair: bool = False  # a systolic/diastolic pair
    listed: bool = False  # classes listed ("III or IV"): only a scale's
    one_class: bool = False  # a class after the scale's name, its comparator before it: only a scale in classes
    either: bool = False  # "< 3.5 and > 5.5 mmol/L": bounds on both sides of a range, either holds


@dataclass(frozen=True, slots=True)
class Words:
    lo: int
    hi: int


@dataclass(slots=True)
class Head:
    groups: list[list[str]]
    lo: int
    hi: int
    methods: list[str] = field(default_factory=list)
    paren_limit: "Lim | None" = None  # "PSA (>= 5 ng/mL)": the bound inside the head's parentheses


#: Words saying the bound before an "or" is for a subgroup of its own ("> 450 ms in males or > 470 ms
#: in females"): then the other bound is not an alternative to it for everyone else.
_GROUP_WORDS_MAX = 3  # "(for male patients)": a group of sex or age named in a few words
_AGE_GROUP_WORDS = frozenset({"children", "adults", "adult", "child"})


@cache
def _subgroup_words() -> frozenset[str]:
    """Words naming a group of sex (the event lexicon's, :func:`~criteria.resources.sex_words`) or age."""
    return frozenset(sex_words()) | _AGE_GROUP_WORDS


@dataclass(frozen=True, slots=True)
class SubgroupAfter:
    """"… in men or <= 1.4 mg/dL in women": the first bound's subgroup, the other bound and its own."""

    first: Words
    lim: Lim | None  # None: the other bound's number alone ("... for women or 14 for men"), see ``amt``
    cond: Words
    amt: "Amt | None" = None


@dataclass(frozen=True, slots=True)
class After:
    kind: str  # "paired" | "alt" | "note"
    lim: Lim | None
    cond: Words | None
    lo: int
    hi: int
    methods: tuple[str, ...] = ()


@dataclass(slots=True)
class Item:
    head: Head
    lim: Lim
    afters: list[After]
    lo: int
    hi: int
    applies_to: str | None = None
    named_after: bool = False  # the measure is named after its bound ("< 10 on the Epworth Sleepiness Scale")


@dataclass(frozen=True, slots=True)
class _Abbreviation:
    """"(GDS)": a scale's abbreviation in parentheses after its name."""

    lo: int
    hi: int


@dataclass(frozen=True, slots=True)
class Subgroups:
    """"QTc > 450 ms for males and > 470 ms for females": one item per subgroup, all holding."""

    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class OrSubgroup:
    """"… (males) or > 470 ms (females)": another bound, for the group named in parentheses after it."""

    lim: Lim
    group: Words


@dataclass(frozen=True, slots=True)
class SecondBound:
    """", but < 4 cm": a second bound on the analyte of the item before it."""

    lim: Lim
    interval: bool = False  # joined by a bare comma: only the other end of an interval


@dataclass(frozen=True, slots=True)
class OrAlt:
    lim: Lim
    cond: Words | None
    lo: int
    hi: int


class ThresholdRules:
    """Mixed into the node builder; ``self.ctx`` is the :class:`RuleContext`."""

    ctx: RuleContext

    # --- amounts and limits -------------------------------------------------------------
    def amount(self, children):
        number, *unit = children
        value = self.ctx.number(number)
        if value is None:
            raise ValueError("not a number")
        end = self.ctx.span(number.start_pos, number.start_pos).end
        if _POWER_MARK.match(self.ctx.original, end):  # "≥ 10^3 copies/mL", "≥ 10*5*": a power of ten, not 10
            raise ValueError("a power written with a caret")
        lo = children[0].start_pos
        if unit:
            (u,) = unit
            if u[0] in _CELLS_PER_VOLUME and _THOUSANDS_DOT.match(self.ctx.value(number)):
                value = float(self.ctx.value(number).replace(".", ""))  # "1.500/mm3": 1,500 cells, not 1.5
            return Amt(value, u[0], u[1], lo, u[2])
        return Amt(value, None, None, lo, number.start_pos)

    def amount_limit(self, children):
        """"Bilirubin <= ULN", "magnesium > the lower limit of normal", "AST <= ULN x 4": the limit
        of normal itself (once, or the multiple written after it)."""
        limit, *times = children
        rel = self.ctx.value(limit)
        value = 1.0
        if times:
            value = self.ctx.number(times[-1])
            if value is None:
                raise ValueError("not a number")
        return Amt(value, rel, rel, limit.start_pos, children[-1].start_pos)

    def unit_abs(self, children):
        (token,) = children
        value = self.ctx.value(token)
        if value == "units" and self.ctx.source(token.start_pos, token.start_pos).lower() in _IU_SPELLINGS:
            value = "IU"  # a dose unit shown as a unit: "IU" is international units, not any units
        return (value, None, token.start_pos)

    def unit_times(self, children):  # "(<= 5 x if liver metastases)": times the limit of the main bound
        (token,) = children
        return (_SAME, _SAME, token.start_pos)

    def unit_rel(self, children):
        token = children[-1]
        rel = self.ctx.value(token)
        return (rel, rel, token.start_pos)

    def lim_cmp(self, children):
        comparator, amt = children
        return _lim(self.ctx.value(comparator), amt, comparator.start_pos, amt.hi)

    def lim_negative(self, children):  # "T-score < -2.5"
        comparator, _, number, *unit = children
        amt = self.amount([number, *unit])
        return _lim(self.ctx.value(comparator), replace(amt, value=-amt.value), comparator.start_pos, amt.hi)

    def lim_dipstick(self, children):
        """"Proteinuria < 1+": a grade on a urine dipstick (the '+' is written, not a comparator)."""
        comparator, number, plus = children
        value = self.ctx.number(number)
        if value is None:
            raise ValueError("not a number")
        written = self.ctx.lexeme(plus)
        unit = "dipstick" if written.end - written.start == 1 else None  # "≥ 1500 or more" says it twice
        return Lim(self.ctx.value(comparator), value, None, unit, None, comparator.start_pos, plus.start_pos)

    def lim_out_of(self, children):
        """"Pain >= 3 out of 10": a score on a scale from 0 to the number after "out of"."""
        comparator, number, _, top = children
        value, high = self.ctx.number(number), self.ctx.number(top)
        if value is None or high is None or not 0 <= value <= high:
            raise ValueError("a score out of a top it does not lie under")
        return Lim(self.ctx.value(comparator), value, None, None, None, comparator.start_pos, top.start_pos)

    def lim_post(self, children):
        amt, comparator = children
        return _lim(self.ctx.value(comparator), amt, amt.lo, comparator.start_pos)

    def lim_set(self, children):
        """"NYHA class III or IV", "ASA I, II or III": listed classes, read as the range they fill."""
        numbers = [c for c in children if isinstance(c, Token) and c.type == "NUM"]
        values = [self.ctx.number(n) for n in numbers]
        if any(v is None or v != int(v) for v in values):
            raise ValueError("classes are whole numbers")
        ordered = sorted(values)  # type: ignore[type-var]
        if ordered != list(range(int(ordered[0]), int(ordered[0]) + len(ordered))):
            raise ValueError("listed classes with a gap are not one range")
        return Lim("between", ordered[0], ordered[-1], None, None, numbers[0].start_pos, numbers[-1].start_pos,
                   listed=True)

    def lim_range(self, children):
        low, high = [c for c in children if isinstance(c, Amt)]
        unit, rel = (high.unit, high.rel) if high.unit else (low.unit, low.rel)
        if low.unit and high.unit and (low.unit, low.rel) != (high.unit, high.rel):
            raise ValueError("a range with two different units")
        if low.value > high.value:
            raise ValueError("a range whose low end is above its high end")
        lo = children[0].start_pos if isinstance(children[0], Token) else low.lo
        return Lim("between", low.value, high.value, unit, rel, lo, high.hi)

    def lim_bounds(self, children):
        first, second = [c for c in children if isinstance(c, Amt)]
        ops = [self.ctx.value(c) for c in children if isinstance(c, Token) and c.type == "CMP"]
        lo, hi = children[0].start_pos, second.hi
        return _two_bounds(_lim(ops[0], first, lo, first.hi), _lim(ops[1], second, lo, hi))

    def lim_range_bounds(self, children):
        """"Between 18 and < 40 kg/m2", "from >= 18 to < 38", "18 to <= 27": a range whose ends say
        whether they are included; an end with no comparator is included, as in any range. Only a
        lower end below an upper one: never the two sides outside a range."""
        low, high = [c for c in children if isinstance(c, Amt)]
        ops = [self.ctx.value(c) for c in children if isinstance(c, Token) and c.type == "CMP"]
        first_op = ops[0] if len(ops) == 2 else ">="
        if first_op not in _LOW or ops[-1] not in _HIGH or low.value >= high.value:
            raise ValueError("a range's ends are a lower bound, then a higher upper bound")
        lo = children[0].start_pos if isinstance(children[0], Token) else low.lo
        return _two_bounds(_lim(first_op, low, lo, low.hi), _lim(ops[-1], high, lo, high.hi))

    def th_two_bounds(self, children):
        """"Hemoglobin < 10 g/dL and >= 8.5 g/dL", "BSA of at least 3%, but no more than 12%": two
        bounds on one analyte, each perhaps restated in parentheses; only "and" or "but" between."""
        flat = [item for c in children for item in (c.items if isinstance(c, _Flat) else [c])]
        head = next(c for c in flat if isinstance(c, Head))
        first, second = [c for c in flat if isinstance(c, Lim)]
        between = [c for c in flat if isinstance(c, Token) and first.hi < c.start_pos < second.lo]
        words = [self.ctx.value(c).lower() for c in between if c.type == "W"]
        if words not in ([], ["but"]):
            raise ValueError("only 'and' or 'but' between two bounds on one analyte")
        afters = [c for c in flat if isinstance(c, After) and c.hi < second.lo]
        restated = [c for c in flat if isinstance(c, Amt) and c.hi < second.lo]  # ">= 8.0 mg/dL (2.00 mmol/L) and"
        afters += [After("paired", _lim("", amt, amt.lo, amt.hi), None, amt.lo, amt.hi) for amt in restated]
        later = [c for c in flat if isinstance(c, After) and c.lo > second.hi and c.kind != "paired"]
        lim = _two_bounds(first, second)
        if lim.op == "between":  # a value restating one end is not the range's
            afters = [a for a in afters if a.kind != "paired"]
        hi = max([second.hi, *(a.hi for a in later)])
        return Item(head, lim, afters + later, head.lo, hi)

    def lim_pair(self, children):
        """"< 160/100 mmHg": systolic and diastolic, read by the analyte (blood pressure only)."""
        comparator, first, _, second, *unit = children
        op = self.ctx.value(comparator)
        high, low = self.ctx.number(first), self.ctx.number(second)
        if high is None or low is None:
            raise ValueError("not a number")
        u, rel, hi = unit[0] if unit else (None, None, second.start_pos)
        return Lim(op, high, None, u, rel, comparator.start_pos, hi, extra=Lim(op, low, None, u, rel, 0, 0),
                   pair=True)

    # --- the analytes -------------------------------------------------------------------
    def th_head(self, children):
        groups: list[list[str]] = []
        methods: list[str] = []
        depth = 0
        join = None
        filler = 0
        named_in_parens: list[str] = []  # "International normalization ratio (INR)": the text names it
        worded: list[str] = []  # analytes in parentheses with a word after them: "(BDI II)", "(UPC ratio)"
        children = [item for c in children for item in (c.items if isinstance(c, _Flat) else [c])]
        paren_limit = None
        status = _check_status_suffixes(children, self.ctx)
        for child in children:
            if isinstance(child, Words):
                methods += self._methods(child.lo, child.hi)
                continue
            if isinstance(child, Lim):  # "PSA (>= 5 ng/mL)"
                paren_limit = paren_limit or child
                continue
            kind = child.type
            if kind == "LPAR":
                depth += 1
            elif kind == "RPAR":
                depth = max(0, depth - 1)
            elif kind == "LAB" and depth == 1:
                named_in_parens.append(self.ctx.value(child))
                worded.append(self.ctx.value(child)) if _word_follows(children, child) else None
            elif kind in _ANALYTE_TERMINALS and depth == 0:
                name = self._analyte(child)
                if join == "OR" and groups:
                    groups[-1].append(name)
                else:
                    groups.append([name])
                join = None
            elif kind in ("AND", "SLASH", "COMMA", "OR") and depth == 0:
                join = "OR" if kind == "OR" else (join or "AND")
            elif kind == "METHOD":
                methods.append(self.ctx.value(child))
            elif kind == "W":
                filler += 1
                if self.ctx.value(child).lower() in _CHANGE_WORDS and _right_after_analyte(children, child):
                    raise ValueError("'weight loss > 10%': the bound is on a change of the measure, not on the measure")
                if self.ctx.value(child).lower() in _TEST_PROPERTIES:
                    raise ValueError("'beta-hCG sensitivity of >= 25 mIU/mL': a property of the test, not a value")
        if filler > _MAX_FILLER:
            raise ValueError("too many words between the analyte and its bound")
        reaching = [k for k, c in enumerate(children) if isinstance(c, Token) and c.type == "TO"]
        if reaching and (reaching[-1] != len(children) - 1 or self._limited_before()):
            # "to" right before the bound is the value reached ("QTc prolonged to > 470 ms"); not "is
            # found to be > 470 ms" (what is then done), nor "restrict alcohol to <= 1 unit" (a limit kept)
            raise ValueError("'to' before a bound is the value a measure reached, right before it")
        named = {n for g in groups for n in g if isinstance(n, str)}
        if named and any(name not in named for name in worded):
            # "creatinine ratio (UPC ratio)": the parentheses name another measure than the head
            raise ValueError("a measure named with its words in parentheses is not the analyte before them")
        listed = any(isinstance(c, Token) and c.type in ("COMMA", "AND") for c in children)
        if status and listed:  # "ER-positive, PR-positive (> 20%)": whose is the bound? ("ER/PR-positive": both)
            raise ValueError("analytes listed each with a status of its own share no bound")
        if len(groups) == 1 and len(groups[0]) == 1 and isinstance(groups[0][0], OpenMeasure) and named_in_parens:
            groups = [[named_in_parens[0]]]  # the abbreviation the text gives is a lexicon analyte
        first, last = children[0], children[-1]
        hi = last.start_pos if isinstance(last, Token) else last.hi
        return Head([list(dict.fromkeys(g)) for g in groups], first.start_pos, hi, methods, paren_limit)

    def th_head_paren(self, children):
        """"Liver function tests (AST & ALT) <= 3 x ULN": the analytes named in parentheses after a
        group's name (which stays words beside the threshold); joined as in :meth:`th_head`."""
        groups: list[list[str]] = []
        join = None
        parts = [item for c in children if isinstance(c, _Flat) for item in c.items]
        # after the parentheses only words that say what is measured: "(sPGA) score of >= 3"
        if any(not isinstance(c, (Token, str, _Flat)) for c in children) \
                or any(not isinstance(p, Token) or p.type != "W" for p in parts) \
                or any(self.ctx.source(p.start_pos, p.start_pos).lower() not in _AFTER_NAMED_WORDS for p in parts):
            # "(PGA) Mayo subscore": other words name another measure than the one in parentheses
            raise ValueError("only a few words after analytes named in parentheses")
        for child in children:
            if isinstance(child, Token) and child.type == "LAB":
                name = self.ctx.value(child)
                if join == "OR" and groups:
                    groups[-1].append(name)
                else:
                    groups.append([name])
            elif isinstance(child, str):
                join = child
        last = parts[-1] if parts else children[-1]
        return Head([list(dict.fromkeys(g)) for g in groups], children[0].start_pos, last.start_pos)

    def th_lab_sep(self, children):
        return "OR" if any(c.type == "OR" for c in children) else "AND"

    def _analyte(self, token: Token) -> "str | OpenMeasure":
        """A lexicon field (``LAB``), or a measure the lexicon lacks (``MEASURE``), named as written."""
        if token.type == "LAB":
            return self.ctx.value(token)
        measure = open_measure(self.ctx.value(token))
        return _known_tail(measure.field) or measure

    def th_head_part(self, children):
        return _Flat(children)

    def th_head_limit(self, children):
        """"PSA (>= 5 ng/mL)", "ER-positive (>= 1% positive stained cells)": the head's bound in its
        parentheses. Words after the bound only say how it is counted: with a unit, and naming no
        case ("(< 5 x ULN in participants with liver metastases)" is a subgroup's bound, "(at least two
        measurements)" counts something else)."""
        lim = next(c for c in children if isinstance(c, Lim))
        words = next((c for c in children if isinstance(c, Words)), None)
        if words is not None:
            said = set(self.ctx.source(words.lo, words.hi).lower().split())
            if (lim.unit is None and lim.rel is None) or said & (_CASE_WORDS | _subgroup_words()):
                raise ValueError("words after a bound in parentheses that name a case or count something else")
        return lim

    def th_head_only(self, children):
        (head,) = children
        if head.paren_limit is None:
            raise ValueError("an analyte without a bound")
        if any(isinstance(n, OpenMeasure) for g in head.groups for n in g):
            # "medium-size (between 63 and 124 µm) drusen": the thing measured may follow the parentheses
            following = self.ctx.offset + head.hi + 1
            if following < len(self.ctx.lexemes) and self.ctx.lexemes[following].type == "W":
                raise ValueError("a bound in parentheses before the thing it measures")
        return self.threshold([Item(head, head.paren_limit, [], head.lo, head.hi)])

    def th_words(self, children):
        return Words(children[0].start_pos, children[-1].start_pos)

    def th_cond(self, children):
        return children[0]

    def th_bare_cond(self, children):
        return Words(children[0].start_pos, children[-1].start_pos)

    # --- what follows a bound -----------------------------------------------------------
    def th_paired(self, children):
        amt = next(c for c in children if isinstance(c, Amt))
        lim = Lim("", amt.value, None, amt.unit, amt.rel, amt.lo, amt.hi)
        return After("paired", lim, None, children[0].start_pos, children[-1].start_pos)

    def th_alt(self, children):
        lim = next(c for c in children if isinstance(c, Lim))
        cond = next((c for c in children if isinstance(c, Words)), None)
        return After("alt", lim, cond, children[0].start_pos, children[-1].start_pos)

    def th_alt_after_words(self, children):
        words = [c for c in children if isinstance(c, Words)]
        joint = next((c for c in children if isinstance(c, Token) and c.type == "W"), None)
        if joint is not None and self.ctx.value(joint).lower() != "as":  # "or as >= 10 mm"
            raise ValueError("only 'as' between 'or' and the other bound")
        lim = next((c for c in children if isinstance(c, Lim)), None)
        comparator = next((c for c in children if isinstance(c, Token) and c.type == "OR_CMP"), None)
        if len(words) < 2:
            raise ValueError("the other bound says for what case it is")
        if lim is None and comparator is None:
            # "> 7 drinks/week for women or 14 drinks/week for men": the other sex's number alone takes
            # the first bound's comparator (as "and" joins them, ``th_subgroups_bare``)
            sexes = [_sexes_named(self.ctx.source(w.lo, w.hi)) for w in words]
            if not all(self._names_group(w) for w in words) or not all(sexes) or sexes[0] == sexes[1]:
                raise ValueError("a bare bound after 'or' takes the first's comparator only for the other sex")
            return SubgroupAfter(words[0], None, words[1], next(c for c in children if isinstance(c, Amt)))
        if lim is None:  # "or at least 10 mm by spiral CT": the comparator came with "or"
            amt = next(c for c in children if isinstance(c, Amt))
            lim = _lim(self.ctx.value(comparator), amt, comparator.start_pos, amt.hi)
        first = self.ctx.source(words[0].lo, words[0].hi).lower().split()
        if first[0] == "for" or _subgroup_words().intersection(first):  # "<= 1.5 mg/dL in men or <= 1.4 in women"
            return SubgroupAfter(words[0], lim, words[1])
        cond = words[1]
        return After("alt", lim, cond, words[0].lo, cond.hi)

    def th_alt_semi(self, children):
        """"AST <= 2.5 x ULN; <= 5 x ULN for patients with liver metastases": a bound after a
        semicolon is an alternative only for the case its words open ("for", "in", "if" ...): a bare
        "; <= 5 x ULN" or "; <= 5 x ULN are required" says for whom nothing, and is left unread."""
        lim = next(c for c in children if isinstance(c, Lim))
        cond = next(c for c in children if isinstance(c, Words))
        if self.ctx.source(cond.lo, cond.lo).lower() not in _CASE_WORDS:
            raise ValueError("a bound after a semicolon names the case it is for")
        return After("alt", lim, cond, children[0].start_pos, cond.hi)

    def th_alt_after_note(self, children):
        """"ALP > 2.5 x ULN at baseline (> 5 x ULN in patients with liver metastases)": words on the
        first bound (when, where measured, or the case it is for: "if no liver metastases"), then a
        subgroup's own bound in parentheses. Never words naming a subgroup by sex or age ("in men
        (… in women)"): those are bounds per subgroup, which this reading would give everyone."""
        at = next(k for k, c in enumerate(children) if isinstance(c, Token) and c.type in ("SEMI", "LPAR"))
        first, last = children[0], children[at - 1]
        lo = first.lo if isinstance(first, Words) else first.start_pos
        hi = last.hi if isinstance(last, Words) else last.start_pos
        after = self.th_alt(children[at:])
        if _subgroup_words().intersection(self.ctx.source(lo, hi).lower().split()):
            # "<= 1.5 mg/dL in men (<= 1.3 mg/dL in women)": a bound per subgroup, as joined by "and"
            if not _subgroup_words().intersection(self.ctx.source(after.cond.lo, after.cond.hi).lower().split()):
                raise ValueError("a bound for a subgroup of sex or age, then a case's")
            return SubgroupAfter(Words(lo, hi), after.lim, after.cond)
        return After("alt", after.lim, after.cond, after.lo, after.hi)

    def th_alt_orcmp(self, children):
        comparator, amt = children[1], children[2]
        cond = next((c for c in children if isinstance(c, Words)), None)
        lim = _lim(self.ctx.value(comparator), amt, comparator.start_pos, amt.hi)
        return After("alt", lim, cond, children[0].start_pos, children[-1].start_pos)

    def th_alt_bare(self, children):
        """"AST <= 2.5 x ULN (5 x ULN if liver metastases are present)": a subgroup's bound written
        without its comparator takes the main bound's (:data:`_SAME_OP`, settled in the item). Only a
        bound relative to the upper limit of normal: a plain amount with words after it is as often a
        conversion or a note ("(5.6 mmol/L in SI units)")."""
        amt = next(c for c in children if isinstance(c, Amt))
        cond = next(c for c in children if isinstance(c, Words))
        if amt.rel is None:  # "x ULN", or a bare "x" (times the main bound's limit)
            raise ValueError("a bare bound in parentheses only relative to the upper limit of normal")
        return After("alt", _lim(_SAME_OP, amt, amt.lo, amt.hi), cond, children[0].start_pos, children[-1].start_pos)

    def th_alt_lead(self, children):
        cond = next(c for c in children if isinstance(c, Words))
        lim = next(c for c in children if isinstance(c, Lim))
        if "scale" in self.ctx.source(cond.lo, cond.hi).lower().split():  # "(based on a scale of 0 - 4)"
            return After("note", None, None, children[0].start_pos, children[-1].start_pos)  # its span: a note
        if self._names_an_item(children[0].start_pos, children[-1].start_pos):
            raise ValueError("'(with YMRS item 1 score <= 2)': a bound on one item of the scale, not another bound on its total")
        return After("alt", lim, cond, children[0].start_pos, children[-1].start_pos)

    def _names_an_item(self, lo: int, hi: int) -> bool:
        """Whether match positions ``lo`` to ``hi`` name one item of a rating scale (the lexer's MEASURE
        "ymrs item 1"): a measure of its own."""
        return any(lx.type == "MEASURE" and _SCALE_ITEM.search(lx.value or "")
                   for lx in self.ctx.lexemes[self.ctx.offset + lo : self.ctx.offset + hi + 1])

    def th_wlist(self, children):
        return Words(children[0].start_pos, children[-1].start_pos)

    def th_sub(self, children):
        return next(c for c in children if isinstance(c, Words))

    def th_note(self, children):
        if not children:
            raise ValueError("an empty note")
        first, last = children[0], children[-1]
        lo = first.lo if isinstance(first, Words) else first.start_pos
        hi = last.hi if isinstance(last, Words) else last.start_pos
        if self._names_an_event(lo, hi):
            raise ValueError("a parenthesis after the bound that names an event is not a note on it")
        return After("note", None, None, lo, hi, tuple(self._methods(lo, hi)))

    def _names_an_event(self, lo: int, hi: int) -> bool:
        """Whether words in parentheses after a bound name a condition, drug, therapy or procedure in a
        way a note would drop: an exception ("(unless due to Gilbert's syndrome)"), or support the value
        must do without ("(without transfusion)", "(no growth factors)", "(transfusion is not permitted)",
        which compose keeps as a method remark). A note that allows ("(transfusion allowed)"), names a case ("(for patients with …)",
        kept as before) or opens otherwise stays a note. The threshold family sees other families'
        terms as words (scanner.py), so the lexer's types are asked."""
        lexed = self.ctx.lexed_types(lo, hi)
        if not lexed & _EVENT_TERMS or lo + 1 > hi:
            return False
        opener = self.ctx.unshown[self.ctx.offset + lo + 1].type  # the word after "("
        if opener == "EXCEPT" or self._names_a_subgroup(lo, hi):
            return True
        if lexed & (_EVENT_TERMS - _SUPPORT_TERMS):
            return False
        # "(without transfusion)", "(no transfusion allowed)", "(transfusion not allowed)"; not "(… allowed)"
        return opener == "NEG" or ("PROHIBIT" in lexed and "EXEMPT" not in lexed)

    def _names_a_subgroup(self, lo: int, hi: int) -> bool:
        """Whether a note after the bound names, by a condition, drug or therapy, whom the bound is for
        ("(for patients not receiving an anticoagulant)", "(if not on warfarin)", "(in the absence of
        liver metastases)"): the criterion's population, read beside the bound (assemble's
        ``subgroup_after``), where a note dropped it. A note that grants something ("(patients may
        receive transfusions to meet this parameter)") stays a note, and so does one with words the
        events do not read ("(for subjects with metastatic disease to the liver)") or one that does not
        close the criterion (in a list of bounds a subgroup is one bound's case, not the criterion's)."""
        inside = self.ctx.unshown[self.ctx.offset + lo : self.ctx.offset + hi + 1]
        after = self.ctx.unshown[self.ctx.offset + hi + 1 :]
        return (names_a_subgroup(self.ctx.source(lo, hi).lstrip("( "))
                and all(lx.type in _SUBGROUP_TERMS or (lx.type == "W" and lx.value.lower() in _SUBGROUP_WORDS)
                        for lx in inside)
                and all(lx.type in _CLOSING for lx in after))

    def th_or_alt(self, children):
        lim = next(c for c in children if isinstance(c, Lim))
        cond = next((c for c in children if isinstance(c, Words)), None)
        return OrAlt(lim, cond, children[0].start_pos, cond.hi if cond else lim.hi)

    def th_orcmp_alt(self, children):
        comparator = next(c for c in children if isinstance(c, Token) and c.type == "OR_CMP")
        amt = next(c for c in children if isinstance(c, Amt))
        cond = next((c for c in children if isinstance(c, Words)), None)
        lim = _lim(self.ctx.value(comparator), amt, comparator.start_pos, amt.hi)
        return OrAlt(lim, cond, children[0].start_pos, cond.hi if cond else lim.hi)

    def th_or_sub(self, children):
        lim = next((c for c in children if isinstance(c, Lim)), None)
        if lim is None:  # "or above 480 ms": the comparator came with "or"
            comparator = next(c for c in children if isinstance(c, Token) and c.type == "OR_CMP")
            amt = next(c for c in children if isinstance(c, Amt))
            lim = _lim(self.ctx.value(comparator), amt, comparator.start_pos, amt.hi)
        return OrSubgroup(lim, next(c for c in children if isinstance(c, Words)))

    def _or_subgroups(self, item: "Item | Subgroups", other: OrSubgroup) -> Subgroups:
        """"QTc > 450 ms (males) or > 470 ms (females)": a bound per group when the note in parentheses
        after the first bound and the words after the second each name a group of sex or age only, so
        the groups do not overlap and each has its own bound. Anything else is not read here."""
        note = item.afters[-1] if isinstance(item, Item) and item.afters else None
        if note is None or note.kind != "note" or note.methods:
            raise ValueError("an 'or' bound for a group, after a bound with no group")
        first = Words(note.lo + 1, note.hi - 1)  # the note's span holds its parentheses
        if not all(self._names_group(words) for words in (first, other.group)):
            raise ValueError("bounds joined by 'or' for groups that are not of sex or age")
        afters = item.afters[:-1]
        return Subgroups((Item(item.head, item.lim, afters, item.lo, note.hi, self._condition(first)),
                          Item(item.head, other.lim, [], item.lo, other.group.hi + 1, self._condition(other.group))))

    def _names_group(self, words: Words) -> bool:
        """Whether the words name only a group of sex or age ("males", "for female patients")."""
        said = self.ctx.source(words.lo, words.hi).lower().split()
        return bool(said) and len(said) <= _GROUP_WORDS_MAX and bool(_subgroup_words().intersection(said)) \
            and set(said) <= _subgroup_words() | _CASE_WORDS

    def th_more_bound(self, children):
        """", but < 4 cm", ", and <= 50 mm": a second bound on the item before it. After a bare comma
        (", < 100 kg") only the other end of an interval: bounds outside a range ("< 3.5, > 5.5") are
        joined by words that say so."""
        word = children[1]
        if isinstance(word, Lim):
            return SecondBound(word, interval=True)
        if word.type == "W" and self.ctx.value(word).lower() != "but":
            raise ValueError("only 'and' or 'but' before a second bound")
        return SecondBound(children[-1])

    def th_more_alt_lead(self, children):
        """", (for subjects with Gilbert's disease <= 3 x ULN)": a subgroup's own bound in parentheses
        after a comma, read as the same words without the comma are (:meth:`th_alt_lead`)."""
        after = self.th_alt_lead(children[1:])
        if after.kind != "alt":
            raise ValueError("a note after a comma is no bound")
        return OrAlt(after.lim, after.cond, children[0].start_pos, after.hi)

    def th_more_alt(self, children):
        """", (<= 3 x ULN for Gilbert's)": as :meth:`th_more_alt_lead`, the subgroup after its bound."""
        after = self.th_alt(children[1:])
        if after.cond is None:
            raise ValueError("a bound in parentheses after a comma names the subgroup it is for")
        return OrAlt(after.lim, after.cond, children[0].start_pos, after.hi)

    def th_or_item(self, children):
        return next(c for c in children if isinstance(c, (Item, Subgroups)))

    # --- a threshold --------------------------------------------------------------------
    def th_item(self, children):
        flat: list = []
        for child in children:
            flat.extend(child.items if isinstance(child, _Flat) else [child])
        head = next(c for c in flat if isinstance(c, Head))
        lim = next(c for c in flat if isinstance(c, Lim))
        afters = [c for c in flat if isinstance(c, After)]
        other = next((c for c in flat if isinstance(c, SubgroupAfter)), None)
        if other is not None and other.lim is None:
            if lim.value_high is not None or lim.extra is not None:
                raise ValueError("a bare bound takes the first's comparator only after a single bound")
            other = replace(other, lim=_lim(lim.op, other.amt, other.amt.lo, other.amt.hi))
        if other is not None:  # a bound per subgroup, joined by "or": as "… for males and … for females"
            return Subgroups((Item(head, lim, afters, head.lo, other.first.hi, self._condition(other.first)),
                              Item(head, _unit_carried(lim, other.lim), [], head.lo, other.cond.hi,
                                   self._condition(other.cond))))
        hi = afters[-1].hi if afters else lim.hi
        return Item(head, lim, afters, head.lo, hi)

    def th_subgroups(self, children):
        head = next(c for c in children if isinstance(c, Head))
        lims = [c for c in children if isinstance(c, Lim)]
        subs = [c for c in children if isinstance(c, Words)]
        if any(isinstance(c, Token) and c.type == "COMMA" for c in children):
            # joined by a comma, the words after each bound must open a subgroup ("in women", "for
            # males"): "< 2.5 x ULN value, < 5 x ULN in patients with ..." is one bound and a case's
            firsts = [self.ctx.source(sub.lo, sub.lo).lower() for sub in subs]
            if any(word not in _CASE_WORDS for word in firsts):
                raise ValueError("a bound per subgroup whose words do not open a subgroup")
        if any(isinstance(c, Token) and c.type == "OR" for c in children) and not all(
                _subgroup_words().intersection(self.ctx.source(sub.lo, sub.hi).lower().split()) for sub in subs):
            # "or" between bounds per subgroup only where each group is of sex or age, so the groups do
            # not overlap and "or" means each its own; "(if cirrhosis) or ... (otherwise)" is a case's
            raise ValueError("bounds joined by 'or' for groups that are not of sex or age")
        lims = [lims[0], *(_unit_carried(lims[0], lim) for lim in lims[1:])]
        items = tuple(Item(head, lim, [], head.lo, sub.hi, self._condition(sub)) for lim, sub in zip(lims, subs))
        return Subgroups(items)

    def th_subgroups_bare(self, children):
        """"Exceeds 21 units per week (males) and 14 units per week (females)": the second sex's bound
        written without its comparator takes the first's. Only for groups of one sex each, so that the
        number cannot be something else the second group is counted by."""
        lim = next(c for c in children if isinstance(c, Lim))
        amt = next(c for c in children if isinstance(c, Amt))
        subs = [c for c in children if isinstance(c, Words)]
        sexes = [_sexes_named(self.ctx.source(sub.lo, sub.hi))
                 for sub in subs]
        if lim.value_high is not None or lim.extra is not None or not all(sexes) or sexes[0] == sexes[1]:
            raise ValueError("a bare bound takes the first's comparator only for the other sex")
        second = _lim(lim.op, amt, amt.lo, amt.hi)
        joined = [c for c in children if not isinstance(c, Amt)]
        joined.insert(joined.index(subs[1]), second)
        return self.th_subgroups(joined)

    def th_normal(self, children):
        """"Creatinine within normal limits": at least the LLN and at most the ULN; "TSH outside
        the normal range" (the cue's value "abnormal"): below the LLN or above the ULN."""
        flat = [item for c in children for item in (c.items if isinstance(c, _Flat) else [c])]
        head = next(c for c in flat if isinstance(c, Head))
        wnl = next(c for c in flat if isinstance(c, Token) and c.type == "WNL")
        afters = [c for c in flat if isinstance(c, After)]
        pos = wnl.start_pos
        if self.ctx.value(wnl) == "abnormal":
            lim = Lim("<", 1.0, None, "LLN", "LLN", pos, pos, extra=Lim(">", 1.0, None, "ULN", "ULN", pos, pos), either=True)
        else:
            lim = Lim(">=", 1.0, None, "LLN", "LLN", pos, pos, extra=Lim("<=", 1.0, None, "ULN", "ULN", pos, pos))
        return Item(head, lim, afters, head.lo, afters[-1].hi if afters else pos)

    def th_postfix(self, children):
        """">= 5% blasts": the analyte after its bound; only with a unit, or "> 2 platelet
        transfusions" would read as a platelet count."""
        comparator, amt, lab = children
        following = self.ctx.offset + lab.start_pos + 1
        if following < len(self.ctx.lexemes) and self.ctx.lexemes[following].value.lower() in _CHANGE_WORDS:
            raise ValueError("'> 5% weight loss': the bound is on a change of the measure, not on the measure")
        if amt.unit is None and lab.type == "LAB":
            amt = replace(amt, unit=self._unit_in_name(lab))
        if amt.unit is None:
            raise ValueError("a bound before its analyte needs a unit")
        if lab.type == "MEASURE":  # "≥ 200 mg/24 hours. Involved serum free light chain level": not its bound
            raise ValueError("a bound before a measure the lexicon lacks")
        head = Head([[self._analyte(lab)]], lab.start_pos, lab.start_pos)
        return Item(head, _lim(self.ctx.value(comparator), amt, comparator.start_pos, amt.hi), [],
                    comparator.start_pos, lab.start_pos)

    def th_class_after_name(self, children):
        """"> NYHA class II", "greater than New York Heart Association (NYHA) Class II": the comparator
        before the name of a scale written in classes, its class after it."""
        comparator, head, number = children
        value = self.ctx.number(number)
        if value is None or value != int(value):
            raise ValueError("a class is a whole number")
        lim = Lim(self.ctx.value(comparator), value, None, None, None, comparator.start_pos, number.start_pos,
                  one_class=True)
        return Item(replace(head, lo=comparator.start_pos), lim, [], comparator.start_pos, number.start_pos)

    def th_postfix_post(self, children):
        """"10 or more pack-years of smoking": the bound, its comparator after it, then the analyte."""
        amt, comparator, lab = children
        return self.th_postfix([comparator, amt, lab])

    def th_named_after(self, children):
        """A scale named after its bound, read whole (see :meth:`_named_after`)."""
        return self._named_after_node(self._named_after, children)

    def th_named_after_post(self, children):
        return self._named_after_node(self._named_after_post, children)

    def th_named_after_lead(self, children):
        return self._named_after_node(self._named_after_lead, children)

    def th_scale_abbr(self, children):
        return _Abbreviation(children[0].start_pos, children[-1].start_pos)

    def _named_after_node(self, read, children) -> Node:
        """The node of a scale named after its bound; its abbreviation in parentheses ("(GDS)") is
        part of its name, so the item reaches over it."""
        abbreviation = children[-1] if isinstance(children[-1], _Abbreviation) else None
        item = read(children[:-1] if abbreviation else children)
        if abbreviation is not None:
            item = replace(item, hi=abbreviation.hi)
        return self._item_node(item, [])

    def _named_after(self, children) -> "Item":
        """"(A score of) >= 5 on the CGI-S": a score of the lexicon named after its bound by "on (the)",
        only where the words just before the bound say it is a score ("score of", "rating of")."""
        comparator, amt, words, lab = children
        said = self.ctx.source(words.lo, words.hi).lower().split()
        if said in _SHARE_OF_WORDS and lab.type == "LAB" and self.ctx.value(lab) in _SHARES_OF_A_WHOLE:
            return self._share_of(comparator, amt, lab)
        if said not in _ON_THE:
            raise ValueError("only 'on the' lies between a bound and the scale it is on")
        lo = min(comparator.start_pos, amt.lo)
        at = self.ctx.offset + lo  # the words before the bound: in the match when it is led by them
        before = " ".join(lx.value for lx in self.ctx.lexemes[max(0, at - 3):at]).lower().split()
        if not any(word in _SCORE_WORDS for word in before):
            raise ValueError("a bound named after its scale follows the words 'score of'")
        if lab.type == "LAB" and lab_lexicon()[self.ctx.value(lab)].scale is None:
            raise ValueError("only a scale of the lexicon is named after its bound")
        if lab.type == "MEASURE" and self.ctx.value(lab).lower().split()[-1] not in _SCALE_HEADS \
                and not _SCALE_ITEM.search(self.ctx.value(lab)) \
                and not _SCALE_ABBREVIATION.match(self.ctx.value(lab)):  # "on item 10 of the MADRS": the lexer's item
            raise ValueError("only a scale, score or index the lexicon lacks is named after its bound")
        following = self.ctx.offset + lab.start_pos + 1
        if lab.type == "MEASURE" and following < len(self.ctx.lexemes) \
                and self.ctx.lexemes[following].value.lower() in _NAME_GOES_ON:
            raise ValueError("'on the Cornell Scale for Depression in Dementia': the scale's name goes on")
        if self._word_follows(lab.start_pos):
            raise ValueError("'>= 10 on MADRS items 1, 2 and 6': a part of the scale, named after it")
        head = Head([[self._analyte(lab)]], lab.start_pos, lab.start_pos)
        return Item(head, _lim(self.ctx.value(comparator), amt, lo, amt.hi), [], lo, lab.start_pos,
                    named_after=True)

    def _share_of(self, comparator: Token, amt: "Amt", lab: Token) -> "Item":
        """"(Psoriasis involving) > 10% of the body surface area": a percentage of the whole the measure
        is a share of (``_SHARES_OF_A_WHOLE``), named after the bound by "of (the)"."""
        if amt.unit != "percent" or amt.rel is not None:
            raise ValueError("a share of a whole is a percentage")
        if self._word_follows(lab.start_pos):
            raise ValueError("the whole's name goes on: a share of something else")
        lo = min(comparator.start_pos, amt.lo)
        head = Head([[self._analyte(lab)]], lab.start_pos, lab.start_pos)
        return Item(head, _lim(self.ctx.value(comparator), amt, lo, amt.hi), [], lo, lab.start_pos,
                    named_after=True)

    def _named_after_lead(self, children) -> "Item":
        """"Score of >= 5 on the CGI-S" read from its first word: the lead says it is a score ("score of",
        "rating", "sum of"), so no word of it stays unread."""
        lead = []
        for child in children:
            if not (isinstance(child, Token) and child.type == "W"):
                break
            lead.append(child)
        said = [self.ctx.source(t.start_pos, t.start_pos).lower() for t in lead]
        if said[0] not in _SCORE_WORDS or said[1:] not in ([], ["of"], ["is"]):
            raise ValueError("the words before the bound say it is a score: 'score of'")
        rest = children[len(lead):]
        led = rest[0].type == "CMP" if isinstance(rest[0], Token) else False
        item = self._named_after(rest) if led else self._named_after_post(rest)
        return Item(item.head, item.lim, item.afters, lead[0].start_pos, item.hi, named_after=True)

    def _named_after_post(self, children) -> "Item":
        """"(A score of) 5 or greater on the ASA": the comparator after the number."""
        amt, comparator, words, lab = children
        return self._named_after([comparator, amt, words, lab])

    def th_unit_named(self, children):
        """"(smoking history of) >= 10 pack-years": no name, but a unit only one measure is in."""
        comparator, amt = children
        field = _named_by_unit_field(amt.unit)
        if field is None and amt.rel is None:
            field = self._implied()  # "bradycardia (< 50 bpm)": the condition names the measure
            if field is None and amt.unit is not None:
                field = self._implied(bare=True)  # "fever > 38.5 °C": with a unit, no parenthesis needed
            if field == _PAIRED_MEASURE:
                raise ValueError("a blood pressure is a pair")
            if field is not None and amt.unit is None and self._word_follows(amt.hi):
                raise ValueError("'hypoglycemia (more than 2 episodes ...)': the words after the number count something else")
        if field is None or amt.rel is not None:
            raise ValueError("a bound with no name whose unit names no measure")
        if self._for_a_sex(amt.hi):
            raise ValueError("'> 7 drinks/week for women or > 14 for men': a bound per sex, not read as one for all")
        if field in _named_by_unit().values() and self._limited_before():
            raise ValueError("'agree to limit alcohol to <= 2 drinks a day': a commitment, not a measure now")
        head = Head([[field]], comparator.start_pos, comparator.start_pos)
        item = Item(head, _lim(self.ctx.value(comparator), amt, comparator.start_pos, amt.hi), [],
                    comparator.start_pos, amt.hi)
        return self._item_node(item, [])

    def th_irradiated_after(self, children):
        """"received radiation | to > 25% of the bone marrow within 30 days": the share of the marrow
        irradiated, read apart from the radiotherapy right before it, which the events family reads
        with its window. Only where a window, a comma or the end follows (never "... is allowed")."""
        if not self._after_a_radiotherapy():
            raise ValueError("a share of the marrow read apart follows a radiotherapy")
        end = self.ctx.offset + self.ctx.length
        following = self.ctx.unshown[end] if end < len(self.ctx.unshown) else None
        if following is not None and following.type not in _AFTER_A_SHARE_OF_MARROW:
            raise ValueError("only a window, a comma or a semicolon follows the share read apart")
        return self.th_irradiated(children, named_before=True)

    def th_irradiated(self, children, named_before: bool = False):
        """"(No) prior radiotherapy to > 25% of the bone marrow": a bound on the share of the bone
        marrow radiotherapy reached (``bone_marrow_irradiated``), read with the radiation words before
        it, so a negation before them turns the bound round (no radiotherapy to more than 25 % is at
        most 25 %). Every word must have its role in ``lexicons/irradiated_marrow_words.txt``;
        ``named_before``: the radiotherapy was read right before the match (th_irradiated_after)."""
        lead = [c for c in children if isinstance(c, Token) and c.type in ("W", "TO")]
        comparator = next(c for c in children if isinstance(c, Token) and c.type == "CMP")
        amt = next(c for c in children if isinstance(c, Amt))
        after = [c for c in children if isinstance(c, Words)]  # "of his" "or" "her bone marrow"
        after = Words(after[0].lo, after[-1].hi)
        roles = _irradiated_words()
        before = [w for t in lead for w in self.ctx.source(t.start_pos, t.start_pos).lower().split()]
        marrow = self.ctx.source(after.lo, after.hi).lower().replace("/", " / ").split()
        if amt.unit != "percent" or amt.rel is not None:
            raise ValueError("the share of the marrow irradiated is a percentage")
        if named_before:
            before = ["radiation", *before]  # the radiotherapy the events family read right before
        _check_irradiated(before, marrow, roles)
        if any(lx.type in _TIME_BEFORE for lx in self.ctx.lexemes[max(0, self.ctx.offset - 2):self.ctx.offset]):
            raise ValueError("'4 weeks since prior radiotherapy to > 25% ...': the time since the radiotherapy")
        end = self.ctx.offset + self.ctx.length
        if any(lx.type == "EXEMPT" or lx.value.lower() in roles["permission"] for lx in self.ctx.lexemes[end:end + 3]):
            raise ValueError("'... of the bone marrow is allowed': a permission, read by the events family")
        op = self.ctx.value(comparator)
        if sum(w in roles["negation"] for w in before) % 2:
            op = _DENIED.get(op)
            if op is None:
                raise ValueError("only a one-sided bound is denied")
        head = Head([["bone_marrow_irradiated"]], 0, after.hi)
        item = Item(head, _lim(op, amt, comparator.start_pos, amt.hi), [], 0, after.hi)
        return self._item_node(item, [])

    def _after_a_radiotherapy(self) -> bool:
        """Whether the match follows right after a radiotherapy the events family reads ("received
        radiation | to > 25% of the bone marrow within 30 days": the event takes its window, the bound
        is read apart). Only where nothing before it in the criterion denies it or gives a time since
        it: "no radiotherapy to > 25% ... within 4 weeks" denies the pair, not the radiotherapy alone,
        and "4 weeks since radiotherapy involving > 25% ..." bounds the time, not the share."""
        if self.ctx.offset == 0:
            return False
        term = self.ctx.unshown[self.ctx.offset - 1]
        if (term.type, term.value) != ("EV_THERAPY", "radiotherapy"):
            return False
        earlier = self.ctx.unshown[: self.ctx.offset - 1]
        return not any(lx.type in _NOT_BEFORE_A_RADIOTHERAPY for lx in earlier)

    def th_pair_named(self, children):
        """"Hypertension of > 170/100 mm Hg": a pair of pressures in mmHg, unnamed, is a blood pressure
        (systolic/diastolic); in another unit it is not read. Without a unit, only in parentheses right
        after a condition a blood pressure defines ("hypertension (> 180/110)")."""
        lim = self.lim_pair(children)
        if lim.unit is None and lim.rel is None and self._implied() == _PAIRED_MEASURE:
            lim = replace(lim, unit="mmHg", extra=replace(lim.extra, unit="mmHg"))
        if lim.unit is None or lim.rel is not None or not compatible(lim.unit, "mmHg"):
            raise ValueError("an unnamed value pair is a blood pressure only in a unit of pressure")
        return self._pressure_pair(lim, self.ctx.match_span())

    def _word_follows(self, hi: int) -> bool:
        """Whether a plain word (not a function word) follows match position ``hi``: what comes before
        it is not the whole of what is named or counted."""
        following = self.ctx.offset + hi + 1
        if following >= len(self.ctx.lexemes):
            return False
        nxt = self.ctx.lexemes[following]
        word = nxt.value.lower()
        return nxt.type == "W" and word[:1].isalpha() and word not in word_list("function_words.txt")

    def _limited_before(self) -> bool:
        """Whether a word of ``lexicons/limiting_words.txt`` stands before the match in the criterion:
        the bound is what the patient commits to, not what the patient consumes now."""
        words = word_list("limiting_words.txt")
        before = self.ctx.lexemes[max(0, self.ctx.offset - _LIMIT_REACH) : self.ctx.offset]
        return any(lx.type == "W" and lx.value.lower() in words for lx in before)

    def _for_a_sex(self, hi: int) -> bool:
        """Whether "for women", "in men"… follows match position ``hi``: the bound is one sex's, and a
        bound of its own for the other sex usually follows, which one reading per bound would join
        as if both held ("> 7 drinks/week for women or > 14 drinks/week for men")."""
        at = self.ctx.offset + hi + 1
        following = self.ctx.lexemes[at : at + 2]
        if len(following) < 2 or following[0].value.lower() not in _BEFORE_A_SEX:
            return False
        return following[1].value.lower() in _sex_words()

    def _implied(self, bare: bool = False) -> str | None:
        """The field a condition just before the match names by its parenthesis ("bradycardia (< 50
        bpm)": heart_rate; ``lexicons/implied_measures.jsonl``), or None. ``bare``: the condition
        right before the bound, or before "defined as" ("fever > 38.5 °C", "fever defined as > 38 °C");
        the caller asks it only of a bound with a unit, which must then be the measure's."""
        at = self.ctx.offset
        if bare:
            k = at - 1
            while k >= 0 and self.ctx.lexemes[k].type == "W" and self.ctx.lexemes[k].value.lower() in _IMPLIED_BRIDGES:
                k -= 1
            word = self.ctx.lexemes[k] if k >= 0 else None
        else:
            if at < 2 or self.ctx.lexemes[at - 1].type != "LPAR":
                return None
            word = self.ctx.lexemes[at - 2]  # a condition term is a word to this family, shown as written
        words = word.value.lower().split() if word is not None and word.type == "W" else []
        if len(words) == 1 and not bare and at >= 3 and self.ctx.lexemes[at - 3].type == "W":
            words = [*self.ctx.lexemes[at - 3].value.lower().split()[-1:], *words]  # "Alcohol misuse (…)" as two words
        if not words:
            return None
        # the last two words first: "alcohol abuse (> 60 g/day)" names the alcohol intake, "abuse" alone nothing
        key = next((w for w in (" ".join(words[-2:]), words[-1]) if w in _implied_measures()), None)
        if key in _size_words() and not self._size_right_after(bare, k if bare else at):
            return None
        return _implied_measures().get(key) if key else None

    def _size_right_after(self, bare: bool, k: int) -> bool:
        """Whether a bound may be the size of the thing named just before it ("hepatocellular carcinoma
        <= 5 cm"): right after the word (no parenthesis, no "defined as", which would make the size the
        condition's definition), and not followed by words that make it a distance or a depth ("tumour
        < 5 cm from the anal verge", "carcinoma > 1 mm deep")."""
        if not bare or k != self.ctx.offset - 1:
            return False
        if any(lx.type == "NEG" for lx in self.ctx.unshown[max(0, k - _SIZE_NEGATION_REACH):k]):
            return False  # "no measurable disease > 2 cm": the size would stand beside the denied thing, required
        end = self.ctx.offset + self.ctx.length
        if self._another_case_bound(end):
            return False
        following = self.ctx.unshown[end] if end < len(self.ctx.unshown) else None
        if following is None:
            return True
        # "20 cm below the incisors": the lexer takes "below" / "above" for comparators
        return following.type not in ("CMP", "CMP_POST") and following.value.lower() not in _NOT_A_SIZE_AFTER

    def _another_case_bound(self, end: int) -> bool:
        """Whether an "or" after the bound ending at ``end`` leads to another bound ("measurable disease
        >= 20 mm by conventional techniques or >= 10 mm by spiral CT"): the first bound alone, read as
        the thing's size, would be stricter than the text."""
        rest = self.ctx.unshown[end : end + _CASE_BOUND_REACH]
        return any(lx.type in ("OR", "OR_CMP") and any(m.type in ("CMP", "CMP_POST") for m in rest[i + 1 : i + 4])
                   or lx.type == "OR_CMP" for i, lx in enumerate(rest))

    def _unit_in_name(self, lab: Token) -> str | None:
        """The analyte's unit when the words that name it say it ("pack-years of smoking")."""
        entry = lab_lexicon()[self.ctx.value(lab)]
        if entry.unit is None:
            return None
        written = " ".join(self.ctx.source(lab.start_pos, lab.start_pos).lower().replace("-", " ").split())
        forms = (f.lower().replace("-", " ") for u in unit_lexicon() if u.unit == entry.unit for f in u.forms)
        return entry.unit if any(f in written for f in forms) else None

    def threshold(self, children):
        items: list[Item] = []
        extra_alts: dict[int, list[OrAlt]] = {}
        for child in children:
            if isinstance(child, (Item, Subgroups)):
                items.append(child)
            elif isinstance(child, OrAlt):
                extra_alts.setdefault(len(items) - 1, []).append(child)
            elif isinstance(child, SecondBound):
                items[-1] = _with_second(items[-1], child.lim)
                if child.interval and items[-1].lim.either:
                    raise ValueError("bounds outside a range joined by a bare comma")
            elif isinstance(child, OrSubgroup):
                items[-1] = self._or_subgroups(items[-1], child)
        nodes = [self._item_node(item, extra_alts.get(i, [])) for i, item in enumerate(items)]
        if len(nodes) == 1:
            return nodes[0]
        return AnyOf(items=tuple(nodes), span=self.ctx.match_span())

    def _item_node(self, item: "Item | Subgroups", or_alts: list[OrAlt]) -> Node:
        if isinstance(item, Subgroups):
            if or_alts:
                raise ValueError("an 'or' bound after bounds per subgroup: whose is it?")
            parts = tuple(self._item_node(sub, []) for sub in item.items)
            return AllOf(items=parts, span=self.ctx.span(item.items[0].lo, item.items[-1].hi))
        methods = item.head.methods + [m for a in item.afters for m in a.methods]
        span = self.ctx.span(item.lo, max(item.hi, *(a.hi for a in or_alts)) if or_alts else item.hi)
        groups = []
        for group in item.head.groups:
            parts = [self._analyte_node(name, item, or_alts, methods, span) for name in group]
            groups.append(parts[0] if len(parts) == 1 else AnyOf(items=tuple(parts), span=span))
        return groups[0] if len(groups) == 1 else AllOf(items=tuple(groups), span=span)

    def _analyte_node(self, name: "str | OpenMeasure", item: Item, or_alts: list[OrAlt], methods: list[str],
                      span) -> Node:
        lim = item.lim
        if lim.unit == "percent" and lim.rel is None and name in _PERCENT_OF:
            name = _PERCENT_OF[name]
        entry = name if isinstance(name, OpenMeasure) else lab_lexicon()[name]
        self._check_not_time(entry, lim)
        lim = self._time_unit_after(entry, lim)
        if isinstance(entry, OpenMeasure):
            self._check_open(entry, lim, item)  # its sequel is the measure's name when named after it
            lim = self._grade_plus(lim)
        if lim.rel == _SAME:  # "< 2.5 times" with no limit named: the number as written, no unit
            lim = replace(lim, unit=None, rel=None)
        if lim.pair != (name == _PAIRED_MEASURE):
            raise ValueError("a value pair belongs to blood pressure, and blood pressure to a pair")
        if lim.pair:
            return self._pressure_pair(lim, span)
        if _bare_units(entry, lim) != lim:
            # "> 21 units per week (males) and 14 units per week (females)": unless read as a subgroup's
            if item.applies_to is None and self._for_a_sex(lim.hi):
                raise ValueError("a bound in units of alcohol for one sex, not read as one for all")
            lim = _bare_units(entry, lim)
        lim = _per_volume(entry, lim)
        _check_unit(entry, lim)
        _check_scale(entry, lim)
        if lim.listed and entry.scale is None:
            raise ValueError("listed values are the classes of a scale")
        if lim.one_class and (entry.scale is None or not entry.scale.roman):
            raise ValueError("a comparator before a name and a number after it: only a scale written in classes")
        paired: list[Amount] = []
        alternatives: list[Alternative] = []
        either: list[Lim] = []
        candidates = [(a.lim, a.cond, a.lo, a.hi, a.kind) for a in item.afters if a.lim is not None]
        candidates += [(o.lim, o.cond, o.lo, o.hi, "or") for o in or_alts]
        for other, cond, lo, hi, kind in candidates:
            if isinstance(entry, OpenMeasure):
                other = self._grade_plus(other)
            if other.rel == _SAME:
                other = replace(other, unit=lim.unit, rel=lim.rel)
            if other.op == _SAME_OP:  # "(5 x ULN if liver metastases)": the main bound's comparator
                if lim.op not in ("<", "<=", ">", ">="):
                    raise ValueError("a bare bound beside a range or a set")
                other = replace(other, op=lim.op)
            if cond is None:
                # "> 9 g/dL (90 g/L)", "(53-91 mmol/mol)": a bound in parentheses restates the bound;
                # so does an "or" bound that converts to the same value ("or >= 1500/uL")
                if kind == "paired" or (other.op == lim.op and (kind == "alt" or _same_bound(entry, lim, other))):
                    paired.append(Amount(value=other.value, value_high=other.value_high, unit=other.unit,
                                         relative_to=other.rel))
                    continue
                if kind == "or":  # "potassium < 3.3 or >= 5.5 mEq/L": either bound, for everyone
                    if self._case_note(item):  # "> 2.5 x ULN (without liver metastases) or > 5 x ULN (with …)"
                        raise ValueError("a bound per case, the case in parentheses: not either bound")
                    _check_unit(entry, other)
                    either.append(other)
                    continue
            _check_unit(entry, other)
            _check_scale(entry, other)
            said = self._condition(cond)
            measured = said is not None and said.split()[0].lower() in word_list("method_lead_words.txt")  # "by spiral CT"
            alternatives.append(Alternative(
                condition=None if measured else said, method=said if measured else None, op=other.op,
                value=other.value, value_high=other.value_high, unit=other.unit, relative_to=other.rel,
                span=self.ctx.span(lo, hi)))
        if either and lim.unit is None:
            lim = replace(lim, unit=either[-1].unit, rel=either[-1].rel)  # "< 3.3 or >= 5.5 mEq/L"
        cls = LabThreshold if entry.kind == "lab" else MeasureThreshold
        common = dict(analyte=entry.field, loinc=entry.loinc, paired=tuple(paired),
                      alternatives=tuple(alternatives), method=methods[0] if methods else None,
                      applies_to=item.applies_to, span=span)
        node = cls(op=lim.op, value=lim.value, value_high=lim.value_high, unit=lim.unit, relative_to=lim.rel,
                   **common)
        if either:
            others = [cls(op=o.op, value=o.value, value_high=o.value_high, unit=o.unit, relative_to=o.rel,
                          **{**common, "paired": (), "alternatives": ()}) for o in either]
            return AnyOf(items=(node, *others), span=span)
        if lim.extra is None:
            return node
        _check_unit(entry, lim.extra)
        second = cls(op=lim.extra.op, value=lim.extra.value, unit=lim.extra.unit, relative_to=lim.extra.rel,
                     **{**common, "paired": ()})  # a value in parentheses restates the first bound
        return (AnyOf if lim.either else AllOf)(items=(node, second), span=span)

    def _case_note(self, item: Item) -> bool:
        """Whether a note in parentheses after the bound names the case it is for ("(without liver
        metastases)", "(in patients with …)")."""
        for after in item.afters:
            if after.kind == "note" and after.lim is None:
                words = self.ctx.source(after.lo, after.hi).lower().lstrip("(").split()
                if words and (words[0] in _CASE_WORDS or words[0] == "without"):
                    return True
        return False

    def _grade_plus(self, lim: Lim) -> Lim:
        """ "IHC score of 3+", "or 2+ with a negative ISH": the grade 3+, not 3 or more (on a score
        the lexicon lacks; a dipstick's "< 1+" keeps its comparator)."""
        if lim.op == ">=" and self.ctx.source(lim.hi, lim.hi) == "+":
            return replace(lim, op="==")
        return lim

    def _check_open_sequel(self, lim: Lim) -> None:
        """What follows the bound on an unknown measure may say it is something else: "tumor
        ≤ 5 cm from the anal verge" is a distance; "castrate levels < 50 ng/dL of testosterone",
        "total score ≥ 18 on the PAS" name the measure after it; "= 0.0 to 5.0" is a range whose
        first end took the comparator; "< 1 million", "≥ 20 mitoses per 10 HPF" have a unit in
        words. None of these is read."""
        lexemes, following = self.ctx.lexemes, self.ctx.offset + lim.hi + 1
        if following >= len(lexemes):
            return
        nxt = lexemes[following]
        word = self.ctx.source(lim.hi + 1, lim.hi + 1).lower()  # as written: "from" is a cue here
        if word in _LANDMARK_WORDS or word == "of" or (lim.unit is None and word in _NAMED_AFTER):
            raise ValueError("the measure is named, or measured from a landmark, after its bound")
        if nxt.type == "SLASH":
            raise ValueError("the unit goes on after the slash: '21 units /week'")
        if nxt.type in ("TO", "DASH", "COMMA") and following + 1 < len(lexemes) \
                and lexemes[following + 1].type == "NUM":
            raise ValueError("a range whose first end took the comparator, or a list of values")
        if lim.unit is None and nxt.type == "W" and word[:1].isalpha() and word not in word_list("function_words.txt"):
            raise ValueError("a unit in words after the number")

    def _check_not_time(self, entry, lim: Lim) -> None:
        """ "Pain score for more than 6 weeks": a number followed by a time unit is a time, never a
        measure (unless the measure is a time: gestational age in weeks)."""
        following = self.ctx.offset + lim.hi + 1
        if lim.unit is None and following < len(self.ctx.lexemes) and _is_time(self.ctx.lexemes[following]):
            if entry.unit is None or dict(parse_unit(entry.unit).dimensionality) != {"[time]": 1}:
                raise ValueError("a number that is a time is not a measure")

    def _time_unit_after(self, entry, lim: Lim) -> Lim:
        """"Gestational age < 23 weeks", "disease-free interval of at least 6 months": a measure whose
        unit is a time takes the time unit written after its number (this family sees it as a word),
        so "5 years" is never read as 5 of the lexicon's unit."""
        following = self.ctx.offset + lim.hi + 1
        if lim.unit is not None or lim.rel is not None or entry.unit is None or following >= len(self.ctx.lexemes):
            return lim
        if dict(parse_unit(entry.unit).dimensionality) != {"[time]": 1}:
            return lim
        lexeme = self.ctx.lexemes[following]
        unit = lexeme.value if lexeme.type == "TIME_UNIT" else _time_units().get(lexeme.value.lower())
        if unit is None or unit == "half_life":
            return lim
        return replace(lim, unit=unit, extra=replace(lim.extra, unit=unit) if lim.extra is not None else None)

    def _check_open(self, entry: "OpenMeasure", lim: Lim, item: Item) -> None:
        """A measure the lexicon lacks is read only from a plain bound on it: never a time ("score
        > 3 months"), never a pair; a thing measured by its size only with a length, area or volume."""
        for bound in (lim, lim.extra) if lim.extra is not None else (lim,):
            _check_open_unit(entry, bound)
        if not item.named_after:
            self._check_open_sequel(lim)
        if lim.pair or item.applies_to is not None and not _sexes_named(item.applies_to):
            # a bound per sex is one ("alcohol consumption > 21 units/week for males or 14 for females")
            raise ValueError("a value pair or a bound per subgroup on an unknown measure")

    def _pressure_pair(self, lim: Lim, span) -> Node:
        """"BP < 160/100" holds when both do; "BP > 150/90" (hypertension) when either does."""
        lexicon = lab_lexicon()
        parts = tuple(
            MeasureThreshold(analyte=field, loinc=lexicon[field].loinc, op=lim.op, value=bound.value,
                             unit=bound.unit or "mmHg", span=span)
            for field, bound in (("sbp", lim), ("dbp", lim.extra))
        )
        both = lim.op in _HIGH
        return (AllOf if both else AnyOf)(items=parts, span=span)

    def _condition(self, words: Words | None) -> str | None:
        """The subgroup as written in the original text, without its lead and trailing words.

        Read from the original characters, not rebuilt from lexeme values: a lexeme's value is
        what the grammar needs (a cue's canonical value, an event term's concept name), the
        reader wants the words of the text ("Gilbert's syndrome"); a line wrap reads as a space.
        """
        if words is None:
            return None
        lo, hi = words.lo, words.hi
        while lo <= hi and not self._condition_word(lo):
            lo += 1
        while hi >= lo and not self._condition_word(hi):
            hi -= 1
        while hi > lo and self.ctx.source(hi, hi).lower() in _LEADING_ON:
            hi -= 1  # "> 470 msec for females on (the screening ECG)": a word that begins what follows
        if lo > hi:
            return None
        said = self.ctx.source(lo, hi)
        if not any(ch.isalpha() for ch in said):  # "≥ 10^3 copies/mL": a number's notation, not a subgroup
            raise ValueError("a subgroup without a word")
        return said

    def _condition_word(self, pos: int) -> bool:
        """Whether the lexeme at match position ``pos`` may open or close a condition."""
        lexeme = self.ctx.lexemes[self.ctx.offset + pos]
        trim = word_list("condition_words.txt")
        said = self.ctx.source(pos, pos).lower()
        # a cue the lexer joined ("except in", "presence of") is trimmed as its words are
        return lexeme.type in _CONDITION_WORDS and said not in trim and not all(word in trim for word in said.split())

    def _methods(self, lo: int, hi: int) -> list[str]:
        lexemes = self.ctx.lexemes[self.ctx.offset + lo : self.ctx.offset + hi + 1]
        return [lx.value for lx in lexemes if lx.type == "METHOD"]

@dataclass(frozen=True, slots=True)
class _Flat:
    """Children of an inlined helper rule, spliced into their parent."""

    items: list


#: Terminals just before the radiation words that make them an event a time is counted from.
_TIME_BEFORE = frozenset({"TIME_UNIT", "REL", "FROM"})
#: Before a radiotherapy whose share of the marrow is read apart from it: a denial, a time since it,
#: an exemption or a window word make the share part of what they say of the radiotherapy.
_NOT_BEFORE_A_RADIOTHERAPY = _TIME_BEFORE | {"NEG", "EXEMPT", "WITHIN", "PAST"}
#: Words after a length that make it a distance, a depth or a thickness, not the size of a tumour.
_NOT_A_SIZE_AFTER = frozenset({"from", "below", "above", "beyond", "away", "of", "to", "thick", "thickness",
                               "deep", "depth", "distal", "proximal", "invasion", "margin", "margins", "in"})
#: What may follow a share of the marrow read apart from its radiotherapy: the radiotherapy's window.
_AFTER_A_SHARE_OF_MARROW = frozenset({"WITHIN", "REL", "PRIOR", "PAST", "FROM", "COMMA", "SEMI"})
#: Words between a condition and a bound that defines it: "fever defined as > 38 °C".
_IMPLIED_BRIDGES = frozenset({"defined", "as", "of"})
#: the field of one item of a rating scale, as the lexer names it ("ymrs item 1")
_SCALE_ITEM = re.compile(r" item \d+$")
#: how far back a negation denies the thing a size is read of ("no evidence of measurable disease > 2 cm")
_SIZE_NEGATION_REACH = 4
#: how far after a size an "or" may lead to the bound for another case ("… by conventional techniques or >= 10 mm")
_CASE_BOUND_REACH = 12
#: Terminals of other families' terms that a note after a bound must not swallow (a sex or a site is the
#: bound's group or where it is measured: "(males)", "(in the liver)").
_EVENT_TERMS = frozenset({"EV_COND", "EV_MED", "EV_THERAPY", "EV_PROC", "EV_REPRO"})
#: Terms for what may hold a value up ("(without transfusion)", "(no growth factor support)").
_SUPPORT_TERMS = frozenset({"EV_MED", "EV_THERAPY", "EV_PROC"})
#: Words in parentheses after a bound that make it a case's bound ("in participants with ...").
#: Words that end no subgroup: they begin what follows it ("for females on the screening ECG").
_LEADING_ON = frozenset({"on", "at", "during", "by", "via", "using"})
#: What a note naming a subgroup may hold: its lead, its clinical terms, and the words of the lead.
_SUBGROUP_TERMS = frozenset({"LPAR", "RPAR", "FOR", "PERSON", "NEG", "STATUS", "COMMA", "OR", "AND"}) | _EVENT_TERMS
_SUBGROUP_WORDS = frozenset({"for", "in", "if", "when", "among", "with", "who", "are", "is", "have", "has", "had",
                             "were", "not", "no", "on", "off", "the", "a", "an", "any", "of", "absence", "without",
                             "receiving", "taking", "undergoing", "treated", "only", "patient", "subject",
                             "participant"})
#: What may follow such a note to the criterion's end.
_CLOSING = frozenset({"COMMA", "SEMI", "PERIOD", "DOT"})
_CASE_WORDS = frozenset({"in", "for", "if", "with", "when", "unless", "except", "patients", "participants",
                         "subjects", "those"})
#: Prefixes of a hyphenated word among a head's words that only say when the value is taken ("on
#: pre-entry electrocardiogram", "post-dose").
_TIME_PREFIXES = frozenset({"pre", "post"})
#: What may follow a hyphen after an analyte's name in its head: its status ("PR-positive (> 20%)").
_STATUS_SUFFIXES = frozenset({"positive", "negative", "positivity", "negativity"})


#: What stands between a bound and a sex it is for: "for women", "in men", "if male", "(males)".
_BEFORE_A_SEX = frozenset({"for", "in", "if", "("})


def _check_status_suffixes(children, ctx) -> bool:
    """Whether the head names a status after a hyphen ("ER/PR-positive"); a hyphen after the name
    followed by anything else ("HCT-CI": another name) refuses the reading, and so does a hyphen
    between two of the head's words unless it only says when the value is taken ("pre-entry")."""
    status = False
    for before, child, nxt in zip([None, *children], children, children[1:]):
        if isinstance(child, Token) and child.type == "DASH" and isinstance(before, Token) and before.type == "W":
            # "on pre-entry electrocardiogram": when the value is taken. Any other hyphenated words may
            # name what is measured ("plaque-type psoriasis", "wheal ... pollen - negative control")
            if ctx.source(before.start_pos, before.start_pos).lower() not in _TIME_PREFIXES:
                raise ValueError("a hyphenated word in a measure's head other than 'pre-', 'post-'")
            continue
        if isinstance(child, Token) and child.type == "DASH":
            if not (isinstance(nxt, Token) and nxt.type == "W"
                    and ctx.source(nxt.start_pos, nxt.start_pos).lower() in _STATUS_SUFFIXES):
                raise ValueError("only a status follows a hyphen after an analyte's name")
            status = True
    return status


#: A bound denied ("no ... > 25%"): what the value then is.
_DENIED = {">": "<=", ">=": "<", "<": ">=", "<=": ">"}
_IRRADIATED_ROLES = ("negation", "lead", "radiation", "link", "marrow", "irradiated", "permission")


@cache
def _irradiated_words() -> dict[str, frozenset[str]]:
    """The words of ``lexicons/irradiated_marrow_words.txt`` by role; a line of no role is refused."""
    roles: dict[str, set[str]] = {role: set() for role in _IRRADIATED_ROLES}
    for line in word_list("irradiated_marrow_words.txt"):
        role, _, word = line.partition(":")
        if role not in roles or not word or " " in word:
            raise ResourceError(f"lexicons/irradiated_marrow_words.txt: {line!r} is not ROLE:WORD")
        roles[role].add(word)
    return {role: frozenset(words) for role, words in roles.items()}


def _check_irradiated(before: list[str], after: list[str], roles: dict[str, frozenset[str]]) -> None:
    """Refuse the reading unless the words before the bound name radiotherapy (and end in a link word
    or the radiotherapy itself) and those after it are "of" and the marrow's name, perhaps "irradiated"."""
    if not after or after[0] != "of" or not any("marrow" in w or w == "bm" for w in after):
        raise ValueError("the bound is on a share of the bone marrow: '% of (the) bone marrow'")
    named = after[1:]
    while named and named[-1] in roles["irradiated"]:
        named.pop()
    tail = after[1 + len(named):]
    if tail and not any(w.endswith("radiated") or w == "irradiation" for w in tail):
        raise ValueError("'... of the bone marrow is allowed': the words after the marrow say no more of it")
    if not named or not all(w in roles["marrow"] for w in named):
        raise ValueError("only the marrow's name follows 'of'")
    said_irradiated = bool(tail)
    known = roles["negation"] | roles["lead"] | roles["radiation"] | roles["link"]
    if not all(w in known for w in before):
        raise ValueError("only radiation words stand before the share of the marrow")
    if not said_irradiated and not any(w in roles["radiation"] for w in before):
        raise ValueError("the marrow's share is irradiated only if radiotherapy is named")
    words = [w for w in before if w not in roles["negation"]]
    if words and words[-1] not in roles["link"] | roles["radiation"] | {"received"}:
        raise ValueError("a link word ('to', 'involving') or the radiation words end before the bound")


def _sexes_named(words: str) -> set[str]:
    """The sexes some words name ("for male patients": {"male"}; "(females)": {"female"})."""
    return {sex_words()[w] for w in re.findall(r"[a-z]+", words.lower()) if w in sex_words()}


def _unit_carried(first: Lim, other: Lim) -> Lim:
    """"QTcF > 450 ms for males and > 470 for females": a subgroup's bound written without a unit is in the
    first bound's (it was read unitless, which no record's value in ms compares with)."""
    if other.unit is None and other.rel is None and first.unit is not None and other.extra is None:
        return replace(other, unit=first.unit, rel=first.rel)
    return other


def _lim(op: str, amt: Amt, lo: int, hi: int) -> Lim:
    return Lim(op, amt.value, None, amt.unit, amt.rel, lo, hi)


def _with_second(item: "Item | Subgroups", second: Lim) -> Item:
    """``item`` bounded a second time (see :func:`_two_bounds`); a bound per subgroup takes none."""
    if not isinstance(item, Item) or item.lim.extra is not None:
        raise ValueError("a second bound after bounds per subgroup or after two bounds")
    return replace(item, lim=_two_bounds(item.lim, second), hi=second.hi)


def _two_bounds(first: Lim, second: Lim) -> Lim:
    """Two bounds on one analyte, in either order: an interval when the lower bound lies below the
    upper ("< 10 and >= 8.5": 8.5 to 10), else the two sides outside a range ("< 3.5 and > 5.5
    mmol/L": either holds, as nothing can be both). A unit written once serves both."""
    if first.extra is not None or second.extra is not None or first.value_high is not None \
            or second.value_high is not None:
        raise ValueError("a second bound on a range or a pair")
    if first.unit is None and first.rel is None:
        first = replace(first, unit=second.unit, rel=second.rel)
    if second.unit is None and second.rel is None:
        second = replace(second, unit=first.unit, rel=first.rel)
    if first.op in _HIGH and second.op in _LOW:
        low, high = second, first
    elif first.op in _LOW and second.op in _HIGH:
        low, high = first, second
    else:
        raise ValueError("two bounds on the same side")
    lo, hi = min(first.lo, second.lo), max(first.hi, second.hi)
    if (low.rel, high.rel) == ("LLN", "ULN"):  # "magnesium > LLN and < 1.5 x ULN": each bound on its limit
        return replace(low, lo=lo, hi=hi, extra=high)
    if (first.unit, first.rel) != (second.unit, second.rel):
        raise ValueError("two bounds in different units")
    if low.value < high.value:
        if _LOW[low.op] and _HIGH[high.op]:
            return Lim("between", low.value, high.value, low.unit, low.rel, lo, hi)
        return replace(low, lo=lo, hi=hi, extra=high)
    if low.value == high.value:
        raise ValueError("two bounds that meet at one value")
    return replace(high, lo=lo, hi=hi, extra=low, either=True)


@dataclass(frozen=True, slots=True)
class OpenMeasure:
    """A measure the lexicon lacks, named by its phrase (normalized: the records field).

    Duck-types the :class:`~criteria.labs.LabEntry` fields a threshold reads: no LOINC, no
    canonical unit, no conversion context, no scale.
    """

    field: str
    kind: str  # "lab" | "measure"
    sized: bool  # an object measured by its size ("lymph node"): a length, area or volume unit
    needs_unit: bool = False  # "caloric intake of at least 1500": calories or kcal a day? not read

    loinc = None
    unit = None
    also_units = ()
    context = ()
    scale = None


def open_measure(phrase: str) -> OpenMeasure:
    """The :class:`OpenMeasure` a MEASURE phrase names: its field and, from its last word, its kind.

    A phrase of qualifiers and measure words only ("mean levels", "total score", "diameter")
    does not say what is measured: ``ValueError``.
    """
    field = normalize_measure(phrase)
    words = measure_words()
    if all(w in _VAGUE or (w in words and words[w].role == "head" and not words[w].names_itself)
           for w in field.split(" ")):
        raise ValueError(f"{field!r} does not say what is measured")
    row = words.get(field.rsplit(" ", 1)[-1].rsplit("-", 1)[-1])
    kind = row.kind if row is not None and row.kind else "measure"
    return OpenMeasure(field, kind, row is not None and row.role == "object", row is not None and row.needs_unit)


# words that qualify a measurement without naming what is measured: "mean levels", "total score"
_VAGUE = frozenset({"mean", "average", "total", "initial", "baseline", "blood", "serum", "plasma", "current",
                    "recent", "latest", "overall", "maximum", "minimum", "measured", "calculated", "estimated"})
_IU_SPELLINGS = frozenset({"iu", "international units"})
_LANDMARK_WORDS = frozenset({"from", "below", "above", "beyond", "away", "distal", "proximal"})
# "total score ≥ 18 on the PAS", "≥ 28 using the ADHD-RS" (with a unit, "1 cm in diameter" is fine)
_NAMED_AFTER = frozenset({"on", "in", "using", "per"})
_LAB_SUFFIXES = frozenset({"level", "levels", "concentration", "concentrations", "value", "values"})


def _known_tail(field: str) -> str | None:
    """The lexicon field a phrase ends in ("initial blood lymphocyte counts" → lymphocytes): words
    before a known name qualify it, and the lexicon lists its names in the singular too."""
    names = lab_fields_by_name()
    words = field.split(" ")
    if len(words) > 1 and words[-1] in _LAB_SUFFIXES:  # "serum uric acid levels": the analyte's name
        words = words[:-1]
    qualifiers = {w for w, row in measure_words().items() if row.role == "qualifier"}
    for n in range(len(words)):
        if n and words[n - 1] not in qualifiers:
            return None  # "CSF lymphocyte count" is not the blood's
        tail = " ".join(words[n:])
        for name in (tail, tail.removesuffix("s")):
            if name in names:
                return names[name]
    return None


def _is_time(lexeme) -> bool:
    """Whether a lexeme is a time unit (this family is shown time units as words)."""
    return lexeme.type == "TIME_UNIT" or (lexeme.type == "W" and lexeme.value.lower() in _time_words())


@cache
def _time_units() -> dict[str, str]:
    """{time word as written: its unit} from the cue lexicon ("weeks": "week")."""
    return {e.phrase.lower(): e.value for e in cue_lexicon() if e.terminal == "TIME_UNIT" and e.value}


@cache
def _time_words() -> frozenset[str]:
    return frozenset(e.phrase.lower() for e in cue_lexicon() if e.terminal == "TIME_UNIT")


_SIZES = ({"[length]": 1}, {"[length]": 2}, {"[length]": 3}, {"[retinal_area]": 1})


def _check_open_unit(entry: OpenMeasure, lim: Lim) -> None:
    if lim.rel is not None and (entry.kind != "lab" or lim.rel not in ("ULN", "LLN")):
        raise ValueError("only a laboratory value is a multiple of a limit of normal")
    if lim.unit is None or lim.rel is not None:
        if entry.sized or (entry.needs_unit and lim.rel is None):
            raise ValueError("a size or an amount needs its unit")
        return
    try:
        dimensions = dict(parse_unit(lim.unit).dimensionality)
    except UnitError:
        raise ValueError(f"{lim.unit!r} is not a unit") from None
    if dimensions == {"[time]": 1}:
        raise ValueError("a number that is a time is not a measure")
    if entry.field.endswith("ratio") and lim.unit not in _ALWAYS_FITS:
        # "HER2/CEP17 ratio >= 2.0 and < 4.0 signals/cell": the unit says the bound is on something else
        raise ValueError("a ratio is a pure number")
    if entry.sized and dimensions not in _SIZES:
        raise ValueError("a size is a length, an area or a volume")


#: "Units" written bare (a dose unit of the event lexicon, seen here as a unit) and the rate it carries.
_BARE_UNITS = {"units": "", "units/day": "/day", "units/week": "/week"}


def _bare_units(entry: "LabEntry | OpenMeasure", lim: Lim) -> Lim:
    """"Alcohol intake > 14 units/week": a bare "units" is the unit the measure is counted in, where
    the lexicon gives it one (``alcohol_unit``, of clinical.txt); else the bound stays as written."""
    rate = _BARE_UNITS.get(lim.unit) if lim.rel is None and lim.unit else None
    if rate is None or entry.unit is None:
        return lim
    counted = [u for u in (entry.unit, *entry.also_units) if u.endswith("_unit" + rate) and "/" not in u[: -len(rate) or None]]
    return replace(lim, unit=counted[0]) if len(counted) == 1 else lim


def _per_volume(entry: "LabEntry | OpenMeasure", lim: Lim) -> Lim:
    """"ANC >= 1,500 mm3": a count of cells is never a volume, so a volume written after it is the
    volume it is counted in, its slash lost (1,500 per mm³). Any other measure keeps its volume."""
    if lim.rel is not None or lim.unit not in _VOLUMES or entry.unit is None:
        return lim
    per = "1/" + lim.unit
    if not compatible(entry.unit, per):
        return lim
    extra = replace(lim.extra, unit=per) if lim.extra is not None and lim.extra.unit == lim.unit else lim.extra
    return replace(lim, unit=per, extra=extra)


_VOLUMES = frozenset({"mm^3"})


def _check_unit(entry: LabEntry, lim: Lim) -> None:
    """Reject a bound whose unit cannot measure the analyte (a dose, a duration)."""
    if lim.unit is None or lim.rel is not None or entry.unit is None or lim.unit in _ALWAYS_FITS:
        return
    units = (entry.unit, *entry.also_units)
    if not any(compatible(lim.unit, unit, entry.context or None) for unit in units):
        raise ValueError(f"{lim.unit!r} is not a unit of {entry.field}")


_SCALE_UNITS = frozenset({None, "score_point"})
#: The words between a bound and the scale named after it, and those before the bound saying it is a score.
#: Measures that are a share of a whole the text may name after the bound: "> 10% of the body surface
#: area" is the affected area (a percentage of any other measure is a change or a ratio, never read so).
_SHARES_OF_A_WHOLE = frozenset({"body_surface_area"})  # "total body surface area" is burns' (burn_tbsa): not named so
#: A measure whose bound in percent is a share of it, another field: ">= 10% body surface area" is the area
#: affected (of the skin), where "body surface area >= 1.5 m2" is the body's size.
_PERCENT_OF = {"body_surface_area": "affected_bsa"}
#: A noun after a measure's name saying the bound before it is on a change of the measure.
_CHANGE_WORDS = frozenset({"loss", "gain", "change", "changes", "reduction", "increase", "decrease", "decline",
                           "drop", "fall", "rise", "improvement", "worsening", "variation", "fluctuation"})
_SHARE_OF_WORDS = (["of"], ["of", "the"], ["of", "total"], ["of", "the", "total"], ["of", "their"], ["of", "his", "or", "her"])
_ON_THE = (["on", "the"], ["on"], ["points", "on", "the"], ["point", "on", "the"], ["points", "on"],
           ["using", "the"], ["using"])
#: A scale named by its abbreviation after its bound ("on the OSDI", "on the PI-NRS"): the marker
#: (:mod:`criteria.parse.nlp.measures`) took it for one only after a score's bound.
_SCALE_ABBREVIATION = re.compile(r"^(?=(?:[0-9-]*[A-Z]){2})[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$")
_SCORE_WORDS = frozenset({"score", "scores", "rating", "sum"})
#: Words after a scale's name that continue it ("Cornell Scale for Depression in Dementia").
_NAME_GOES_ON = frozenset({"for", "of", "in"})
#: The last word of a scale the lexicon lacks that may be named after its bound ("on the Epworth Sleepiness Scale").
_SCALE_HEADS = frozenset({"scale", "score", "index", "inventory", "questionnaire", "test"})


def _right_after_analyte(children: list, child: Token) -> bool:
    """Whether ``child`` comes right after an analyte's name in a head ("weight loss", not
    "weight at screening"): a change word there names a change of the measure, unless "to" says
    the value the measure reached ("LVEF decrease to < 40%")."""
    k = next(i for i, c in enumerate(children) if c is child)
    before = children[k - 1] if k else None
    after = children[k + 1] if k + 1 < len(children) else None
    reached = isinstance(after, Token) and after.type == "TO"
    return isinstance(before, Token) and before.type in _ANALYTE_TERMINALS and not reached


#: Terminals before a bound in which a limiting word is looked for ("agree to limit alcohol intake to"):
#: the clause, not a whole criterion flattened onto one line.
_LIMIT_REACH = 8


@cache
def _sex_words() -> frozenset[str]:
    """The phrases of the event lexicon's sexes, lower case ("women", "male patients")."""
    return frozenset(p.lower() for c in event_lexicon() if c.kind == "sex" for p in c.phrases)


@cache
def _named_by_unit() -> dict[str, str]:
    """{unit: field} of the lexicon's measures that their unit alone names (``named_by_unit``)."""
    named = [entry for entry in lab_lexicon().values() if entry.named_by_unit]
    units = [entry.unit for entry in named]
    if len(set(units)) != len(units):
        raise ResourceError("labs.jsonl: two measures named by one unit")
    return {entry.unit: entry.field for entry in named}  # type: ignore[misc]


def _named_by_unit_field(unit: str | None) -> str | None:
    """The measure a unit alone names: its own unit as written, or one converting to it ("drinks per
    day" names the alcoholic drinks counted a week, "pack-years" only pack-years). A unit converting
    to two such measures names neither."""
    if unit is None:
        return None
    named = _named_by_unit()
    if unit in named:
        return named[unit]
    fields = {name for own, name in named.items() if compatible(unit, own)}
    return fields.pop() if len(fields) == 1 else None


class ImpliedMeasure(BaseModel):
    """One row of ``lexicons/implied_measures.jsonl`` (its ``_format`` line documents the fields)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    word: str = Field(pattern=r"^[a-z][a-z-]*( [a-z][a-z-]*)?$",
                      description="the condition's last word, or its last two words, lower case")
    field: str = Field(description="the lab lexicon field its bound is on")
    size: bool = Field(default=False, description="the bound is the size of the thing the word names "
                       "('carcinoma <= 5 cm'), which does not define the condition: read only right after "
                       "the word, and beside the condition (both hold), never as its definition")


def implied_measure(word: str) -> str | None:
    """The lab-lexicon field a condition named by ``word`` is a measure out of range of ("fever":
    body_temperature), or None (``lexicons/implied_measures.jsonl``)."""
    return _implied_measures().get(word.lower())


def implied_size(word: str) -> bool:
    """Whether a bound right after a condition named by ``word`` is the size of what it names
    ("carcinoma <= 5 cm"), which holds beside the condition and never defines it."""
    return word.lower() in _size_words()


@cache
def _implied_measures() -> dict[str, str]:
    """{word: field} of conditions named by a measure out of range; a field the lexicon lacks is refused."""
    lexicon = lab_lexicon()
    found = {}
    for row in _implied_rows():
        if row.field not in lexicon:
            raise ResourceError(f"lexicons/implied_measures.jsonl: {row.field!r} is no field of labs.jsonl")
        found[row.word] = row.field
    return found


@cache
def _size_words() -> frozenset[str]:
    """The words of ``lexicons/implied_measures.jsonl`` whose bound is the size of what they name."""
    return frozenset(row.word for row in _implied_rows() if row.size)


@cache
def _implied_rows() -> tuple[ImpliedMeasure, ...]:
    return tuple(load_jsonl("lexicons/implied_measures.jsonl", ImpliedMeasure))


def _check_scale(entry: LabEntry, lim: Lim) -> None:
    """Reject a bound a score or class cannot take: "ASA class > 3" is on a 1-6 scale, so
    "ASA 81 mg" or "ASA > 10" are not this scale (aspirin, or another number)."""
    scale = entry.scale
    if scale is None:
        return
    for bound in (lim, lim.extra) if lim.extra is not None else (lim,):
        if bound.rel is not None or bound.unit not in _SCALE_UNITS:
            raise ValueError(f"{entry.field} is a scale without units")
        values = (bound.value,) if bound.value_high is None else (bound.value, bound.value_high)
        if any(not scale.low <= v <= scale.high for v in values):
            raise ValueError(f"{entry.field} runs from {scale.low:g} to {scale.high:g}")


def _same_bound(entry: LabEntry, lim: Lim, other: Lim) -> bool:
    """Whether ``other`` states ``lim`` again in another unit ("9 g/dL (90 g/L)")."""
    if other.rel != lim.rel:
        return False
    if lim.unit is None or other.unit is None or lim.unit == other.unit:
        return other.value == lim.value
    context = entry.context or None
    if not compatible(other.unit, lim.unit, context):
        return False
    again = convert(other.value, other.unit, lim.unit, context)
    return abs(again - lim.value) <= _PAIRED_TOLERANCE * abs(lim.value)


def _word_follows(children: list, lab: Token) -> bool:
    """Whether a plain word follows ``lab`` right away among a head's children (a word of its own,
    or words in parentheses after it: "(UPC ratio)", "(QTc using Fridericia's formula)")."""
    at = next(k for k, c in enumerate(children) if c is lab)
    nxt = children[at + 1] if at + 1 < len(children) else None
    return isinstance(nxt, Words) or (isinstance(nxt, Token) and nxt.type == "W")
