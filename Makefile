# The README's Quick start uses `make run` and `make test`; both set up .venv on first use.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: profile patterns patterns-check vocab vocab-check vocab-sample run test test-fhir agree corpus healthy bench bench-evaluate bench-fhir bench-sql parity-sql test-spark fuzz schema golden clean readability test-browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,notebooks]'
	touch $(STAMP)

run: $(STAMP)  ## parse the example trial NCT06893783: rule tree and records
	$(PY) examples/parse_seed.py

test: $(STAMP)  ## the whole test suite
	$(PY) -m pytest -q

test-fhir: $(STAMP)  ## only the FHIR adapter's tests (the fhir extra is part of the test setup)
	$(PY) -m pytest -q tests/test_fhir*.py

agree: $(STAMP)  ## verdict agreement with clinicians' labels (../shared/expert)
	$(PY) $(SHARED)/tools/expert_agreement.py

corpus: $(STAMP)  ## quality report over ../shared/corpus/ctgov-dev.jsonl
	$(PY) tools/corpus_report.py $(SHARED)/corpus/ctgov-dev.jsonl

healthy: $(STAMP)  ## exclusions a healthy woman or man (every list recorded empty) meets, over the dev corpus
	$(PY) tools/healthy_exclusions.py $(SHARED)/corpus/ctgov-dev.jsonl

bench: $(STAMP)  ## throughput, cold start, memory
	$(PY) tools/bench.py $(SHARED)/corpus/ctgov-dev.jsonl

profile: $(STAMP)  ## parse time stage by stage beside the bare tokenizer (what stands in the way of bench's ratio)
	$(PY) tools/stage_profile.py $(SHARED)/corpus/ctgov-dev.jsonl

bench-evaluate: $(STAMP)  ## patient evaluations per second for the seed trial (compile once, one process)
	$(PY) tools/bench_evaluate.py

bench-fhir: $(STAMP)  ## load every Synthea bundle in ../shared, evaluate the seed trial, report what maps
	$(PY) tools/bench_fhir.py $(SHARED)/patients/fhir-synthea/bundles

bench-sql: $(STAMP)  ## the seed trial as SQL over 10^5 and 10^6 synthetic persons in DuckDB
	$(PY) tools/bench_sql.py

parity-sql: $(STAMP)  ## SQL verdicts = Python verdicts: 50 trials (tests/data/sql_trials.jsonl) + the seed trial, 2,000 persons
	$(PY) tools/sql_parity.py --persons 2000 --trials 50

SPARK_VENV := .venv-spark
$(SPARK_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(SPARK_VENV)
	$(SPARK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(SPARK_VENV)/bin/python -m pip install --quiet -e '.[sql]' 'pyspark>=3.5,<4'
	touch $@

test-spark: $(SPARK_VENV)/.installed  ## the parity persons through pyspark (local mode, Java 17): same verdicts
	$(SPARK_VENV)/bin/python tools/sql_spark.py

SECONDS ?= 60
fuzz: $(STAMP)  ## fuzz parse_criteria, parse_age_limit, parse_study and the patient loader for SECONDS seconds
	$(PY) tools/fuzz.py --seconds $(SECONDS)

schema: $(STAMP)  ## regenerate docs/criteria.schema.json after a deliberate schema change
	$(PY) -c "import json, criteria; print(json.dumps(criteria.json_schema(), indent=2))" > docs/criteria.schema.json
	$(PY) tools/evaluation_doc.py  # docs/patient.schema.json and the generated tables of docs/evaluation.md

patterns: $(STAMP)  ## rebuild the shipped matcher patterns (criteria/data/compiled) after editing a lexicon
	$(PY) tools/patterns_build.py

patterns-check: $(STAMP)  ## the shipped matcher patterns must be what the lexicons and the tokenizer give now
	$(PY) tools/patterns_build.py --check

vocab: $(STAMP)  ## rebuild the condition and drug vocabularies (criteria/data/vocab) from their packages
	$(PY) -m pip install --quiet -e '.[vocab]'
	$(PY) tools/vocab_build.py

vocab-check: $(STAMP)  ## rebuild the vocabularies into a scratch folder: the shipped files must be equal
	$(PY) -m pip install --quiet -e '.[vocab]'
	rm -rf build/vocab-check && $(PY) tools/vocab_build.py --out build/vocab-check
	diff -r -x MANIFEST.json build/vocab-check src/criteria/data/vocab && echo "vocabularies are fresh"

vocab-sample: $(STAMP)  ## the precision sample of 200 vocabulary matches from the last `make corpus` (docs/vocab-precision.tsv)
	$(PY) tools/vocab_sample.py reports/corpus.json --n 200 --out docs/vocab-precision.tsv

golden: $(STAMP)  ## regenerate golden files; review the diff by eye before committing
	$(PY) -m pytest -q tests/test_golden*.py --update-golden

readability: $(STAMP)  ## Flesch–Kincaid grade of the patient rendering: seed trial and 100 dev-corpus trials
	$(PY) -m pip install --quiet -e '.[readability]'
	$(PY) tools/readability.py $(SHARED)/corpus/ctgov-dev.jsonl --trials 100

CHROMIUM ?= chromium
test-browser: $(STAMP)  ## the trial page in headless Chromium (installs Debian's chromium; needs root)
	command -v $(CHROMIUM) >/dev/null || (apt-get update && apt-get install -y chromium)
	$(PY) -m pytest -q browser_tests
	@echo "screenshot: reports/browser/NCT06893783.png"

clean:
	rm -rf $(VENV) $(SPARK_VENV) build dist reports .pytest_cache
