"""`ist review`: deciding on extracted claims, by id for scripts and step by step in a terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from add_helpers import FIXTURES, add_tracker, run, snapshot  # noqa: F401 - add_tracker is a fixture
from ist import store
from ist.model import ClaimFile


@pytest.fixture
def reviewed(add_tracker: Path) -> tuple[Path, Path, list[str]]:
    """A tracker with the Haiti article added; its claim file, with a comment of ours, and its claim ids.

    Added with the embedded extractor, whose first claim is Kenya's quantity (about Haiti): the
    interactive tests answer its prompts, which depend on the claim's topic and value kind.
    """
    result = run(add_tracker, "add", str(FIXTURES / "haiti.txt"), "--extractor", "embedded", "--format", "json")
    assert result.exit_code == 0, result.output
    item = json.loads(result.stdout)["sources"][0]
    path = add_tracker / item["claim_file"]
    text = path.read_text(encoding="utf-8").replace("claims:\n", "claims:\n  # checked against the wire copy\n", 1)
    path.write_text(text, encoding="utf-8")
    return add_tracker, path, [c["id"] for c in item["claims"]]


def statuses(path: Path) -> dict[str, str]:
    cf = ClaimFile.model_validate(store.load_fast(path))
    return {c.id: c.status.value for c in cf.claims}


def test_accept_and_reject_by_id_keep_comments(reviewed):
    root, path, ids = reviewed
    result = run(root, "review", "--accept", f"{ids[0]},{ids[1]}", "--reject", ids[2], "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["accepted"], data["rejected"], data["remaining"]) == ([ids[0], ids[1]], [ids[2]], len(ids) - 3)
    assert statuses(path)[ids[0]] == "reviewed" and statuses(path)[ids[2]] == "rejected"
    assert all(statuses(path)[i] == "extracted" for i in ids[3:])
    assert "# checked against the wire copy" in path.read_text(encoding="utf-8")
    check = run(root, "check", "--format", "json")
    warned = {f["message"].split("'")[1] for f in json.loads(check.stdout) if f["rule"] == "extracted-claim"}
    assert warned == set(ids[3:])


def test_list_shows_what_is_pending(reviewed):
    root, _, ids = reviewed
    run(root, "review", "--accept", ids[0])
    listed = run(root, "review", "--list", "--format", "json")
    assert [c["id"] for c in json.loads(listed.stdout)] == ids[1:]
    assert ids[1] in run(root, "review", "--list").stdout


def test_unknown_or_contradictory_ids_write_nothing(reviewed):
    root, _, ids = reviewed
    before = snapshot(root)
    unknown = run(root, "review", "--accept", ids[0], "--accept", ids[0][:-2] + "99")
    assert unknown.exit_code == 2 and "no claim" in unknown.stderr and "did you mean" in unknown.stderr
    both = run(root, "review", "--accept", ids[0], "--reject", ids[0])
    assert both.exit_code == 2 and "both" in both.stderr
    missing = run(root, "review", "nowhere")
    assert missing.exit_code == 2 and "no source" in missing.stderr
    assert snapshot(root) == before


def test_interactive_accept_reject_skip_then_quit(reviewed):
    root, path, ids = reviewed
    result = run(root, "review", input="a\nr\ns\nq\n")
    assert result.exit_code == 0, result.output
    assert "[1/" in result.stdout and "accepted 1, edited 0, rejected 1" in result.stdout
    st = statuses(path)
    assert (st[ids[0]], st[ids[1]], st[ids[2]], st[ids[3]]) == ("reviewed", "rejected", "extracted", "extracted")


def test_interactive_edit_changes_actor_topic_and_value(reviewed):
    root, path, ids = reviewed
    # The first claim is Kenya's quantity: make it Jamaica's, on the same topic, 1,200 exactly
    # (Enter keeps `about` and the conditions as they are).
    result = run(root, "review", input="e\nJamaican\n\ntroop-contribution\nquantity\n1,200\nexact\ntroops\n\nq\n")
    assert result.exit_code == 0, result.output
    cf = ClaimFile.model_validate(store.load_fast(path))
    c = next(c for c in cf.claims if c.id == ids[0])
    assert (c.actor, c.topic, c.value.amount, c.value.bound.value, c.status.value) == ("jamaica", "troop-contribution", 1200, "exact", "reviewed")
    assert "value: {kind: quantity, amount: 1200, unit: troops, bound: exact}" in path.read_text(encoding="utf-8")


def test_interactive_edit_changes_about_and_conditions(reviewed):
    root, path, ids = reviewed
    answers = ["e", "", "Haitian", "", "", "", "", "", "only with a UN mandate; within the capital", "q"]
    result = run(root, "review", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    c = next(c for c in ClaimFile.model_validate(store.load_fast(path)).claims if c.id == ids[0])
    assert (c.actor, c.about, c.conditions) == ("kenya", "haiti", ["only with a UN mandate", "within the capital"])
    assert "amount (1,000)" in result.output and c.value.amount == 1000, "the figure as ist prints it, read back"
    text = path.read_text(encoding="utf-8")
    at = text.index(f"id: {ids[0]}\n")
    block = text[at:text.index("  - id:", at)]
    assert block.index("topic:") < block.index("about: haiti") < block.index("value:"), "keys where `ist add` puts them"
    assert "conditions: [only with a UN mandate, within the capital]" in block
    # And back: "-" removes them.
    answers = ["e", "", "-", "", "", "", "", "", "-", "q"]
    path.write_text(text.replace("status: reviewed", "status: extracted", 1), encoding="utf-8")
    assert run(root, "review", input="\n".join(answers) + "\n").exit_code == 0
    c = next(c for c in ClaimFile.model_validate(store.load_fast(path)).claims if c.id == ids[0])
    assert (c.about, c.conditions) == (None, [])


def test_interactive_unknown_topic_gets_a_did_you_mean(reviewed):
    root, path, ids = reviewed
    result = run(root, "review", input="e\n\n\ntroop-contributon\nq\n")
    assert result.exit_code == 0, result.output
    assert "no topic 'troop-contributon' (did you mean 'troop-contribution'?)" in result.stdout
    assert statuses(path)[ids[0]] == "extracted"


@pytest.mark.parametrize("answers", ["\n", "\n\n\n", ""])
def test_enter_decides_nothing(reviewed, answers):
    root, path, ids = reviewed
    before = path.read_bytes()
    result = run(root, "review", input=answers)
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == before


def test_enter_asks_again(reviewed):
    root, path, ids = reviewed
    result = run(root, "review", input="\nr\nq\n")
    assert result.exit_code == 0, result.output
    assert statuses(path)[ids[0]] == "rejected"
    assert f"rejected {ids[0]} (status: rejected, in claims/" in result.stdout


def test_a_session_loads_the_tracker_once_and_reads_each_file_once_a_decision(reviewed, monkeypatch):
    from ist.tracker import Tracker

    root, path, ids = reviewed
    calls = {"load": 0, "roundtrip": 0}
    load, roundtrip = Tracker.load, store.load_roundtrip

    def counting_load(self, *a, **k):
        calls["load"] += 1
        return load(self, *a, **k)

    def counting_roundtrip(*a, **k):
        calls["roundtrip"] += 1
        return roundtrip(*a, **k)

    monkeypatch.setattr(Tracker, "load", counting_load)
    monkeypatch.setattr(store, "load_roundtrip", counting_roundtrip)
    result = run(root, "review", input="a\nr\na\nq\n")
    assert result.exit_code == 0, result.output
    assert "accepted 2, edited 0, rejected 1" in result.stdout
    assert calls == {"load": 1, "roundtrip": 3}


def test_the_context_line_has_no_space_before_punctuation():
    from io import StringIO

    from ist.model import Claim, Source, StanceValue
    from ist.render import Out
    from ist.render.review import show
    from ist.review import PendingClaim

    claim = Claim(id="c-1", actor="kenya", topic="participation", value=StanceValue(stance="supports"), quote="the mission")
    source = Source(id="s", published="2025-11-12", text="seeds/s.txt", sha256="0" * 64)
    out = Out(StringIO(), width=200)
    show(PendingClaim(claim=claim, source=source, file="claims/s.yaml", before="Kenya backs", after=", a plan"), 1, 1, out)
    assert "the mission, a plan…" in out.file.getvalue()


def test_interactive_bad_edit_skips_the_claim(reviewed):
    root, path, ids = reviewed
    result = run(root, "review", input="e\nAtlantis\nq\n")
    assert result.exit_code == 0, result.output
    assert "no actor 'Atlantis'" in result.stdout and statuses(path)[ids[0]] == "extracted"


def test_end_of_input_stops_the_session(reviewed):
    root, path, ids = reviewed
    result = run(root, "review", input="a\n")
    assert result.exit_code == 0, result.output
    assert statuses(path)[ids[0]] == "reviewed" and statuses(path)[ids[1]] == "extracted"


def test_nothing_to_review(add_tracker):
    result = run(add_tracker, "review")
    assert result.exit_code == 0 and "nothing to review" in result.stdout
