"""Event terms added to the lexicon from the wholly-unparsed criteria of the development corpus:
real-shaped criteria (ClinicalTrials.gov API v2 markdown) get the typed node of each kind."""

import pytest

from criteria import parse_criteria
from criteria.resources import event_lexicon


def _events(text: str, section: str = "Exclusion") -> list[tuple[str, str, tuple[str, ...]]]:
    tree = parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    criteria = tree.exclusion if section == "Exclusion" else tree.inclusion
    (criterion,) = criteria
    return [
        (node.kind, node.name, tuple(node.status))
        for node in criterion.rule.walk()
        if node.kind in ("condition", "prior_therapy", "medication", "procedure")
    ]


@pytest.mark.parametrize(("text", "expected"), [
    ("History of myasthenia gravis", [("condition", "myasthenia_gravis", ("history",))]),
    ("Active peptic ulcer disease", [("condition", "peptic_ulcer_disease", ("active",))]),
    ("Malabsorption syndrome", [("condition", "malabsorption", ())]),
    ("History of pancreatitis", [("condition", "pancreatitis", ("history",))]),
    ("History of torsades de pointes", [("condition", "torsades_de_pointes", ("history",))]),
    ("Clinically significant peripheral vascular disease",
     [("condition", "peripheral_vascular_disease", ("significant",))]),
    ("Known history of neuroleptic malignant syndrome",
     [("condition", "neuroleptic_malignant_syndrome", ("history",))]),
    ("History of organ allograft", [("condition", "solid_organ_transplant", ("history",))]),
    ("Uncontrolled hypothyroidism", [("condition", "hypothyroidism", ("uncontrolled",))]),
    ("Claustrophobia", [("condition", "claustrophobia", ())]),
    ("History of suicide attempt", [("condition", "suicidality", ("history",))]),
    # the abbreviation in parentheses is the same term again: one event
    ("Active graft-versus-host disease (GVHD)", [("condition", "graft_versus_host_disease", ("active",))]),
    # small lymphocytic lymphoma is the same disease as CLL, seen in the nodes
    ("Small lymphocytic lymphoma", [("condition", "chronic_lymphocytic_leukemia", ())]),
])
def test_condition_terms(text, expected):
    assert _events(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Prior treatment with a CDK4/6 inhibitor", [("prior_therapy", "cdk46_inhibitor", ())]),
    ("Prior treatment with a PARP inhibitor", [("prior_therapy", "parp_inhibitor", ())]),
    ("Previous treatment with an mTOR inhibitor", [("prior_therapy", "mtor_inhibitor", ())]),
    ("Prior chemoradiotherapy", [("prior_therapy", "chemoradiotherapy", ())]),
])
def test_prior_therapy_terms(text, expected):
    assert _events(text) == expected


def test_prior_therapy_terms_carry_their_class():
    (node,) = [n for n in parse_criteria("Exclusion Criteria:\n\n* Prior treatment with adalimumab\n")
               .exclusion[0].rule.walk() if n.kind == "prior_therapy"]
    assert (node.name, node.therapy_class) == ("adalimumab", "tnf_inhibitor")


@pytest.mark.parametrize(("text", "expected"), [
    ("Phenytoin", [("medication", "phenytoin", ())]),
    ("Ritonavir", [("medication", "ritonavir", ())]),
    ("Current use of monoamine oxidase inhibitors", [("medication", "mao_inhibitor", ("current",))]),
    ("Use of St. John's wort within 14 days", [("medication", "st_johns_wort", ("current",))]),
    ("Hypericum perforatum", [("medication", "st_johns_wort", ())]),
])
def test_medication_terms(text, expected):
    assert _events(text) == expected


def test_strong_and_moderate_cyp3a_inhibitors_keep_distinct_classes():
    by_name = {c.name: c for c in event_lexicon() if c.kind == "medication"}
    assert by_name["ritonavir"].group == by_name["voriconazole"].group == "cyp3a_inhibitor"
    assert by_name["verapamil"].group == "calcium_channel_blocker"
    assert by_name["fluconazole"].group == "antifungal"


@pytest.mark.parametrize(("text", "expected"), [
    ("Bilateral oophorectomy", [("procedure", "bilateral_oophorectomy", ())]),
    ("Current use of long-term oxygen therapy", [("procedure", "oxygen_therapy", ("current",))]),
    ("Ileostomy or colostomy", [("procedure", "ostomy", ()), ("procedure", "ostomy", ())]),
    ("Requiring total parenteral nutrition", [("procedure", "parenteral_nutrition", ("current",))]),
])
def test_procedure_terms(text, expected):
    assert _events(text) == expected


