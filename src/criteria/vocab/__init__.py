"""Field vocabularies of conditions and drugs, with codes (see docs/vocabularies.md).

Built at build time by ``tools/vocab_build.py`` (``make vocab``) from two MIT-licensed packages —
``simple-icd-10-cm`` (the CMS ICD-10-CM tabular list) and ``drug-named-entity-recognition``
(drug names and synonyms with DrugBank and MeSH ids) — into compact files under
``criteria/data/vocab/``; neither package is needed or imported at run time.

* :mod:`.index` loads those files, once, on first use;
* :mod:`.marker` is the ``criteria_vocab`` spaCy component: a PhraseMatcher over the index, built
  on the first text that has a word our own lexicons leave unread, typing conditions and drugs
  outside our lexicon (ours always wins);
* :mod:`.concepts` turns a match into a concept with its code, and gives the evaluator the
  phrases and code tokens of a concept: its synonyms, its ICD-10-CM descendants, the members of a
  drug class, and our own concepts' ICD-10-CM codes.

Nothing here is imported on the parse path until a text needs it.
"""
