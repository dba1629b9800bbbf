"""Golden-style test of issue 4 on the seed trial NCT06893783 (flattened onto one line).

Nodes are compared with ``==``, which ignores spans: each expected node is written out in
full, as the tree must hold it.
"""

from pathlib import Path

import pytest

from criteria import parse_criteria
from criteria.tree.nodes import (
    AllOf, AnyOf, Code, Condition, Consent, DoseLimit, Except, MeasureThreshold, Medication, Not, PriorTherapy,
    Procedure, Reproductive,
    Sex, TimeWindow,
)

SEED = Path(__file__).parent / "data" / "NCT06893783.txt"


@pytest.fixture(scope="module")
def tree():
    return parse_criteria(SEED.read_text(encoding="utf-8"))


def criterion(tree, start: str):
    found = [c for c in tree.criteria() if c.text.startswith(start)]
    assert found, f"no criterion starts with {start!r}"
    return found[0]


def nodes(rule):
    return list(rule.walk()) if rule is not None else []


def within(value, unit, anchor="first_dose", assumed=False, relation="before"):
    return TimeWindow(high=value, unit=unit, anchor=anchor, anchor_assumed=assumed, relation=relation)


def at_least(value, unit, anchor="first_dose", assumed=False):
    return TimeWindow(low=value, unit=unit, anchor=anchor, anchor_assumed=assumed)


def test_cohorts_with_primary_sites(tree):
    names = [c.name for c in tree.cohorts]
    assert names == ["Cohort 1", "Cohort 2"]
    one, two = tree.cohorts
    assert one.label == "gastrointestinal and pancreaticobiliary cohort"
    sites = lambda cohort: [n.site for n in cohort.condition.walk() if isinstance(n, Condition)]  # noqa: E731
    assert isinstance(one.condition, AnyOf)
    assert sites(one) == ["stomach", "esophagus", "small_intestine", "colorectum", "pancreas", "bile_duct"]
    assert sites(two) == ["prostate", "bladder", "ureter", "urethra", "kidney"]
    assert all(n.name == "malignancy" for n in one.condition.walk() if isinstance(n, Condition))


def test_progression_after_one_platinum_regimen(tree):
    rule = criterion(tree, "Subject has progressed or recurred").rule
    assert PriorTherapy(name="platinum_based_therapy", therapy_class="platinum", code=Code(system="ATC", code="L01XA"),
                        count_op="==", count=1) in nodes(rule)


def test_cns_metastases_with_treated_and_stable_exception(tree):
    top = criterion(tree, "Symptomatic central nervous system")
    assert isinstance(top.rule, Except)
    assert top.rule.item == Condition(name="cns_metastases", status=("symptomatic",), code=Code(system="SNOMED CT", code="94225005"))
    exempt = [n for e in top.rule.exceptions for n in e.walk()]
    assert Condition(name="cns_metastases", status=("treated",), code=Code(system="SNOMED CT", code="94225005")) in exempt
    assert Condition(name="cns_metastases", status=("untreated", "asymptomatic"),
                     code=Code(system="SNOMED CT", code="94225005")) in exempt
    # the conditions of the treated-metastases exemption: clinically stable, radiation at least 2 weeks before
    assert Condition(name="cns_metastases", status=("stable",), code=Code(system="SNOMED CT", code="94225005")) in exempt
    assert any(isinstance(n, PriorTherapy) and n.name == "radiotherapy" and n.window == at_least(2, "week") for n in exempt)
    assert [s.role for s in top.subcriteria] == ["exception", "exception"]


