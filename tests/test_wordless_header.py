"""A section header whose words were lost: only its colon is left on a line of its own.

Registry exports often print "Exclusion Criteria:" so ("inclusion criteria: … \\n\\n \\n: \\n\\n Patients
< 18 years old …", 334 trials of the dev corpus). Read as an untitled sub-heading, every exclusion
after it had been an inclusion: "Patients < 18 years old" required. Texts of our own."""

from criteria import parse_criteria

TEXT = ("inclusion criteria: \n\n Age >= 18 years \n\n ECOG performance status 0-1 \n\n \n: \n\n"
        " Patients < 18 years old \n\n Pregnant women \n")


def test_the_list_after_a_lone_colon_is_the_exclusion_criteria():
    tree = parse_criteria(TEXT)
    assert [c.text.strip() for c in tree.inclusion] == ["Age >= 18 years", "ECOG performance status 0-1"]
    assert [c.text.strip() for c in tree.exclusion] == ["Patients < 18 years old", "Pregnant women"]
    assert [n.code for n in tree.notices] == ["wordless_exclusion_header"]


def test_a_lone_colon_before_any_criterion_opens_nothing():
    tree = parse_criteria(" \n: \n\n Age >= 18 years \n\n Pregnant women \n")
    assert not tree.exclusion
    assert "wordless_exclusion_header" not in [n.code for n in tree.notices]


def test_criteria_without_a_header_then_a_lone_colon_are_inclusions_then_exclusions():
    tree = parse_criteria(" Age >= 18 years \n\n \n: \n\n Pregnant women \n")
    assert [c.text.strip() for c in tree.exclusion] == ["Pregnant women"]


def test_a_header_right_after_the_colon_says_it_itself_and_no_notice_is_given():
    text = ("inclusion criteria: \n\n Age >= 18 years \n\n \n: \n\n"
            " Patients will be excluded for any of the following reasons: \n\n Pregnant women \n")
    tree = parse_criteria(text)
    assert [c.text.strip() for c in tree.exclusion] == ["Pregnant women"]
    assert "wordless_exclusion_header" not in [n.code for n in tree.notices]


def test_a_colon_ending_a_line_of_words_is_no_header():
    tree = parse_criteria("Inclusion Criteria:\n\n* Adequate organ function as follows:\n\n* ANC >= 1500/uL\n")
    assert not tree.exclusion and len(tree.inclusion) >= 1