def test_a_list_of_new_terms_joins_into_alternatives():
    tree = parse_criteria("Exclusion Criteria:\n\n* Use of phenytoin, carbamazepine or phenobarbital\n")
    rule = tree.exclusion[0].rule
    assert rule.kind == "any_of"
    assert [n.name for n in rule.items] == ["phenytoin", "carbamazepine", "phenobarbital"]
    assert {c.group for c in event_lexicon() if c.name in ("phenytoin", "carbamazepine")} == {"antiepileptic"}


def test_words_that_name_measurements_are_not_drug_terms():
    """'post-bronchodilator FEV1' and 'free thyroxine' are measurements, not treatments."""
    for text in ("Post-bronchodilator FEV1 < 70% predicted", "Free thyroxine within normal limits"):
        assert all(kind != "medication" for kind, _, _ in _events(text, "Inclusion")), text


@pytest.mark.parametrize(("text", "expected"), [
    ("Prior TURP", [("procedure", "transurethral_resection_of_prostate", ("history",))]),
    ("Transurethral resection of bladder tumor within 4 weeks",
     [("procedure", "transurethral_resection_of_bladder_tumor", ())]),
])
def test_transurethral_resections(text, expected):
    assert _events(text) == expected


def test_peritoneal_is_the_peritoneum_not_the_ovary():
    # "peritoneal carcinomatosis" was read as carcinomatosis of the ovary
    tree = parse_criteria("Exclusion Criteria:\n\n* Peritoneal carcinomatosis\n* Primary peritoneal or ovarian cancer\n")
    first, second = tree.exclusion
    assert "ovary" not in first.rule.name
    assert sorted(n.site for n in second.rule.walk() if getattr(n, "site", None)) == ["ovary", "peritoneum"]


@pytest.mark.parametrize("text, names", [
    ("History of stroke(s) or seizures", {"stroke", "epilepsy"}),
    ("Platelet count(s) below 20,000", set()),
    ("Brain metastasis(es)", {"cns_metastases"}),
])
def test_an_optional_plural_is_no_part_of_the_word(text, names):
    # "stroke(s" was one token: the stroke went unread and its words stayed beside the rules
    tree = parse_criteria(f"Exclusion Criteria:\n\n* {text}\n")
    [criterion] = tree.exclusion
    rule = criterion.rule
    assert not [n for n in rule.walk() if n.kind == "unparsed"]
    assert names <= {getattr(n, "name", None) for n in rule.walk()}


@pytest.mark.parametrize("text", [
    "Intention of becoming pregnant during the study",
    "Plans for pregnancy within the next year",
    "Pregnancy or breastfeeding, or intention of becoming pregnant",
])
def test_an_intention_of_pregnancy_is_a_plan_not_a_pregnancy(text):
    # "intention of becoming pregnant" read as being pregnant, with the intention left over
    tree = parse_criteria(f"Exclusion Criteria:\n\n* {text}\n")
    names = {getattr(n, "name", None) for n in tree.exclusion[0].rule.walk()}
    assert "pregnancy_plan" in names
    assert not [n for n in tree.exclusion[0].rule.walk() if n.kind == "unparsed" and "intention" in n.text.lower()]


@pytest.mark.parametrize("text", ["Is receiving any other systemic tumor therapy", "Prior anti-tumor treatments"])
def test_a_tumor_therapy_is_an_anticancer_therapy_not_a_tumor(text):
    tree = parse_criteria(f"Exclusion Criteria:\n\n* {text}\n")
    names = {getattr(n, "name", None) for n in tree.exclusion[0].rule.walk()}
    assert "anticancer_therapy" in names and "malignancy" not in names


@pytest.mark.parametrize("text, value", [
    ("Post-bronchodilator FEV1/FVC of < 0.70", 0.7),
    ("pre-bronchodilator FEV1/FVC < 0.7", 0.7),
    ("FEV1/forced vital capacity (FVC) < 70%", 70.0),
])
def test_fev1_over_fvc_is_one_ratio_not_two_bounds(text, value):
    # "pre-bronchodilator FEV1" was a name of FEV1 and took the first words: the ratio's bound was
    # read as a bound on FEV1 and another on FVC, in litres, which no patient's lungs meet
    tree = parse_criteria(f"Inclusion Criteria:\n\n* {text}\n")
    rule = tree.inclusion[0].rule
    assert (rule.kind, rule.analyte, rule.value) == ("measure_threshold", "fev1_fvc", value)
