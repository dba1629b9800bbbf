"""A drug class is matched through its members (issue 11): "current use of anticoagulants" holds
for a medication list with apixaban, "prior checkpoint inhibitors" for a therapy of dostarlimab.
The members are data (``lexicons/drug_class_members.tsv``), each a drug of the vocabulary, whose
brand names and ids a record may use; a member of a narrower class belongs to the broader one,
never the reverse. Silence keeps its rule: a complete list holding only non-members clears an
exclusion and leaves an inclusion unknown."""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria.errors import ResourceError
from criteria.resources import event_lexicon
from criteria.vocab import index
from criteria.vocab.index import class_members
from evaluate_helpers import sql_parity

AS_OF = date(2026, 3, 2)
COMPLETE = ["conditions", "therapies", "medications", "procedures"]


def _tree(text: str, section: str = "Exclusion"):
    return criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n")


def _verdict(text: str, drug: str, section: str = "Exclusion", kind: str = "medications") -> str:
    tree = _tree(text, section)
    patient = {kind: [{"name": drug}], "complete": COMPLETE}
    return criteria.evaluate(tree, patient, AS_OF).verdict("E1" if section == "Exclusion" else "I1").value


@pytest.mark.parametrize("text, drug", [
    ("Ongoing treatment with anticoagulants", "apixaban 5 mg twice daily"),
    ("Ongoing treatment with anticoagulants", "tinzaparin"),
    ("Ongoing treatment with anticoagulants", "acenocoumarol"),  # a vitamin K antagonist
    ("Ongoing treatment with anticoagulants", "Eliquis"),  # a brand name the drug vocabulary knows
    ("Chronic systemic corticosteroid use", "methylprednisolone"),
    ("Chronic systemic corticosteroid use", "prednisolone 5 mg"),
    ("Taking immunosuppressive medications", "leflunomide"),
    ("Taking immunosuppressive medications", "tofacitinib"),
    ("Requires antibiotics", "ceftriaxone"),
    ("Taking proton pump inhibitors", "pantoprazole 40 mg"),
    ("Treatment with a GLP-1 receptor agonist", "semaglutide"),
    ("Treatment with tricyclic antidepressants", "nortriptyline"),
    ("Treatment with MAO inhibitors", "phenelzine"),
    ("Treatment with antidepressants", "tranylcypromine"),  # an MAO inhibitor is an antidepressant
    ("Treatment with antipsychotics", "ziprasidone"),
    ("Treatment with antiepileptic drugs", "lacosamide"),
    ("Treatment with strong CYP3A4 inducers", "apalutamide"),
    ("Concomitant bisphosphonates", "zoledronic acid"),
    ("Concomitant diuretics", "bumetanide"),
    ("Treatment with SGLT2 inhibitors", "empagliflozin"),
    ("Treatment with oral antidiabetic drugs", "sitagliptin"),  # a DPP-4 inhibitor is an oral antidiabetic
    ("Treatment with oral antidiabetic drugs", "metformin 500 mg"),
    ("Use of antihistamines", "loratadine"),
    ("Use of somatostatin analogues", "lanreotide"),
    ("Received a live vaccine within 30 days", "yellow fever vaccine"),
])
def test_a_member_on_record_meets_the_class(text, drug):
    assert _verdict(text, drug) == "met"


@pytest.mark.parametrize("text, drug", [
    ("Previous treatment with an immune checkpoint inhibitor", "dostarlimab"),
    ("Previous treatment with GnRH agonists", "leuprolide"),
    ("Previous treatment with a MEK inhibitor", "binimetinib"),
    ("Previous treatment with an antibody-drug conjugate", "Kadcyla"),
    ("Previous treatment with an HDAC inhibitor", "vorinostat"),
    ("Previous treatment with a nitrosourea", "streptozocin"),
])
def test_a_member_among_the_therapies_meets_a_therapy_class(text, drug):
    assert _verdict(text, drug, kind="therapies") == "met"


