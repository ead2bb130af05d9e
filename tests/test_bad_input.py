"""Bad input, case by case: every broken file, odd article and escaping path has one exact outcome.

Each case runs through the real CLI and states what must happen: `ist check` reports the
finding at its line and column (exit 1), loading commands (`ist sources`) fail with one
line naming the file and line (exit 1), usage problems exit 2, and the tracker's files are
byte-identical afterwards. Cases about time, memory or crashes of the whole process run
the `ist` console script in a child process. docs/robustness.md summarises what is covered.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

import pytest

from add_helpers import ARTICLE, make_tracker
from ist.ingest.read import MAX_BYTES
from ist.model import RESERVED_SOURCE_IDS
from ist.tracker import RESERVED
from robustness_helpers import cli, no_crash, one_line_error, run_ist, run_measured, snapshot
from tests.conftest import claim_file


def bomb(_: str) -> str:
    """The "billion laughs": nine levels of nine aliases, 9**9 nodes if expanded."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


def sub(old: str, new: str):
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


REVIEWED_0 = "    status: reviewed\n  - id: dp1-sylvania"
EMPTY = "needs a 'source:' mapping and a 'claims:' list"

# name, how to break the valid fixture claim file (tests/conftest.py), then what `ist check`
# reports (rule, line, column, message), then what loading commands print after
# "ist: error: <file>:" (None: the file loads; the problem is one only `ist check` looks for).
CLAIM_FILE_CASES = [
    # malformed YAML
    ("unclosed-flow", sub("rules_out}", "rules_out"), "yaml-syntax", 23, 10, "did not find expected ',' or '}'", "23:10"),
    ("tab-indent", sub("    said_by: officials", "\tsaid_by: officials"), "yaml-syntax", 15, 1, "found a tab character", "15:1"),
    ("duplicate-key", sub("    said_by: officials\n", "    said_by: officials\n    said_by: others\n"),
     "yaml-syntax", 16, 5, 'found duplicate key "said_by"', "16:5"),
    ("two-documents", lambda t: t + "---\nsource: {}\n", "yaml-syntax", 25, 1, "but found another document", "25:1"),
    ("impossible-date", sub("published: 2025-11-12", "published: 2025-13-45"),
     "yaml-syntax", 6, 14, "cannot read '2025-13-45' as !!timestamp: month must be in 1..12", "6:14"),
    ("empty-int-tag", sub("amount: 3000", "amount: !!int ''"), "yaml-syntax", 13, 37, "cannot read '' as !!int", "13:37"),
    ("5000-digit-number", sub("amount: 3000", "amount: " + "9" * 5000), "yaml-syntax", 13, 37, "cannot read '99999", "13:37"),
    ("control-character", sub("Mission takes shape", "Mission \x07 takes shape"),
     "yaml-syntax", 4, 1, "unacceptable character #x0007", "4"),
    ("nested-1001-deep", sub("    said_by: officials", "    said_by: " + "[" * 1001 + "]" * 1001),  # deeper: see the subprocess test
     "yaml-syntax", 15, 1011, "nested more than 1000 levels deep", "15:1011"),
    # wrong types
    ("top-level-list", lambda t: "- source\n- claims\n", "schema", 1, 1, "valid dictionary", "1:1"),
    ("claims-not-a-list", lambda t: t.split("claims:")[0] + "claims: none yet\n", "schema", 9, 1, "claims: Input should be a valid list", "9:1"),
    ("amount-a-word", sub("amount: 3000", "amount: lots"), "schema", 13, 29, "claims.0.value.amount: Input should be a valid number", "13:29"),
    ("amount-a-boolean", sub("amount: 3000", "amount: true"), "schema", 13, 29, "claims.0.value.amount: Input should be a valid number", "13:29"),
    ("amount-nan", sub("amount: 3000", "amount: .nan"), "schema", 13, 29, "Input should be a finite number", "13:29"),
    ("amount-infinite", sub("amount: 3000", "amount: -.inf"), "schema", 13, 29, "Input should be a finite number", "13:29"),
    ("confidence-a-boolean", sub(REVIEWED_0, "    confidence: true\n" + REVIEWED_0),
     "schema", 18, 5, "claims.0.confidence: Input should be a valid number", "18:5"),
    ("hedged-a-word", sub(REVIEWED_0, "    hedged: perhaps\n" + REVIEWED_0), "schema", 18, 5, "claims.0.hedged: Input should be a valid boolean", "18:5"),
    ("quote-a-number", sub("quote: Sylvania has ruled out sending soldiers.", "quote: 42"), "schema", 23, 5, "claims.1.quote: Input should be a valid string", "23:5"),
    ("date-a-number", sub("stated_on: 2025-11-10", "stated_on: 99999"), "schema", 16, 5, "expected a date like 2025-11-08", "16:5"),
    ("date-inconsistent-mapping", sub("stated_on: 2025-11-10", "stated_on: {earliest: 2025-11-10, latest: 2025-11-01, precision: day}"),
     "schema", 16, 5, "earliest 2025-11-10 and latest 2025-11-01 are not a day", "16:5"),
    ("value-a-list", sub("value: {kind: stance, stance: rules_out}", "value: [stance, rules_out]"), "schema", 22, 5, "claims.1.value: Input should be", "22:5"),
    # unknown keys
    ("unknown-source-key", sub("  outlet: Daily Planet", "  publisher: Daily Planet"), "schema", 5, 3, "unknown key 'publisher' (a typo?)", "5:3"),
    ("unknown-value-key", sub("unit: troops,", "units: troops,"), "schema", 13, 43, "unknown key 'units' (a typo?)", "13:43"),
    ("unknown-top-level-key", lambda t: t + "notes: see the print edition\n", "schema", 25, 1, "unknown key 'notes' (a typo?)", "25:1"),
    ("unknown-key-with-escapes", sub("    said_by: officials", '    "said\\nby\\e[31m": officials'),
     "schema", 15, 5, r"unknown key 'said\nby\x1b[31m' (a typo?)", "15:5"),
    # empty, binary, not UTF-8, alias bomb
    ("empty", lambda t: "", "schema", 1, 1, EMPTY, "1:1"),
    ("only-blank-lines", lambda t: "  \n\n", "schema", 1, 1, EMPTY, "1:1"),
    ("only-a-comment", lambda t: "# nothing here yet\n", "schema", 1, 1, EMPTY, "1:1"),
    ("null-document", lambda t: "~\n", "schema", 1, 1, EMPTY, "1:1"),
    ("nul-bytes", lambda t: b"\x00\x01\x02\x03", "yaml-syntax", 1, 1, "binary file (contains NUL bytes), not YAML", "1:1"),
    ("png-image", lambda t: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "yaml-syntax", 1, 1, "binary file", "1:1"),
    ("utf-16", lambda t: t.encode("utf-16"), "yaml-syntax", 1, 1, "binary file", "1:1"),
    ("latin-1", lambda t: t.replace("Mission takes shape", "Misi\xf3n").encode("latin-1"), "yaml-syntax", 4, 1, "not valid UTF-8", "4:1"),
    ("billion-laughs", bomb, "yaml-syntax", 1, 1, "YAML aliases expand to more than 2,000,000 nodes", ""),
    # duplicate ids, a missing source text
    ("duplicate-claim-id", sub("  - id: dp1-sylvania-refuses", "  - id: dp1-freedonia-troops"),
     "duplicate-id", 19, 5, "claim id 'dp1-freedonia-troops' is ", "19:5"),
    ("missing-source-text", sub("text: seeds/daily-planet-1.txt", "text: seeds/missing.txt"),
     "source-text", 7, 3, "source text seeds/missing.txt does not exist", None),
    # ids and paths that try to leave the tracker
    ("text-climbs-out", sub("text: seeds/daily-planet-1.txt", "text: seeds/../../outside.txt"), "schema", 7, 3, "text must be a path under seeds/", "7:3"),
    ("text-absolute", sub("text: seeds/daily-planet-1.txt", "text: /etc/passwd"), "schema", 7, 3, "text must be a path under seeds/", "7:3"),
    ("text-with-nul", sub("text: seeds/daily-planet-1.txt", 'text: "seeds/a\\0.txt"'), "schema", 7, 3, r"got 'seeds/a\x00.txt'", "7:3"),
    ("source-id-climbs-out", sub("id: daily-planet-1", "id: ../daily-planet-1"), "schema", 3, 3, "is not a valid id", "3:3"),
    ("claim-id-with-slashes", sub("id: dp1-sylvania-refuses", "id: dp1/../../sylvania"), "schema", 19, 5, "is not a valid id", "19:5"),
    ("source-id-names-the-registry", sub("id: daily-planet-1", "id: actors"), "schema", 3, 3, "would name claims/actors.yaml", "3:3"),
    # tags that ask YAML to build Python objects; MARKER is a file the payload would create
    ("python-apply-document", lambda t: "!!python/object/apply:os.system ['touch MARKER']\n", "yaml-syntax", 1, 1, "tags that build objects are not allowed", "1:1"),
    ("python-apply-in-a-claim", sub("value: {kind: stance, stance: rules_out}", "value: !!python/object/apply:os.system ['touch MARKER']"),
     "yaml-syntax", 22, 12, "python/object/apply:os.system'; tags that build objects are not allowed", "22:12"),
    ("python-new-popen", sub("quote: Sylvania has ruled out sending soldiers.", "quote: !!python/object/new:subprocess.Popen [['touch', 'MARKER']]"),
     "yaml-syntax", 23, 12, "tags that build objects are not allowed", "23:12"),
    ("python-name", sub("said_by: officials", "said_by: !!python/name:os.system"), "yaml-syntax", 15, 14, "tags that build objects are not allowed", "15:14"),
]


