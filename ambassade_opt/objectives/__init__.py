"""The objectives of DOMAIN.md section 4, defined once for the solver, the scores and the report."""

from __future__ import annotations

from .definitions import (
    DEFAULT_WEIGHTS,
    LEXICOGRAPHIC,
    cost,
    coverage,
    lexicographic,
    match,
    rotation,
    rotation_penalty,
    selection,
    stability,
    weighted,
)
from .match import DEFAULT_MATCH, MatchWeights, level_fits, match_points, match_points_of_pairs
from .terms import Block, Objective, RotationUnits, Sense, Terms, block_values, rotation_units

__all__ = [
    "DEFAULT_MATCH",
    "DEFAULT_WEIGHTS",
    "LEXICOGRAPHIC",
    "Block",
    "MatchWeights",
    "Objective",
    "RotationUnits",
    "Sense",
    "Terms",
    "block_values",
    "cost",
    "coverage",
    "level_fits",
    "lexicographic",
    "match",
    "match_points",
    "match_points_of_pairs",
    "rotation",
    "rotation_penalty",
    "rotation_units",
    "selection",
    "stability",
    "weighted",
]
