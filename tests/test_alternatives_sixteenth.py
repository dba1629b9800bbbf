"""Issue 11, item 1: two alternatives joined by "or" where one of them is left unread.

"A or <unread words> B" and "A or <unread words>" had been read as all of A and the words, so a
patient without A was "not met" though the text offers another way in (or out), and a patient with
A stayed "unknown" though A alone settles it. Sentences of our own; the drug names are invented
where a name must stay unread."""

from datetime import date

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


# --- two read parts that a bare "or" joins across what stood between them -------------------------

def test_read_parts_joined_by_or_across_a_window_are_alternatives():
    body = "History of drug abuse within the last year or alcohol consumption of more than 2 units per day"
    read = rule(body)
    assert read.kind == "any_of" and {n.kind for n in read.items} == {"condition", "measure_threshold"}, read
    abuser = {"age": 40, "sex": "male", "conditions": [{"name": "drug abuse", "onset": "2026-06-01"}]}
    assert verdict_of(body, abuser, "Exclusion", as_of=date(2026, 12, 1)) == "met"


def test_read_parts_joined_by_or_around_words_of_method_are_alternatives():
    body = "Bleeding disorder or a screening platelet count < 100 x 10^9/L"
    assert rule(body).kind == "any_of"
    low_platelets = {"age": 40, "sex": "male", "conditions": [], "complete": ["conditions"],
                     "labs": [{"name": "platelets", "value": 80, "unit": "10^9/L"}]}
    # all of them had left the count unable to exclude a patient with no bleeding disorder
    assert verdict_of(body, low_platelets, "Exclusion") == "met"
    assert rule("Creatinine > 2 mg/dL at screening or on dialysis").kind == "any_of"


def test_or_with_or_without_a_denial_or_a_condition_after_it_is_no_pair_of_alternatives():
    # "with or without aura" names one condition either way
    assert not any(n.kind == "any_of" for n in rule("Migraine with or without aura", "Inclusion").walk())
    # a denial after the "or" is no alternative to the part before it
    read = rule("Major surgery within 4 weeks prior to study entry or who have not recovered from it")
    assert read.kind != "any_of"
    # "or, if …" opens the condition of what follows
    read = rule("Surgically sterile or if sexually active willing to zorbulate", "Inclusion")
    assert read.kind != "any_of"


# --- an adverse reaction to a drug is a reason not to take it -----------------------------------

def test_an_adverse_or_idiosyncratic_reaction_to_a_drug_is_a_contraindication_not_its_use():
    for body, drug in (("Prior adverse reaction to ibuprofen", "ibuprofen"),
                       ("Idiosyncratic reaction to warfarin", "warfarin"),
                       ("Serious adverse reactions to heparin", "heparin")):
        names = [(n.kind, getattr(n, "name", None)) for n in rule(body).walk()]
        assert ("condition", f"contraindication_to_{drug}") in names, body
        assert not any(kind == "medication" for kind, _ in names), body  # taking it is not asked


def test_allergy_or_an_adverse_reaction_to_drugs_keeps_the_drugs_as_the_cause():
    read = rule("History of allergy or adverse reaction to lidocaine or propofol")
    assert read.kind == "any_of"
    allergy = next(n for n in read.items if n.name == "hypersensitivity")
    assert {c.name for c in allergy.cause} == {"lidocaine", "propofol"}
    # an allergy to something else does not exclude, nor does using the drug
    other_allergy = {"age": 50, "sex": "male", "conditions": [{"name": "penicillin allergy"}], "complete": ["conditions"]}
    assert verdict_of("Hypersensitivity or prior adverse reaction to lidocaine", other_allergy, "Exclusion") != "met"


# --- alternatives a denial governs ----------------------------------------------------------------

def test_a_denial_governs_the_alternatives_after_it():
    body = "Not taking oral steroids or enzyme-inducing anticonvulsants"
    read = rule(body, "Inclusion")
    assert read.kind == "not" and read.item.kind == "any_of", read
    # the anticonvulsants are denied with the steroids, never asked of every patient
    on_nothing = {"age": 50, "sex": "male", "medications": [], "complete": ["medications"]}
    assert verdict_of(body, on_nothing, "Inclusion") != "not_met"
    on_anticonvulsant = {**on_nothing, "medications": [{"name": "carbamazepine"}]}
    assert verdict_of(body, on_anticonvulsant, "Inclusion") in ("unknown", "not_met")
    for body in ("No concurrent warfarin or zorbulating substances", "No concurrent embolization or chemozorbulation"):
        read = rule(body, "Inclusion")
        assert read.kind == "not" and {n.kind for n in read.item.items} >= {"unparsed"}, body


def test_unread_words_before_or_inside_a_denial_are_one_more_thing_denied():
    read = rule("No nonhealing zorbulated wound or gastrointestinal ulcer", "Inclusion")
    assert read.kind == "not" and read.item.kind == "any_of", read
    ulcer = {"age": 50, "sex": "male", "conditions": [{"name": "gastric ulcer"}], "complete": ["conditions"]}
    assert verdict_of("No nonhealing zorbulated wound or gastrointestinal ulcer", ulcer, "Inclusion") == "not_met"
    # words that only qualify the denied term stay beside it
    read = rule("No known ocular or primary mucosal melanoma", "Inclusion")
    assert read.kind == "not" and read.item.kind == "all_of"


def test_an_inability_does_not_govern_what_follows_its_or():
    # "unable to swallow tablets or <a disease>": the disease is no second thing the patient cannot do
    read = rule("Inability to swallow tablets or zorbulating gastrointestinal disease")
    assert not any(n.kind == "not" and n.item.kind == "any_of" for n in read.walk()), read


def test_a_state_after_the_or_of_an_inability_is_an_alternative_of_its_own():
    body = "Inability to swallow tablets or malabsorption syndrome"
    read = rule(body)
    assert read.kind == "any_of" and {n.kind for n in read.items} == {"not", "condition"}, read
    # the malabsorption excludes a patient who can swallow; denied with the swallowing it did not
    absorbs_badly = {"age": 50, "sex": "male", "conditions": [{"name": "malabsorption syndrome"}],
                     "complete": ["conditions"]}
    assert verdict_of(body, absorbs_badly, "Exclusion") == "met"
    body = "Unwilling to use contraception or pregnant"
    pregnant = {"age": 30, "sex": "female", "pregnant": True}
    assert verdict_of(body, pregnant, "Exclusion") == "met"
    # acts after the "or" stay denied with it
    assert rule("Unable or unwilling to swallow tablets").kind == "not"


def test_an_unread_member_between_commas_of_a_list_of_alternatives_is_one_of_them():
    body = "Psychiatric symptoms such as hallucinations, zorbulosis, or delusions"
    read = rule(body)
    assert read.kind == "any_of" and "unparsed" in {n.kind for n in read.items}, read
    # beside the list it had been a requirement: the patient needed it as well as a listed symptom
    assert not any(n.kind == "all_of" for n in read.walk())



def test_a_part_with_its_exceptions_is_one_alternative_across_its_closing_parenthesis():
    body = "History of brain tumor (except recurrent medulloblastoma) or brain metastases"
    read = rule(body)
    assert read.kind == "any_of" and [n.kind for n in read.items] == ["except", "condition"], read
    metastases = {"age": 50, "sex": "male", "conditions": [{"name": "brain metastases"}], "complete": ["conditions"]}
    assert verdict_of(body, metastases, "Exclusion") == "met"
