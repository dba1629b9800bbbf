"""Issue 4, items 1-4: each form of time window, event, logic and cohort on real sentences.

Sentences marked with an NCT id are copied from ClinicalTrials.gov records of the
development corpus (tests never read ../shared); the others are written in the API v2 form.
Nodes compare without spans.
"""

import pytest

from criteria import parse_criteria
from criteria.tree.nodes import (
    AllOf, AnyOf, AtLeast, Code, Compliance, Condition, DoseLimit, Except, InvestigatorJudgement, Medication, Not,
    PriorTherapy, Procedure, Reproductive, Sex, TimeWindow,
)


def rule(sentence: str, section: str = "Exclusion"):
    tree = parse_criteria(f"{section} Criteria:\n\n* {sentence}\n")
    (criterion,) = tree.inclusion + tree.exclusion
    return criterion.rule


def nodes(node):
    return list(node.walk())


def criterion_nodes(sentence: str, section: str = "Exclusion"):
    """Every node of the criterion: who it is about (its population) and its rule."""
    tree = parse_criteria(f"{section} Criteria:\n\n* {sentence}\n")
    (criterion,) = tree.inclusion + tree.exclusion
    return [n for n in criterion.walk() if n is not criterion]


def windows(node):
    return [n.window for n in node.walk() if getattr(n, "window", None) is not None] + [
        n for n in node.walk() if isinstance(n, TimeWindow)]


# --- 1. time windows ------------------------------------------------------------------------

WINDOWS = [
    ("Major surgery within 28 days prior to the first dose",
     TimeWindow(high=28, unit="day", anchor="first_dose")),
    # NCT00059787
    ("Patients must not have received chemotherapy within five years prior to enrollment",
     TimeWindow(high=5, unit="year", anchor="enrollment")),
    # NCT00001656
    ("DSM-IV substance abuse or dependence in the past 6 months.",
     TimeWindow(high=6, unit="month", anchor="enrollment", anchor_assumed=True)),
    ("Myocardial infarction during the last 12 months",
     TimeWindow(high=12, unit="month", anchor="enrollment", anchor_assumed=True)),
    ("Stroke in the past year",
     TimeWindow(high=1, unit="year", anchor="enrollment", anchor_assumed=True)),
    # NCT00272987 (second sentence)
    ("Hormonal therapy needs to be discontinued at least 7 days before the first dose of treatment.",
     TimeWindow(low=7, unit="day", anchor="first_dose")),
    ("Radiotherapy 4 weeks or more prior to registration",
     TimeWindow(low=4, unit="week", anchor="registration")),
    # NCT00635804
    ("Participants with female partner(s) of childbearing potential must agree to use a medically acceptable "
     "method of contraception during the study and for 90 days after the last dose of study drug",
     TimeWindow(high=90, unit="day", relation="after", anchor="last_dose")),
    # corpus (oncology exclusion)
    ("Major surgery within the 28 days preceding the first dose of study treatment",
     TimeWindow(high=28, unit="day", anchor="first_dose")),
    ("Chemotherapy within 3 weeks prior to start of study drug",
     TimeWindow(high=3, unit="week", anchor="first_dose")),
    ("Prior radiotherapy within 2-4 weeks before randomization",
     TimeWindow(low=2, high=4, unit="week", anchor="randomization")),
    ("On a stable dose of metformin for at least 4 weeks prior to screening",
     TimeWindow(low=4, unit="week", anchor="screening")),
    ("Discontinued anticoagulants 2 weeks or longer before randomization",
     TimeWindow(low=2, unit="week", anchor="randomization")),
    ("Radiotherapy within 4 weeks of surgery",
     TimeWindow(high=4, unit="week", anchor="surgery")),
    ("Any anticancer therapy prior to enrollment within 14 days",
     TimeWindow(high=14, unit="day", anchor="enrollment", anchor_assumed=True)),
]


@pytest.mark.parametrize("sentence, expected", WINDOWS, ids=[w[0][:40] for w in WINDOWS])
def test_time_window_forms(sentence, expected):
    assert expected in windows(rule(sentence))


