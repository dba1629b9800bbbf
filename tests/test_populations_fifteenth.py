"""Issue 11, item 2: more ways a criterion names whom it is about, each on sentences of our own.

Read as one ``all_of``, each of these required every patient to be the people it names: a man
failed an inclusion meant only for women who could become pregnant."""

import criteria
from evaluate_helpers import verdict_of

MAN = {"age": 50, "sex": "male"}
WOMAN = {"age": 30, "sex": "female", "childbearing_potential": True}


def top(body: str, section: str = "Inclusion") -> criteria.Criterion:
    return next(criteria.parse_criteria(f"{section} Criteria:\n\n* {body}\n").criteria())


def test_people_in_a_parenthesis_are_the_population():
    for body in ("Negative urine pregnancy test (females of childbearing potential) at screening",
                 "Negative serum pregnancy test at screening and baseline (for women of childbearing potential)"):
        criterion = top(body)
        assert criterion.population is not None and criterion.rule.kind == "reproductive", body
        assert verdict_of(body, MAN) == "not_applicable", body
    # a man may have reproductive potential: the record does not say, so it is not settled
    both = "Use of an effective contraceptive method (men and women of reproductive potential)"
    assert top(both).population.kind == "all_of" and verdict_of(both, MAN) == "unknown"


def test_a_parenthesis_of_more_than_people_names_no_population():
    # the bound per sex is the threshold's own case, not whom the whole criterion is about
    assert top("Serum creatinine < 1.5 mg/dL (< 1.2 mg/dL in females)").population is None
    # a parenthesis with a requirement beside the people is no list of people
    assert top("Prior chemotherapy (women of childbearing potential with breast cancer)").population is None


def test_a_parenthesis_between_the_people_and_their_modal_is_an_aside():
    for body in ("Women of childbearing potential (i.e., not surgically sterile) must use effective contraception",
                 "All participants (males and females) of reproductive potential must agree to use contraception",
                 "Female participants (see the protocol's appendix) must have a negative pregnancy test"):
        criterion = top(body)
        assert criterion.population is not None, body
        assert verdict_of(body, MAN) != "not_met", body
    # a parenthesis after a requirement that opens a clause of its own keeps it a requirement
    assert top("Confirmed breast cancer (any stage), and must have measurable disease").population is None


def test_people_beside_reproductive_asks_only_are_whom_they_are_for():
    for body in ("Women of childbearing potential with a negative serum pregnancy test",
                 "Sexually active female participants who agree to use contraception",
                 "Female participants cannot be pregnant and must use contraception if of childbearing potential",
                 "Female participants may not be pregnant, breastfeeding or planning a pregnancy"):
        criterion = top(body)
        assert criterion.population is not None, body
        assert verdict_of(body, MAN) == "not_applicable", body
    # what is asked still holds for the women it is for
    assert verdict_of("Women of childbearing potential with a negative serum pregnancy test",
                      {**WOMAN, "labs": []}) == "unknown"
    assert verdict_of("Female participants may not be pregnant, breastfeeding or planning a pregnancy",
                      {**WOMAN, "pregnant": True}) == "not_met"


def test_people_beside_other_requirements_stay_requirements():
    # a woman's condition or a state that is itself required (not an ask of contraception or a test)
    assert top("Women without childbearing potential").population is None
    assert top("Postmenopausal women with hormone receptor-positive breast cancer").population is None
    # an exclusion that names the people and what they fail to do is the excluded group
    exclusion = top("Women of childbearing potential not using adequate contraception", "Exclusion")
    assert exclusion.population is None
    assert verdict_of("Women of childbearing potential not using adequate contraception", MAN, "Exclusion") == "not_met"


def test_a_modal_opening_the_next_part_still_tells_whom():
    criterion = top("Female participants must not be breastfeeding")
    assert criterion.population is not None and criterion.rule.kind == "not"


def test_what_is_said_before_the_people_or_of_other_people_keeps_them_a_requirement():
    # the modal stands before the cancer: it is what is denied, not whom the criterion is about
    assert top("Patient must not have stage IV (metastatic) breast cancer").population is None
    # a second sentence asks something of men: the women named first are not the whole population
    body = "Female participants must not be breastfeeding. Men must agree to use condoms"
    assert top(body).population is None and [c.population.sex for c in top(body).subcriteria] == ["female", "male"]
    # a list mark closing nothing is no end of an aside: the colon before it still tells whom
    assert top("Previously irradiated lesions may be considered measurable provided: 1) there has been "
               "progression since completion of radiotherapy").population is not None
    # a note after a bullet mark opens an item of its own
    assert top("Myocardial infarction (acute or recent) * Note: an old (resolved) infarction is not exclusionary",
               "Exclusion").population is None


