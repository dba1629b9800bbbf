"""The built wheel carries the grammars and data files: install it (not editable) and parse.

The wheel is built from this checkout without build isolation (hatchling comes with the
test extra, so no network is needed) and installed into a fresh virtual environment
whose only other packages are this environment's dependencies, reached through a .pth
file; the test checks that ``criteria`` is imported from the new environment.
"""

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]

PROBE = """
import sys, criteria, criteria.resources as r
tree = criteria.parse_criteria(open(sys.argv[1], encoding="utf-8").read())
print(criteria.__file__)
print(r.grammar_dir())
print([x["value"] for x in tree.to_records() if x["field"] == "age"])
print(tree.to_json())
from criteria.parse.nlp import labs, patterns, pipeline
sources = {"cues": pipeline.CUE_SOURCES, "events": pipeline.EVENT_SOURCES, "labs_lower": labs.LAB_SOURCES}
print([patterns._store()["matchers"][n]["sources"] == patterns.sources_digest(s) for n, s in sources.items()])
"""


@pytest.mark.slow
def test_wheel_installs_and_parses_the_seed(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    (wheel,) = dist.glob("criteria-*.whl")
    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True, text=True)
    result = subprocess.run([python, "-c", PROBE, str(ROOT / "tests" / "data" / "NCT06893783.txt")],
                            check=True, capture_output=True, text=True, cwd=tmp_path)
    module, grammars, ages, tree_json, shipped = result.stdout.strip().splitlines()
    assert module.startswith(str(site)), "criteria was not imported from the installed wheel"
    assert grammars.startswith(str(site)) and Path(grammars, "age.lark").is_file()
    assert ages == "[19.0]"
    # the precompiled matcher patterns are in the wheel and current there (no lexicon read at start-up)
    assert shipped == "[True, True, True]"
    # The same tree as from the source checkout: a data file left out of the wheel
    # (a lexicon, a grammar, the unit definitions) would change it.
    import criteria

    seed_text = (ROOT / "tests" / "data" / "NCT06893783.txt").read_text(encoding="utf-8")
    assert tree_json == criteria.parse_criteria(seed_text).to_json()