def test_whichever_is_longer():
    # NCT00272987
    found = windows(rule("Used an investigational drug within 30 days or 5 half-lives, whichever is longer, "
                         "preceding the first dose of treatment."))
    assert found == [TimeWindow(high=30, unit="day", anchor="first_dose", whichever="longer",
                                or_window=TimeWindow(high=5, unit="half_life", anchor="first_dose"))]
    # NCT00474916, in parentheses and with no anchor
    (window,) = windows(rule("Other investigational drug within 2 weeks or 5 half-lives (whichever is longer)"))
    assert window.whichever == "longer" and window.anchor_assumed and window.or_window.unit == "half_life"


def test_window_hangs_on_its_event_not_on_a_parenthesis_or_an_example():
    # NCT06893783: the examples in parentheses are not events; the window is on the thrombosis
    found = rule("History of arterial thrombosis (eg, stroke or transient ischemic attack) within 12 months "
                 "prior to first dose of study treatment.")
    # the examples are alternatives beside the term (issue 11), each with the term's status and window
    assert found.kind == "any_of"
    assert [n.name for n in found.items] == ["arterial_thrombosis", "stroke", "transient_ischemic_attack"]
    assert {n.window for n in found.items} == {TimeWindow(high=12, unit="month", anchor="first_dose")}
    assert {n.status for n in found.items} == {("history",)}


def test_window_with_no_event_stays_a_time_window():
    found = rule("Measurable disease within the past 28 days, as assessed radiographically")
    assert Condition(name="measurable_disease",
                     window=TimeWindow(high=28, unit="day", anchor="enrollment", anchor_assumed=True)) in nodes(found)
    alone = rule("Screening labs within 14 days prior to registration")
    assert TimeWindow(high=14, unit="day", anchor="registration") in nodes(alone)


# --- 2. events -------------------------------------------------------------------------------


def test_condition_with_status_and_code():
    assert rule("Known active hepatitis B or hepatitis C infection") == AnyOf(items=(
        Condition(name="hepatitis_b", status=("known", "active"), code=Code(system="SNOMED CT", code="66071002")),
        # the list's leading status words qualify every member (issue 11, item 10)
        Condition(name="hepatitis_c", status=("known", "active"), code=Code(system="SNOMED CT", code="50711007")),
    ))
    assert rule("Untreated brain metastases") == Condition(
        name="cns_metastases", status=("untreated",), code=Code(system="SNOMED CT", code="94225005"))
    # NCT00130728 fragment
    assert Condition(name="cns_metastases", status=("history",), code=Code(system="SNOMED CT", code="94225005")) in nodes(
        rule("Progressive neurologic symptoms in patients with a history of brain metastases"))


def test_condition_of_treated_and_stable_metastases():
    assert rule("Treated and stable brain metastases") == Condition(
        name="cns_metastases", status=("treated", "stable"), code=Code(system="SNOMED CT", code="94225005"))


def test_prior_therapy_counts():
    # NCT00025584: the lines counted are those given for metastatic disease (compose/settings.py)
    counted = rule("No more than 1 prior chemotherapy regimen for metastatic disease", "Inclusion")
    assert counted.model_copy(update={"qualifiers": ()}) == PriorTherapy(
        name="chemotherapy", therapy_class="chemotherapy", count_op="<=", count=1)
    assert [q.values for q in counted.qualifiers] == [("metastatic",)]
    # NCT00421889
    assert PriorTherapy(name="chemotherapy", therapy_class="chemotherapy", count_op=">", count=3) in nodes(
        rule("More than 3 prior lines of chemotherapy given for metastatic disease"))
    assert rule("At least one prior line of systemic therapy", "Inclusion") == PriorTherapy(
        name="systemic_therapy", therapy_class="anticancer", count_op=">=", count=1)
    assert rule("1-3 prior regimens", "Inclusion") == PriorTherapy(
        name="systemic_therapy", therapy_class="anticancer", count_op=">=", count=1, count_high=3)


def test_prior_therapy_by_class_and_agent():
    assert rule("Prior treatment with an anti-PD-1 or anti-PD-L1 antibody") == PriorTherapy(
        name="anti_pd1_pdl1", therapy_class="checkpoint_inhibitor", code=Code(system="ATC", code="L01FF"))
    # NCT00445458
    # "with" a dose: the dose is the class's
    assert rule("Prior treatment with anthracyclines with cumulative dose of >400 mg/m^2") == PriorTherapy(
        name="anthracycline", therapy_class="anthracycline", code=Code(system="ATC", code="L01DB"),
        dose=DoseLimit(op=">", value=400, unit="mg/m2"))
    assert rule("Prior pembrolizumab") == PriorTherapy(
        name="pembrolizumab", therapy_class="checkpoint_inhibitor", code=Code(system="RxNorm", code="1547545"))


