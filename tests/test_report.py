"""`ist report`: the HTML page on the bundled data set and on synthetic trackers, escaping, offline-ness,
accessibility, the CLI, and a render in headless Chromium."""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ist.cli import app
from ist.model import Quantity, Status
from ist.report.markup import Markup, el
from ist.report.svg import Anchor, TimeScale, _labels, _rows, compact, figure_mark, time_scale, value_scale
from ist.timeline import actor_timeline
from ist.tracker import Tracker
from report_helpers import Element, parse, tracker

runner = CliRunner()
REPO = Path(__file__).resolve().parents[1]


def report(root: Path, out: Path, *args: str) -> str:
    result = runner.invoke(app, ["--root", str(root), "--no-index", "report", "-o", str(out), *args], env={"IST_ROOT": ""})
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    return out.read_text(encoding="utf-8")


def words(text: str) -> str:
    return " ".join(text.split())


# --- a synthetic tracker with a conflict, every kind of figure, and a source URL -------------------

ACTORS = [
    {"id": "freedonia", "name": "Freedonia", "kind": "state", "aliases": ["Freedonian"]},
    {"id": "sylvania", "name": "Sylvania", "kind": "state"},
]
URL = "https://news.example/gaza?id=1&lang=en"


def qty(amount, bound="exact", unit="troops", **kw):
    return {"kind": "quantity", "amount": amount, "unit": unit, "bound": bound, **kw}


def stance(name):
    return {"kind": "stance", "stance": name}


@pytest.fixture
def root(tmp_path):
    return tracker(tmp_path / "t", ACTORS, [
        ({"id": "planet", "outlet": "Daily Planet", "title": "Freedonia's offer", "published": "2025-10-01", "url": URL}, [
            {"id": "p-offer", "actor": "freedonia", "topic": "troop-contribution", "value": qty(20000, "approximate"),
             "quote": "Freedonia offered some 20,000 troops", "said_by": "the defence minister"},
            {"id": "p-floor", "actor": "freedonia", "topic": "troop-contribution", "value": qty(7000, "at_least"),
             "stated_on": "2025-09"},
            {"id": "p-willing", "actor": "freedonia", "topic": "participation", "value": stance("willing")},
            {"id": "p-share", "actor": "sylvania", "topic": "territorial-control", "value": qty(40, "between", "%", upper=50)},
        ]),
        ({"id": "star", "outlet": "Evening Star", "published": "2025-10-05"}, [
            {"id": "s-small", "actor": "freedonia", "topic": "troop-contribution", "value": qty(1200),
             "quote": "Freedonia will send 1,200 troops, officials said"},
            {"id": "s-refuses", "actor": "sylvania", "topic": "participation", "value": stance("refuses"), "hedged": True},
            {"id": "s-rejected", "actor": "sylvania", "topic": "role", "value": {"kind": "text", "text": "mediator"},
             "status": "rejected"},
        ]),
    ])


def test_conflicts_have_both_quotes_side_by_side(root, tmp_path):
    page = parse(report(root, tmp_path / "r.html"))
    listed = json.loads(runner.invoke(app, ["--root", str(root), "conflicts", "-f", "json"]).stdout)
    assert listed, "the fixture must have a conflict"
    section = page.by_id("conflicts")
    assert [a.attrs["id"] for a in section.find_all("article")] == [f"conflict-{c['id']}" for c in listed]
    article = section.by_id(f"conflict-{listed[0]['id']}")
    sides = article.find_all("div", class_="side")
    assert [words(s.find_all("blockquote")[0].text) for s in sides] == [c["quote"] for c in listed[0]["claims"]]
    assert listed[0]["explanation"] in words(article.text)
    # Each side links to its source row and to the claim in the actor's timeline.
    for side, claim in zip(sides, listed[0]["claims"]):
        hrefs = {a.attrs["href"] for a in side.find_all("a")}
        assert {f"#source-{claim['source']}", f"#claim-{claim['id']}"} <= hrefs
        page.by_id(f"claim-{claim['id']}")


