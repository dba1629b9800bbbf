"""Issue 11, small classes read this session, each on sentences of our own."""

from evaluate_helpers import nodes_of


def statuses(body: str, section: str = "Inclusion") -> dict[str, tuple[str, ...]]:
    return {n.name: tuple(n.status) for n in nodes_of(body, section) if n.kind in ("procedure", "prior_therapy")}


def test_amenable_to_a_treatment_is_being_a_candidate_for_it():
    assert statuses("Tumour amenable to surgical resection") == {"surgery": ("planned",)}
    nodes = nodes_of("Not amenable to surgery or radiotherapy", "Inclusion")
    assert nodes[0].kind == "not" and not any(n.kind == "unparsed" for n in nodes)