def test_medication_with_dose_limit():
    assert rule("Chronic corticosteroids at a dose of prednisone > 10 mg/day") == AllOf(items=(
        Medication(name="corticosteroid", status=("chronic",), drug_class="corticosteroid", code=Code(system="ATC", code="H02")),
        Medication(name="prednisone", drug_class="corticosteroid", code=Code(system="RxNorm", code="8640"),
                   dose={"op": ">", "value": 10, "unit": "mg/day"}),
    ))
    assert rule("Therapeutic anticoagulation with warfarin") == AllOf(items=(
        Medication(name="anticoagulant", drug_class="anticoagulant", code=Code(system="ATC", code="B01")),
        Medication(name="warfarin", drug_class="anticoagulant", code=Code(system="RxNorm", code="11289")),
    ))


def test_live_vaccine_and_cyp3a():
    assert rule("Live vaccine within 30 days before the first dose of study drug") == Medication(
        name="live_vaccine", drug_class="vaccine",  # ATC J07 is every vaccine: no exact code
        window=TimeWindow(high=30, unit="day", anchor="first_dose"))
    assert rule("Use of strong CYP3A4 inhibitors within 14 days prior to randomization") == Medication(
        name="cyp3a_inhibitor", drug_class="cyp3a_inhibitor", status=("current",),
        window=TimeWindow(high=14, unit="day", anchor="randomization"))


def test_procedure():
    assert rule("Major surgery within 4 weeks prior to enrollment") == Procedure(
        name="major_surgery", window=TimeWindow(high=4, unit="week", anchor="enrollment"))
    assert rule("Prior allogeneic stem cell transplantation") == PriorTherapy(
        name="allogeneic_stem_cell_transplant", therapy_class="transplant")


def test_reproductive():
    assert rule("Pregnant or breastfeeding women") == AllOf(items=(
        Reproductive(name="pregnancy", code=Code(system="SNOMED CT", code="77386006")),
        Sex(sex="female"),
    )) or Reproductive(name="pregnancy", code=Code(system="SNOMED CT", code="77386006")) in nodes(
        rule("Pregnant or breastfeeding women"))
    found = criterion_nodes(
        "Women of childbearing potential must have a negative pregnancy test within 7 days prior to registration",
        "Inclusion")
    assert Reproductive(name="childbearing_potential") in found  # who it is about (the population)
    assert Reproductive(name="negative_pregnancy_test", window=TimeWindow(high=7, unit="day", anchor="registration")) in found


def test_sex():
    # NCT00087451 and NCT00406640
    assert Sex(sex="all") in nodes(rule("Male or female patients ≥ 18 years of age", "Inclusion"))
    assert Sex(sex="female", qualifier="postmenopausal") in nodes(
        rule("Postmenopausal women between the ages of 40 and 70 years, inclusive.", "Inclusion"))
    assert rule("Women only", "Inclusion") == Sex(sex="female")
    # corpus (inclusion): a slash between the sexes admits both
    assert Sex(sex="all") in criterion_nodes("Patients (male/female) must be > 18 years of age.", "Inclusion")


def test_administrative_kinds():
    consent = rule("Able to provide written informed consent", "Inclusion")
    assert consent.kind == "consent" and consent.computable  # the profile's `consent` settles it
    comply = rule("Willing and able to comply with the protocol", "Inclusion")
    assert isinstance(comply, Compliance) and comply.computable
    judged = [n for n in nodes(rule("Any condition that, in the opinion of the investigator, would interfere with the study"))
              if isinstance(n, InvestigatorJudgement)]
    assert judged and not judged[0].computable


# --- 3. logic ----------------------------------------------------------------------------------

NEGATIONS = [
    ("No history of myocardial infarction", "myocardial_infarction"),
    ("Patients without brain metastases", "cns_metastases"),
    # NCT00062504
    ("Patients must not have active infection at screening.", "infection"),  # "requiring X": tests/test_or_lists.py
    ("Absence of pleural effusion", "pleural_effusion"),
    # NCT00424840
    ("Be free of active infection.", "infection"),
]


