"""Tokenizer rules for clinical quantities, added to spaCy's English defaults.

spaCy's blank English tokenizer keeps ``age<75``, ``Hb>=9g``, ``1.5x10``, ``3xULN`` and
``min/1.73`` as single tokens; criteria need each comparator, number, multiplication sign
and unit as a token of its own, so the grammar can see them. Only infix and prefix rules
are added: nothing else about spaCy's tokenization changes.

One guard is added too: spaCy searches for a suffix with an ``…$`` regex over the whole
remaining chunk, once per affix it strips, which is quadratic in the chunk's length
(50,000 ``(`` took minutes). :class:`TailSearch` looks only at the chunk's last
characters, where a suffix must be; every suffix rule is far shorter than that window.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

_COMPARATOR = r"(?:>=|<=|!=|<|>|=|~)"

EXTRA_PREFIXES = [_COMPARATOR]
EXTRA_INFIXES = [
    _COMPARATOR,
    r"(?<=[0-9])[xX](?=[0-9A-Z(])",  # 1.5x10^9, 3xULN, 100x10(9)
    r"(?<=[0-9])[xX](?=ULN|LLN|uln|lln)",
    r"(?<=[0-9a-zA-Z%)])/(?=[0-9a-zA-Z(])",  # min/1.73, /mm3, 10^9/L
    r"(?<=[0-9])[()](?=[0-9])",  # 10(9)/L
    r"(?<=[0-9])\)(?=/)",
    r"(?<=[0-9])-(?=[a-zA-Z])",  # 18-years, 21-day
    r"(?<=[a-zA-Z])-(?=[0-9])",  # grade-2, age-18
]


def customize_tokenizer(nlp: Language) -> None:
    """Add the clinical prefix and infix rules to ``nlp``'s tokenizer, in place."""
    defaults = nlp.Defaults
    prefixes = list(EXTRA_PREFIXES) + list(defaults.prefixes)
    infixes = list(EXTRA_INFIXES) + list(defaults.infixes)
    nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.tokenizer.suffix_search = TailSearch(compile_suffix_regex(list(defaults.suffixes)))


class TailSearch:
    """``suffix_search`` that reads only the last ``window`` characters of a chunk (see module doc).

    Lookbehinds in the suffix rules still see the characters before the window. The
    compiled regex is kept as ``__self__``, where spaCy looks for a bound ``search``
    method's pattern when it serializes the tokenizer.
    """

    def __init__(self, regex: re.Pattern[str], window: int = 64):
        self.__self__ = regex
        self.window = window

    def __call__(self, string: str) -> re.Match[str] | None:
        return self.__self__.search(string, max(0, len(string) - self.window))
