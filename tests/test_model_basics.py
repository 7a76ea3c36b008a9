from ambassade_opt.model import Instance


def test_tiny_year_loads_and_round_trips(tiny: Instance) -> None:
    assert len(tiny.missions) == 12
    assert Instance.from_json(tiny.to_json()) == tiny
