"""How the vocabulary builder (tools/vocab_build.py) normalises the sources' names into phrases
criteria write, and the hash of the builder's inputs (checked by tests/test_vocab_data.py without
the sources installed). Standard library only."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from criteria.resources import plural as resources_plural

ROOT = Path(__file__).resolve().parents[1]
#: Files whose content decides the built data (the sources' versions are recorded beside).
BUILDER_INPUTS = ["tools/vocab_build.py", "tools/vocab_rules.py", "tools/vocab/adjectives.tsv",
                  "tools/vocab/blocked.txt", "tools/vocab/drug_classes.tsv"]


def inputs_hash() -> str:
    """sha256 over the builder's input files, in order."""
    digest = hashlib.sha256()
    for name in BUILDER_INPUTS:
        digest.update(name.encode() + b"\0" + (ROOT / name).read_bytes() + b"\0")
    return digest.hexdigest()


@cache
def blocked() -> frozenset[str]:
    """tools/vocab/blocked.txt: phrases never read as a condition or drug."""
    lines = (ROOT / "tools" / "vocab" / "blocked.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.split("#", 1)[0].strip().lower() for line in lines if line.split("#", 1)[0].strip())


def tokens_of(nlp, text: str) -> str:
    """The phrase as our tokenizer splits it, lower case, tokens joined by single spaces; empty when
    the split tokens would split again ("baci-im" → "baci - im" → "baci - i m"): the test that
    checks the shipped phrases against the tokenizer re-splits them."""
    split = " ".join(t.lower_ for t in nlp.make_doc(text) if not t.is_space)
    again = " ".join(t.lower_ for t in nlp.make_doc(split) if not t.is_space)
    return split if again == split else ""


# --- conditions -----------------------------------------------------------------------------------

_TAILS = re.compile(
    r"(,? (without complications?|uncomplicated|not elsewhere classified|nos|unspecified|"
    r"without mention of [a-z ]+|of unspecified site|unspecified site|site unspecified))+$"
)
_HEADS = re.compile(r"^(unspecified|other and unspecified) ")
_BRACKETS = re.compile(r"\s*[\[(][^\])]*[\])]")
# Words that make a description a coding distinction criteria do not write
_CODING = re.compile(
    r"\b(unspecified|other|specified|without|due to|classified|right|left|bilateral|encounter|sequela|"
    r"elsewhere|initial|subsequent|not|nec|nos|except|excluding|following|and/or)\b|[,;:]"
)
_MALIGNANT = re.compile(r"^malignant neoplasm of (?:the )?([a-z]+(?: and [a-z]+| [a-z]+)?)$")
# "Nonalcoholic steatohepatitis (NASH)": four letters or more (three-letter ones are mostly tests
# or words: ALT, ECG, ALL, HIT, MEN)
_ABBREVIATION = re.compile(r"[\[(]([A-Z]{4,6})[\])]")
# A single word ending so is an adjective ("cardiovascular", "menopausal", "congenital"): in the
# tabular list it qualifies a heading, and alone it names no condition (adjectives.tsv lists the
# adjectives that do, "diabetic")
_ADJECTIVE = re.compile(r"(al|ic|ous|ary|ive|ed|ent|ant|ar|ory|ile|ple|ete|ful|less|ing|ign|oid|ial)$")
_MAX_WORDS = 6


def plural(phrase: str) -> str | None:
    """The regular plural of the last word, as criteria.resources forms them, except for words in
    "-a" ("anaemia", "edema": their plurals name nothing a criterion says)."""
    return None if phrase.endswith("a") else resources_plural(phrase)


def include_ok(include: str, description: str, code: str) -> bool:
    """Whether an "includes" note names the condition itself: not in the neoplasm chapters (their
    notes list sites: "connective tissue of breast"), and sharing a word with the description."""
    words = {w for w in re.findall(r"[a-z]{4,}", description.lower())}
    return code[0] not in "CD" and bool(words & set(re.findall(r"[a-z]{4,}", include.lower())))


def condition_forms(text: str, description: bool = False) -> list[str]:
    """The ways criteria write an ICD-10-CM description or inclusion term (lower case, untokenized);
    none when it is a coding distinction ("…, right knee", "other specified…"). ``description``:
    the text is a code's own description, whose one word, when it is all the description says, is
    the noun naming the condition ("Vomiting", "Wheezing", "Pemphigoid"), whatever its ending."""
    abbreviations = [a.lower() for a in _ABBREVIATION.findall(text)]
    base = _BRACKETS.sub("", text.lower()).strip()
    base = _HEADS.sub("", _TAILS.sub("", base)).strip()
    if not base or _CODING.search(base) or len(base.split()) > _MAX_WORDS:
        return []
    forms = [base, *abbreviations]
    if base.endswith(" mellitus"):
        forms.append(base[: -len(" mellitus")])
    if "'s " in base:
        forms += [f.replace("'s ", " ") for f in forms]
    for form in list(forms):
        for digit, roman in ((" 1 ", " i "), (" 2 ", " ii ")):
            if f" {form} ".find(f" type{digit}") >= 0:
                forms.append(f" {form} ".replace(f" type{digit}", f" type{roman}").strip())
    if m := _MALIGNANT.match(base):
        for site in m.group(1).split(" and "):
            forms += [f"{site} cancer", f"cancer of {site}", f"cancer of the {site}", f"malignant neoplasm of {site}"]
    # the word that is the whole description is its noun: only the other one-word forms ("diabetes"
    # from "diabetes mellitus") may be adjectives left of a heading
    nouns = {base, *abbreviations} if description else set(abbreviations)
    forms = [f for f in dict.fromkeys(forms)
             if len(f) >= 4 and f[0].isalpha() and (" " in f or f in nouns or not _ADJECTIVE.search(f))]
    # plurals only of the forms kept: a word dropped as an adjective has no plural either ("vomitings")
    forms += [p for p in (plural(f) for f in forms if f not in abbreviations) if p]
    return list(dict.fromkeys(forms))


# --- drugs ------------------------------------------------------------------------------------

_DRUG_NAME = re.compile(r"^[a-z][a-z0-9 \-]{3,39}$")
# INN stems of anticancer agents: a drug named so is a therapy a patient has had ("prior
# treatment with lurbinectedin"), not a medication taken now
_ANTICANCER_STEMS = ("mab", "nib", "platin", "taxel", "rubicin", "parib", "ciclib", "lisib", "zomib",
                     "mustine", "tecan", "citabine", "trexate", "poside", "ectedin", "tinib", "degib",
                     "fenib", "rafenib", "cept", "leukin", "dronate", "relix", "lutamide")


def drug_variant_ok(phrase: str) -> bool:
    """Whether a name of the drug package can be matched in criteria: a plain name of 4–40
    characters, at most 4 tokens, no inverted MeSH form ("receptors, serotonin")."""
    return bool(_DRUG_NAME.match(phrase)) and len(phrase.split()) <= 4 and not phrase.replace(" ", "").isdigit()


def drug_kind(name: str) -> str:
    """``prior_therapy`` for an anticancer agent by its INN stem, else ``medication``."""
    return "prior_therapy" if name.endswith(_ANTICANCER_STEMS) else "medication"