@pytest.mark.parametrize("sentence, name", NEGATIONS, ids=[n[0][:30] for n in NEGATIONS])
def test_negation_cues(sentence, name):
    negated = [n for n in nodes(rule(sentence, "Inclusion")) if isinstance(n, Not)]
    assert negated and negated[0].item.name == name


def test_and_or_lists():
    assert rule("Myocardial infarction, unstable angina, or stroke") == AnyOf(items=(
        Condition(name="myocardial_infarction", code=Code(system="SNOMED CT", code="22298006")),
        Condition(name="unstable_angina"),
        Condition(name="stroke", code=Code(system="SNOMED CT", code="230690007")),
    ))
    both = rule("Diabetes mellitus and hypertension")
    assert isinstance(both, AllOf) and [n.name for n in both.items] == ["diabetes_mellitus", "hypertension"]


def test_either_or():
    # NCT00087451
    found = rule("Patients must either not be of childbearing potential or have agreed to use a medically "
                 "effective method of contraception", "Inclusion")
    assert AnyOf(items=(Not(item=Reproductive(name="childbearing_potential")), Reproductive(name="contraception"))) in nodes(found)


def test_at_least_n_inline_and_as_lead_in():
    assert rule("At least two of the following: hypertension, diabetes mellitus, or obesity", "Inclusion") == AtLeast(
        n=2, items=(
            Condition(name="hypertension", code=Code(system="SNOMED CT", code="38341003")),
            Condition(name="diabetes_mellitus", code=Code(system="SNOMED CT", code="73211009")),
            Condition(name="obesity", code=Code(system="SNOMED CT", code="414916001")),
        ))
    tree = parse_criteria("Inclusion Criteria:\n\n* At least 2 of the following:\n  * History of hypertension\n"
                          "  * Diabetes mellitus\n  * Obesity\n* One of the following:\n  * Prior chemotherapy\n"
                          "  * Prior radiotherapy\n")
    first, second = tree.inclusion
    assert (first.subcriteria_logic, first.at_least, first.rule) == ("at_least", 2, None)
    assert (second.subcriteria_logic, second.at_least) == ("any_of", None)


EXCEPTIONS = [
    # NCT00048087
    ("Other co-existing malignancies or malignancies diagnosed within the last 5 years with the exception of "
     "basal cell carcinoma or cervical cancer in situ.", ["non_melanoma_skin_cancer", "cervical_carcinoma_in_situ"]),
    # NCT00038194
    ("Second malignancies (except non-melanoma skin cancer) unless disease-free for 3 years.",
     ["non_melanoma_skin_cancer"]),
    # NCT00099463
    ("Diabetes mellitus (type I or II), with the exception of gestational diabetes.", ["gestational_diabetes_mellitus"]),
    ("Any prior malignancy other than adequately treated basal cell carcinoma", ["non_melanoma_skin_cancer"]),
    ("Active infection unless treated with antibiotics", ["antibiotics"]),
]


@pytest.mark.parametrize("sentence, exempt", EXCEPTIONS, ids=[e[0][:30] for e in EXCEPTIONS])
def test_inline_exceptions(sentence, exempt):
    carved = [n for n in nodes(rule(sentence)) if isinstance(n, Except)]
    assert carved
    names = [getattr(n, "name", None) for e in carved[0].exceptions for n in e.walk()]
    assert [name for name in names if name] == exempt


def test_exception_in_parenthesis_carves_from_the_term_before_it():
    # NCT06893783: replacement therapy does not count as the systemic treatment
    found = rule("Active autoimmune disease that has required systemic treatment (except replacement therapy) "
                 "within the past 2 years")
    carved = next(n for n in nodes(found) if isinstance(n, Except))
    # the treatment the disease needed is the disease's status (test_relative_needs.py): the
    # exception carves from the disease that needed it, not from an anticancer therapy
    assert carved.item.name == "autoimmune_disease" and "needs_treatment" in carved.item.status
    assert [e.name for e in carved.exceptions] == ["replacement_therapy"]


