"""Issue 11, item 1: two alternatives joined by "or" where one of them is left unread.

"A or <unread words> B" and "A or <unread words>" had been read as all of A and the words, so a
patient without A was "not met" though the text offers another way in (or out), and a patient with
A stayed "unknown" though A alone settles it. Sentences of our own; the drug names are invented
where a name must stay unread."""

import criteria
from evaluate_helpers import verdict_of

ON_WARFARIN = {"age": 50, "sex": "male", "medications": [{"name": "warfarin"}],
               "complete": ["medications"]}
ON_NOTHING = {"age": 50, "sex": "male", "medications": [], "complete": ["medications"]}


def rule(body: str, section: str = "Exclusion") -> object:
    return next(criteria.parse_criteria(f"{section} Criteria:\n\n* {body}\n").criteria()).rule


def test_or_before_unread_words_glued_to_a_term_offers_that_term_as_the_alternative():
    body = "Treatment with warfarin or a long-acting injectable heparin within 14 days"
    read = rule(body)
    assert read.kind == "any_of", read
    second = read.items[1]
    assert second.kind == "all_of" and {n.kind for n in second.items} == {"unparsed", "medication"}
    assert verdict_of(body, ON_WARFARIN, "Exclusion") == "met"
    # the unread words only narrow heparin: no heparin either settles it
    assert verdict_of(body, ON_NOTHING, "Exclusion") == "not_met"
    on_heparin = {**ON_NOTHING, "medications": [{"name": "heparin"}]}
    assert verdict_of(body, on_heparin, "Exclusion") == "unknown"


def test_or_before_unread_words_that_close_the_clause_makes_them_an_alternative():
    for body in ("Current use of warfarin or zorbulating agents", "Use of warfarin or non-zorbulating agents"):
        read = rule(body)
        assert read.kind == "any_of" and [n.kind for n in read.items] == ["medication", "unparsed"], body
        assert verdict_of(body, ON_WARFARIN, "Exclusion") == "met", body
        assert verdict_of(body, ON_NOTHING, "Exclusion") == "unknown", body


def test_a_prefix_non_denies_nothing_beside_it():
    # "non-zorbulating" names a kind of agent; "not" or "unable" may govern the part beside them
    assert rule("Use of warfarin or non-zorbulating agents").kind == "any_of"
    assert rule("Use of warfarin or unable to zorbulate").kind == "all_of"


def test_two_parts_side_by_side_without_or_stay_all_of_them():
    read = rule("History of warfarin use, zorbulated platelets")
    assert read.kind == "all_of"


def test_nonsteroidal_anti_inflammatory_forms_name_nsaids():
    for body in ("Use of non-steroidal anti-inflammatory agents", "Chronic nonsteroidal antiinflammatory drug use",
                 "Regular use of nonsteroidal anti-inflammatory medications"):
        names = {n.name for n in rule(body).walk() if n.kind == "medication"}
        assert names == {"nsaids"}, body
