import pytest

from printers.paper import paper_for


def test_paper_widths_in_dots():
    assert paper_for(58).dots == 384
    assert paper_for(80).dots == 576


def test_other_widths_are_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="58 or 80"):
        paper_for(76)