def test_resolved_conflicts_are_left_out_as_ist_conflicts_leaves_them(root, tmp_path):
    first, *others = json.loads(runner.invoke(app, ["--root", str(root), "conflicts", "-f", "json"]).stdout)
    result = runner.invoke(app, ["--root", str(root), "resolve", first["id"], "--note", "the later figure stands"])
    assert result.exit_code == 0, result.output
    section = parse(report(root, tmp_path / "r.html")).by_id("conflicts")
    assert [a.attrs["id"] for a in section.find_all("article")] == [f"conflict-{c['id']}" for c in others]
    assert "1 resolved conflict not shown" in words(section.text)


def test_every_claim_has_a_mark_in_its_chart_and_a_quote_in_the_list(root, tmp_path):
    page = parse(report(root, tmp_path / "r.html"))
    ds = Tracker(root, use_index=False).load()
    live = [c for c in ds.claims if c.status is not Status.rejected]
    for claim in live:
        item = page.by_id(f"claim-{claim.id}")
        assert words(claim.quote) in words(item.find_all("blockquote")[0].text)
        section = page.by_id(f"actor-{claim.actor}")
        chart_links = {a.attrs["href"] for svg in section.find_all("svg", class_="chart") for a in svg.find_all("a")}
        assert f"#claim-{claim.id}" in chart_links
    assert "s-rejected" not in "".join(a.attrs.get("id", "") for a in page.find_all())


def test_figures_are_drawn_with_their_bounds(root, tmp_path):
    page = parse(report(root, tmp_path / "r.html"))
    chart = page.by_id("tl-freedonia-troop-contribution").find_all("svg", class_="chart")[0]
    marks = {a.attrs["href"].removeprefix("#claim-"): a for a in chart.find_all("a")}
    # "at least 7,000" is open upwards: it fades to the top edge, with an arrow; "1,200" is exact: neither.
    assert marks["p-floor"].find_all("rect", mask="url(#ist-fade-up)") and marks["p-floor"].find_all("polygon")
    assert not marks["s-small"].find_all(mask="url(#ist-fade-up)") and not marks["s-small"].find_all("polygon")
    # A month-precise date ("2025-09") spans wider than a day.
    width = {cid: float(m.find_all("rect", class_="region")[0].attrs["width"]) for cid, m in marks.items()}
    assert width["p-floor"] > 5 * width["s-small"]
    assert {"~20,000 troops", "1,200 troops"} <= {t.text for t in chart.find_all("text", class_="label")}
    # The hedged refusal draws hollow and dashed (class hedged), the firm stance does not.
    lanes = page.by_id("tl-sylvania-participation").find_all("a", class_="hedged")
    assert lanes and all(a.attrs["href"] == "#claim-s-refuses" for a in lanes)


def test_units_worded_differently_share_one_plot(root, tmp_path):
    path = root / "claims" / "star.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"amount": 1200, "unit": "troops"', '"amount": 1200, "unit": "Troops"'),
                    encoding="utf-8")
    chart = parse(report(root, tmp_path / "r.html")).by_id("tl-freedonia-troop-contribution").find_all("svg", class_="chart")[0]
    assert [t.text for t in chart.find_all("text", class_="unit")] == ["troops"]
    assert "1,200 Troops" in {t.text for t in chart.find_all("text", class_="label")}


# --- the bundled ISF data set ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundled") / "report.html"
    html = report(REPO, out)
    return out, html, parse(html), Tracker(REPO, use_index=False).load()


