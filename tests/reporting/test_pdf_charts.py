"""The PDF charts' count axis: four grid steps that are whole numbers, covering the largest value."""
import pytest

from kiosk.reporting.pdf_charts import axis_top


@pytest.mark.parametrize("largest", [0, 1, 3, 9, 13, 50, 87, 100, 167, 250, 351])
def test_the_axis_covers_the_values_in_whole_steps(largest):
    top = axis_top(largest)
    assert top >= largest and top % 4 == 0 and top < max(4 * largest, 8) + 1


def test_small_counts_get_steps_of_one():
    assert [axis_top(3) * i / 4 for i in range(5)] == [0, 1, 2, 3, 4]