@pytest.mark.parametrize(("name", "edit", "rule", "line", "col", "message", "load_at"), CLAIM_FILE_CASES, ids=[c[0] for c in CLAIM_FILE_CASES])
def test_broken_claim_file(tracker, tmp_path, name, edit, rule, line, col, message, load_at):
    marker = tmp_path / "MARKER"
    data = edit(claim_file(tracker.sha))
    data = data.replace("MARKER", str(marker)) if isinstance(data, str) else data
    tracker.claims_path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    before = snapshot(tracker.root)

    result = cli(tracker.root, "check", "--format", "json")
    no_crash(result)
    assert result.exit_code == 1, result.output
    found = [(f["rule"], f["line"], f["column"]) for f in json.loads(result.stdout) if message in f["message"]]
    assert (rule, line, col) in found, result.stdout

    loaded = cli(tracker.root, "sources")
    no_crash(loaded)
    if load_at is None:
        assert loaded.exit_code == 0, loaded.stderr
    else:
        assert loaded.exit_code == 1
        where = f"{tracker.claims_path}:{load_at}:" if load_at else f"{tracker.claims_path}:"
        error = one_line_error(loaded.stderr)
        assert error.startswith(f"ist: error: {where} ") and message in error, error

    assert snapshot(tracker.root) == before
    assert not marker.exists(), "a YAML tag ran code"


