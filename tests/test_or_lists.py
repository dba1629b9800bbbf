"""Members joined by "or" are alternatives even when a few function words lead the next one
("a statin or to ezetimibe", "diabetes or with neuropathy", "a transplant or are on dialysis"),
and "with or without X" asks nothing about X (issue 11, items 1 and 7)."""

from __future__ import annotations

from datetime import date

import pytest

import criteria

AS_OF = date(2026, 11, 25)
COMPLETE = ["conditions", "therapies", "medications", "procedures"]


def _rule(text: str, section: str = "Exclusion"):
    tree = criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    criterion = (tree.inclusion or tree.exclusion)[0]
    return tree, criterion


def _verdict(text: str, profile: dict, section: str = "Exclusion") -> str:
    tree, _ = _rule(text, section)
    [result] = criteria.evaluate(tree, criteria.Patient.model_validate(profile), as_of=AS_OF).criteria
    return result.verdict


def _names(node) -> set[str]:
    return {n.name for n in node.walk() if getattr(n, "name", None)}


@pytest.mark.parametrize("text, names", [
    ("Allergy to a statin or to ezetimibe or asthma", {"hypersensitivity", "asthma"}),
    ("Poorly controlled asthma or with evidence of heart failure", {"asthma", "congestive_heart_failure"}),
    ("History of a liver transplant or are currently receiving dialysis", {"dialysis"}),
    ("Earlier treatment with letrozole or an aromatase inhibitor", {"letrozole", "aromatase_inhibitor"}),
    ("Fasting glucose above 250 mg/dL or is taking insulin", {"insulin"}),
])
def test_or_and_a_few_function_words_join_alternatives(text, names):
    _, criterion = _rule(text)
    lists = [n for n in criterion.rule.walk() if n.kind == "any_of"]
    assert lists, criterion.rule
    assert names <= _names(lists[0])
    assert not [n for n in criterion.rule.walk() if n.kind == "all_of" and names <= _names(n)
                and not any(i.kind == "any_of" and names <= _names(i) for i in n.items)]


def test_a_patient_with_one_alternative_only_is_excluded():
    text = "Poorly controlled asthma or with evidence of heart failure"
    profile = {"conditions": [{"name": "heart failure", "status": "active"}], "complete": COMPLETE}
    assert _verdict(text, profile) == "met"


def test_and_keeps_its_members_required():
    _, criterion = _rule("Asthma and with evidence of heart failure")
    assert criterion.rule.kind == "all_of"


@pytest.mark.parametrize("text", [
    "Not of childbearing potential or, if of childbearing potential, using contraception",
])
def test_or_if_opens_a_condition_not_a_member(text):
    _, criterion = _rule(text, "Inclusion")
    pairs = [n for n in criterion.rule.walk() if n.kind == "any_of"
             and {i.kind for i in n.items} == {"not", "reproductive"}
             and any(i.kind == "reproductive" and i.name == "childbearing_potential" for i in n.items)]
    assert not pairs, criterion.rule


def test_and_or_without_its_slash_is_or():
    _, criterion = _rule("Serum creatinine > 2 mg/dL and or creatinine clearance < 40 mL/min")
    assert criterion.rule.kind == "any_of"


@pytest.mark.parametrize("text, kept, optional", [
    ("Decompensated cirrhosis with or without ascites", "cirrhosis", "with or without ascites"),
    ("Prior chemotherapy with or without radiotherapy within 6 weeks", "chemotherapy", "with or without radiotherapy"),
])
def test_with_or_without_asks_nothing_of_what_follows(text, kept, optional):
    _, criterion = _rule(text)
    assert "not" not in [n.kind for n in criterion.rule.walk()]
    assert kept in _names(criterion.rule)
    assert [(r.text, r.about) for r in criterion.remarks] == [(optional, "optional")]


def test_the_window_after_an_optional_member_stays_with_the_event_before_it():
    _, criterion = _rule("Prior chemotherapy with or without radiotherapy within 6 weeks")
    assert criterion.rule.kind == "prior_therapy" and criterion.rule.window.high == 6


def test_a_patient_with_the_optional_finding_is_still_excluded():
    text = "Cirrhosis with or without ascites"
    profile = {"conditions": [{"name": "cirrhosis"}, {"name": "ascites"}], "complete": COMPLETE}
    assert _verdict(text, profile) == "met"


def test_with_or_without_alone_stays_unread():
    _, criterion = _rule("Patients with or without diabetes", "Inclusion")
    assert criterion.rule.kind == "unparsed"