def test_exemption_sub_bullets_are_carved_out_of_their_exclusion():
    tree = parse_criteria(
        "Exclusion Criteria:\n\n"
        "* Known brain metastases.\n"
        "  * Subjects with treated brain metastases that are clinically stable are eligible.\n"
        "* History of another malignancy within 3 years, with the following exceptions:\n"
        "  * adequately treated basal cell carcinoma\n"
        "  * carcinoma in situ of the cervix\n"
        "* Pregnancy\n")
    brain, other, pregnancy = tree.exclusion
    assert isinstance(brain.rule, Except)
    assert brain.rule.exceptions == (Condition(name="cns_metastases", status=("treated", "stable"),
                                               code=Code(system="SNOMED CT", code="94225005")),)
    assert [s.role for s in brain.subcriteria] == ["exception"]
    assert isinstance(other.rule, Except) and len(other.rule.exceptions) == 2
    assert pregnancy.role == "criterion" and not isinstance(pregnancy.rule, Except)


def test_exemption_in_flattened_text_splits_from_the_next_criterion():
    text = ("Exclusion Criteria: * Presence of HIV infection * Subjects with HIV infection on antiviral therapy "
            "and undetectable viral load are permitted, Active hepatitis C infection (subjects with detectable "
            "hepatitis C antibody) * Pregnancy or breastfeeding women are excluded from this study because of "
            "the risks to the fetus and infant posed by the study drug under investigation here")
    tree = parse_criteria(text)
    names = [c.text.split()[0] for c in tree.exclusion]
    assert names == ["Presence", "Active", "Pregnancy"]
    assert isinstance(tree.exclusion[0].rule, Except)
    assert tree.exclusion[0].subcriteria[0].role == "exception"


# --- 4. cohorts and scopes ---------------------------------------------------------------------


def test_cohort_definition_defines_membership():
    tree = parse_criteria(
        "Inclusion Criteria:\n\n* Cohort A (lung): non-small cell lung cancer\n"
        "* Cohort B (breast): breast cancer\n* Age >= 18 years\n")
    assert [(c.name, c.label) for c in tree.cohorts] == [("Cohort A", "lung"), ("Cohort B", "breast")]
    assert tree.cohorts[0].condition == Condition(name="non_small_cell_lung_cancer")
    assert tree.cohorts[1].condition == Condition(name="breast_cancer")


def test_in_criterion_scopes():
    tree = parse_criteria(
        "Inclusion Criteria:\n\n"
        "* In patients with prostate cancer, castrate levels of testosterone\n"
        "* Part B only: prior treatment with a PD-1 inhibitor\n"
        # NCT01981499
        "* Subjects with dark skin (Part B only).\n"
        "* Age >= 18 years\n")
    scopes = [c.scope for c in tree.inclusion]
    # a subgroup named by its condition is the criterion's population, not a cohort's name
    assert scopes == [None, "Part B", "Part B", None]
    assert tree.inclusion[0].population.name == "prostate_cancer"


def test_records_carry_windows_counts_and_exemptions():
    tree = parse_criteria("Exclusion Criteria:\n\n* More than 2 prior lines of therapy\n"
                          "* Major surgery within 28 days prior to the first dose\n"
                          "* History of another malignancy, except adequately treated basal cell carcinoma\n")
    records = tree.to_records()
    count = next(r for r in records if r["criterion"] == "E1")
    assert (count["kind"], count["field"], count["count_op"], count["count"]) == ("prior_therapy", "systemic_therapy", ">", 2)
    surgery = next(r for r in records if r["criterion"] == "E2")
    assert (surgery["field"], surgery["window_high"], surgery["window_unit"], surgery["anchor"]) == (
        "major_surgery", 28, "day", "first_dose")
    malignancy = [r for r in records if r["criterion"] == "E3"]
    assert [(r["field"], r["exempt"]) for r in malignancy] == [
        ("other_malignancy", False), ("non_melanoma_skin_cancer", True)]


def test_window_between_listed_events_stays_with_the_first():
    # NCT corpus sentence (cardiology exclusion)
    assert rule("History of myocardial infarction within the past 6 months or history of ventricular arrhythmia") == AnyOf(
        items=(
            Condition(name="myocardial_infarction", status=("history",), code=Code(system="SNOMED CT", code="22298006"),
                      window=TimeWindow(high=6, unit="month", anchor="enrollment", anchor_assumed=True)),
            Condition(name="ventricular_arrhythmia", status=("history",)),
        ))


