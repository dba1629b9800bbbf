"""Tokenizer rules for clinical quantities, added to spaCy's English defaults.

spaCy's blank English tokenizer keeps ``age<75``, ``Hb>=9g``, ``1.5x10``, ``3xULN`` and
``min/1.73`` as single tokens; criteria need each comparator, number, multiplication sign
and unit as a token of its own, so the grammar can see them. Only infix and prefix rules
are added: nothing else about spaCy's tokenization changes.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.util import compile_infix_regex, compile_prefix_regex

_COMPARATOR = r"(?:>=|<=|!=|<|>|=|~)"

EXTRA_PREFIXES = [_COMPARATOR]
# Each rule opens with the character it splits at, and looks behind only after it: the
# infix regex is tried at every position of every chunk the tokenizer has not cached, and
# a leading character test fails at once where a leading lookbehind costs a step back.
EXTRA_INFIXES = [
    _COMPARATOR,
    r"[xX](?<=[0-9][xX])(?=[0-9A-Z(]|uln|lln)",  # 1.5x10^9, 3xULN, 100x10(9), 3xuln
    r"/(?<=[0-9a-zA-Z%)]/)(?=[0-9a-zA-Z(])",  # min/1.73, /mm3, 10^9/L
    r"[()](?<=[0-9][()])(?=[0-9])",  # 10(9)/L
    r"\)(?<=[0-9]\))(?=/)",
    r"-(?<=[0-9]-)(?=[a-zA-Z])",  # 18-years, 21-day
    r"-(?<=[a-zA-Z]-)(?=[0-9])",  # grade-2, age-18
]


def customize_tokenizer(nlp: Language) -> None:
    """Add the clinical prefix and infix rules to ``nlp``'s tokenizer, in place."""
    defaults = nlp.Defaults
    prefixes = list(EXTRA_PREFIXES) + list(defaults.prefixes)
    infixes = list(EXTRA_INFIXES) + list(defaults.infixes)
    nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