REGISTRY_CASES = [
    ("actors.yaml", "actors: !!python/object/apply:os.system ['touch MARKER']\n", "yaml-syntax", 1, 9, "tags that build objects are not allowed"),
    ("actors.yaml", "actors:\n  - id: freedonia\n    name: Freedonia\n    kind: country\n", "schema", 4, 5, "actors.0.kind: Input should be"),
    ("actors.yaml", "actors:\n  - id: freedonia\n    name: Freedonia\n    kind: state\n    alias: [Fredville]\n", "schema", 5, 5, "unknown key 'alias'"),
    ("actors.yaml", b"\xff\xfeactors: []\n", "yaml-syntax", 1, 1, "not valid UTF-8"),
    ("topics.yaml", "topics:\n  - id: participation\n    description: Whether.\n    values: stance\n", "schema", 4, 5, "topics.0.values: Input should be a valid list"),
    ("topics.yaml", "topics: [\n", "yaml-syntax", 2, 1, "did not find expected node content"),
]


@pytest.mark.parametrize(("name", "text", "rule", "line", "col", "message"), REGISTRY_CASES)
def test_broken_registry_file(tracker, tmp_path, name, text, rule, line, col, message):
    marker = tmp_path / "MARKER"
    path = tracker.root / "claims" / name
    path.write_bytes(text.replace("MARKER", str(marker)).encode() if isinstance(text, str) else text)
    before = snapshot(tracker.root)
    result = cli(tracker.root, "check", "--format", "json")
    assert result.exit_code == 1
    hits = [(f["rule"], f["line"], f["column"]) for f in json.loads(result.stdout) if f["path"].endswith(name) and message in f["message"]]
    assert hits == [(rule, line, col)], result.stdout
    error = one_line_error(cli(tracker.root, "actors").stderr)
    assert error.startswith(f"ist: error: {path}:{line}:{col}: ") and message in error
    assert snapshot(tracker.root) == before
    assert not marker.exists()