def test_leptomeningeal_and_ici_toxicity(tree):
    lepto = criterion(tree, "Diagnosis or evidence of leptomeningeal disease").rule
    assert Condition(name="leptomeningeal_disease", status=("active",)) in nodes(lepto)
    assert PriorTherapy(name="immune_checkpoint_inhibitor", therapy_class="checkpoint_inhibitor",
                        status=("history",)) in nodes(lepto)
    toxicity = criterion(tree, "Any severe or life-threatening immune-mediated").rule
    assert Condition(name="immune_related_adverse_event", status=("severe",)) in nodes(toxicity)
    grade = criterion(tree, "Grade ≥ 2 immune-mediated").rule
    assert any(isinstance(n, Except) for n in nodes(grade))  # "Exception: … endocrinopathy …"


def test_autoimmune_transplant_other_malignancy(tree):
    autoimmune = criterion(tree, "Active autoimmune disease").rule
    # "that has required systemic treatment … within the past 2 years": the disease needed treatment then
    # (it had been an anticancer therapy asked beside the disease)
    assert Condition(name="autoimmune_disease", status=("active", "needs_treatment"), code=Code(system="SNOMED CT", code="85828009"),
                     window=within(2, "year", "enrollment", True)) in nodes(autoimmune)
    assert not any(n.kind == "prior_therapy" for n in nodes(autoimmune))
    assert any(isinstance(n, Except) and n.exceptions[0].name == "replacement_therapy" for n in nodes(autoimmune))
    assert criterion(tree, "History of solid organ transplantation").rule == Condition(
        name="solid_organ_transplant", status=("history",))
    malignancy = criterion(tree, "History of other malignancy").rule
    assert isinstance(malignancy, Except)
    assert malignancy.item == Condition(name="other_malignancy", status=("history",),
                                        window=within(2, "year", "enrollment", True))
    assert len(malignancy.exceptions) == 4
    exempt = [n for e in malignancy.exceptions for n in e.walk()]
    assert Condition(name="non_melanoma_skin_cancer", status=("treated",)) in exempt
    # "without evidence of active disease, cervical …, breast ductal carcinoma in situ": the list's "active"
    assert Condition(name="breast_carcinoma_in_situ", status=("active",)) in exempt
    assert Condition(name="prostatic_intraepithelial_neoplasia") in exempt


def test_cardiovascular_within_12_months(tree):
    rule = criterion(tree, "Myocardial infarction").rule
    window = within(12, "month")
    # the heart failure of NYHA class III or IV: a record of class I heart failure does not exclude
    assert AnyOf(items=(
        Condition(name="myocardial_infarction", code=Code(system="SNOMED CT", code="22298006"), window=window),
        AllOf(items=(Condition(name="congestive_heart_failure", status=("symptomatic",),
                               code=Code(system="SNOMED CT", code="42343007"), window=window),
                     MeasureThreshold(analyte="nyha", op=">", value=2))),
    )) in nodes(rule)
    thrombosis = criterion(tree, "History of arterial thrombosis").rule  # its examples are alternatives (issue 11)
    assert thrombosis.kind == "any_of"
    assert [n.name for n in thrombosis.items] == ["arterial_thrombosis", "stroke", "transient_ischemic_attack"]
    assert {n.window for n in thrombosis.items} == {within(12, "month", "first_dose")}


def test_viral_infections_with_their_exceptions(tree):
    hiv = criterion(tree, "Presence/history of viral infection").rule
    assert isinstance(hiv, Except)
    assert Condition(name="hiv_infection", code=Code(system="SNOMED CT", code="86406008")) in nodes(hiv.item)
    assert Condition(name="undetectable_viral_load") in [n for e in hiv.exceptions for n in e.walk()]
    hcv = criterion(tree, "Active hepatitis C infection").rule
    assert isinstance(hcv, Except)
    assert Condition(name="hepatitis_c", status=("active",), code=Code(system="SNOMED CT", code="50711007")) in nodes(hcv.item)
    hbv = criterion(tree, "Active hepatitis B infection").rule
    assert isinstance(hbv, Except) and len(hbv.exceptions) == 2
    exempt = [n for e in hbv.exceptions for n in e.walk()]
    assert Condition(name="hepatitis_b", status=("resolved",), code=Code(system="SNOMED CT", code="66071002")) in exempt
    assert Condition(name="hepatitis_b", status=("chronic",), code=Code(system="SNOMED CT", code="66071002")) in exempt


