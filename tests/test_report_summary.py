"""The report opens with what changed and what is disputed, and fits each chart's time axis to its data."""

from __future__ import annotations

import re

from add_helpers import run
from test_edits import REPO


def page(tmp_path) -> str:
    out = tmp_path / "r.html"
    result = run(REPO, "report", "-o", str(out))
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_the_summary_comes_first_and_links_down(tmp_path):
    html = page(tmp_path)
    summary = html[html.index('id="summary"'):html.index('id="contents"')]
    assert html.index('id="summary"') < html.index('id="legend"') < html.index('class="actor"')
    largest = summary[summary.index("Largest changes"):summary.index("Latest changes")]
    assert "Indonesia · troop-contribution" in largest and "20,000 troops → 1,200 troops (−94%)" in largest
    assert "Open conflicts (2)" in summary
    links = re.findall(r'href="#([^"]+)"', summary)
    assert links and all(f'id="{target}"' in html for target in links)


def test_each_chart_has_its_own_time_axis_and_notes_the_shared_range(tmp_path):
    html = page(tmp_path)
    notes = re.findall(r"Time axis (\S+) to (\S+); the report spans (\S+) to (\S+)\.", html)
    assert len(notes) == html.count('class="timeline"')
    assert len({(a, b) for a, b, _, _ in notes}) > 1, "axes are fitted per chart"
    assert len({(c, d) for _, _, c, d in notes}) == 1
    assert all(c <= a and b <= d for a, b, c, d in notes)


def test_a_chart_narrower_than_the_report_marks_its_part_of_the_shared_range(tmp_path):
    html = page(tmp_path)
    charts = re.findall(r'<article .*?class="timeline".*?</article>', html, re.S)
    marked = 0
    for chart in charts:
        own, shared = re.search(r"Time axis (\S+) to (\S+); the report spans (\S+) to (\S+)\.", chart).groups()[:2], \
            re.search(r"the report spans (\S+) to (\S+)\.", chart).groups()
        strip = re.search(r"<title>this chart: (\S+) to (\S+), of the report's (\S+) to (\S+)</title>"
                          r'.*?class="shared-here" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', chart, re.S)
        if own[0] <= shared[0] and own[1] >= shared[1]:
            assert strip is None  # the chart is the whole range: nothing to mark
            continue
        assert strip is not None and strip.groups()[:4] == (*own, *shared)
        x, width = float(strip.group(5)), float(strip.group(6))
        assert 58 <= x and x + width <= 624.1  # inside the strip, which spans the plot's width
        marked += 1
    assert marked > 0