def test_duplicate_ids_across_files_name_both_places(tracker):
    other = tracker.root / "claims" / "daily-planet-2.yaml"
    other.write_text(claim_file(tracker.sha).replace("id: daily-planet-1", "id: daily-planet-2"), encoding="utf-8")
    result = cli(tracker.root, "check", "--format", "json")
    dups = sorted((Path(f["path"]).name, f["line"], f["message"]) for f in json.loads(result.stdout) if f["rule"] == "duplicate-id")
    assert dups == [
        ("daily-planet-2.yaml", 10, "claim id 'dp1-freedonia-troops' is already used at claims/daily-planet-1.yaml:10"),
        ("daily-planet-2.yaml", 19, "claim id 'dp1-sylvania-refuses' is already used at claims/daily-planet-1.yaml:19"),
    ]
    error = one_line_error(cli(tracker.root, "sources").stderr)
    assert error == f"ist: error: {other}:10:5: claim id 'dp1-freedonia-troops' is also used in claims/daily-planet-1.yaml"

    other.write_text(claim_file(tracker.sha).replace("dp1-", "dp2-"), encoding="utf-8")
    error = one_line_error(cli(tracker.root, "sources").stderr)
    assert error == f"ist: error: {other}:3:3: source id 'daily-planet-1' is also used in claims/daily-planet-1.yaml"


# --- paths that leave the tracker ---------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder next to the tracker holding something private, which ist must neither read nor write."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.yaml").write_text("github.com:\n  oauth_token: gho_SECRET\n", encoding="utf-8")
    return folder


def _move_out(root: Path, name: str, outside: Path) -> None:
    shutil.move(str(root / name), str(outside / name))
    (root / name).symlink_to(outside / name)


@pytest.mark.parametrize("folder", ["claims", "seeds", ".ist-cache"])
def test_a_folder_symlinked_out_of_the_tracker_is_refused(tracker, outside, folder):
    (tracker.root / ".ist-cache").mkdir(exist_ok=True)
    _move_out(tracker.root, folder, outside)
    article = tracker.root.parent / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    before, outside_before = snapshot(tracker.root), snapshot(outside)
    for args in (["check"], ["sources"], ["add", str(article)]):
        result = cli(tracker.root, *args)
        assert result.exit_code == 2, (args, result.output)
        error = one_line_error(result.stderr)
        assert error.startswith(f"ist: error: {folder}/ is a symlink to {outside / folder}, outside the tracker"), error
    assert snapshot(tracker.root) == before
    assert snapshot(outside) == outside_before


def test_a_claim_file_symlinked_out_of_the_tracker_is_never_read(tracker, outside):
    (tracker.root / "claims" / "hosts.yaml").symlink_to(outside / "secret.yaml")
    for args in (["check"], ["check", "--format", "json"], ["sources"], ["show", "daily-planet-1"]):
        result = cli(tracker.root, *args)
        assert result.exit_code == 2
        assert one_line_error(result.stderr).startswith("ist: error: claims/hosts.yaml is a symlink to")
        assert "oauth_token" not in result.output and "github.com" not in result.output


def test_symlinks_that_stay_inside_the_tracker_are_followed(tracker):
    archive = tracker.root / "archive"
    archive.mkdir()
    tracker.claims_path.rename(archive / "daily-planet-1.yaml")
    tracker.claims_path.symlink_to(Path("..") / "archive" / "daily-planet-1.yaml")
    result = cli(tracker.root, "check")
    assert result.exit_code == 0 and "2 claims checked: no problems" in result.stdout


def test_seeds_symlink_out_never_shows_the_outside_file(tracker, outside):
    (outside / "article.txt").write_text("PRIVATE " + tracker.article.read_text(), encoding="utf-8")
    tracker.article.unlink()
    tracker.article.symlink_to(outside / "article.txt")
    shown = cli(tracker.root, "show", "dp1-freedonia-troops")
    assert shown.exit_code == 0 and "PRIVATE" not in shown.stdout
    review = cli(tracker.root, "review", "--list")
    assert "PRIVATE" not in review.output


