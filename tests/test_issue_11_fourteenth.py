"""Issue 11, small classes read this session, each on sentences of our own."""

from evaluate_helpers import nodes_of


def statuses(body: str, section: str = "Inclusion") -> dict[str, tuple[str, ...]]:
    return {n.name: tuple(n.status) for n in nodes_of(body, section) if n.kind in ("procedure", "prior_therapy")}


def test_amenable_to_a_treatment_is_being_a_candidate_for_it():
    assert statuses("Tumour amenable to surgical resection") == {"surgery": ("planned",)}
    nodes = nodes_of("Not amenable to surgery or radiotherapy", "Inclusion")
    assert nodes[0].kind == "not" and not any(n.kind == "unparsed" for n in nodes)


def names(body: str, section: str = "Exclusion") -> set[str]:
    return {n.name for n in nodes_of(body, section) if getattr(n, "name", None)}


def test_a_protein_named_after_a_growth_factor_is_no_growth_factor_given():
    # "human epidermal growth factor receptor 2" is HER2, not the drug nepidermin nor G-CSF
    assert not names("HER2-positive (human epidermal growth factor receptor 2) gastric cancer") & {
        "nepidermin", "hematopoietic_growth_factor"}
    assert "hematopoietic_growth_factor" not in names("Prior vascular endothelial growth factor receptor inhibitors")
    assert names("Use of hematopoietic growth factors within 14 days") == {"hematopoietic_growth_factor"}


def test_growth_factor_receptor_inhibitors_spelled_out_are_their_drug_class():
    assert names("Prior epidermal growth factor receptor tyrosine kinase inhibitor therapy") == {"egfr_inhibitor"}
    assert "vegf_inhibitor" in names("Prior treatment with other vascular endothelial growth factor inhibitors")
