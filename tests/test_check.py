"""`ist check`: every rule fails on a broken fixture and passes on the clean one."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from ist.rules import RULES
from ist.cli import app
from tests.conftest import CLAIMS, claim_file

runner = CliRunner()


def check(root, *args):
    result = runner.invoke(app, ["--root", str(root), "check", "--format", "json", *args])
    findings = json.loads(result.stdout) if result.stdout.strip().startswith("[") else None
    return result, findings


def rules_hit(findings):
    return {(f["rule"], f["line"]) for f in findings}


def test_clean_tracker_passes(tracker):
    result, findings = check(tracker.root)
    assert result.exit_code == 0, result.output
    assert findings == []


def test_summary_line_on_success(tracker):
    result = runner.invoke(app, ["--root", str(tracker.root), "check"])
    assert result.exit_code == 0
    assert "2 claims checked: no problems" in result.stdout


@pytest.mark.parametrize(
    ("old", "new", "rule", "line"),
    [
        ("    topic: participation", "    topic: participaton", "unknown-topic", 21),
        ("    actor: sylvania", "    actor: sylvana", "unknown-actor", 20),
        ("    stated_on: 2025-11-10", "    stated_at: 2025-11-10", "schema", 16),
        ("bound: approximate}", "bound: roughly}", "schema", 13),
        ("    quote: Sylvania has ruled out sending soldiers.", "    quote: Sylvania refused to send soldiers.", "quote-not-found", 23),
        ("    stated_on: 2025-11-10", "    stated_on: 2025-12-01", "stated-after-published", 16),
        ("    topic: participation", "    topic: territorial-control", "value-kind", 22),
        ("  - id: dp1-sylvania-refuses", "  - id: dp1-freedonia-troops", "duplicate-id", 19),
        ("    status: reviewed\n  - id: dp1-sylvania", "    status: extracted\n  - id: dp1-sylvania", "extracted-claim", 18),
    ],
)
def test_rule_catches_its_failure(tracker, old, new, rule, line):
    text = claim_file(tracker.sha)
    assert old in text
    tracker.write_claims(text=text.replace(old, new, 1))
    result, findings = check(tracker.root)
    assert (rule, line) in rules_hit(findings), findings
    expected_exit = 0 if RULES[rule].SEVERITY == "warning" else 1
    assert result.exit_code == expected_exit


def test_unknown_topic_suggests_the_near_one(tracker):
    tracker.write_claims(text=claim_file(tracker.sha).replace("topic: participation", "topic: participaton"))
    _, findings = check(tracker.root)
    assert "did you mean 'participation'" in findings[0]["message"]


def test_yaml_syntax_error_has_line_and_column(tracker):
    tracker.write_claims(text=claim_file(tracker.sha) + "  - id: [unclosed\n")
    result, findings = check(tracker.root)
    assert result.exit_code == 1
    [f] = findings
    assert f["rule"] == "yaml-syntax" and f["line"] == 26 and f["column"] >= 1


def test_broken_file_does_not_stop_the_others(tracker):
    (tracker.root / "claims" / "broken.yaml").write_text("source: [\n", encoding="utf-8")
    tracker.write_claims(text=claim_file(tracker.sha).replace("topic: participation", "topic: nope"))
    _, findings = check(tracker.root)
    assert {f["rule"] for f in findings} == {"yaml-syntax", "unknown-topic"}


def test_source_text_changed(tracker):
    tracker.article.write_text("edited\n", encoding="utf-8")
    _, findings = check(tracker.root)
    assert ("source-text", 8) in rules_hit(findings)


def test_source_text_missing(tracker):
    tracker.article.unlink()
    _, findings = check(tracker.root)
    assert ("source-text", 7) in rules_hit(findings)


def test_source_text_outside_seeds_is_refused(tracker):
    tracker.write_claims(text=claim_file(tracker.sha).replace("text: seeds/daily-planet-1.txt", "text: seeds/../../etc/passwd"))
    _, findings = check(tracker.root)
    assert ("schema", 7) in rules_hit(findings)


def test_source_text_symlink_out_of_seeds_is_refused(tracker, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("secret", encoding="utf-8")
    (tracker.root / "seeds" / "link.txt").symlink_to(outside)
    tracker.write_claims(text=claim_file(tracker.sha).replace("seeds/daily-planet-1.txt", "seeds/link.txt"))
    _, findings = check(tracker.root)
    assert any(f["rule"] == "source-text" and "outside seeds" in f["message"] for f in findings)


def test_file_name_must_match_source_id(tracker):
    tracker.claims_path.rename(tracker.root / "claims" / "other.yaml")
    _, findings = check(tracker.root)
    assert ("file-name", 3) in rules_hit(findings)


def test_alias_conflict_and_unknown_group(tracker):
    actors = tracker.root / "claims" / "actors.yaml"
    actors.write_text(actors.read_text().replace("aliases: [Sylvanian]", "aliases: [Sylvanian, Fredville]\n    member_of: [southern-states]"))
    _, findings = check(tracker.root)
    rules = {f["rule"] for f in findings}
    assert rules == {"alias-conflict", "unknown-group"}


def test_quote_whitespace_insensitive(tracker):
    tracker.write_claims(CLAIMS.replace("Freedonia offered to send some 3,000 troops", "Freedonia   offered to\\n      send some 3,000 troops"))
    text = tracker.claims_path.read_text()
    tracker.write_claims(text=text.replace("quote: Freedonia   offered to\\n      send", 'quote: "Freedonia   offered to\\n   send'))
    # a quote broken across lines in YAML is still the same words
    tracker.write_claims(CLAIMS.replace("quote: Freedonia offered to send some 3,000 troops", "quote: >-\n      Freedonia offered\n      to send some 3,000 troops"))
    result, findings = check(tracker.root)
    assert findings == [] and result.exit_code == 0


def test_empty_and_binary_claim_files(tracker):
    (tracker.root / "claims" / "empty.yaml").write_text("", encoding="utf-8")
    (tracker.root / "claims" / "bin.yaml").write_bytes(b"\x00\x01\x02")
    (tracker.root / "claims" / "latin.yaml").write_bytes("source: caf\xe9\n".encode("latin-1"))
    _, findings = check(tracker.root)
    by_file = {os.path.basename(f["path"]): f for f in findings}
    assert by_file["empty.yaml"]["rule"] == "schema"
    assert "binary" in by_file["bin.yaml"]["message"]
    assert "UTF-8" in by_file["latin.yaml"]["message"]


def test_alias_bomb_is_refused(tracker):
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 9) + "]")
    (tracker.root / "claims" / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result, findings = check(tracker.root)
    assert result.exit_code == 1
    assert any(f["rule"] == "yaml-syntax" and "aliases expand" in f["message"] for f in findings)


def test_python_object_tags_are_refused(tracker):
    (tracker.root / "claims" / "evil.yaml").write_text("source: !!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    result, findings = check(tracker.root)
    assert result.exit_code == 1
    assert [f["rule"] for f in findings] == ["yaml-syntax"]


def test_paths_limit_the_report_but_not_cross_file_rules(tracker):
    other = tracker.root / "claims" / "daily-planet-2.yaml"
    other.write_text(claim_file(tracker.sha).replace("id: daily-planet-1", "id: daily-planet-2").replace("dp1-sylvania-refuses", "dp2-x"), encoding="utf-8")
    _, findings = check(tracker.root, str(other))
    assert {f["rule"] for f in findings} == {"duplicate-id", "duplicate-text"}  # the same ids, and the same text
    assert all(f["path"].endswith("daily-planet-2.yaml") for f in findings)


def test_select_and_unknown_rule(tracker):
    tracker.write_claims(text=claim_file(tracker.sha).replace("topic: participation", "topic: nope"))
    result, findings = check(tracker.root, "--select", "quote-not-found")
    assert findings == [] and result.exit_code == 0
    result = runner.invoke(app, ["--root", str(tracker.root), "check", "--select", "quote-not-fond"])
    assert result.exit_code == 2 and "did you mean 'quote-not-found'" in result.stderr


def test_github_format(tracker):
    tracker.write_claims(text=claim_file(tracker.sha).replace("topic: participation", "topic: nope"))
    result = runner.invoke(app, ["--root", str(tracker.root), "check", "--format", "github"])
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith("::error file=") and ",line=21,col=5,title=unknown-topic::unknown topic 'nope'" in first


def test_human_format_is_path_line_col_rule_message(tracker):
    tracker.write_claims(text=claim_file(tracker.sha).replace("topic: participation", "topic: nope"))
    result = runner.invoke(app, ["--root", str(tracker.root), "check"], env={"NO_COLOR": "1"})
    line = result.stdout.splitlines()[0]
    assert line.endswith("daily-planet-1.yaml:21:5 unknown-topic unknown topic 'nope'; add it to claims/topics.yaml")


def test_strict_fails_on_warnings(tracker):
    tracker.write_claims(text=claim_file(tracker.sha).replace("status: reviewed", "status: extracted"))
    assert runner.invoke(app, ["--root", str(tracker.root), "check"]).exit_code == 0
    assert runner.invoke(app, ["--root", str(tracker.root), "check", "--strict"]).exit_code == 1


def test_every_rule_is_documented_with_an_example():
    for rule in RULES.values():
        doc = rule.__doc__.strip()
        assert len(doc.splitlines()) >= 2, rule.ID
        assert "Fails:" in doc and "Passes:" in doc and "Fix:" in doc, rule.ID


def test_exit_code_two_outside_a_tracker(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "ist", "check"], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "IST_ROOT": ""})
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "ist init" in proc.stderr


def test_check_as_a_subprocess_in_the_tracker(tracker):
    proc = subprocess.run([sys.executable, "-m", "ist", "check"], cwd=tracker.root / "claims", capture_output=True, text=True,
                          env={**os.environ, "IST_ROOT": ""})
    assert proc.returncode == 0, proc.stderr
    assert "no problems" in proc.stdout


def test_missing_path_is_a_usage_error(tracker):
    result = runner.invoke(app, ["--root", str(tracker.root), "check", str(tracker.root / "claims" / "nope.yaml")])
    assert result.exit_code == 2 and "nope.yaml: no such file" in result.stderr


def test_checking_one_file_uses_ids_of_the_others_from_the_index(tracker):
    other = tracker.root / "claims" / "daily-planet-2.yaml"
    other.write_text(claim_file(tracker.sha).replace("id: daily-planet-1", "id: daily-planet-2").replace("dp1-sylvania-refuses", "dp2-x"), encoding="utf-8")
    check(tracker.root)  # warms the index
    tracker.write_claims(text=claim_file(tracker.sha).replace("dp1-freedonia-troops", "dp1-renamed"))
    ids_only = ("--select", "duplicate-id")  # the two files share a text too: duplicate-text says so
    _, findings = check(tracker.root, str(other), *ids_only)
    assert findings == []  # the clash went away with the edit, though only the other file was named
    tracker.write_claims(text=claim_file(tracker.sha))
    _, findings = check(tracker.root, str(other), *ids_only)
    assert [(f["rule"], f["line"]) for f in findings] == [("duplicate-id", 10)]
    assert "daily-planet-1.yaml:10" in findings[0]["message"]