def test_an_allergy_to_one_agent_or_to_another_has_both_causes():
    _, criterion = _rule("Allergy to a statin or to ezetimibe")
    assert criterion.rule.kind == "condition"
    assert [c.name for c in criterion.rule.cause] == ["statins", "ezetimibe"]


@pytest.mark.parametrize("text, members", [
    ("Diabetes, skin tattoos, hypertension, or asthma", 4),
    ("Gout, zeta blisters, or asthma", 3),
    ("Hypertension, diabetes (HbA1c > 9%), skin tattoos, or asthma", 4),
])
def test_a_series_with_an_unread_member_is_still_alternatives(text, members):
    _, criterion = _rule(text)
    assert criterion.rule.kind == "any_of" and len(criterion.rule.items) == members
    assert "unparsed" in [n.kind for n in criterion.rule.items]


def test_a_series_joined_by_and_stays_all_of_it():
    _, criterion = _rule("Diabetes, skin tattoos, and asthma")
    assert criterion.rule.kind == "all_of"


def test_a_patient_with_one_member_of_the_series_is_excluded():
    profile = {"conditions": [{"name": "asthma"}], "complete": COMPLETE}
    assert _verdict("Diabetes, skin tattoos, hypertension, or asthma", profile) == "met"


def test_words_touching_a_term_qualify_it_and_stay_with_it():
    _, criterion = _rule("Asthma, emphysema, or zebroid pulmonary disease")
    [series] = [n for n in criterion.rule.walk() if n.kind == "any_of"]
    [glued] = [n for n in series.items if n.kind == "all_of"]
    assert [n.kind for n in glued.items] == ["unparsed", "condition"]


def test_a_clause_is_no_member_of_a_series():
    _, criterion = _rule("Must not be receiving regular zorbic, antidepressant, or antipsychotic medication", "Inclusion")
    series = [n for n in criterion.rule.walk() if n.kind == "any_of"]
    assert not any(i.kind == "unparsed" and "must" in i.text.lower() for s in series for i in s.items)


@pytest.mark.parametrize("text, name", [
    ("Comorbidity precluding radiotherapy", "contraindication_to_radiotherapy"),
    ("Frailty prohibiting surgery", "contraindication_to_surgery"),
])
def test_what_a_condition_precludes_is_not_history(text, name):
    _, criterion = _rule(text)
    names = _names(criterion.rule)
    assert name in names and not {"radiotherapy", "surgery"} & names


def test_a_preclusion_governing_no_event_stays_unread():
    _, criterion = _rule("Poor venous access that precludes routine blood sampling")
    unread = " ".join(n.text for n in criterion.rule.walk() if n.kind == "unparsed")
    assert "precludes" in unread


def test_an_illness_precluding_compliance_denies_compliance():
    _, criterion = _rule("Psychosocial problem that would preclude compliance with the protocol")
    assert criterion.rule.kind == "not" and criterion.rule.item.kind == "compliance"


@pytest.mark.parametrize("text", ["Risk factors for stroke", "Two risk factors for heart attack or stroke"])
def test_risk_factors_for_a_condition_are_not_the_condition(text):
    _, criterion = _rule(text)
    assert not [n for n in criterion.rule.walk() if n.kind == "condition"]


@pytest.mark.parametrize("text, record, verdict", [
    ("Prior percutaneous coronary intervention", "CABG", "not_met"),  # a bypass is surgery, not PCI
    ("Prior percutaneous coronary intervention", "PTCA", "met"),
    ("Prior coronary revascularization", "coronary artery bypass grafting", "met"),
])
def test_bypass_surgery_and_pci_are_two_kinds_of_revascularization(text, record, verdict):
    profile = {"procedures": [{"name": record}], "complete": COMPLETE}
    assert _verdict(text, profile) == verdict


@pytest.mark.parametrize("text", ["Prior Taxotere (docetaxel) or vinorelbine", "Prior docetaxel (Taxotere) or vinorelbine"])
def test_a_drug_restated_in_parentheses_is_named_once(text):
    _, criterion = _rule(text)
    assert criterion.rule.kind == "any_of"
    assert [n.name for n in criterion.rule.items] == ["docetaxel", "vinorelbine"]


def test_a_parenthesis_defining_an_event_is_another_way_it_shows():
    _, criterion = _rule("History of drug abuse (defined as any illicit drug use)")
    assert criterion.rule.kind == "any_of"
    assert {n.name for n in criterion.rule.items} == {"substance_abuse", "illicit_drug_use"}


