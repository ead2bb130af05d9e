"""`ist add --extractor llm` against a fake OpenAI-compatible server: only what the article proves is written."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from add_helpers import ARTICLE, add_tracker, run, snapshot  # noqa: F401 - add_tracker is a fixture
from ist.extract.llm import MAX_ANSWER_BYTES, chunks
from llm_helpers import HANG, FakeModel, Reply, claims, completion, error

ROOT = Path(__file__).parents[1]

KENYA = {"actor": "kenya", "topic": "troop-contribution",
         "value": {"kind": "quantity", "amount": 1000, "unit": "troops", "bound": "approximate"},
         "quote": "Kenya has offered to send some 1,000 police officers to Haiti"}
# Quote marks and white space of another style than the article's: the stored quote is the article's own.
CANADA = {"actor": "Canadian", "topic": "troop-contribution", "value": {"kind": "stance", "stance": "rules_out"},
          "quote": "Canada  has ruled out\nsending troops."}


@pytest.fixture
def model(monkeypatch):
    with FakeModel() as fake:
        monkeypatch.setenv("IST_LLM_BASE_URL", fake.url)
        monkeypatch.setenv("IST_LLM_MODEL", "fake-model")
        monkeypatch.delenv("IST_LLM_API_KEY", raising=False)
        yield fake


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _added(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["sources"][0]


def _claims_yaml(root: Path, source: dict) -> str:
    text = (root / source["claim_file"]).read_text(encoding="utf-8")
    return text[text.index("claims:"):]


def _kenya_only(source_id: str) -> str:
    """The claim file's claims when only the Kenya claim is proven."""
    return f"""\
claims:
  - id: {source_id}-01
    actor: kenya
    topic: troop-contribution
    value: {{kind: quantity, amount: 1000, unit: troops, bound: approximate}}
    quote: Kenya has offered to send some 1,000 police officers to Haiti
    status: extracted
    confidence: 0.6
    extracted_by: llm:fake-model
"""


def test_good_output_is_written_with_the_article_s_own_quotes_and_who_proposed_them(add_tracker, article, model):
    model.replies = [claims(KENYA, CANADA, tokens=321)]
    added = _added(run(add_tracker, "add", str(article), "--extractor", "llm", "--format", "json"))
    assert _claims_yaml(add_tracker, added) == f"""\
claims:
  - id: {added['source']['id']}-01
    actor: kenya
    topic: troop-contribution
    value: {{kind: quantity, amount: 1000, unit: troops, bound: approximate}}
    quote: Kenya has offered to send some 1,000 police officers to Haiti
    status: extracted
    confidence: 0.6
    extracted_by: llm:fake-model
  - id: {added['source']['id']}-02
    actor: canada
    topic: troop-contribution
    value: {{kind: stance, stance: rules_out}}
    quote: Canada has ruled out sending troops.
    status: extracted
    confidence: 0.6
    extracted_by: llm:fake-model
"""
    assert added["dropped"] == [] and added["tokens"] == 321 and added["replayed"] is False
    assert run(add_tracker, "check").exit_code == 0
    # What was asked: the registry and the vocabulary, and JSON of the claim model's schema.
    asked = model.requests[0]["body"]
    system = asked["messages"][0]["content"]
    assert '"id": "kenya"' in system and '"Kenyan"' in system and '"id": "troop-contribution"' in system
    assert asked["model"] == "fake-model" and asked["response_format"]["type"] == "json_schema"
    assert "Kenya has offered" in asked["messages"][1]["content"]


def test_the_answer_is_replayed_from_the_cache_and_no_cache_asks_again(add_tracker, article, model):
    model.replies = [claims(KENYA)]
    run(add_tracker, "add", str(article), "--extractor", "llm", "--dry-run")
    dry = run(add_tracker, "add", str(article), "--extractor", "llm", "--dry-run")
    assert dry.exit_code == 0 and "replayed from .ist-cache/" in dry.stdout and len(model.requests) == 1
    added = _added(run(add_tracker, "add", str(article), "--extractor", "llm", "--format", "json"))
    assert added["replayed"] is True and added["tokens"] == 0 and len(added["claims"]) == 1
    assert len(model.requests) == 1
    other = add_tracker.parent / "fresh"
    from add_helpers import make_tracker

    make_tracker(other)
    model.replies = [claims(KENYA, CANADA)]
    again = _added(run(other, "add", str(article), "--extractor", "llm", "--no-cache", "--format", "json"))
    assert len(model.requests) == 2 and len(again["claims"]) == 2 and again["replayed"] is False