def test_corticosteroids_within_7_days_with_low_dose_allowed(tree):
    rule = criterion(tree, "Receiving systemic corticosteroid therapy").rule
    assert isinstance(rule, Except)
    assert Medication(name="immunosuppressive_therapy", drug_class="immunosuppressant", status=("current",),
                      code=Code(system="ATC", code="L04"), window=within(7, "day")) in nodes(rule.item)
    # "systemic corticosteroid therapy or any other form of immunosuppressive therapy within 7 days":
    # one list, so the window holds for both
    assert Medication(name="corticosteroid", drug_class="corticosteroid", status=("current",),
                      code=Code(system="ATC", code="H02"), window=within(7, "day")) in nodes(rule.item)
    prednisone = Medication(name="prednisone", drug_class="corticosteroid", code=Code(system="RxNorm", code="8640"),
                            dose=DoseLimit(op="<=", value=10, unit="mg/day"))
    assert prednisone in [n for e in rule.exceptions for n in e.walk()]


def test_lung_disease_and_prior_therapies(tree):
    assert Condition(name="interstitial_lung_disease", status=("active",), code=Code(system="SNOMED CT", code="233703007")) in nodes(
        criterion(tree, "Evidence of interstitial lung disease").rule)
    assert criterion(tree, "Prior therapy with tarlatamab").rule == PriorTherapy(name="tarlatamab", therapy_class="dll3_targeted")
    assert criterion(tree, "Prior therapy with any selective inhibitor").rule == PriorTherapy(
        name="dll3_targeted_therapy", therapy_class="dll3_targeted")
    regimens = criterion(tree, "Subject received more than 2 prior").rule
    assert PriorTherapy(name="systemic_therapy", therapy_class="anticancer", count_op=">", count=2) in nodes(regimens)


def test_anticancer_therapy_within_21_days_with_exceptions(tree):
    rule = criterion(tree, "Prior anti-cancer therapy within 21 days").rule
    assert isinstance(rule, Except)
    assert rule.item == PriorTherapy(name="anticancer_therapy", therapy_class="anticancer", window=within(21, "day"))
    exempt = [n for e in rule.exceptions for n in e.walk()]
    assert PriorTherapy(name="chemotherapy", therapy_class="chemotherapy",
                        window=at_least(14, "day", "enrollment", True)) in exempt
    assert PriorTherapy(name="radiotherapy", therapy_class="radiotherapy", window=at_least(7, "day")) in exempt


def test_interacting_drugs_surgery_vaccines_and_studies(tree):
    pgp = criterion(tree, "Any herbal or prescription/non-prescription medications known to inhibit").rule
    seven = within(7, "day")
    assert Medication(name="pgp_inhibitor", drug_class="transporter_inhibitor", window=seven) in nodes(pgp)
    assert Medication(name="bcrp_inhibitor", drug_class="transporter_inhibitor", window=seven) in nodes(pgp)
    assert Medication(name="cyp3a_inhibitor", drug_class="cyp3a_inhibitor", window=seven) in nodes(pgp)
    # "herbal or prescription/non-prescription medications known to inhibit P-gp": the class is asked,
    # the kinds of medication describe it (a prescription P-gp inhibitor excludes as well)
    first_sentence = [n for n in nodes(pgp) if getattr(n, "name", None) in ("pgp_inhibitor", "herbal_medication")]
    assert [n.name for n in first_sentence] == ["pgp_inhibitor"]
    # the examples "(including … clarithromycin, itraconazole, ketoconazole)" are alternatives beside their
    # class (issue 11), never criteria of their own
    lists = [n for n in nodes(pgp) if n.kind == "any_of" and any(getattr(m, "name", None) == "clarithromycin" for m in n.items)]
    assert lists and all(lst.items[0].name != "clarithromycin" for lst in lists)
    inducers = criterion(tree, "Any herbal or prescription/non-prescription medications known to be moderate").rule
    assert Medication(name="cyp3a_inducer", drug_class="cyp3a_inducer", window=within(28, "day")) in nodes(inducers)
    surgery = criterion(tree, "Major surgical procedures").rule
    assert Procedure(name="major_surgery", window=within(28, "day")) in nodes(surgery)
    # no code: ATC J07 is every vaccine, not the live (or inactivated) ones
    assert Medication(name="live_vaccine", drug_class="vaccine", status=("history",),
                      window=within(14, "day")) in nodes(surgery)
    assert Medication(name="inactivated_vaccine", drug_class="vaccine", window=within(3, "day")) in nodes(surgery)
    study = criterion(tree, "Currently receiving treatment in another investigational").rule
    assert any(isinstance(n, PriorTherapy) and n.therapy_class == "investigational"
               and n.window == within(30, "day", "enrollment", True) for n in nodes(study))


