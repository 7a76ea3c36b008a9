import subprocess
import sys

import ambassade_opt


def test_every_public_name_resolves() -> None:
    for name in ambassade_opt.__all__:
        assert getattr(ambassade_opt, name) is not None, name


def test_public_names_are_listed_once() -> None:
    assert len(set(ambassade_opt.__all__)) == len(ambassade_opt.__all__)
    assert "solve" in ambassade_opt.__all__ and "Instance" in ambassade_opt.__all__


def test_importing_the_package_does_not_load_the_solver() -> None:
    code = "import sys, ambassade_opt; print('ortools' in sys.modules, 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_all_lists_exactly_the_lazy_exports() -> None:
    assert sorted(ambassade_opt.__all__) == sorted(["__version__", *ambassade_opt._EXPORTS])


def test_every_cli_command_is_registered_by_the_module_that_names_it() -> None:
    import importlib

    from ambassade_opt.cli.app import COMMAND_MODULES, main

    for name, module in COMMAND_MODULES.items():
        importlib.import_module(f"ambassade_opt.cli.{module}")
        assert name in main.commands, name
    assert set(main.commands) == set(COMMAND_MODULES)