@pytest.mark.parametrize("record, verdict", [("HIV-1 infection", "met"), ("HIV", "unknown"), ("asthma", "not_met")])
def test_hiv_1_is_a_kind_of_hiv_infection(record, verdict):
    profile = {"conditions": [{"name": record}], "complete": COMPLETE}
    assert _verdict("Documented HIV-1 infection", profile) == verdict


@pytest.mark.parametrize("text", [
    # ("… within 4 weeks before enrollment or during the study": the period is read now, the event to
    # come; tests/test_events_to_come.py)
    # unread words between the event and its window: one more alternative too
    "Use of an investigational drug or device within 30 days",
    "History of ocular infection or inflammation within the past 3 months",
])
def test_unread_words_joined_by_or_beside_a_window_are_one_more_alternative(text):
    _, criterion = _rule(text)
    assert criterion.rule.kind == "any_of"
    assert [n.kind for n in criterion.rule.items][-1] == "unparsed"


def test_a_recent_use_meets_an_exclusion_that_adds_or_during_the_study():
    profile = {"medications": [{"name": "prednisone", "start": "2026-11-20"}], "complete": COMPLETE}
    assert _verdict("Use of systemic corticosteroids within 4 weeks before enrollment or during the study",
                    profile) == "met"


def test_a_finding_beside_compliance_is_no_description_of_it():
    _, criterion = _rule("History or current abuse of alcohol that would interfere with adherence to study requirements")
    unread = [n.text for n in criterion.rule.walk() if n.kind == "unparsed"]
    assert any("alcohol" in t for t in unread)
    assert not any("alcohol" in r.text for r in criterion.remarks)


def test_what_consent_involves_stays_its_description():
    _, criterion = _rule("Signed written informed consent obtained prior to any study-specific screening procedures", "Inclusion")
    assert criterion.rule.kind == "consent" and [r.about for r in criterion.remarks] == ["description"]


def test_a_generic_noun_closing_a_member_does_not_hide_the_or():
    _, criterion = _rule("Received a chemotherapy agent or immunotherapy within 21 days")
    assert criterion.rule.kind == "any_of"
    assert all(n.window is not None for n in criterion.rule.items)  # the window holds for both


def test_or_and_words_after_a_denied_member_join_nothing():
    _, criterion = _rule("No active asthma or patients with other lung disease", "Inclusion")
    assert not [n for n in criterion.rule.walk() if n.kind == "any_of" and any(i.kind == "not" for i in n.items)]


@pytest.mark.parametrize("text", [
    "At least 4 weeks since completion of prior chemotherapy",
    "Completion of adjuvant chemotherapy at least 6 months before enrollment",
])
def test_the_end_of_a_therapy_before_a_window_is_what_the_window_counts_from(text):
    _, criterion = _rule(text, "Inclusion")
    assert "unparsed" not in [n.kind for n in criterion.rule.walk()]
    [therapy] = [n for n in criterion.rule.walk() if n.kind == "prior_therapy"]
    assert therapy.window is not None


def test_the_end_of_a_therapy_without_a_window_stays_unread():
    _, criterion = _rule("Completion of chemotherapy", "Inclusion")
    assert "unparsed" in [n.kind for n in criterion.rule.walk()]


def test_since_the_last_dose_of_a_therapy_is_a_washout_of_that_therapy():
    _, criterion = _rule("At least 2 weeks since the last dose of radiotherapy", "Inclusion")
    rule = criterion.rule
    assert rule.kind == "not" and rule.item.name == "radiotherapy" and rule.item.window.high == 2


def test_after_the_last_dose_of_the_trial_drug_keeps_its_anchor():
    _, criterion = _rule("Contraception until 7 months after the last dose of trastuzumab", "Inclusion")
    assert criterion.rule.window.anchor == "last_dose"


@pytest.mark.parametrize("text", ["Positive HIV test", "Positive for hepatitis B"])
def test_positive_before_an_infection_is_a_positive_test(text):
    _, criterion = _rule(text)
    assert criterion.rule.status == ("positive_test",)


def test_a_dashed_positive_after_an_antigen_is_its_result():
    _, criterion = _rule("Known hepatitis B surface antigen-positive, or known active hepatitis C infection")
    assert criterion.rule.kind == "any_of"
    assert "unparsed" not in [n.kind for n in criterion.rule.walk()]


def test_a_list_whose_or_is_inside_its_last_term_is_alternatives():
    _, criterion = _rule("Known HIV, hepatitis B or C")
    assert criterion.rule.kind == "any_of"


