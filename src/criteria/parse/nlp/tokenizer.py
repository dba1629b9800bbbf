"""Tokenizer rules for clinical quantities, added to spaCy's English defaults.

spaCy's blank English tokenizer keeps ``age<75``, ``Hb>=9g``, ``1.5x10``, ``3xULN`` and
``min/1.73`` as single tokens; criteria need each comparator, number, multiplication sign
and unit as a token of its own, so the grammar can see them. Only prefix, infix and suffix
rules are added: nothing else about spaCy's tokenization changes, and every token still
covers exactly its own characters (spans stay exact).

What the rules split (each form is real in registry text):

* comparators glued to words or numbers: ``Hb>=9``, ``age<75``;
* a number glued to its unit: ``9g/dL``, ``60ml/min``, ``12weeks``, ``1.5ULN``, ``100.E9/L`` — a
  zero-width split between a digit and a *unit word* (the list below), so ``HbA1c``,
  ``SpO2``, ``CD4`` and ``1st`` stay whole;
* the multiplication sign: ``1.5x10^9``, ``3xULN``, ``1.5x ULN``, ``x10^9/L``, ``3 ×ULN``;
* slashes inside units and a leading slash: ``min/1.73``, ``10^9 /L``, ``/mm3``;
* the parenthesised exponent of a copy-pasted superscript: ``10(9)/L``;
* an abbreviation glued to its expansion: ``PS(Performance Status)``;
* an optional plural glued to its word: ``stroke(s)``, ``lesion(s)``.
"""

from __future__ import annotations

import re

from typing import Callable

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

_COMPARATOR = r"(?:>=|<=|!=|<|>|=|~)"

# Words that may follow a number without a space and are then a unit of that number.
# Kept short and explicit: a digit followed by any other letter is left alone.
_UNIT_WORD = (
    r"(?:mg|gm|g|kg|mcg|ug|µg|μg|ng|pg|ml|mL|cc|dl|dL|L|l|mmol|umol|µmol|μmol|micromol|nmol|pmol|mEq|meq|IU|iu|U|mIU|mU"
    r"|ms|msec|mmHg|mm|cm|bpm|copies|cells|ULN|LLN|uln|lln|x|X|times|weeks?|wks?|months?|mos?|years?|yrs?|days?|hours?|hrs?|h)"
)

# Rules that split at one character open with it and look behind only after it: suffix and
# infix regexes are tried at every position of every chunk the tokenizer has not cached, and
# a leading character test fails at once where a leading lookbehind costs a step back.
EXTRA_PREFIXES = [
    _COMPARATOR,
    r"/(?=[a-zA-Z])",  # "10^9 /L": the slash opens the unit
    r"[xX](?=10)",  # "x10^9/L"
    r"[xX](?=ULN|LLN|uln|lln)",  # "<= 3 ×ULN" ("×" folds to "x"): the sign, then the limit
    r"-(?=[0-9])",  # "< -2.5", "18 -65": the sign or dash is a token, the number another
]
EXTRA_SUFFIXES = [
    r"[xX](?<=[0-9][xX])",  # "1.5x ULN"
    r"/(?<=[0-9]/)",  # "1,500/ uL"
    # a full stop after a unit ending in a capital ("g/dL.", "10^9/L."): spaCy keeps "L." whole
    r"\.(?<=/[A-Za-z]\.)",
    r"\.(?<=/[A-Za-z]{2}\.)",
    r"\.(?<=/[A-Za-z]{3}\.)",
    r"\.(?<=^[A-Z]\.)",  # a capital letter ending a sentence ("hepatitis B or C."), not an initial
    r"\.(?<=^[dmuµμ]L\.)",  # a unit's last word ending a sentence ("2.0 mg per dL.", "500 mL.")
]
EXTRA_INFIXES = [
    _COMPARATOR,
    # after a digit, in one alternation (one lookbehind test per position keeps the tokenizer fast):
    r"(?<=[0-9])(?:"
    r"[xX](?=[0-9A-Z(]|ULN|LLN|uln|lln|upper|lower|normal|the\b)"  # 1.5x10^9, 3xULN, 1.3xupper limit
    r"|\*(?=[0-9A-Za-z])"  # 2.5*ULN
    r"|[()](?=[0-9])|\)(?=/)"  # 10(9)/L
    r"|-(?=[a-zA-Z])"  # 18-years, 21-day
    rf"|(?={_UNIT_WORD}(?:[/^0-9]|$))"  # 9g/dL, 60ml/min, 12weeks (zero width)
    r"|(?=G/[lL])"  # 1.5G/L: giga per litre (a needle's "14G" stays whole)
    r"|(?=\.?E(?:9|12)/)"  # 1.5E9/L, 100.E9/L: a power of ten in E-notation opens the unit
    r")",
    r"/(?<=[0-9a-zA-Z%)]/)(?=[0-9a-zA-Z(])",  # min/1.73, /mm3, 10^9/L
    r"\)(?<=[a-zA-Z]\))(?=/)",  # (PT)/INR
    r"\)(?<=[a-zA-Z]\))(?=\()",  # "(ULN)(or <= 2 x ULN …)": two parentheses side by side,
    r"\((?<=\)\()",  # each its own token
    r"\)(?<=[a-zA-Z0-9]\))(?=[<>=~])",  # "(ALT)>48 U/L"
    r"-(?<=[a-zA-Z]-)(?=[0-9])",  # grade-2, age-18
    r"\((?<=[a-zA-Z]{2}\()(?=[A-Z])",  # PS(Performance Status)
    # "ULN(<=5x ULN if …)", "HbA1c(7-10%)": a bound's parenthesis glued on; not a name's "PTH(1-84)"
    r"\((?<=[a-zA-Z%]\()(?=[<>=]|[0-9](?![0-9]*-[0-9]+(?:\)|$)))",  # ($: the ")" may be split off already)
    r"\((?<=[a-z]{2}\()(?=(?:s|es)(?:\)|$))",  # "stroke(s)", "lesion(s)": the plural mark is no part of the word
    r";(?<=[0-9a-zA-Z%)];)(?=[a-zA-Z])",  # "ECOG <=1;life expectancy" (a full-width semicolon, normalized)
]