def test_or_after_the_list_makes_it_alternatives():
    found = rule("Pregnant, breastfeeding, or planning to become pregnant or breastfeed during the study")
    assert isinstance(found, AnyOf)  # the plan is one more alternative, its period a remark
    assert [n.name for n in found.items][:3] == ["pregnancy", "breastfeeding", "pregnancy_plan"]


def test_anchor_after_of():
    assert rule("Has used a biologic within 12 weeks of randomization.") == PriorTherapy(
        name="biologic_therapy", therapy_class="biologic", window=TimeWindow(high=12, unit="week", anchor="randomization"))


def test_exemption_cues_that_do_not_make_an_exemption_bullet():
    tree = parse_criteria(
        "Exclusion Criteria:\n\n"
        "* Known active hepatitis B virus or hepatitis C virus infection\n"
        # NCT02737787: an aside in parentheses belongs to its own criterion
        "* Patients with active known or suspected autoimmune disease (treated hypothyroidism is permitted to enroll)\n"
        # NCT01086345: a negated cue
        "* No other investigational drugs will be allowed during this study\n"
        # NCT02225574: a relative clause
        "* Patients who are eligible, willing and able to receive an allogeneic stem cell transplant within 6 weeks\n")
    assert [c.role for c in tree.exclusion] == ["criterion"] * 4
    assert not any(isinstance(c.rule, Except) for c in tree.exclusion[:1])


def test_exemption_bullet_after_a_top_level_exclusion_in_classic_text():
    # NCT02060253 (classic layout: the exemption is a bullet of its own, not indented)
    tree = parse_criteria(
        "Exclusion Criteria:\n\n"
        "  -  Fewer than 21 days since last anti-tumor therapy, including chemotherapy\n\n"
        "  -  Palliative radiation therapy involving =< 25% of marrow-bearing bone is allowed if completed "
        "within >= 14 days\n\n"
        "  -  Pregnancy\n")
    first, second = tree.exclusion
    assert isinstance(first.rule, Except)
    assert [s.role for s in first.subcriteria] == ["exception"]
    assert PriorTherapy(name="radiotherapy", therapy_class="radiotherapy") in nodes(first.rule.exceptions[0])
    assert second.rule.name == "pregnancy"


def test_each_listed_exception_is_a_case_of_its_own():
    # corpus sentence (oncology exclusion)
    found = rule("Has previous history of additional malignancy, with the exception of adequately treated basal cell "
                 "carcinoma and cervical carcinoma in situ.")
    assert found == Except(
        item=Condition(name="other_malignancy", status=("history",)),
        exceptions=(Condition(name="non_melanoma_skin_cancer", status=("treated",)),
                    Condition(name="cervical_carcinoma_in_situ")),
    )


def test_primary_site_written_before_the_term():
    assert rule("Locally advanced or metastatic gastric or gastroesophageal junction adenocarcinoma", "Inclusion") == AnyOf(
        items=(Condition(name="adenocarcinoma", status=("advanced",), site="stomach"),
               Condition(name="adenocarcinoma", status=("advanced",), site="esophagus")))
    assert rule("Metastatic castration-resistant prostate cancer", "Inclusion") == Condition(
        name="castration_resistant_prostate_cancer", status=("metastatic",))


def test_status_stated_after_the_term():
    assert rule("Any CNS disease is clinically stable") == Condition(
        name="cns_metastases", status=("stable",), code=Code(system="SNOMED CT", code="94225005"))
    assert rule("Brain metastases that are asymptomatic") == Condition(
        name="cns_metastases", status=("asymptomatic",), code=Code(system="SNOMED CT", code="94225005"))


def test_build_leaves_its_input_unchanged():
    from criteria.parse.pipeline import build, run_until

    text = ("Exclusion Criteria: * Presence of HIV infection * Subjects with HIV infection on antiviral therapy "
            "are permitted, Active hepatitis C infection (detectable antibody) * Pregnancy or breastfeeding "
            "women are excluded from this study because of the risks posed by the study drug under investigation")
    annotated = run_until(text, "annotate")
    parents = [item.parent for item in annotated.sections.items]
    assert build(annotated, text) == build(annotated, text)
    assert [item.parent for item in annotated.sections.items] == parents


def test_hepatitis_b_or_c_is_one_concept():
    assert rule("Known active hepatitis B or C infection") == Condition(name="hepatitis_b_or_c", status=("known", "active"))