def test_a_hallucinated_quote_is_dropped_and_counted(add_tracker, article, model):
    invented = {**CANADA, "actor": "canada", "quote": "Canada will send 500 troops next year."}
    paraphrase = {**KENYA, "quote": "Kenya offered about a thousand police officers"}
    model.replies = [claims(KENYA, invented, paraphrase)]
    result = run(add_tracker, "add", str(article), "--extractor", "llm")
    assert result.exit_code == 0, result.output
    assert "dropped 2 proposed claims the article does not prove: 2 quote not in the article" in result.stdout
    [written] = (add_tracker / "claims").glob("daily-planet-*.yaml")
    text = written.read_text(encoding="utf-8")
    assert text[text.index("claims:"):] == _kenya_only(written.stem)


def test_a_quote_too_short_to_state_a_position_proves_nothing(add_tracker, article, model):
    # "Canada" is in the article, but a name alone states no position: the model could pin anything on it
    model.replies = [claims(KENYA, {**CANADA, "quote": "Canada"})]
    result = run(add_tracker, "add", str(article), "--extractor", "llm")
    assert result.exit_code == 0, result.output
    assert "1 quote too short to prove a claim (fewer than 4 words)" in " ".join(result.stdout.split())
    [written] = (add_tracker / "claims").glob("daily-planet-*.yaml")
    text = written.read_text(encoding="utf-8")
    assert text[text.index("claims:"):] == _kenya_only(written.stem)


def test_an_unknown_actor_is_a_candidate_and_add_actors_keeps_its_claim_without_a_second_call(add_tracker, tmp_path, model):
    path = tmp_path / "b.txt"
    path.write_text("date: 2025-11-12\n\nFreedonia has offered to send 200 troops.\n", encoding="utf-8")
    proposal = {"actor": "Freedonia", "actor_kind": "state", "topic": "troop-contribution",
                "value": {"kind": "quantity", "amount": 200, "unit": "troops"},
                "quote": "Freedonia has offered to send 200 troops."}
    ghost = {**proposal, "actor": "Ruritania"}  # named nowhere in the article: no candidate
    model.replies = [claims(proposal, ghost)]
    dry = _added(run(add_tracker, "add", str(path), "--extractor", "llm", "--dry-run", "--format", "json"))
    assert dry["claims"] == []
    assert dry["candidates"] == [{"name": "Freedonia", "kind": "state", "mentions": 1,
                                  "example": "Freedonia has offered to send 200 troops.", "aliases": []}]
    assert [d["reason"] for d in dry["dropped"]] == ["actor not in the registry (a candidate)",
                                                      "actor named nowhere in the article"]
    result = run(add_tracker, "add", str(path), "--extractor", "llm", "--add-actors", "--format", "json")
    added = _added(result)
    assert [(c["actor"], c["value"]["amount"]) for c in added["claims"]] == [("freedonia", 200.0)]
    assert len(model.requests) == 1
    actors = (add_tracker / "claims" / "actors.yaml").read_text(encoding="utf-8")
    assert actors.endswith("  - id: freedonia\n    name: Freedonia\n    kind: state\n"
                           "    note: Added by `ist add --add-actors`; check it.\n")


def test_malformed_json_is_one_line_exit_1_and_nothing_written(add_tracker, article, model):
    model.replies = [completion('{"claims": [{"actor": "kenya", ')]
    before = snapshot(add_tracker)
    result = run(add_tracker, "add", str(article), "--extractor", "llm")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"ist: error: {article}: the model's answer is not the JSON asked for")
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert snapshot(add_tracker) == before
    model.replies = [claims(KENYA)]  # a malformed answer is not cached: the next run asks again
    assert _added(run(add_tracker, "add", str(article), "--extractor", "llm", "--format", "json"))["replayed"] is False
    assert len(model.requests) == 2


def test_fallback_extracts_with_another_backend_and_says_so(add_tracker, article, model):
    model.replies = [completion("not json at all")]
    added = _added(run(add_tracker, "add", str(article), "--extractor", "llm", "--fallback", "embedded",
                       "--format", "json"))
    assert added["warnings"][0].startswith("llm failed (the model's answer is not the JSON asked for")
    assert added["warnings"][0].endswith("; extracted with embedded instead")
    assert {c["actor"] for c in added["claims"]} == {"kenya", "canada"}
    assert all("extracted_by" not in c or c["extracted_by"] is None for c in added["claims"])


def test_a_429_then_success_is_retried(add_tracker, article, model):
    model.replies = [error(429, "slow down", **{"retry-after-ms": "1"}), claims(KENYA)]
    added = _added(run(add_tracker, "add", str(article), "--extractor", "llm", "--format", "json"))
    assert len(model.requests) == 2 and _claims_yaml(add_tracker, added) == _kenya_only(added["source"]["id"])