def test_sentences_asking_things_of_different_people_are_parts_of_their_own():
    body = ("Women of childbearing potential must have a negative pregnancy test before entry. "
            "Both women and men must agree to use effective contraception during the study.")
    criterion = top(body)
    first, second = criterion.subcriteria
    assert criterion.rule is None and first.population is not None and second.population.sex == "all"
    assert first.text.startswith("Women") and second.text.startswith("Both")
    # the men's part stays theirs: unknown for a man (no record of contraception), not excluded
    # for want of childbearing potential, and not dropped as if it were only the women's
    assert verdict_of(body, MAN) == "unknown"
    everyone = "Participants must agree to use contraception during the study; women of childbearing potential must have a negative pregnancy test."
    parts = top(everyone).subcriteria
    assert parts[0].population is None and parts[1].population is not None


def test_a_sentence_that_defines_the_people_keeps_the_criterion_whole():
    body = ("Women of childbearing potential must have a negative pregnancy test. "
            "Women are considered of childbearing potential unless surgically sterile.")
    criterion = top(body)
    assert not criterion.subcriteria and criterion.population is not None


def test_a_condom_for_men_or_women_is_a_method_not_a_sex():
    body = ("Female participants must be postmenopausal, surgically sterile, or using contraception "
            "(e.g., an intrauterine device or a male condom with spermicide)")
    criterion = top(body)
    assert criterion.population.sex == "female"
    assert not any(n.kind == "sex" for n in criterion.rule.walk())


def test_people_named_as_partners_are_the_partners_state_not_the_patients():
    for body in ("Men must agree to use condoms during sexual contact with females of childbearing potential",
                 "Male participants must use a condom during intercourse with a pregnant woman"):
        names = {getattr(n, "name", None) for n in top(body).rule.walk()}
        assert names & {"partner_childbearing_potential", "pregnant_partner"}, body
        assert not any(n.kind == "sex" for n in top(body).rule.walk()), body
        # read as the man's own sex and childbearing potential, every man failed it
        assert verdict_of(body, MAN) == "unknown", body


def test_groups_of_people_each_described_are_alternatives():
    body = ("Women of childbearing potential and men with partners of child-bearing potential must agree "
            "to use contraception")
    population = top(body).population
    assert population.kind == "any_of" and population.items[1].kind == "all_of"
    assert verdict_of(body, {**MAN, "childbearing_potential": False}) != "not_met"
    sexually_active = top("Males who are sexually active with a woman of childbearing potential must use condoms")
    assert sexually_active.population is not None


def test_a_clause_that_opens_with_people_and_their_modal_is_a_part_of_its_own():
    body = ("Participants must have normal laboratory findings at screening, and women of childbearing "
            "potential must have a negative pregnancy test")
    first, second = top(body).subcriteria
    assert first.text.endswith("screening") and first.population is None and second.population is not None
    # "and" before what the same people are asked is no new clause
    assert not top("Women of childbearing potential must have a negative pregnancy test, and use contraception").subcriteria


def test_people_a_partner_is_said_to_be_are_the_partners_state():
    exclusion = top("Male patients whose partners are women of childbearing potential not using contraception",
                    "Exclusion")
    names = [getattr(n, "name", None) for n in exclusion.rule.walk()]
    assert "partner_childbearing_potential" in names and "childbearing_potential" not in names
    assert not any(n.kind == "unparsed" for n in exclusion.rule.walk())  # "partners" is read with its state
    inclusion = top("Agree to use effective contraception, if the partner is of childbearing potential")
    assert inclusion.population.name == "partner_childbearing_potential"


def test_more_lead_ins_naming_only_people_are_whom_their_sub_criteria_are_about():
    for lead in ("For female participants", "Or, if of childbearing potential,", "Females of childbearing potential who"):
        tree = criteria.parse_criteria(f"Inclusion Criteria:\n\n* {lead}\n  * Use contraception\n  * Have a negative pregnancy test\n")
        top_criterion = tree.inclusion[0]
        assert top_criterion.population is not None and top_criterion.rule is None, lead
        assert criteria.evaluate(tree, MAN).criteria[0].verdict == "not_applicable", lead
    heading = criteria.parse_criteria("Inclusion Criteria:\n\n* Women\n  * Postmenopausal\n  * Aged 50 or more\n")
    assert heading.inclusion[0].population is None


def test_a_parenthesis_closing_the_criterion_after_its_people_is_the_rules():
    body = "Negative serum pregnancy test for women of childbearing potential (72 hours prior to baseline)"
    assert top(body).population.name == "childbearing_potential"
    assert verdict_of(body, MAN) == "not_applicable"


def test_two_groups_the_join_read_as_one_are_either_group():
    body = "Women of childbearing potential and sexually active males must use effective contraception"
    population = top(body).population
    assert population.kind == "any_of" and population.items[1].kind == "all_of"
    assert verdict_of(body, MAN) == "unknown"  # read as one group, every man failed it
    assert top("Sexually active women of childbearing potential must use contraception").population.kind == "all_of"


def test_a_sterilized_partner_is_a_method_of_contraception_not_the_patients_sex():
    for body in ("Sterilization of the male partner", "Has a vasectomized partner",
                 "Sterile male partner (vasectomy at least 6 months before)"):
        rule = top(body).rule
        kinds = {n.kind for n in rule.walk()}
        assert "sex" not in kinds, body  # "male partner" is not the patient being male
        assert any(getattr(n, "name", None) == "contraception" for n in rule.walk()), body
