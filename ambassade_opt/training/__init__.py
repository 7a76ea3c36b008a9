"""Training plan (R6) and profiles to recruit (R1), DOMAIN.md section 9."""

from .candidates import Candidate, candidates
from .greedy import TrainingOptions, coverage_value, training_plan
from .recruit import RecruitProfile, profiles_to_recruit
from .result import Measurement, TrainingPlan, TrainingSuggestion

__all__ = [
    "Candidate", "Measurement", "RecruitProfile", "TrainingOptions", "TrainingPlan", "TrainingSuggestion",
    "candidates", "coverage_value", "profiles_to_recruit", "training_plan",
]