def test_bundled_report_shows_indonesia_walking_back_20000_to_1200(bundled):
    _, _, page, ds = bundled
    section = page.by_id("actor-indonesia")
    article = section.by_id("tl-indonesia-troop-contribution")
    chart = article.find_all("svg", class_="chart")[0]
    chart_links = {a.attrs["href"] for a in chart.find_all("a")}
    for amount, shown in ((20000, "20,000 troops"), (1200, "1,200 troops")):
        claims = [c for c in ds.claims if c.actor == "indonesia" and isinstance(c.value, Quantity) and c.value.amount == amount]
        assert claims, f"the data set has no Indonesian claim of {amount}"
        assert shown in chart.text
        for claim in claims:
            item = article.by_id(f"claim-{claim.id}")
            assert words(claim.quote) in words(item.text)
            source = ds.source_of[claim.id]
            assert f"#source-{source}" in {a.attrs["href"] for a in item.find_all("a")}
            page.by_id(f"source-{source}")
            assert f"#claim-{claim.id}" in chart_links
    assert "20,000 troops → 1,200 troops" in words(article.find_all("figcaption")[0].text)


def test_bundled_conflicts_section_lists_what_ist_conflicts_lists(bundled):
    _, _, page, _ = bundled
    result = runner.invoke(app, ["--root", str(REPO), "--no-index", "conflicts", "-f", "json"], env={"IST_ROOT": ""})
    listed = json.loads(result.stdout)
    articles = page.by_id("conflicts").find_all("article")
    assert [a.attrs["id"] for a in articles] == [f"conflict-{c['id']}" for c in listed]
    for article, conflict in zip(articles, listed):
        quotes = [words(q.text) for q in article.find_all("blockquote")]
        assert quotes == [words(c["quote"]) for c in conflict["claims"]]


def test_bundled_report_has_a_chart_per_timeline_each_with_title_and_desc(bundled):
    _, _, page, ds = bundled
    actors = {c.actor for c in ds.claims if c.status is not Status.rejected}
    timelines = [t for a in actors for t in actor_timeline(ds, a).topics]
    charts = page.find_all("svg", class_="chart")
    assert len(charts) == len(timelines)
    for svg in charts:
        assert svg.attrs["role"] == "img"
        title_id, desc_id = svg.attrs["aria-labelledby"].split()
        title, desc = svg.by_id(title_id), svg.by_id(desc_id)
        assert (title.tag, desc.tag) == ("title", "desc") and title.text.strip() and desc.text.strip()
        assert "viewbox" in svg.attrs and svg.attrs["width"] == "100%"
    desc = page.by_id("tl-indonesia-troop-contribution-chart-desc").text
    assert re.search(r"20,000 troops.*walked back: 1,200 troops", desc)
    # Decorative SVGs (the shared defs, the legend swatches) are hidden from screen readers.
    for svg in page.find_all("svg"):
        assert svg.attrs.get("role") == "img" or svg.attrs.get("aria-hidden") == "true"


def assert_offline(page: Element, html: str, urls: set[str]) -> None:
    """Nothing to fetch: no src, every link in-page but the sources' own URLs; CSS refers only inside."""
    ids = {e.attrs["id"] for e in page.find_all() if "id" in e.attrs}
    for e in page.find_all():
        assert "src" not in e.attrs and "srcset" not in e.attrs, e
        href = e.attrs.get("href") or e.attrs.get("xlink:href")
        if href is None:
            continue
        if href.startswith("#"):
            assert href[1:] in ids, f"dangling link {href}"
        else:
            assert e.tag == "a" and "url" in e.attrs.get("class", "") and href in urls, href
        for key, value in e.attrs.items():
            assert key in ("href", "xmlns") or "://" not in value, (key, value)
    css = "".join(s.text for s in page.find_all("style"))
    assert "@import" not in css and re.findall(r"url\(([^)]*)\)", css) == ["#ist-hatch"]
    assert "<script" not in html.lower() and "<link" not in html.lower()


def test_bundled_report_is_offline(bundled):
    _, html, page, ds = bundled
    assert_offline(page, html, {s.url for s in ds.sources.values() if s.url})


