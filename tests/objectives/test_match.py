"""Match points (DOMAIN.md section 4, objective 3): the default points and chosen weights."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from ambassade_opt.model import Instance
from ambassade_opt.objectives import MatchWeights, match_points


@pytest.mark.parametrize(
    ("person", "mission", "points"),
    [
        ("A02", "M03", 100),  # sector, theme, local level, same region, keen (+2 interest)
        ("A08", "M01", 38),  # no sector or theme; national link fits a national mission; BXL
        ("A08", "M08", 78),  # any sector, both themes; a European mission needs an international link
        ("A05", "M04", 78),  # any sector, both themes, regional level; lives in BXL, mission in WAL
        ("A01", "M08", 50),  # one theme of two: ⌊25 · 1/2⌋ = 12
    ],
)
def test_default_match_points(tiny: Instance, person: str, mission: str, points: int) -> None:
    assert match_points(tiny, tiny.ambassador(person), tiny.mission(mission)) == points


def test_custom_weights(tiny: Instance) -> None:
    weights = MatchWeights(sector=0, themes=10, level=0, region=1, interest={-2: 0, -1: 0, 0: 0, 1: 0, 2: 50})
    assert match_points(tiny, tiny.ambassador("A02"), tiny.mission("M03"), weights) == 61
    assert MatchWeights().maximum == 100


def test_weights_need_every_interest_level() -> None:
    with pytest.raises(ValidationError):
        MatchWeights(interest={0: 8})
