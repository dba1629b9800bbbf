"""Issue 11, items 2 and 4: what is asked of the people a criterion names, and a verdict with its exception.

"Female participants may not be pregnant", like "must not", asks something of women: under an
exclusion heading the pregnancy excludes; a man is not concerned. In an exclusion of several sentences
("Female participants may not be pregnant or breastfeeding. Women of childbearing potential and men must
use contraception.") each sentence asks its own people, and failing what is asked excludes: read as
written, the exclusion had excluded every woman who was not pregnant. "Men of reproductive potential may
not participate unless they agree to use contraception", "Patients with HIV are excluded unless CD4 >
350": the verdict, then the case it spares; under an inclusion heading it had asked every patient to
have reproductive potential and to use no contraception. "Male patients should use contraception if
sexually active" asks contraception only of the sexually active. Sentences of our own."""

import pytest

from evaluate_helpers import criterion_of, verdict_of

WOMAN = {"age": 40, "sex": "female", "pregnant": False, "breastfeeding": False, "conditions": [],
         "medications": [], "therapies": [], "complete": ["conditions", "medications", "therapies"]}
PREGNANT = {**WOMAN, "pregnant": True}
MAN = {**WOMAN, "sex": "male", "pregnant": False}


def _names(node):
    return {getattr(n, "name", None) or getattr(n, "sex", None) for n in node.walk()}


@pytest.mark.parametrize("body", [
    "Female participants may not be pregnant or breastfeeding",
    "Female patients may not be pregnant",
    "Women may not be pregnant or nursing",
])
def test_a_denial_asked_of_women_excludes_by_the_pregnancy(body):
    criterion = criterion_of(body, "Exclusion")
    assert criterion.population is not None and "female" in _names(criterion.population), str(criterion)
    assert criterion.rule.kind != "not" and "pregnancy" in _names(criterion.rule), str(criterion.rule)
    assert verdict_of(body, WOMAN, "Exclusion") == "not_met"
    assert verdict_of(body, PREGNANT, "Exclusion") == "met"
    assert verdict_of(body, MAN, "Exclusion") == "not_applicable"


@pytest.mark.parametrize("body", [
    "Pregnant or nursing women may not participate in this study",
    "Patients with psychogenic polydipsia may not be included",
    "Prior radiotherapy may not be used",
])
def test_a_verdict_or_a_passive_after_may_not_names_no_population(body):
    assert criterion_of(body, "Exclusion").population is None


def test_the_sentences_of_one_exclusion_each_ask_their_own_people():
    body = ("Female participants may not be pregnant or breastfeeding. Women of childbearing potential and "
            "men must agree to use contraception prior to study entry.")
    rule = criterion_of(body, "Exclusion").rule
    assert rule.kind == "any_of", str(rule)
    women, contraception = rule.items
    assert women.kind == "all_of" and not any(n.kind == "not" for n in women.walk()), str(women)
    assert any(n.kind == "not" and "contraception" in _names(n) for n in contraception.walk()), str(contraception)
    assert verdict_of(body, PREGNANT, "Exclusion") == "met"
    assert verdict_of(body, WOMAN, "Exclusion") != "met"  # contraception unknown, never excluded for not being pregnant


def test_a_positive_ask_read_as_its_failure_already_stays_so():
    body = ("Pregnant or nursing women. Women of childbearing potential must have a negative pregnancy test "
            "within one week of registration.")
    second = criterion_of(body, "Exclusion").rule.items[-1]
    assert any(n.kind == "not" and "negative_pregnancy_test" in _names(n) for n in second.walk()), str(second)


@pytest.mark.parametrize("section", ["Exclusion", "Inclusion"])
def test_an_ask_in_its_case_denies_only_what_is_asked(section):
    body = "Male patients should also use contraception if sexually active."
    criterion = criterion_of(body, section)
    assert "male" in _names(criterion.population)
    if section == "Exclusion":
        rule = criterion.rule
        assert rule.kind == "all_of" and rule.items[0].name == "sexually_active", str(rule)
        assert rule.items[1].kind == "not" and rule.items[1].item.name == "contraception", str(rule)


@pytest.mark.parametrize("body, case, spared", [
    ("Men of reproductive potential may not participate unless they agree to use effective contraception",
     "reproductive_potential", "contraception"),
    ("Patients of reproductive potential are not eligible unless they use effective contraception",
     "reproductive_potential", "contraception"),
    ("Patients with HIV are excluded unless CD4 count > 350", "hiv_infection", "cd4"),
])
def test_a_verdict_with_its_exception(body, case, spared):
    for section in ("Exclusion", "Inclusion"):
        rule = criterion_of(body, section).rule
        assert rule.kind == "except", (section, str(rule))
        assert case in _names(rule.item) and spared in {getattr(n, "analyte", None) or getattr(n, "name", None)
                                                        for e in rule.exceptions for n in e.walk()}, str(rule)
        # under an inclusion heading the case is what must not hold (unless spared); under an exclusion, it excludes
        assert (rule.item.kind == "not") == (section == "Inclusion"), (section, str(rule))


def test_a_patient_without_the_case_meets_the_inclusion():
    body = "Patients with HIV are excluded unless CD4 count > 350"
    assert verdict_of(body, WOMAN, "Inclusion") == "met"
    assert verdict_of(body, WOMAN, "Exclusion") == "not_met"