def test_pregnancy_breastfeeding_contraception(tree):
    after = within(60, "day", "last_dose", relation="after")
    contraception = criterion(tree, "Female subjects of childbearing potential unwilling").rule
    assert Sex(sex="female") in nodes(contraception)
    assert Not(item=Reproductive(name="contraception", window=after)) in nodes(contraception)
    breastfeeding = criterion(tree, "Female subjects who are breastfeeding").rule
    assert Reproductive(name="breastfeeding", window=after) in nodes(breastfeeding)
    pregnant = criterion(tree, "Female subjects planning to become pregnant").rule
    # a plan to become pregnant, not a pregnancy (issue 11: intentions are no history)
    assert Reproductive(name="pregnancy_plan", window=after) in nodes(pregnant)
    # "the last dose of tarlatamab" names the anchor's drug: no prior-therapy node for it
    assert not any(getattr(n, "name", None) == "tarlatamab" for n in nodes(pregnant))


def test_consent_is_typed_and_its_words_are_a_remark(tree):
    consent = criterion(tree, "Subject has provided informed consent")
    assert isinstance(consent.rule, Consent)
    assert [r.text for r in consent.remarks] == ["prior to initiation of any study specific activities/procedures"]


def test_exception_records_are_flagged_and_not_repeated(tree):
    records = tree.to_records()
    malignancy = [r for r in records if r["criterion"] == criterion(tree, "History of other malignancy").id]
    assert malignancy[0]["field"] == "other_malignancy" and malignancy[0]["exempt"] is False
    assert malignancy[0]["window_high"] == 2 and malignancy[0]["window_unit"] == "year"
    assert malignancy[0]["anchor"] == "enrollment" and malignancy[0]["anchor_assumed"] is True
    assert any(r["exempt"] for r in malignancy)
    ids = {r["criterion"] for r in records}
    assert not any(c.id in ids for c in tree.criteria() if c.role == "exception")
    regimens = [r for r in records if r.get("count") is not None]
    assert {"count_op": ">", "count": 2} in [{"count_op": r["count_op"], "count": r["count"]} for r in regimens]


def test_every_node_carries_a_span_into_the_original_text(tree):
    for criterion in tree.criteria():
        for node in criterion.rule.walk() if criterion.rule is not None else ():
            assert node.span is not None, node.kind
            assert 0 <= node.span.start < node.span.end <= len(tree.text)
            window = getattr(node, "window", None)
            if window is not None:
                assert window.span is not None and window.span.slice(tree.text).strip()
    first_dose = [n.window for c in tree.criteria() if c.rule for n in c.rule.walk()
                  if getattr(n, "window", None) is not None and n.window.anchor == "first_dose"]
    assert all("first dose" in w.span.slice(tree.text) for w in first_dose)