@pytest.mark.parametrize("count", ["0", "1.5", "00"])
def test_a_quantifier_no_rule_can_hold_stays_visible(count):
    """Found by the fuzzer: "at least 0 of the following" raised a ValidationError (n >= 1)."""
    text = f"Inclusion Criteria:\n\n* Disease meeting at least {count} of the following criteria:\n  * Seminoma\n  * Testis\n"
    (criterion,) = parse_criteria(text).inclusion
    assert (criterion.subcriteria_logic, criterion.at_least) == ("all_of", None)
    assert f"at least {count} of" in criterion.text and len(criterion.subcriteria) == 2


def test_a_list_may_say_any_other_form_of_between_its_members():
    node = rule("Receiving systemic corticosteroid therapy or any other form of immunosuppressive therapy "
                "within 7 days prior to the first dose")
    assert isinstance(node, AnyOf)
    assert [(n.name, n.window.high) for n in node.items] == [("corticosteroid", 7), ("immunosuppressive_therapy", 7)]


def test_words_next_to_an_or_that_are_not_list_fillers_stay_with_their_member():
    # a plain word beside the "or" qualifies the member it touches (its residue); the two are still
    # alternatives, and the window after the list is the list's
    node = rule("Use of corticosteroids or intermittent use of immunosuppressive therapy within 7 days")
    assert isinstance(node, AnyOf)
    medications = [n for n in node.walk() if isinstance(n, Medication)]
    assert [(n.name, n.window is not None) for n in medications] == [
        ("corticosteroid", True), ("immunosuppressive_therapy", True)]
    assert [n.text for n in node.walk() if n.kind == "unparsed"] == ["intermittent"]


def test_a_leading_no_denies_every_member_of_a_list():
    # NCT00025337 (an inclusion): a fracture must not pass as allowed
    node = rule("No serious nonhealing wound, ulcer, or bone fracture", section="Inclusion")
    assert isinstance(node, Not) and isinstance(node.item, AnyOf)
    assert [n.name for n in node.item.items] == ["non_healing_wound", "ulcer", "bone_fracture"]
    windowed = rule("No prior chemotherapy or radiotherapy within 4 weeks", section="Inclusion")
    assert [n.window.high for n in windowed.item.items] == [4, 4]  # the window still reaches every member


def test_a_list_whose_members_are_negated_each_keeps_them_apart():
    node = rule("History of diabetes or no hypertension")
    assert isinstance(node, AnyOf) and [n.kind for n in node.items] == ["condition", "not"]


# NCT00060437 and many classic (PDQ) records: "At least 4 weeks since prior chemotherapy"
def test_a_washout_since_prior_therapy_is_not_the_therapy_within_that_time():
    node = rule("At least 4 weeks since prior chemotherapy", section="Inclusion")
    assert node == Not(item=PriorTherapy(name="chemotherapy", therapy_class="chemotherapy",
                                         window=TimeWindow(high=4, unit="week", anchor_assumed=True)))
    listed = rule("At least 4 weeks since prior chemotherapy or radiotherapy", section="Inclusion")
    assert isinstance(listed, Not) and [n.window.high for n in listed.item.items] == [4, 4]


def test_a_washout_is_met_by_a_patient_who_never_had_the_therapy():
    from datetime import date

    from criteria import evaluate

    tree = parse_criteria("Inclusion Criteria:\n\n* At least 4 weeks since prior chemotherapy\n")
    as_of = date(2026, 12, 1)
    chemo = {"name": "carboplatin", "classes": ["chemotherapy"], "start": "2026-11-01", "end": "2026-11-20"}
    old = dict(chemo, start="2026-01-01", end="2026-02-01")
    status = {name: evaluate(tree, {"therapies": therapies, "complete": ["therapies"]}, as_of=as_of).status
              for name, therapies in (("never", []), ("recent", [chemo]), ("long ago", [old]))}
    assert status == {"never": "eligible", "recent": "ineligible", "long ago": "eligible"}


def test_less_than_n_weeks_since_is_an_upper_bound_not_a_washout():
    node = rule("Less than 4 weeks since prior chemotherapy")  # the therapy within 4 weeks
    assert isinstance(node, PriorTherapy) and node.window.high == 4