def test_an_agent_washout_after_a_list_of_therapies_is_a_washout():
    _, criterion = _rule("More than 4 weeks since prior radiotherapy or chemotherapy (6 weeks for nitrosoureas or mitomycin C)",
                         "Inclusion")
    denied = [n for n in criterion.rule.walk() if n.kind == "not"]
    assert len(denied) == 2
    agents = [n for n in denied[1].walk() if n.kind == "prior_therapy"]
    assert {a.name for a in agents} == {"nitrosourea", "mitomycin"} and all(a.window.high == 6 for a in agents)


@pytest.mark.parametrize("text, section", [
    ("Prior chemotherapy within 28 days of first dose (or 42 days if subject has received a nitrosourea or mitomycin)",
     "Exclusion"),
    ("At least 28 days since prior chemotherapy (or 42 days if the patient received a nitrosourea or mitomycin)",
     "Inclusion"),
    ("At least 28 days since prior chemotherapy (or at least 42 days if subject has received a nitrosourea or mitomycin)",
     "Inclusion"),
    ("More than 4 weeks since prior chemotherapy (at least 6 weeks for nitrosoureas or mitomycin C)", "Inclusion"),
    ("Chemotherapy within 4 weeks before enrollment (within 6 weeks for nitrosoureas or mitomycin C)", "Exclusion"),
])
def test_an_agent_washout_said_with_if_is_a_washout(text, section):
    """"(or 42 days if subject has received a nitrosourea)": the agents' own window, never a
    requirement to have had them (it had been read so, the length left over)."""
    _, criterion = _rule(text, section)
    agents = [n for n in criterion.rule.walk() if n.kind == "prior_therapy" and n.name != "chemotherapy"]
    assert {a.name for a in agents} == {"nitrosourea", "mitomycin"}
    assert all(a.window.high in (42, 6) for a in agents), "the agents keep their own, longer window"
    assert not [n for n in criterion.rule.walk() if n.kind == "unparsed"], str(criterion.rule)


def test_recent_chemotherapy_of_another_kind_still_excludes_beside_an_agent_window():
    """"Chemotherapy within 4 weeks (within 6 weeks for nitrosoureas)": the agents widen the window,
    they are not a second thing the patient must also have had (it had been read as all of them)."""
    text = "Chemotherapy within 4 weeks before enrollment (within 6 weeks for nitrosoureas or mitomycin C)"
    recent = {"therapies": [{"name": "paclitaxel", "classes": ["chemotherapy"], "start": "2026-11-10",
                             "end": "2026-11-10"}], "complete": COMPLETE}
    assert _rule(text)[1].rule.kind == "any_of"
    assert _verdict(text, recent) == "met"


def test_how_a_bound_is_measured_hides_no_or():
    _, criterion = _rule("Creatinine clearance ≥ 30 mL/min according to the Cockcroft-Gault formula or serum creatinine ≤ 2.0 mg/dL",
                         "Inclusion")
    assert criterion.rule.kind == "any_of"


def test_unread_words_that_deny_are_no_alternative_to_what_they_govern():
    _, criterion = _rule("Unable or unwilling to take folic acid, vitamin B12, or prophylactic corticosteroids")
    assert criterion.rule.kind == "all_of"
    profile = {"medications": [{"name": "prednisone"}], "complete": COMPLETE}
    assert _verdict("Unable or unwilling to take folic acid, vitamin B12, or prophylactic corticosteroids", profile) != "met"


def test_unable_or_unwilling_to_take_is_a_reason_not_to_take_it():
    _, criterion = _rule("Unwilling or unable to take aspirin")
    assert criterion.rule.name == "contraindication_to_aspirin"


@pytest.mark.parametrize("text, profile", [
    ("History of myocardial infarction, stroke, pulmonary embolism",
     {"conditions": [{"name": "stroke"}], "complete": COMPLETE}),
    ("Current use of fluvoxamine, enoxacin, ciprofloxacin",
     {"medications": [{"name": "ciprofloxacin"}], "complete": COMPLETE}),
])
def test_a_list_of_commas_alone_in_an_exclusion_is_alternatives(text, profile):
    _, criterion = _rule(text)
    assert criterion.rule.kind == "any_of"
    assert _verdict(text, profile) == "met"


def test_a_list_of_commas_alone_in_an_inclusion_keeps_its_reading():
    _, criterion = _rule("Prior treatment with cisplatin, etoposide", "Inclusion")
    assert criterion.rule.kind == "all_of"


