import pytest

from scene_ui.components.activity_card import level_label, spots_label
from scene_ui.components.avatar import initials
from scene_ui.pages.home import count_label


@pytest.mark.parametrize(("spots", "shown"), [(3, "3 spots left"), (1, "1 spot left"), (0, "Full")])
def test_spots_label(spots, shown):
    assert spots_label(spots) == shown


@pytest.mark.parametrize(
    ("low", "high", "shown"), [(1, 5, "All levels"), (2, 4, "Level 2\u20134"), (3, 3, "Level 3")]
)
def test_level_label(low, high, shown):
    assert level_label(low, high) == shown


@pytest.mark.parametrize(
    ("name", "shown"), [("Ayesha Butt", "AB"), ("bilal", "B"), ("Sana Ali Khan", "SA"), ("  ", "?")]
)
def test_initials(name, shown):
    assert initials(name) == shown


def test_count_label():
    assert [count_label(n) for n in (1, 2)] == ["1 activity", "2 activities"]