TOKENIZER_NAME = "criteria.clinical_tokenizer.v1"
_INITIAL = re.compile(r"^[A-Z]\.$")  # capitals only: lower-case ones abbreviate genera in the vocabularies ("a. phagocytophilum")


def customize_tokenizer(nlp: Language) -> None:
    """Give ``nlp`` a tokenizer with the clinical prefix, suffix and infix rules added
    (:func:`clinical_tokenizer` built from ``nlp``'s current tokenizer)."""
    base = nlp.tokenizer
    nlp.tokenizer = clinical_tokenizer(nlp, base.rules, base.token_match, base.url_match, base.faster_heuristics)


def clinical_tokenizer(nlp: Language, rules: dict, token_match, url_match, faster_heuristics: bool = True) -> Tokenizer:
    """A tokenizer with the language's rules and the clinical prefix, suffix and infix rules added.

    Also drops spaCy's emoticon special cases that are comparisons in criteria: "<3" is a heart
    to spaCy and "less than 3" here ("AST <3 x ULN"); and its initials ("C."): in criteria a letter
    before a full stop ends a sentence ("chronic hepatitis B or C."), and kept as one token the
    letter is no longer the word a phrase names.
    """
    defaults = nlp.Defaults
    # One new Tokenizer, not property sets on the old one: each set reloads all ~1,500
    # special cases, which cost a fifth of a second of cold start for four sets.
    return Tokenizer(
        nlp.vocab,
        rules={
            text: tokens for text, tokens in rules.items()
            if not (text[:1] in "<>=" and any(c.isdigit() for c in text)) and not _INITIAL.match(text)
        },
        prefix_search=compile_prefix_regex(list(EXTRA_PREFIXES) + list(defaults.prefixes)).search,
        suffix_search=compile_suffix_regex(list(EXTRA_SUFFIXES) + list(defaults.suffixes)).search,
        infix_finditer=compile_infix_regex(list(EXTRA_INFIXES) + list(defaults.infixes)).finditer,
        token_match=token_match,
        url_match=url_match,
        faster_heuristics=faster_heuristics,
    )


@registry.tokenizers(TOKENIZER_NAME)
def create_clinical_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's tokenizer factory for the clinical tokenizer: a pipeline made with it
    (``spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})``) never
    builds spaCy's default tokenizer only to replace it, which costs its ~1,500 special cases
    and three large regular expressions at every cold start. The same tokenizer as
    :func:`customize_tokenizer` gives a blank pipeline (spaCy's default factory passes the
    language's exceptions, token and URL matches, and the default heuristics)."""

    def make(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        return clinical_tokenizer(nlp, defaults.tokenizer_exceptions, defaults.token_match, defaults.url_match)

    return make