@pytest.mark.parametrize("text, drug", [
    ("Treatment with SSRIs", "amitriptyline"),  # a tricyclic is no SSRI: the broader class is not the narrower
    ("Treatment with tricyclic antidepressants", "sertraline"),
    ("Taking proton pump inhibitors", "famotidine"),
    ("Ongoing treatment with anticoagulants", "clopidogrel"),  # an antiplatelet drug
    ("Received a live vaccine within 30 days", "hepatitis A vaccine"),  # an inactivated vaccine
])
def test_a_complete_list_of_non_members_clears_an_exclusion(text, drug):
    assert _verdict(text, drug) == "not_met"


def test_a_complete_list_of_non_members_leaves_an_inclusion_unknown():
    # silence never fails an inclusion (docs/evaluation.md); a member settles it
    assert _verdict("Currently receiving anticoagulant therapy", "metformin", "Inclusion") == "unknown"
    assert _verdict("Currently receiving anticoagulant therapy", "edoxaban", "Inclusion") == "met"


def test_every_class_is_a_drug_concept_and_every_member_a_drug():
    drug_concepts = {c.name for c in event_lexicon() if c.kind in ("medication", "prior_therapy")}
    members = class_members()
    assert {"anticoagulant", "corticosteroid", "immunosuppressive_therapy", "proton_pump_inhibitors"} <= members.keys()
    assert members.keys() <= drug_concepts
    assert all(e.kind in ("medication", "prior_therapy") for found in members.values() for e in found)


@pytest.mark.parametrize("line, message", [
    ("anticoagulant\tzorbulaban\tmade up\n", "no drug"),
    ("zorbulase_blocker\twarfarin\tmade up\n", "no medication or therapy concept"),
    ("anticoagulant\tapixaban|apixaban\tmade up\n", "listed twice"),
    ("anticoagulant\tapixaban\n", "tab-separated"),
    ("anticoagulant\tapixaban\t \n", "no source"),
])
def test_a_broken_line_is_a_resource_error(tmp_path, monkeypatch, line, message):
    broken = tmp_path / "drug_class_members.tsv"
    broken.write_text(line, encoding="utf-8")
    real = index.data_path
    monkeypatch.setattr(index, "data_path", lambda *parts: broken if parts[-1] == broken.name else real(*parts))
    index.class_members.cache_clear()
    try:
        with pytest.raises(ResourceError, match=message):
            index.class_members()
    finally:
        index.class_members.cache_clear()


def test_sql_reads_the_members_as_the_evaluator_does():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Ongoing treatment with anticoagulants\n"
                                   "* Taking proton pump inhibitors\n* Treatment with MAO inhibitors\n"
                                   "* Previous treatment with an immune checkpoint inhibitor\n")
    differences, seen = sql_parity(tree, 600, seed=11, as_of=AS_OF)
    assert differences == []
    assert seen[0] and seen[1], seen  # met and not met both occur


@pytest.mark.parametrize("text, kind, name", [
    ("Previously treated with taxanes", "prior_therapy", "taxane"),  # was unread
    ("Prior taxane-based chemotherapy", "prior_therapy", "taxane"),
    ("Ongoing treatment with beta-blockers", "medication", "beta_blocker"),  # was read as any antihypertensive
    ("Taking ACE inhibitors", "medication", "ace_inhibitor"),
])
def test_a_class_is_read_as_itself(text, kind, name):
    rule = _tree(text).exclusion[0].rule
    assert [(n.kind, n.name) for n in rule.walk() if n.kind == kind] == [(kind, name)]
    assert "unparsed" not in [n.kind for n in rule.walk()]