def test_pulmonary_embolism_is_a_kind_of_venous_thromboembolism_not_a_deep_vein_thrombosis():
    dvt = {"conditions": [{"name": "deep vein thrombosis"}], "complete": COMPLETE}
    assert _verdict("History of pulmonary embolism", dvt) == "not_met"
    assert _verdict("History of venous thromboembolism", dvt) == "met"
    assert _verdict("History of venous thromboembolism",
                    {"conditions": [{"name": "pulmonary embolism"}], "complete": COMPLETE}) == "met"


@pytest.mark.parametrize("text, section", [
    ("Pregnant and nursing women are not eligible", "Inclusion"),
    ("Pregnant and lactating patients", "Exclusion"),
])
def test_pregnant_and_nursing_are_two_groups(text, section):
    verdict = _verdict(text, {"sex": "female", "pregnant": False, "breastfeeding": True}, section)
    assert verdict == ("not_met" if section == "Inclusion" else "met")


def test_and_between_other_states_keeps_both_required():
    _, criterion = _rule("Sexually active and of childbearing potential", "Inclusion")
    assert criterion.rule.kind == "all_of"


@pytest.mark.parametrize("text", [
    "Any of the following within 6 months: myocardial infarction, unstable angina and stroke",
    "Any of the following hematologic values: hemoglobin < 9 g/dL, platelets < 100,000/mm3, or ANC < 1500/mm3",
])
def test_any_of_the_following_counts_each_member_whatever_the_list_joins(text):
    _, criterion = _rule(text)
    alternatives = [n for n in criterion.rule.walk() if n.kind == "any_of"]
    assert alternatives and len(alternatives[0].items) == 3


def test_the_lead_counts_only_to_its_full_stop():
    _, criterion = _rule("Any of the following: stroke, unstable angina. Patients must have diabetes and hypertension.",
                         "Inclusion")
    rule = criterion.rule
    assert rule.kind == "all_of"
    [alternatives] = [n for n in rule.items if n.kind == "any_of"]
    assert _names(alternatives) == {"stroke", "unstable_angina"}


@pytest.mark.parametrize("text", [
    "History of myocardial infarction, stroke and pulmonary embolism",
    "Known hepatitis B, hepatitis C and HIV infection",
    "Pulmonary, hematological, vascular and gastrointestinal disease",
])
def test_a_series_with_a_closing_and_in_an_exclusion_excludes_for_any_one(text):
    _, criterion = _rule(text)
    assert criterion.rule.kind == "any_of" and len(criterion.rule.items) >= 3


@pytest.mark.parametrize("text, section", [
    ("Diabetes and hypertension", "Exclusion"),  # two joined by "and" alone may be asked together
    # (two kinds of one head, "renal and hepatic disease", exclude for either: test_kinds_of_one_head.py)
    ("History of myocardial infarction, stroke and pulmonary embolism", "Inclusion"),
])
def test_and_keeps_both_in_a_pair_or_an_inclusion(text, section):
    _, criterion = _rule(text, section)
    assert criterion.rule.kind == "all_of"


@pytest.mark.parametrize("text, wrong", [
    ("Previous prostatic surgery (including TURP, balloon dilatation, thermotherapy and stent replacement)",
     {"turp_replacement", "balloon_dilatation_replacement", "thermotherapy_replacement"}),
    ("Paroxysmal AF or atrial flutter", {"paroxysmal_af_flutter"}),
    ("Any laboratory abnormality or psychiatric illness", {"abnormality_illness"}),
])
def test_a_whole_term_in_a_list_shares_no_head(text, wrong):
    """A term that names a thing on its own (it ends in a head word, is a treatment, or an
    abbreviation) is a member of the list, not a qualifier of the last member's head."""
    _, criterion = _rule(text)
    assert not _names(criterion.rule) & wrong


@pytest.mark.parametrize("text, member, words", [
    ("Prior radiotherapy or metronomic chemotherapy", "chemotherapy", "metronomic"),
    ("Autologous stem cell transplant or allogeneic bone marrow transplantation", "stem_cell_transplant", "allogeneic"),
    ("Hypersensitivity or dose-limiting toxicity", "toxicity", "limiting"),
])
def test_plain_words_next_to_an_or_qualify_the_member_they_touch(text, member, words):
    """"A or <words> B": the words are B's (its residue), not a requirement beside a list that then
    asked for A and B at once."""
    _, criterion = _rule(text)
    rule = criterion.rule
    assert rule.kind == "any_of", rule
    qualified = [m for m in rule.items if m.kind == "all_of"]
    assert len(qualified) == 1
    assert qualified[0].items[0].name == member and words in qualified[0].items[1].text


