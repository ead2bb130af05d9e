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
