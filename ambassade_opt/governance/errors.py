"""The typed error raised when governance rules cannot be met, with the smallest fix."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import InputError


class GovernanceInfeasible(InputError):
    """The policy cannot be met by the people available.

    Each problem names the policy field at fault and says the smallest change that would make
    it feasible; ``suggestions`` holds those changes alone, for programs.
    """

    def __init__(self, problems: Iterable[tuple[str, str]], suggestions: Iterable[str] = (),
                 source: str | None = None) -> None:
        self.suggestions = list(suggestions)
        super().__init__(problems, source=source)


class SupportGroupInfeasible(GovernanceInfeasible):
    """No support group meets ``policy.support_group``."""


class QuotaInfeasible(GovernanceInfeasible):
    """A global meeting's eligible candidates cannot meet ``policy.sortition.quotas``."""