def test_a_5xx_is_retried_and_any_other_status_is_one_line(add_tracker, article, model):
    model.replies = [error(503, "loading model", **{"retry-after-ms": "1"}), claims(KENYA)]
    added = _added(run(add_tracker, "add", str(article), "--extractor", "llm", "--format", "json"))
    assert len(model.requests) == 2 and len(added["claims"]) == 1
    model.replies = [error(401, "bad key\nsecond line")]
    result = run(add_tracker, "add", str(article), "--extractor", "llm", "--no-cache")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert result.stderr == f"ist: error: {article}: the model server at {model.url} answered HTTP 401: bad key\n"


def test_an_unknown_fallback_is_a_usage_error_before_any_call(add_tracker, article, model):
    result = run(add_tracker, "add", str(article), "--extractor", "llm", "--fallback", "rules")
    assert result.exit_code == 2 and result.stderr.startswith("ist: error: no extractor 'rules'; choose one of:")
    assert model.requests == []


def test_429_every_time_gives_up_after_bounded_retries(add_tracker, article, model):
    (add_tracker / "ist.yaml").write_text("llm:\n  retries: 2\n", encoding="utf-8")
    model.replies = [error(429, "slow down", **{"retry-after-ms": "1"}) for _ in range(3)]
    before = snapshot(add_tracker)
    result = run(add_tracker, "add", str(article), "--extractor", "llm")
    assert result.exit_code == 1 and len(model.requests) == 3
    assert f"{model.url.removesuffix('/v1')}" in result.stderr and "HTTP 429 (too many requests; tried 3 times)" in result.stderr
    assert snapshot(add_tracker) == before


def test_a_timeout_is_one_line_exit_1_and_nothing_written(add_tracker, article, model):
    (add_tracker / "ist.yaml").write_text("llm:\n  timeout: 0.2\n  retries: 0\n", encoding="utf-8")
    model.replies = [HANG]
    before = snapshot(add_tracker)
    result = run(add_tracker, "add", str(article), "--extractor", "llm")
    assert result.exit_code == 1
    assert result.stderr == f"ist: error: {article}: the model server at {model.url} did not answer within 0.2 s (tried 1 time)\n"
    assert snapshot(add_tracker) == before


def test_a_huge_answer_is_refused_without_being_read_whole(add_tracker, article, model):
    model.replies = [Reply(body=b"x" * (MAX_ANSWER_BYTES * 3))]
    before = snapshot(add_tracker)
    result = run(add_tracker, "add", str(article), "--extractor", "llm")
    assert result.exit_code == 1
    assert result.stderr == f"ist: error: {article}: the model's answer is larger than 2 MB; no list of claims is that long\n"
    assert snapshot(add_tracker) == before


def test_a_refused_connection_is_one_line(add_tracker, article, monkeypatch):
    with FakeModel() as fake:  # a port that was open and is closed now
        url = fake.url
    monkeypatch.setenv("IST_LLM_BASE_URL", url)
    monkeypatch.setenv("IST_LLM_MODEL", "fake-model")
    (add_tracker / "ist.yaml").write_text("llm:\n  retries: 0\n", encoding="utf-8")
    result = run(add_tracker, "add", str(article), "--extractor", "llm")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"ist: error: {article}: could not reach the model server at {url}")


def test_a_server_without_structured_output_is_asked_for_json_mode(add_tracker, article, model):
    model.replies = [error(400, "response_format json_schema is not supported"), claims(KENYA)]
    added = _added(run(add_tracker, "add", str(article), "--extractor", "llm", "--format", "json"))
    assert [r["body"]["response_format"]["type"] for r in model.requests] == ["json_schema", "json_object"]
    assert len(added["claims"]) == 1


def test_a_claim_that_does_not_validate_or_fit_its_topic_is_dropped(add_tracker, article, model):
    wrong_unit = {**KENYA, "value": {**KENYA["value"], "unit": "ships"}}
    no_topic = {**KENYA, "topic": "weather"}
    not_an_object = "Kenya offers police"
    model.replies = [claims(wrong_unit, no_topic, not_an_object, {**KENYA, "value": {"kind": "stance"}})]
    added = _added(run(add_tracker, "add", str(article), "--extractor", "llm", "--format", "json"))
    assert added["claims"] == []
    reasons = [d["reason"] for d in added["dropped"]]
    assert reasons[0] == "value: topic 'troop-contribution' counts in 'troops', not 'ships'"
    assert reasons[1] == "topic not in the vocabulary"
    assert reasons[2].startswith("invalid: ") and reasons[3].startswith("invalid: value.stance.stance")