def test_source_urls_link_out_from_the_sources_table_only(root, tmp_path):
    html = report(root, tmp_path / "r.html")
    page = parse(html)
    assert_offline(page, html, {URL})
    [link] = [a for a in page.find_all("a") if not a.attrs["href"].startswith("#")]
    assert link.attrs["href"] == URL and link.attrs["rel"] == "noopener noreferrer"
    assert page.by_id("source-planet").find_all("a") == [link]


# --- escaping -------------------------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script>"


def test_everything_from_data_is_escaped(tmp_path):
    root = tracker(tmp_path / "t", [
        {"id": "evil", "name": "<img src=x onerror=alert(1)>", "kind": "state"},
        {"id": "other", "name": 'O"ther & <b>co</b>', "kind": "state"},
    ], [
        ({"id": "src-a", "outlet": "<b>Planet</b>", "title": "</title><script>alert(2)</script>", "published": "2025-10-01",
          "url": "javascript:alert(3)", "authors": ["<i>Ann</i>"]}, [
            {"id": "a1", "actor": "evil", "topic": "troop-contribution", "value": qty(100, unit="<u>troops</u>"),
             "quote": HOSTILE, "said_by": '"Bob" & <Co>', "conditions": ["<i>if</i> asked"]},
            {"id": "a2", "actor": "other", "about": "evil", "topic": "role",
             "value": {"kind": "text", "text": "</style><script>alert(4)</script>"}, "quote": "x' onmouseover='alert(5)"},
            {"id": "a3", "actor": "evil", "topic": "participation", "value": stance("willing"), "quote": "willing <&>"},
        ]),
        ({"id": "src-b", "published": "2025-10-02", "outlet": "Star"}, [
            {"id": "b1", "actor": "evil", "topic": "troop-contribution", "value": qty(5000, unit="<u>troops</u>"),
             "quote": "</blockquote><script>alert(6)</script>"},
            {"id": "b2", "actor": "evil", "topic": "participation", "value": stance("rules_out"), "quote": "never <&>"},
        ]),
    ])
    html = report(root, tmp_path / "r.html")
    assert "<script" not in html.lower() and "javascript:" not in re.sub(r">[^<]*<", "><", html)
    page = parse(html)
    allowed = {"#document", "html", "head", "meta", "title", "style", "body", "header", "nav", "main", "footer", "section",
               "article", "figure", "figcaption", "h1", "h2", "h3", "p", "ol", "ul", "li", "a", "span", "strong", "code",
               "blockquote", "div", "table", "thead", "tbody", "tr", "th", "td",
               "svg", "g", "rect", "line", "circle", "polygon", "path", "text", "desc", "defs", "mask",
               "lineargradient", "stop", "pattern", "marker"}
    assert {e.tag for e in page.find_all()} <= allowed
    text = words(page.text)
    for raw in (HOSTILE, '"Bob" & <Co>', "<img src=x onerror=alert(1)>", "</style><script>alert(4)</script>",
                "x' onmouseover='alert(5)", "<i>if</i> asked", "<b>Planet</b>", "javascript:alert(3)", "<i>Ann</i>"):
        assert raw in text, raw
    assert not [e for e in page.find_all() if any(k.startswith("on") for k in e.attrs)]
    # The conflict between the hostile quotes renders escaped too.
    assert page.by_id("conflicts").find_all("article")


def test_markup_escapes_attributes_and_text_but_not_markup():
    assert el("p", '<a href="x">', title='"&<') == Markup('<p title="&quot;&amp;&lt;">&lt;a href="x"&gt;</p>')
    assert el("p", el("b", "x"), None, ["y", 1.5]) == "<p><b>x</b>y1.5</p>"
    assert el("meta", charset="utf-8", hidden=True, data_x=None) == '<meta charset="utf-8" hidden>'


# --- chart geometry -------------------------------------------------------------------------------