def test_a_member_a_patient_has_settles_a_list_with_qualified_words():
    text = "Prior radiotherapy or metronomic chemotherapy"
    irradiated = {"therapies": [{"name": "radiotherapy", "start": "2023-01-01", "end": "2023-02-01"}],
                  "complete": ["therapies"]}
    assert _verdict(text, irradiated) == "met"
    assert _verdict(text, {"complete": ["therapies"]}) == "not_met"


def test_a_comma_before_the_or_leaves_the_series_to_the_list_reading():
    _, criterion = _rule("Positive hepatitis B surface antigen, anti-hepatitis C antibody, or anti-HIV antibody")
    assert criterion.rule.kind in ("any_of", "all_of")
    events = [n for n in criterion.rule.walk() if n.kind == "condition"]
    assert len(events) == 3
    assert any(n.kind == "any_of" and len([m for m in n.walk() if m.kind == "condition"]) == 3
               for n in criterion.rule.walk())


@pytest.mark.parametrize("text", [
    "Heart attack within 12 months or transient ischemic attack within 2 months",
    "Unstable angina within the past 6 months, or pulmonary embolism within the past 4 weeks",
])
def test_each_member_of_a_list_keeps_its_own_window(text):
    """"A within 12 months or B within 2 months": B's window is B's, not a bare window beside the
    list that no record could settle (and B is not excluded at any time)."""
    _, criterion = _rule(text)
    rule = criterion.rule
    assert rule.kind == "any_of" and len(rule.items) == 2
    highs = [m.window.high for m in rule.items]
    assert highs[0] > highs[1] and all(m.window is not None for m in rule.items)
    long_ago = {"conditions": [{"name": "transient ischemic attack", "onset": "2025-06-01", "abatement": "2025-06-02"},
                               {"name": "pulmonary embolism", "onset": "2025-06-01", "abatement": "2025-07-01"}],
                "complete": ["conditions"]}
    assert _verdict(text, long_ago) == "not_met"


@pytest.mark.parametrize("text, names", [
    ("No peripheral or autonomic neuropathy", {"peripheral_neuropathy", "autonomic_neuropathy"}),
    ("No sensory or motor neuropathy of grade 2 or more", {"sensory_neuropathy", "motor_neuropathy"}),
    ("No perforated or gangrenous appendicitis", {"perforated_appendicitis", "gangrenous_appendicitis"}),
])
def test_a_last_alternative_with_its_own_qualifier_shares_the_head(text, names):
    # "peripheral or autonomic neuropathy": "autonomic" stood between the "no" and the term, so
    # the "no" was lost and the neuropathy was required in an inclusion
    _, criterion = _rule(text, "Inclusion")
    rule = criterion.rule
    assert rule.kind == "not" and rule.item.kind == "any_of"
    assert {n.name.lstrip("~") for n in rule.item.items} == names


@pytest.mark.parametrize("text", [
    "Bipolar I or II disorder",                       # letters and numerals name a type of the term before
    "Chronic viral hepatitis B or C infection",
    "Adequate archival or fresh tumor tissue",        # the noun phrase goes on past the term
    "Attention-Deficit/Hyperactivity disorder",       # a hyphenated compound
    "Bleeding likely to initiate or prolong anemia",  # verbs after "to"
    "Resection of the rectum or latex allergy",       # the first word ends a phrase of its own
])
def test_words_that_are_no_qualifier_do_not_share_a_head(text):
    _, criterion = _rule(text)
    names = {n.name.lstrip("~") for n in criterion.rule.walk() if getattr(n, "name", None)}
    wrong = {"ii_disorder", "b_infection", "c_infection", "archival_tumor", "fresh_tumor", "deficit_disorder",
             "hyperactivity_disorder", "initiate_anemia", "prolong_anemia", "rectum_allergy"}
    assert not names & wrong


@pytest.mark.parametrize("text, status", [
    ("Uncontrolled bacterial, viral, or fungal infection", "uncontrolled"),
    ("Severe renal or hepatic disease", "severe"),
    ("Clinically significant cardiovascular, pulmonary or neurological disease", "significant"),
])
def test_words_before_a_shared_head_qualify_every_member(text, status):
    # the members are qualifiers of one head written once: the words before the first qualify
    # the whole phrase, so a controlled viral infection no longer excludes
    _, criterion = _rule(text)
    members = [n for n in criterion.rule.walk() if n.kind == "condition"]
    assert len(members) >= 2 and all(status in m.status for m in members)


def test_a_status_before_a_list_of_whole_terms_stays_with_the_first():
    _, criterion = _rule("Uncontrolled hypertension or diabetes")
    first, second = criterion.rule.items
    assert "uncontrolled" in first.status and "uncontrolled" not in second.status


