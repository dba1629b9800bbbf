"""Stage 1: original text → normalized text with an offset map.

What changes, and why (each is real in registry text):

* Markdown backslash escapes of ClinicalTrials.gov API v2 (``\\>``, ``\\<``, ``\\^``, ``\\[``,
  ``\\]``, ``\\-``, ``\\*``, ``\\~``, ``\\'``…) lose their backslash, so ``\\>90%`` reads ``>90%``.
* Comparator spellings fold to ASCII: ``≥ ⩾ ≧ =>`` → ``>=``, ``≤ ⩽ ≦ =<`` → ``<=``,
  ``≠`` → ``!=``, full-width ``＞ ＜ ＝`` → ``> < =`` (and full-width ``；，：（）％``, common in
  trials registered in Chinese: "ECOG ≤1；life expectancy ≥ 12 weeks").
* ``µ`` (micro sign) and ``μ`` (Greek mu) → ``u``; ``×`` → ``x``; unicode dashes and the
  minus sign → ``-``; curly quotes → straight quotes.
* Superscript runs become caret exponents: ``10⁹`` → ``10^9``, ``m²`` → ``m^2``.
* Non-breaking, thin and other unusual spaces → a plain space; ``\\r\\n`` and ``\\r`` → ``\\n``;
  tabs → a space. Zero-width characters and soft hyphens are dropped.
* A lone surrogate (legal in a Python ``str``, not in UTF-8, and fatal to spaCy, which
  hashes text as UTF-8) → ``\ufffd``, the replacement character.

Line structure is kept as it is: joining hard-wrapped lines is the job of ``sections``.
Every change is recorded in the :class:`~criteria.tree.spans.MappedText` map, so spans found
later still point into the original text.
"""

from __future__ import annotations

import re

from ..tree.spans import MappedText, TextBuilder

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")

_REPLACEMENTS: dict[str, str] = {
    "≥": ">=", "⩾": ">=", "≧": ">=", "=>": ">=",
    "≤": "<=", "⩽": "<=", "≦": "<=", "=<": "<=",
    "≠": "!=", "＞": ">", "＜": "<", "＝": "=",
    "；": ";", "，": ",", "：": ":", "（": "(", "）": ")", "％": "%",
    "µ": "u", "μ": "u", "×": "x", "✕": "x",
    "–": "-", "—": "-", "‒": "-", "−": "-", "‐": "-", "‑": "-",
    "‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "´": "'",
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " ", "\u3000": " ",
    "\u2007": " ", "\u2008": " ", "\u200a": " ", "\t": " ",
    "\r\n": "\n", "\r": "\n",
    "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u00ad": "",
}

_ESCAPABLE = r"""\\`*_{}\[\]()#+\-.!<>^~|='"&%$@:;,/?"""

_PATTERN = re.compile(
    "|".join(
        [
            rf"\\(?P<escaped>[{_ESCAPABLE}])",
            r"(?P<superscript>[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+)",
            "(?P<surrogate>[\ud800-\udfff])",
            "|".join(re.escape(k) for k in sorted(_REPLACEMENTS, key=len, reverse=True)),
        ]
    )
)


# Every character a match of _PATTERN can start with. Scanning for these with one character
# class is ~25x faster than letting the long alternation try every position of the text,
# and most texts hold none or a handful of them.
_STARTS = re.compile(
    "[" + re.escape("".join(sorted({key[0] for key in _REPLACEMENTS}))) + r"\\⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺" + "\ud800-\udfff]"
)


def normalize(text: str) -> MappedText:
    """Normalize ``text`` (see module doc) and return it with its offset map."""
    source = MappedText.identity(text)
    builder = TextBuilder()
    last = 0
    for candidate in _STARTS.finditer(text):
        if candidate.start() < last:
            continue  # inside the previous match ("=>" already read at "=")
        match = _PATTERN.match(text, candidate.start())
        if match is None:
            continue
        start, end = match.span()
        builder.copy(source, last, start)
        builder.replace(_replacement(match), start, end)
        last = end
    builder.copy(source, last, len(text))
    return builder.build()


def _replacement(match: re.Match[str]) -> str:
    escaped = match.group("escaped")
    if escaped is not None:
        return escaped
    superscript = match.group("superscript")
    if superscript is not None:
        return "^" + superscript.translate(_SUPERSCRIPTS)
    if match.group("surrogate") is not None:
        return "\ufffd"
    return _REPLACEMENTS[match.group(0)]