def test_a_wide_date_range_does_not_stretch_the_time_axis():
    from ist.dates import FuzzyDate

    dates = [FuzzyDate.parse("2025-10-20"), FuzzyDate.parse("2025-11-18..2025-11-30"),
             FuzzyDate.parse("2025-01-01..2025-11-28")]
    xs = time_scale(dates)
    assert dt_of(xs.start) > FuzzyDate.parse("2025-10-01").earliest and dt_of(xs.end) < FuzzyDate.parse("2025-12-10").earliest
    span = xs.span(dates[2])
    assert span.cut_left and not span.cut_right and xs.centre(dates[2]) is None
    assert [t.label for t in xs.ticks() if t.label][:1] == ["Oct 20"]


def dt_of(ordinal: int):
    import datetime as dt

    return dt.date.fromordinal(ordinal)


def test_overlapping_positions_go_on_separate_rows():
    assert _rows([(1, 10), (1, 10), (10, 12), (3, 4)]) == [0, 1, 0, 2]


def test_labels_of_nearby_figures_do_not_overlap_and_stay_by_their_dots():
    xs = TimeScale(0, 100)
    dots = [Anchor(500, 100), Anchor(515, 104), Anchor(xs.x1 - 2, 60)]
    labels = parse("".join(_labels(["~53%", ">50%", "at the right edge"], dots, xs))).find_all("text")
    boxes = []
    for label, dot in zip(labels, dots):
        x, y = float(label.attrs["x"]), float(label.attrs["y"])
        width = len(label.text) * 6.6
        left = x - width if label.attrs.get("text-anchor") == "end" else x
        assert abs(x - dot.x) <= 8 and abs(y - dot.y) <= 16
        assert xs.x0 <= left and left + width <= xs.x1
        boxes.append((left, y - 10, left + width, y + 2))
        attached = (x, y - 4)  # the label's end next to its dot must be nearest that dot
        assert min(dots, key=lambda d: math.dist(attached, (d.x, d.y))) == dot, label.text
    assert not any(a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3] for a, b in zip(boxes, boxes[1:]))


def test_axis_numbers_and_value_scale():
    assert [compact(v) for v in (0, 1200, 20000, 2_500_000, 0.5)] == ["0", "1,200", "20k", "2.5M", "0.5"]
    ys = value_scale([Quantity(amount=20000, unit="troops", bound="approximate"), Quantity(amount=7000, unit="troops", bound="at_least")], 0, 100)
    assert ys.low == 0 and ys.high >= 22000 and ys.ticks()[-1] == ys.high


def test_an_open_ended_figure_fades_and_points_past_the_edge():
    from ist.dates import FuzzyDate
    from ist.timeline import Evidence

    when = FuzzyDate.parse("2025-10-10")
    e = Evidence(claim="c1", source="s", outlet=None, reported_via=None, said_by=None, when=when, value_text="<5 troops",
                 quote="q", hedged=False, walk_back=False, role="statement")
    xs = TimeScale(when.earliest.toordinal() - 10, when.earliest.toordinal() + 10)
    mark, anchor = figure_mark(e, Quantity(amount=5, unit="troops", bound="less_than"), xs, value_scale([], 0, 100))
    assert 'mask="url(#ist-fade-down)"' in mark and "<polygon" in mark and 'href="#claim-c1"' in mark
    assert xs.x0 < anchor.x < xs.x1


# --- the command line -----------------------------------------------------------------------------


def test_default_output_is_report_html_here(root, tmp_path, monkeypatch):
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    (here / "report.html").write_text("old", encoding="utf-8")
    result = runner.invoke(app, ["--root", str(root), "report"], env={"IST_ROOT": ""})
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "report.html"
    assert (here / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in here.iterdir()) == ["report.html"]  # no temporary file left behind