def test_a_controlled_infection_of_a_listed_kind_does_not_exclude():
    profile = {"age": 40, "sex": "female", "complete": ["conditions"],
               "conditions": [{"name": "viral infection", "status": "active"}]}
    assert _verdict("Uncontrolled bacterial, viral, or fungal infection", profile) != "met"


@pytest.mark.parametrize("text", [
    "No active infection requiring IV antibiotics",
    "No seizures requiring anticonvulsants",
])
def test_the_treatment_a_denied_condition_requires_is_denied_with_it(text):
    # the "no" took only the condition, and the treatment became a requirement of its own
    _, criterion = _rule(text, "Inclusion")
    rule = criterion.rule
    assert rule.kind == "not" and rule.item.kind == "all_of"
    assert {n.kind for n in rule.item.items} == {"condition", "medication"}
    untreated = {"age": 40, "sex": "male", "complete": COMPLETE, "conditions": [], "medications": []}
    assert _verdict(text, untreated, "Inclusion") == "met"


def test_an_adverb_saying_how_leads_a_member_and_keeps_the_list():
    # "clinically" before a member's own status was a word between members: the list broke into
    # all_of(any_of(first three), any_of(last two)), excluding only patients with one of each
    text = "History of stroke, heart disease, clinically symptomatic cardiac abnormalities, or epilepsy"
    _, criterion = _rule(text)
    assert criterion.rule.kind == "any_of" and len(criterion.rule.items) == 4
    profile = {"age": 60, "sex": "male", "complete": COMPLETE, "conditions": [{"name": "stroke", "status": "history"}]}
    assert _verdict(text, profile) == "met"


@pytest.mark.parametrize("text", [
    "AST, ALT > 3 x ULN",
    "AST/ALT > 3 x ULN",
    "Serum potassium, magnesium, phosphorus outside normal limits",
])
def test_measures_listed_under_one_bound_exclude_for_any_one(text):
    # read all_of, a patient with only the ALT above three times the limit was not excluded
    _, criterion = _rule(text)
    assert criterion.rule.kind == "any_of"


def test_measures_joined_by_and_under_one_bound_ask_for_both():
    _, criterion = _rule("AST and ALT > 3 x ULN")
    assert criterion.rule.kind == "all_of"


def test_measures_listed_under_one_bound_in_an_inclusion_must_all_hold():
    _, criterion = _rule("AST, ALT ≤ 3 x ULN", "Inclusion")
    assert criterion.rule.kind == "all_of"


def test_one_measure_out_of_range_excludes():
    profile = {"age": 50, "sex": "female", "labs": [{"name": "ALT", "value": 200, "unit": "U/L", "uln": 40},
                                                   {"name": "AST", "value": 20, "unit": "U/L", "uln": 40}]}
    assert _verdict("AST, ALT > 3 x ULN", profile) == "met"


def test_each_member_keeps_its_window_across_or_any():
    # "or any" between a member's window and the next member broke the list: all_of(both)
    _, criterion = _rule("Investigational agents within 30 days or any anticancer therapy within 3 weeks")
    rule = criterion.rule
    assert rule.kind == "any_of"
    assert [(n.window.high, n.window.unit) for n in rule.items] == [(30, "day"), (3, "week")]


@pytest.mark.parametrize("text", [
    "Interstitial pneumonia or extensive and symptomatic interstitial fibrosis",
    "History of hematologic malignancy or allogeneic/autologous stem cell transplant",
])
def test_the_next_members_own_qualifiers_after_an_or_keep_the_alternatives(text):
    # a status, a pair joined by "and" or a slash after the "or" qualify the next member: they are no
    # connective of their own, and the two members stay alternatives
    _, criterion = _rule(text)
    lists = [n for n in criterion.rule.walk() if n.kind == "any_of"]
    assert lists and len([m for m in lists[0].items if m.kind != "unparsed"]) >= 2


@pytest.mark.parametrize("text, wrong", [
    ("Tattoos or diabetes", "tattoos_diabetes"),
    ("Scars or tumors at the injection site", "scars_tumors"),
    ("History of ventricular dysrhythmias or heart failure", "ventricular_dysrhythmias_failure"),
])
def test_a_plural_noun_before_an_or_shares_no_head(text, wrong):
    # a plural names a thing of its own; read as a qualifier it made up "tattoos diabetes"
    _, criterion = _rule(text)
    assert wrong not in {n.name.lstrip("~") for n in criterion.rule.walk() if getattr(n, "name", None)}


