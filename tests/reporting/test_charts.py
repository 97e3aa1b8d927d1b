"""SVG charts: well-formed, proportional, escaped, and fine with no data."""
import xml.etree.ElementTree as ET

from kiosk.reporting.charts import bar_chart, hbar_chart, line_chart, nice_max, report_charts

NS = "{http://www.w3.org/2000/svg}"


def bars(svg):
    return [r for r in ET.fromstring(svg).iter(f"{NS}rect")]


def test_nice_max():
    assert [nice_max(v) for v in (0, 3, 7, 12, 26, 51, 130)] == [1, 5, 10, 20, 50, 100, 200]


def test_bar_heights_are_proportional_and_highlighted():
    svg = bar_chart(["7h", "8h", "9h"], [10, 40, 20], "Theo giờ", highlight=1)
    root = ET.fromstring(svg)
    assert root.find(f"{NS}title").text == "Theo giờ"
    heights = [float(r.get("height")) for r in bars(svg)]
    assert heights[1] == 4 * heights[0] == 2 * heights[2]
    assert [r.get("fill") for r in bars(svg)].count("#e8590c") == 1
    assert "8h" in [t.text for t in root.iter(f"{NS}text")]


def test_labels_are_escaped():
    svg = hbar_chart(["<b>&", "Hộ tịch"], [1, 2], "a < b")
    root = ET.fromstring(svg)   # would raise if not escaped
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert "<b>&" in texts and "Hộ tịch" in texts
    widths = [float(r.get("width")) for r in bars(svg)]
    assert widths[1] == 2 * widths[0]


def test_empty_and_zero_data():
    for svg in (bar_chart([], [], "x"), hbar_chart(["a"], [0], "x"), line_chart([], {}, "x"),
                line_chart(["1"], {"a": [3]}, "x")):
        ET.fromstring(svg)


def test_report_charts_from_a_report():
    from tests.core.test_reports import COUNTERS, SERVICES, hand_built_day
    from kiosk.core.reports import compute, custom_period
    rows, issued_at = hand_built_day()
    charts = report_charts(compute(rows, custom_period("2026-11-22", "2026-11-23"), SERVICES, COUNTERS, issued_at))
    assert set(charts) == {"hours", "services", "satisfaction", "reasons", "days"}
    for svg in charts.values():
        ET.fromstring(svg)
    assert "Không hài lòng" in charts["satisfaction"] and "(33,3%)" in charts["satisfaction"]