# "Recovered from prior therapy" in 274 of the 3,199 dev trials
@pytest.mark.parametrize("sentence", [
    "Recovered from prior chemotherapy",
    "Patients must have recovered from prior radiation therapy or surgery",
    "Recovered from all acute toxicities of prior therapy",
])
def test_recovered_from_is_no_active_toxicity_not_a_requirement_to_have_had_the_cause(sentence):
    assert rule(sentence, section="Inclusion") == Not(item=Condition(name="toxicity", status=("active",)))


def test_recovered_from_reaches_only_to_the_end_of_its_sentence():
    node = rule("Must have recovered from the acute toxic effects of prior therapy. Prior radiotherapy is allowed.",
                section="Inclusion")
    assert PriorTherapy(name="radiotherapy", therapy_class="radiotherapy") in nodes(node)


def test_a_patient_who_never_had_therapy_meets_recovered_from_prior_therapy():
    from datetime import date

    from criteria import evaluate

    tree = parse_criteria("Inclusion Criteria:\n\n* Recovered from prior chemotherapy\n")
    as_of = date(2026, 12, 1)
    never = evaluate(tree, {"conditions": [], "complete": ["conditions"]}, as_of=as_of)
    toxic = evaluate(tree, {"conditions": [{"name": "toxicity", "status": "active"}]}, as_of=as_of)
    assert (never.status, toxic.status) == ("eligible", "ineligible")


# "Prior radiotherapy allowed": classic (PDQ) records under PRIOR CONCURRENT THERAPY headings
@pytest.mark.parametrize("sentence", ["Prior radiotherapy allowed", "Prior radiotherapy is allowed",
                                      "Concurrent hormonal therapy allowed"])
def test_an_allowed_therapy_is_permitted_not_required(sentence):
    node = rule(sentence, section="Inclusion")
    assert node.kind == "permitted" and node.item.kind == "prior_therapy"


@pytest.mark.parametrize("sentence", [
    "No previous systemic anticancer therapy for metastatic disease allowed",  # a "no": a prohibition
    "Recovered from all prior therapy (alopecia allowed)",  # an aside in parentheses
    "Prior temozolomide allowed provided there was no progressive disease",  # a condition after the cue
])
def test_what_is_not_a_plain_permission(sentence):
    assert not any(n.kind == "permitted" for n in rule(sentence, section="Inclusion").walk())


def test_a_later_sentence_allowing_a_therapy_leaves_the_first_as_it_is():
    node = rule("No prior chemotherapy. Prior hormonal therapy allowed.", section="Inclusion")
    assert node.kind == "all_of" and [n.kind for n in node.items] == ["not", "permitted"]


def test_a_permission_asks_nothing_in_either_section():
    from datetime import date

    from criteria import evaluate

    tree = parse_criteria("Inclusion Criteria:\n\n* Prior radiotherapy allowed\n\n"
                          "Exclusion Criteria:\n\n* Prior chemotherapy allowed\n")
    result = evaluate(tree, {}, as_of=date(2026, 12, 1))
    assert [c.verdict for c in result.criteria] == ["met", "not_met"] and result.status == "eligible"
    (included, excluded) = tree.to_records()
    assert included["permitted"] and excluded["permitted"]


def test_an_exemption_bullet_is_the_exempt_case_not_a_permission():
    tree = parse_criteria("Exclusion Criteria:\n\n* Brain metastases\n  * Subjects with treated brain metastases "
                          "are eligible\n")
    (criterion,) = tree.exclusion
    assert criterion.rule.kind == "except"
    assert [e.kind for e in criterion.rule.exceptions] == ["condition"]


@pytest.mark.parametrize("sentence", ["Concurrent radiotherapy not allowed", "Concurrent chemotherapy is not permitted",
                                      "Other investigational agents are not allowed"])
def test_what_an_inclusion_does_not_allow_must_not_hold(sentence):
    node = rule(sentence, section="Inclusion")
    assert node.kind == "not" and node.item.kind == "prior_therapy"
    assert rule(sentence, section="Exclusion").kind == "prior_therapy"  # an exclusion excludes it as it is


def test_a_prohibited_list_is_none_of_its_members():
    node = rule("Concurrent chemotherapy or radiotherapy not allowed", section="Inclusion")
    assert node.kind == "not" and [n.name for n in node.item.items] == ["chemotherapy", "radiotherapy"]