def test_checking_a_file_outside_the_tracker_is_a_usage_error(tracker, outside):
    for path in (outside / "secret.yaml", tracker.article):
        result = cli(tracker.root, "check", str(path))
        assert result.exit_code == 2
        assert one_line_error(result.stderr) == f"ist: error: {path}: not a file of this tracker; ist check reads claims/*.yaml"


@pytest.mark.parametrize("kind", ["folder", "dangling-symlink"])
def test_unreadable_claim_paths_are_findings_and_one_line_errors(tracker, kind):
    path = tracker.root / "claims" / "odd.yaml"
    if kind == "folder":
        path.mkdir()
        message = "is a folder, not a file"
    else:
        path.symlink_to("gone.yaml")
        message = "cannot read file: No such file or directory"
    for index in ([], ["--no-index"]):
        result = cli(tracker.root, *index, "check", "--format", "json")
        assert [(f["rule"], f["message"]) for f in json.loads(result.stdout)] == [("yaml-syntax", message)]
        assert one_line_error(cli(tracker.root, *index, "sources").stderr) == f"ist: error: {path}: {message}"


def test_a_named_pipe_among_claim_files_does_not_hang(tracker):
    os.mkfifo(tracker.root / "claims" / "pipe.yaml")
    proc = run_ist("--root", str(tracker.root), "check", timeout=30)
    assert proc.returncode == 1 and "is not a regular file" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_reserved_ids_are_the_tracker_files():
    assert {Path(name).stem for name in RESERVED} == RESERVED_SOURCE_IDS


# --- ist add: odd articles and ids --------------------------------------------


HTML_WITH_SCRIPTS = """<!DOCTYPE html>
<html><head><title>Kenya offers police for Haiti mission</title>
<meta property="og:site_name" content="Daily Planet"><meta name="date" content="2025-11-12">
<script>var EVIL_HEAD = document.cookie;</script>
<script type="application/ld+json">{"@type": "NewsArticle", "description": "EVIL_LDJSON"}</script>
<style>body { background: url("javascript:EVIL_STYLE()") }</style>
</head><body onload="EVIL_ONLOAD()">
<noscript>EVIL_NOSCRIPT: enable JavaScript</noscript>
<article><h1>Kenya offers police for Haiti mission</h1>
<p>Kenya has offered to send some 1,000 police officers to Haiti, officials said on Monday.<script>document.write("EVIL_INLINE")</script></p>
<SCRIPT type="text/javascript">EVIL_UPPERCASE()</SCRIPT>
<p>Canada has ruled out sending troops. <a href="javascript:EVIL_HREF()">More</a> <img src=x onerror="EVIL_ONERROR()"></p>
<script type="text/template"><p>EVIL_TEMPLATE: Kenya has ruled out everything.</p></script>
<svg><script>EVIL_SVG()</script></svg>
<iframe srcdoc="<p>EVIL_SRCDOC</p>"></iframe>
<p>Jamaica said it was willing to contribute troops to the force, the foreign ministry said.</p>
<script>
EVIL_MULTILINE();
</script></article>
<script>EVIL_UNCLOSED
</body></html>
"""

ARTICLE_CASES = [
    # name, bytes, exit code, message (errors) or the text stored under seeds/ (added)
    ("empty.txt", b"", 1, "empty file: there is no text to add"),
    ("gzip.txt", gzip.compress(ARTICLE.encode(), mtime=0), 1, "binary file (contains NUL bytes), not an article; give a .txt, .md or .html file"),
    ("utf16-no-bom.txt", ARTICLE.encode("utf-16-le"), 1, "looks like UTF-16 without a byte-order mark; save it as UTF-8"),
    ("utf16-bad.txt", b"\xff\xfe" + b"\x00\xd8" * 3, 1, "starts with a UTF-16 byte-order mark but is not valid UTF-16"),
    ("scripts-only.html", b"<html><body><script>EVIL()</script></body></html>", 1, "no article text found in this HTML page; if it shows an article, copy its text into a .txt file and add that"),
    ("latin1.txt", ARTICLE.replace("Monday", "Montag, sagte der Minister f\xfcr ...").encode("latin-1"), 0,
     ARTICLE.replace("Monday", "Montag, sagte der Minister für ...")),
    ("utf16.txt", ARTICLE.encode("utf-16"), 0, ARTICLE),
    ("utf32.txt", ARTICLE.encode("utf-32"), 0, ARTICLE),
]


