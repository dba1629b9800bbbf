"""Words that name whom a bound or a rule is for: "(for patients not receiving an anticoagulant)",
"(if not on warfarin)". The threshold family reads them (a note after a bound that names a subgroup
is no note), and so does the compose pass that takes "(without transfusion)" for a value's support.
Layout words, not clinical knowledge: a pattern.
"""

from __future__ import annotations

import re

# How words name whom what precedes them is for, before the group's clinical terms: "for patients
# with", "(if not on", "in the absence of", "without". Matched at the words' start.
_SUBGROUP_OPENER = re.compile(
    r"""\s*(?:only\s+)?(?:(?:for|in|among)\s+(?:all\s+|any\s+)?(?:those|(?:male\s+|female\s+)?
          (?:patients?|subjects?|participants?|individuals|pts|cases))\b
        |(?:if|when)\b|in\s+(?:the\s+)?absence\s+of\b|without\b)""",
    re.IGNORECASE | re.VERBOSE,
)
# Words by which such a phrase grants something rather than naming a group ("patients may receive
# transfusions to meet this parameter", "participants with Gilbert's syndrome are eligible").
# So do words that ask something of the group ("if the patient has not undergone orchiectomy, he must
# continue …") or name the study's own treatment ("for patients who will have DHAOx chemotherapy").
_GRANTS = re.compile(r"\b(?:may|can|could|allowed|permitted|acceptable|eligible|not\s+excluded"
                     r"|must|should|shall|need|needs|required|will)\b", re.IGNORECASE)


def names_a_subgroup(said: str) -> bool:
    """Whether ``said`` (the words of a parenthesis, or the words before a group's terms) opens by
    naming whom something is for ("for patients not receiving an anticoagulant", "if not on
    warfarin"), and grants nothing."""
    return _SUBGROUP_OPENER.match(said) is not None and _GRANTS.search(said) is None