def test_without_a_model_configured_the_error_says_how(add_tracker, article, monkeypatch):
    monkeypatch.delenv("IST_LLM_MODEL", raising=False)
    result = run(add_tracker, "add", str(article), "--extractor", "llm")
    assert result.exit_code == 2
    assert result.stderr.startswith("ist: error: the llm extractor has no model: set IST_LLM_MODEL")


def test_without_the_openai_client_the_error_names_the_extra(add_tracker, article, model, monkeypatch):
    monkeypatch.setitem(sys.modules, "openai", None)
    result = run(add_tracker, "add", str(article), "--extractor", "llm")
    assert result.exit_code == 2
    assert result.stderr == "ist: error: the llm extractor needs the openai client: pip install 'ist[llm]'\n"


def test_the_tracker_config_file_is_checked(add_tracker, article, monkeypatch):
    monkeypatch.delenv("IST_LLM_MODEL", raising=False)
    (add_tracker / "ist.yaml").write_text("llm:\n  model: m\n  modle: typo\n", encoding="utf-8")
    result = run(add_tracker, "add", str(article), "--extractor", "llm")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert f"{add_tracker / 'ist.yaml'}:3:3: unknown key 'modle'" in result.stderr


def test_a_long_article_goes_in_paragraph_aligned_chunks(add_tracker, tmp_path, model):
    paragraphs = [f"Paragraph {n}: " + "Kenya has offered to send some 1,000 police officers. " * 12 for n in range(30)]
    path = tmp_path / "long.txt"
    path.write_text("date: 2025-11-12\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    (add_tracker / "ist.yaml").write_text("llm:\n  chunk_chars: 3000\n", encoding="utf-8")
    model.replies = [claims({**KENYA, "quote": "Kenya has offered to send some 1,000 police officers."}) for _ in range(10)]
    added = _added(run(add_tracker, "add", str(path), "--extractor", "llm", "--format", "json"))
    sent = [r["body"]["messages"][1]["content"].split(":\n\n", 1)[1] for r in model.requests]
    assert len(sent) == 8 and all(len(s) <= 3000 for s in sent)
    assert "\n\n".join(sent) == "\n\n".join(p.strip() for p in paragraphs)  # every paragraph once, whole, in order
    assert len(added["claims"]) == 1  # the same claim from every chunk is one claim


def test_chunks_keep_a_paragraph_longer_than_the_limit_whole():
    assert chunks("a a\n\nbbbbbbbbbb\n\n\nc", 5) == ["a a", "bbbbbbbbbb", "c"]


def test_a_batch_prints_a_line_per_article_with_claims_dropped_and_tokens(add_tracker, tmp_path, model):
    paths = []
    for n in range(2):
        path = tmp_path / f"{n}.txt"
        path.write_text(ARTICLE.replace("1,000", f"1,00{n}"), encoding="utf-8")
        paths.append(str(path))
    model.replies = [claims(KENYA, CANADA, tokens=100), claims(CANADA, {**CANADA, "quote": "no such words"}, tokens=200)]
    result = run(add_tracker, "add", *paths, "--extractor", "llm")
    assert result.exit_code == 0, result.output
    assert f"ist: extracting 1/2 {paths[0]}: 2 claims, 0 dropped, 100 tokens" in result.stderr
    assert f"ist: extracting 2/2 {paths[1]}: 1 claim, 1 dropped, 200 tokens" in result.stderr


@pytest.mark.parametrize("args", [["--help"], ["diff", "indonesia"], ["conflicts"]])
def test_help_diff_and_conflicts_never_import_the_client(args):
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "ist", "--root", str(ROOT), *args],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-500:]
    imported = {line.split("|")[-1].strip().split(".")[0] for line in proc.stderr.splitlines() if "|" in line}
    assert not imported & {"openai", "httpx", "httpx2"}


def test_the_benchmark_says_skipped_without_a_model(monkeypatch):
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("IST_LLM_")}
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "extraction.py"), "--extractor", "llm"],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "skipped: no model configured (set IST_LLM_MODEL and IST_LLM_BASE_URL; see docs/add.md)\n"


def test_the_prompt_names_no_actor_of_any_story():
    from ist.extract.llm import INSTRUCTIONS, answer_schema
    from test_extract_parsed import _names

    prompt = (INSTRUCTIONS + json.dumps(answer_schema())).lower()
    assert not {n for n in _names() if re.search(rf"(?<![\w-]){re.escape(n.lower())}(?![\w-])", prompt)}