@pytest.mark.parametrize(("name", "data", "code", "expected"), ARTICLE_CASES, ids=[c[0] for c in ARTICLE_CASES])
def test_odd_article(tmp_path, name, data, code, expected):
    root = make_tracker(tmp_path / "t")
    article = tmp_path / name
    article.write_bytes(data)
    before = snapshot(root)
    result = cli(root, "add", str(article), "--format", "json")
    no_crash(result)
    assert result.exit_code == code, result.output
    if code:
        assert one_line_error(result.stderr) == f"ist: error: {article}: {expected}"
        assert snapshot(root) == before
    else:
        [source] = json.loads(result.stdout)["sources"]
        assert (root / source["source"]["text"]).read_text(encoding="utf-8") == expected
        assert cli(root, "check", "--select", "source-text", "--select", "quote-not-found").exit_code == 0


def test_html_scripts_never_reach_the_text_or_the_claims(tmp_path):
    root = make_tracker(tmp_path / "t")
    page = tmp_path / "page.html"
    page.write_text(HTML_WITH_SCRIPTS, encoding="utf-8")
    result = cli(root, "add", str(page), "--format", "json")
    assert result.exit_code == 0, result.output
    [source] = json.loads(result.stdout)["sources"]
    stored = (root / source["source"]["text"]).read_text(encoding="utf-8")
    claims = (root / source["claim_file"]).read_text(encoding="utf-8")
    assert "Kenya has offered to send some 1,000 police officers" in stored and "Jamaica" in stored
    assert source["claims"], "the article's own sentences still give claims"
    for text in (stored, claims, result.stdout):
        assert "EVIL" not in text and "javascript" not in text.lower() and "<script" not in text.lower()


@pytest.mark.parametrize(("source_id", "message"), [
    ("/etc/cron.d/x", "--id '/etc/cron.d/x': use lower-case letters"),
    ("seeds/../../x", "--id 'seeds/../../x': use lower-case letters"),
    ("..", "--id '..': use lower-case letters"),
    ("a" * 300, "--id is 300 characters long; use at most 48"),
    ("a" * 49, "--id is 49 characters long; use at most 48"),
    ("actors", "--id actors would overwrite claims/actors.yaml, a file of the tracker itself; choose another"),
    ("topics", "--id topics would overwrite claims/topics.yaml"),
    ("resolutions", "--id resolutions would overwrite claims/resolutions.yaml"),
], ids=["absolute", "climbs-out", "dot-dot", "300-chars", "49-chars", "actors", "topics", "resolutions"])
def test_add_id_that_would_leave_or_overwrite_the_tracker(tmp_path, source_id, message):
    root = make_tracker(tmp_path / "t")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    before = snapshot(root)
    for dry in ([], ["--dry-run"]):
        result = cli(root, "add", str(article), "--id", source_id, *dry)
        assert result.exit_code == 2, result.output
        error = one_line_error(result.stderr)
        assert error.startswith(f"ist: error: {message}"), error
    assert snapshot(root) == before


def test_longest_allowed_id_gives_valid_claim_ids(tmp_path):
    root = make_tracker(tmp_path / "t")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = cli(root, "add", str(article), "--id", "a" * 48)
    assert result.exit_code == 0, result.output
    assert cli(root, "check", "--select", "schema").exit_code == 0


# --- time, memory and whole-process crashes: the console script in a child ----


BOUND_SECONDS = 20
BOUND_MB = 500


def test_billion_laughs_is_refused_in_bounded_time_and_memory(tracker):
    tracker.claims_path.write_text(bomb(""), encoding="utf-8")
    for command in ("check", "sources"):
        run = run_measured(["--root", str(tracker.root), command])
        assert run.code == 1, run.stderr
        assert "aliases expand to more than 2,000,000 nodes" in run.stdout + run.stderr
        assert run.seconds < BOUND_SECONDS and run.peak_mb < BOUND_MB, (run.seconds, run.peak_mb)
        if command == "sources":
            one_line_error(run.stderr)


