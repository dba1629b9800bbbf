"""Lists in plain English: one statement for many objects, each said once.

A criterion such as "cancer of the stomach, esophagus, … or kidney" reaches the renderer as six
``condition`` nodes. Said one by one they read "you must have cancer of the stomach, you must
have cancer of the esophagus, …"; :func:`merge` says the shared words once ("you must have
cancer of the stomach, esophagus, … or kidney") and drops what another item already says:

* a statement said twice is said once;
* in an "and" list, a general object another one makes specific is dropped ("neuroendocrine
  carcinoma" beside "relapsed neuroendocrine carcinoma", "a vaccine" beside "a vaccine in the 3
  days before …": the second implies the first);
* in an "or" list, the specific one is dropped (either of them is the general one).

Only whole words are compared, so no object is ever cut inside a word.

Where no logic is at stake (what we check from a criterion read in part), :func:`groups` also
says a long list as several short statements: the objects that share an ending ("… in the 7 days
before you start the study treatment") together, the ending said once, and at most
:data:`MOST_OBJECTS` objects a statement.
"""

from __future__ import annotations

_PREFIX_WORDS = 2  # a shared opening said once only when it is more than an article ("a", "the")
_SUFFIX_WORDS = 3  # a shared ending said once only when it is a phrase ("in the 7 days before …")
# A shared opening must end, and a shared ending begin, at one of these words, so a name is
# never cut in two ("an aspartate and an alanine aminotransferase" would be wrong).
_OPENING_ENDS = frozenset({"of", "the", "with", "for", "in", "to"})
_ENDING_STARTS = frozenset({"of", "in", "at", "for", "from", "before", "after", "within", "during", "to",
                            "with", "more", "less", "no", "between", "when", "if", "on", "by", "due"})


def join(parts: list[str], word: str) -> str:
    """"a", "a and b", "a, b and c"."""
    if len(parts) <= 2:
        return f" {word} ".join(parts)
    return ", ".join(parts[:-1]) + f" {word} " + parts[-1]


_ARTICLES = ("a", "an", "the")


def _ends_with(words: list[str], tail: list[str]) -> bool:
    """Whether ``tail`` is the end of the longer ``words``, an opening article aside on both."""
    words = words[1:] if words[:1] and words[0] in _ARTICLES else words
    tail = tail[1:] if tail[:1] and tail[0] in _ARTICLES else tail
    return 0 < len(tail) < len(words) and words[len(words) - len(tail):] == tail


def _narrows(words: list[str], general: list[str]) -> bool:
    """Whether ``words`` is ``general`` with more said before or after it ("relapsed carcinoma",
    "a vaccine in the 3 days before …" narrow "carcinoma", "a vaccine")."""
    return _ends_with(words, general) or (0 < len(general) < len(words) and words[: len(general)] == general)


def without_repeats(objects: list[str], word: str) -> list[str]:
    """``objects`` in order, each once, without those another object implies (see the module)."""
    unique = list(dict.fromkeys(objects))
    split = [o.split() for o in unique]
    kept = []
    for i, words in enumerate(split):
        others = [other for j, other in enumerate(split) if j != i]
        if word == "and" and any(_narrows(other, words) for other in others):
            continue  # "carcinoma" beside "relapsed carcinoma": the specific says it
        if word == "or" and any(_narrows(words, other) for other in others):
            continue  # "relapsed carcinoma" or "carcinoma": the general one is the choice
        kept.append(unique[i])
    return kept


def _shared(split: list[list[str]], from_end: bool) -> int:
    """How many whole words every object shares at its start (or end), leaving each a word."""
    shortest = min(len(words) for words in split) - 1
    count = 0
    while count < shortest:
        index = -(count + 1) if from_end else count
        if len({words[index] for words in split}) != 1:
            break
        count += 1
    return count


def factor(objects: list[str], word: str) -> str:
    """The objects joined by ``word``, a shared opening or ending said once.

    "cancer of the stomach", "cancer of the bladder" → "cancer of the stomach or bladder";
    "a P-gp inhibitor in the 7 days before …", "a BCRP inhibitor in the 7 days before …" →
    "a P-gp or a BCRP inhibitor in the 7 days before …".
    """
    if len(objects) < 2:
        return join(objects, word)
    split = [o.split() for o in objects]
    head = _shared(split, from_end=False)
    while head and split[0][head - 1] not in _OPENING_ENDS:
        head -= 1
    head = head if head >= _PREFIX_WORDS else 0
    split = [words[head:] for words in split]
    tail = _shared(split, from_end=True)
    while tail and split[0][len(split[0]) - tail] not in _ENDING_STARTS:
        tail -= 1
    tail = tail if tail >= _SUFFIX_WORDS else 0
    opening = " ".join(objects[0].split()[:head])
    ending = " ".join(split[0][len(split[0]) - tail:]) if tail else ""
    middles = [" ".join(words[: len(words) - tail]) for words in split]
    return " ".join(part for part in (opening, join(middles, word), ending) if part)


def merge(objects: list[str], word: str) -> str:
    """:func:`without_repeats`, then :func:`factor`: the objects of one statement, each said once."""
    return factor(without_repeats(objects, word), word)


MOST_OBJECTS = 3
"""Objects one statement of :func:`groups` names at most: a longer list reads as several sentences."""


def _tails(words: list[str]) -> list[tuple[str, ...]]:
    """The endings of an object that could be said once for several, longest first: from a word of
    :data:`_ENDING_STARTS` after its first word, at least :data:`_SUFFIX_WORDS` long."""
    return [tuple(words[i:]) for i in range(1, len(words) - _SUFFIX_WORDS + 1) if words[i] in _ENDING_STARTS]


def groups(objects: list[str], word: str) -> list[str]:
    """``objects`` as several short lists, each merged (:func:`merge`): the objects sharing their
    longest shared ending together (the ending said once), in the order each group is first met; the
    others cut into as few lists of at most :data:`MOST_OBJECTS` as will do, of even length.

    For statements whose logic is not said ("we check whether you took A, B in the 7 days before
    … and C in the 7 days before …" → "… A." + "… B and C in the 7 days before …"): grouping may
    reorder objects, which only a list with no logic may do.
    """
    kept = without_repeats(objects, word)
    tails = {o: _tails(o.split()) for o in kept}
    keys: dict[str, tuple[str, ...]] = {}
    for o in kept:  # the longest ending another object shares, or none
        shared = [t for t in tails[o] if any(t in tails[other] for other in kept if other != o)]
        keys[o] = shared[0] if shared else ()
    grouped: dict[tuple[str, ...], list[str]] = {}
    for o in kept:
        grouped.setdefault(keys[o], []).append(o)
    out = []
    for key, members in grouped.items():
        if key:  # the shared ending said once: cut, the list would say it again
            out.append(factor(members, word))
            continue
        count = -(-len(members) // MOST_OBJECTS)  # as few statements as will do, as even as can be
        size = -(-len(members) // count)
        out += [factor(members[start:start + size], word) for start in range(0, len(members), size)]
    return out