@pytest.mark.parametrize("text, drug, kind, verdict", [
    ("Previously treated with taxanes", "cabazitaxel", "therapies", "met"),
    ("Previously treated with taxanes", "Taxotere", "therapies", "met"),  # docetaxel's brand name
    ("Previously treated with taxanes", "epirubicin", "therapies", "not_met"),
    ("Previously treated with chemotherapy", "cabazitaxel", "therapies", "met"),  # a taxane is chemotherapy
    ("Ongoing treatment with beta-blockers", "bisoprolol", "medications", "met"),
    ("Ongoing treatment with beta-blockers", "ramipril", "medications", "not_met"),  # an ACE inhibitor is no beta blocker
    ("Taking ACE inhibitors", "ramipril", "medications", "met"),
    ("Taking antihypertensive medication", "carvedilol", "medications", "met"),  # the kinds of antihypertensives
    ("Taking antihypertensive medication", "amlodipine", "medications", "met"),
    ("Taking antihypertensive medication", "candesartan", "medications", "met"),
])
def test_the_new_classes_are_matched_by_their_members(text, drug, kind, verdict):
    assert _verdict(text, drug, kind=kind) == verdict


@pytest.mark.parametrize("text, drug, verdict", [
    ("Current antiretroviral therapy", "dolutegravir", "met"),
    ("Current antiretroviral therapy", "atazanavir", "met"),
    ("Current antiretroviral therapy", "valacyclovir", "not_met"),  # an antiviral, not an antiretroviral
    ("Current antiviral therapy", "valacyclovir", "met"),
    ("Current antiviral therapy", "dolutegravir", "met"),  # an antiretroviral is an antiviral
])
def test_antiretroviral_therapy_is_a_kind_of_antiviral_therapy(text, drug, verdict):
    assert _verdict(text, drug) == verdict


@pytest.mark.parametrize("drug, verdict", [
    ("ceftriaxone IV", "met"),
    ("amoxicillin oral", "not_met"),  # the record states another route
    ("amoxicillin", "unknown"),  # an antibiotic by an unstated route may be intravenous
])
def test_the_route_of_a_class_is_a_qualifier_its_members_must_state(drug, verdict):
    # "intravenous antibiotics" was one phrase of the class: any antibiotic met it, by mouth too
    assert _verdict("Use of IV antibiotics within 2 weeks", drug) == verdict


@pytest.mark.parametrize("text, drug, verdict", [
    ("Current use of bisphosphonates", "alendronate", "met"),
    ("Current use of bisphosphonates", "denosumab", "not_met"),  # a RANKL antibody, no bisphosphonate
    ("Current use of bisphosphonates or denosumab", "Xgeva", "met"),
])
def test_denosumab_is_no_bisphosphonate(text, drug, verdict):
    assert _verdict(text, drug) == verdict


@pytest.mark.parametrize("text, drug, verdict", [
    ("Use of G-CSF within 2 weeks", "pegfilgrastim", "met"),
    ("Use of G-CSF within 2 weeks", "darbepoetin alfa", "not_met"),  # an erythropoietin, no G-CSF
    ("Use of erythropoietin within 4 weeks", "Aranesp", "met"),
    ("Use of erythropoietin within 4 weeks", "filgrastim", "not_met"),
    ("Use of hematopoietic growth factors", "Neupogen", "met"),  # both are growth factors
    ("Use of hematopoietic growth factors", "darbepoetin alfa", "met"),
])
def test_g_csf_and_erythropoietin_are_kinds_of_growth_factor_not_each_other(text, drug, verdict):
    assert _verdict(text, drug) == verdict


@pytest.mark.parametrize("text, drug, verdict", [
    ("Treatment with loop diuretics", "torsemide", "met"),
    ("Treatment with loop diuretics", "chlorthalidone", "not_met"),  # a thiazide-like diuretic
    ("Treatment with thiazide diuretics", "indapamide", "met"),
    ("Treatment with furosemide", "bumetanide", "not_met"),  # a drug is no longer a phrase of its class
    ("Treatment with diuretics", "Lasix", "met"),
])
def test_loop_and_thiazide_diuretics_are_kinds_of_diuretic(text, drug, verdict):
    assert _verdict(text, drug) == verdict