def test_aliases_of_valid_claims_stay_bounded(tracker):
    """Just under the alias limit: a 350 KB file that expands to 50,000 claims is slow work, not a crash."""
    head = claim_file(tracker.sha).split("claims:")[0]
    first = ("&c {id: dp1-x, actor: freedonia, topic: troop-contribution, quote: 'Freedonia offered to send some 3,000 troops', "
             "value: {kind: quantity, amount: 3000, unit: troops}, conditions: [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p]}")
    tracker.claims_path.write_text(head + "claims:\n  - " + first + "\n" + "  - *c\n" * 50_000, encoding="utf-8")
    run = run_measured(["--root", str(tracker.root), "sources"])
    assert run.code == 1 and run.seconds < BOUND_SECONDS and run.peak_mb < BOUND_MB, (run.seconds, run.peak_mb)
    assert one_line_error(run.stderr).endswith("claim id 'dp1-x' is also used in claims/daily-planet-1.yaml")


def test_deep_nesting_is_an_error_not_a_segfault(tracker):
    """The C parser recurses per level: 100,000 `[` used to kill the process with SIGSEGV."""
    tracker.claims_path.write_text("source: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    for command in ("check", "sources"):
        run = run_measured(["--root", str(tracker.root), command])
        assert run.code == 1, (run.code, run.stderr)
        assert "nested more than 1000 levels deep" in run.stdout + run.stderr
        assert run.seconds < BOUND_SECONDS


def test_python_tag_payload_does_not_run_in_a_real_process(tracker, tmp_path):
    marker = tmp_path / "PWNED"
    tracker.claims_path.write_text(f"source: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    proc = run_ist("--root", str(tracker.root), "sources")
    assert proc.returncode == 1
    assert "tags that build objects are not allowed" in one_line_error(proc.stderr)
    assert not marker.exists()


@pytest.fixture(scope="module")
def fifty_mb_article(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.txt"
    sentence = "Kenya has offered to send some 1,000 police officers to Haiti, officials said on Monday.\n"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("title: Big\noutlet: Daily Planet\ndate: 2025-11-12\n\n")
        fh.write(sentence * (50 * 1024 * 1024 // len(sentence) + 1))
    return path


@pytest.mark.parametrize("via", ["path", "stdin"])
def test_fifty_mb_article_is_refused_quickly(tmp_path, fifty_mb_article, via):
    root = make_tracker(tmp_path / "t")
    before = snapshot(root)
    args = ["--root", str(root), "add", str(fifty_mb_article) if via == "path" else "-"]
    run = run_measured(args, stdin=fifty_mb_article if via == "stdin" else None)
    assert run.code == 1
    limit = MAX_BYTES // (1024 * 1024)
    origin = str(fifty_mb_article) if via == "path" else "<stdin>"
    assert one_line_error(run.stderr).startswith(f"ist: error: {origin}: ")
    assert f"articles are at most {limit} MB" in run.stderr
    assert run.seconds < BOUND_SECONDS and run.peak_mb < BOUND_MB, (run.seconds, run.peak_mb)
    assert snapshot(root) == before


def test_terminal_escapes_in_an_article_never_reach_the_terminal(tmp_path):
    root = make_tracker(tmp_path / "t")
    article = tmp_path / "a.txt"
    escapes = "\x1b]0;owned\x07\x1b[2J"
    article.write_text(ARTICLE.replace("title: Kenya", f"title: {escapes}Kenya").replace("Canada has", f"Canada{escapes} has"),
                       encoding="utf-8")
    assert cli(root, "add", str(article)).exit_code == 0
    [source] = json.loads(cli(root, "sources", "--format", "json").stdout)
    assert source["title"].startswith(escapes), "data keeps the text exactly"
    assert escapes in (root / source["text"]).read_text(encoding="utf-8")
    claim = f"{source['id']}-01"
    for args in (["sources"], ["show", source["id"]], ["show", claim], ["review", "--list"], ["check"],
                 ["diff", "canada"], ["add", str(article), "--dry-run"], ["add", str(article)]):
        result = cli(root, *args)
        assert result.exit_code in (0, 1), (args, result.output)
        assert "\x1b" not in result.output and "\x07" not in result.output, args
