"""The shipped vocabulary files (criteria/data/vocab) are what tools/vocab_build.py makes of its
inputs, checked without the source packages (``make vocab-check`` rebuilds from them and compares).

*Why not rebuild here:* the sources take 5–6 s to import and ~10 MB to install, at build time only;
the default run checks instead that no input of the builder changed since the files were built
(the recorded hash of the builder and its hand-kept lists), that the files are the ones built (the
recorded hash of each), and that every phrase is still split the way our tokenizer splits it now
(a tokenizer change would silently stop phrases from matching)."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

import criteria
from criteria.errors import ResourceError
from criteria.parse.nlp.pipeline import get_nlp
from criteria.vocab import index
from criteria.vocab.index import by_key, drug_classes, entries

ROOT = Path(__file__).parents[1]
DATA = Path(criteria.__file__).parent / "data" / "vocab"
MANIFEST = json.loads((DATA / "MANIFEST.json").read_text(encoding="utf-8"))
sys.path.insert(0, str(ROOT / "tools"))

from vocab_rules import inputs_hash  # noqa: E402


def test_the_builder_inputs_are_unchanged_since_the_build():
    assert MANIFEST["inputs_sha256"] == inputs_hash(), "the vocabulary builder or its lists changed: run `make vocab`"


@pytest.mark.parametrize("name", sorted(MANIFEST["outputs_sha256"]))
def test_each_shipped_file_is_the_one_built(name):
    digest = hashlib.sha256((DATA / name).read_bytes()).hexdigest()
    assert digest == MANIFEST["outputs_sha256"][name], f"{name} was edited by hand: run `make vocab`"


def test_the_sources_and_their_versions_are_recorded():
    assert set(MANIFEST["sources"]) == {"simple_icd_10_cm", "drug-named-entity-recognition"}
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for version in MANIFEST["sources"].values():
        assert f"=={version}" in pyproject  # the vocab extra pins what was built from


def test_every_phrase_is_split_as_our_tokenizer_splits_it():
    tokenizer = get_nlp().tokenizer
    phrases = sorted({p for e in entries() for p in e.phrases})
    differ = [p for p, doc in zip(phrases, tokenizer.pipe(phrases, batch_size=2000))
              if " ".join(t.lower_ for t in doc if not t.is_space) != p]
    assert not differ[:5], f"{len(differ)} phrases tokenize differently now: run `make vocab`"


def test_the_files_load_and_hold_what_the_issue_names():
    keys = by_key()
    assert {"E11", "C61", "C00-C96", "F84.2", "DB00997", "DB12674"} <= keys.keys()
    assert "type 2 diabetes" in keys["E11"].phrases and "prostate cancer" in keys["C61"].phrases
    assert "malignancy" in keys["C00-C96"].phrases
    assert keys["DB00997"] in drug_classes()["anthracycline"]  # doxorubicin


def test_a_broken_line_is_a_resource_error(tmp_path, monkeypatch):
    broken = tmp_path / "conditions.tsv"
    broken.write_text("not-a-code\tname\tphrase\n", encoding="utf-8")
    monkeypatch.setattr(index, "data_path", lambda *parts: broken)
    with pytest.raises(ResourceError, match="bad key"):
        index._load("conditions.tsv", "condition")