def test_actor_and_topic_options(root, tmp_path):
    page = parse(report(root, tmp_path / "r.html", "--actor", "Freedonian", "--topic", "troop-contribution"))
    sections = page.find_all("section", class_="actor")
    assert [s.attrs["id"] for s in sections] == ["actor-freedonia"]
    assert [a.attrs["id"] for a in sections[0].find_all("article")] == ["tl-freedonia-troop-contribution"]
    both = parse(report(root, tmp_path / "r2.html", "--actor", "sylvania", "--actor", "freedonia"))
    assert [s.attrs["id"] for s in both.find_all("section", class_="actor")] == ["actor-sylvania", "actor-freedonia"]
    # An explicit actor with nothing on the topic is still shown, saying so.
    empty = parse(report(root, tmp_path / "r3.html", "--actor", "sylvania", "--topic", "troop-contribution"))
    assert "has no claims on topic troop-contribution" in words(empty.by_id("actor-sylvania").text)


@pytest.mark.parametrize("args, code, message", [
    (["--actor", "Fredonia"], 2, "no actor 'Fredonia'"),
    (["--topic", "troops"], 2, "no topic 'troops'"),
])
def test_bad_options_are_one_line_errors_and_write_nothing(root, tmp_path, args, code, message):
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["--root", str(root), "report", "-o", str(out), *args], env={"IST_ROOT": ""})
    assert result.exit_code == code
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert not out.exists()


def test_console_script(root, tmp_path):
    out = tmp_path / "sub" / "r.html"
    env = {**os.environ, "IST_ROOT": str(root)}
    ist = os.path.join(os.path.dirname(sys.executable), "ist")
    proc = subprocess.run([ist, "report", "-o", str(out), "--actor", "freedonia"], capture_output=True, text=True,
                          env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(out) and "Freedonia offered some 20,000 troops" in out.read_text(encoding="utf-8")


# --- headless Chromium ----------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Injected into a copy of the page only: measures the drawn charts and writes the numbers into the DOM.
PROBE = """<script>
const charts = [...document.querySelectorAll("svg.chart")];
const drawn = charts.filter(svg => {
  const box = svg.getBoundingClientRect();
  const marks = [...svg.querySelectorAll("a.mark")].filter(a => { const b = a.getBBox(); return b.width > 0 && b.height > 0; });
  return box.width > 100 && box.height > 40 && marks.length > 0;
});
const wide = [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
  && !e.closest(".table-wrap") && !e.closest("svg.defs"));
document.body.insertAdjacentHTML("beforeend",
  `<pre id="probe">${JSON.stringify({charts: charts.length, drawn: drawn.length, overflowing: wide.length})}</pre>`);
</script>"""


def chromium(tmp_path: Path, url: str, *flags: str) -> subprocess.CompletedProcess:
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it")
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run([CHROMIUM, *CHROME_FLAGS, f"--user-data-dir={profile}", *flags, url],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("width", [1280, 390])
def test_chromium_renders_the_report_without_errors(bundled, tmp_path, width):
    out, html, _, _ = bundled
    shot = tmp_path / f"report-{width}.png"
    run = chromium(tmp_path, out.as_uri(), "--enable-logging=stderr", "--v=0", f"--screenshot={shot}",
                   f"--window-size={width},2000")
    assert run.returncode == 0, run.stderr[-2000:]
    errors = [line for line in run.stderr.splitlines() if "Uncaught" in line or "CONSOLE" in line.upper()]
    assert not errors, errors
    assert shot.exists() and shot.stat().st_size > 20_000  # a blank page is a few kB

    probed = tmp_path / "probed.html"
    probed.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dom = chromium(tmp_path, probed.as_uri(), "--dump-dom", f"--window-size={width},2000")
    assert dom.returncode == 0, dom.stderr[-2000:]
    found = re.findall(r'<pre id="probe">(\{.*?\})</pre>', dom.stdout)
    assert found, "the probe did not run"
    result = json.loads(found[-1])
    expected = html.count('<svg class="chart"')
    assert result == {"charts": expected, "drawn": expected, "overflowing": 0}