def test_a_required_treatment_is_the_nearest_conditions():
    # "requiring insulin" was a requirement of the whole list: uncontrolled hypertension without
    # insulin no longer excluded
    _, criterion = _rule("Uncontrolled hypertension or diabetes requiring insulin")
    rule = criterion.rule
    assert rule.kind == "any_of"
    assert [n.kind for n in rule.items] == ["condition", "all_of"]
    hypertensive = {"age": 60, "sex": "male", "complete": COMPLETE, "medications": [],
                    "conditions": [{"name": "hypertension", "status": "active", "qualifiers": ["uncontrolled"]}]}
    # read as all_of(either, insulin) a complete list without insulin answered "not excluded"
    assert _verdict("Uncontrolled hypertension or diabetes requiring insulin", hypertensive) == "met"


@pytest.mark.parametrize("text", [
    "Acute bacterial or fungal infection requiring intravenous antibiotics",      # one head: the list's
    "Brain metastases requiring treatment with radiation therapy or steroids",  # a list of treatments
])
def test_a_required_treatment_stays_with_a_shared_head_or_a_list_of_treatments(text):
    _, criterion = _rule(text)
    rule = criterion.rule
    assert rule.kind == "all_of" and rule.items[0].kind in ("any_of", "condition")


# --- conditions a slash alone joins are alternatives ------------------------------------------------

@pytest.mark.parametrize("body, names", [
    ("Pleural/pericardial effusion", {"pleural_effusion", "pericardial_effusion"}),
    ("History of CVA/TIA", {"stroke", "transient_ischemic_attack"}),
    ("Confirmed diagnosis of Crohn's disease/ulcerative colitis", {"crohns_disease", "ulcerative_colitis"}),
])
def test_conditions_joined_by_a_slash_are_alternatives_in_an_inclusion(body, names):
    from evaluate_helpers import rule_of

    rule = rule_of(body)
    lists = [n for n in rule.walk() if n.kind in ("any_of", "all_of") and {getattr(m, "name", None) for m in n.items} == names]
    assert lists and lists[0].kind == "any_of", str(rule)


@pytest.mark.parametrize("body", ["HIV/HBV co-infected adults", "Prior carboplatin/paclitaxel"])
def test_a_co_infection_or_a_regimen_joined_by_a_slash_is_both(body):
    from evaluate_helpers import rule_of

    rule = rule_of(body)
    assert not any(n.kind == "any_of" for n in rule.walk()), str(rule)


# --- a window that closes a list before another member ----------------------------------------------

def test_a_window_after_a_closed_list_is_every_members_of_it():
    """"Major surgery, open biopsy, or traumatic injury within 28 days, or planned major surgery": the
    window closes the list of three; hung on the last alone, surgery years ago excluded."""
    text = ("Major surgical procedure, open biopsy, or significant traumatic injury within 28 days prior to "
            "Day 1, or anticipation of need for major surgical procedure during the study")
    _, criterion = _rule(text)
    past = [n for n in criterion.rule.walk() if n.kind in ("procedure", "condition") and "planned" not in n.status]
    assert len(past) >= 2 and all(n.window is not None for n in past), str(criterion.rule)
    old = {"age": 50, "sex": "male", "procedures": [{"name": "major surgery", "date": "2015-03-01"}],
           "conditions": [], "complete": COMPLETE}
    assert _verdict(text, old) != "met"


@pytest.mark.parametrize("text, hung", [
    ("Stroke, myocardial infarction within 6 months, or unstable angina", {"myocardial_infarction"}),
    ("Myocardial infarction within 6 months or unstable angina", {"myocardial_infarction"}),
])
def test_a_window_inside_an_open_list_stays_its_members(text, hung):
    _, criterion = _rule(text)
    assert {n.name for n in criterion.rule.walk() if getattr(n, "window", None) is not None} == hung


def test_a_condition_with_the_treatment_it_needs_is_one_alternative_after_an_exception():
    """"Autoimmune disease (except vitiligo) or asthma requiring steroids": the exception's ")" kept
    the grammar from the list; the two are alternatives, not both required."""
    _, criterion = _rule("Autoimmune disease (except vitiligo) or asthma requiring steroids")
    assert criterion.rule.kind == "any_of", str(criterion.rule)
    asthma = {"age": 50, "sex": "male", "conditions": [{"name": "asthma"}],
              "medications": [{"name": "prednisone"}], "complete": COMPLETE}
    assert _verdict("Autoimmune disease (except vitiligo) or asthma requiring steroids", asthma) == "met"
