"""Every rule test runs on each face of the rule (see :mod:`tests.rules.harness`)."""

from __future__ import annotations

import pytest

from tests.rules.harness import FACES


@pytest.fixture(params=FACES)
def face(request: pytest.FixtureRequest) -> str:
    return str(request.param)
