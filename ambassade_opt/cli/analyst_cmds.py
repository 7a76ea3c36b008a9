"""Analyst commands: ``admit`` (who joins the group) and ``curve`` ("how many ambassadors?")."""

from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import click

from ..errors import InputError
from ..model import Instance
from .app import input_path, main, write_output


def _parse_quota(text: str) -> tuple[str, str, int, int]:
    """``feature=value:min:max``, e.g. ``home_region=WAL:2:8``."""
    try:
        feature, rest = text.split("=", 1)
        value, low, high = rest.rsplit(":", 2)
        return feature.strip(), value.strip(), int(low), int(high)
    except ValueError:
        raise InputError([("quota", f"{text!r}: expected FEATURE=VALUE:MIN:MAX")]) from None


def _number_list(name: str, text: str | None, kind: type[int] | type[float]) -> list[Any] | None:
    """``10,20,30``, a range ``10:40:5`` (inclusive), and ``none`` for "no limit"."""
    if text is None:
        return None
    values: list[Any] = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        try:
            if part.lower() == "none":
                values.append(None)
            elif ":" in part:
                start, stop, step = (kind(x) for x in part.split(":"))
                if step <= 0:
                    raise ValueError
                value = start
                while value <= stop + (1e-9 if kind is float else 0):
                    values.append(value)
                    value += step
            else:
                values.append(kind(part))
        except ValueError:
            raise InputError([(name, f"{part!r} is not a number, 'none' or START:STOP:STEP")]) from None
    if not values:
        raise InputError([(name, "no value given")])
    return values


@main.command("admit")
@click.argument("instance", callback=input_path)
@click.option("--cap", "group_cap", type=int, required=True, help="how many people to admit at most")
@click.option("--min-score", type=float, default=None, help="minimum selection_score (0-100)")
@click.option("--quota", "quota_texts", multiple=True,
              help="FEATURE=VALUE:MIN:MAX on the admitted pool, e.g. home_region=WAL:2:8 (repeatable)")
@click.option("--quotas", "quotas_file", type=click.Path(dir_okay=False), default=None,
              help='JSON file {feature: {value: [min, max]}}')
@click.option("-o", "--output", default="-", show_default=True, help="admission JSON, - for stdout")
@click.option("--plan-out", type=click.Path(dir_okay=False), default=None, help="also write the year plan")
@click.option("--time-limit", type=float, default=10.0, show_default=True, help="solver seconds")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--workers", type=int, default=1, show_default=True, help="1 = reproducible")
def admit_cmd(
    instance: Path,
    group_cap: int,
    min_score: float | None,
    quota_texts: tuple[str, ...],
    quotas_file: str | None,
    output: str,
    plan_out: str | None,
    time_limit: float,
    seed: int,
    workers: int,
) -> None:
    """Choose at most --cap candidates of INSTANCE so that the year plan covers the most."""
    from ..admit import admit

    quotas: dict[str, dict[str, list[int]]] = {}
    if quotas_file is not None:
        try:
            loaded = json.loads(Path(quotas_file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError([("quotas", f"{quotas_file}: {exc}")]) from None
        if not isinstance(loaded, dict) or not all(isinstance(v, dict) for v in loaded.values()):
            raise InputError([("quotas", f"{quotas_file}: expected {{feature: {{value: [min, max]}}}}")])
        quotas = loaded
    for text in quota_texts:
        feature, value, low, high = _parse_quota(text)
        quotas.setdefault(feature, {})[value] = [low, high]
    if time_limit <= 0:
        raise InputError([("time_limit", "must be positive")])
    result = admit(Instance.load(instance), group_cap, min_selection_score=min_score, quotas=quotas,
                   time_limit=time_limit, seed=seed, workers=workers)
    text = result.to_json(include_plan=False)
    if plan_out is not None:
        result.plan.save(plan_out)
    write_output(output, text)
    click.echo(result.summary(), err=True)


@main.command("curve")
@click.argument("instance", callback=input_path)
@click.option("--caps", default=None, help="caps to try: 10,20,30 or 10:40:5 (default: the instance's)")
@click.option("--budgets", default=None, help="annual budgets to try, same syntax; 'none' = unlimited")
@click.option("--time-limit-per-point", type=float, default=5.0, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--segments", type=int, default=2, show_default=True,
              help="warm-start chains per budget (the work units Dask spreads)")
@click.option("--dask", "dask", default=None,
              help="'local' for a local Dask cluster, or a scheduler address; default: in-process")
@click.option("-o", "--output", default="-", show_default=True, help=".csv or .json table, - for stdout")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), default=None, help="also save a PNG")
def curve_cmd(
    instance: Path,
    caps: str | None,
    budgets: str | None,
    time_limit_per_point: float,
    seed: int,
    segments: int,
    dask: str | None,
    output: str,
    plot_path: str | None,
) -> None:
    """Coverage of INSTANCE's year against the group cap (and the budget): how many ambassadors?"""
    from ..curves import coverage_curve

    inst = Instance.load(instance)
    cap_values = _number_list("caps", caps, int)
    budget_values = _number_list("budgets", budgets, float)
    if segments < 1:
        raise InputError([("segments", "must be at least 1")])
    table = coverage_curve(inst, cap_values, budget_values, time_limit_per_point=time_limit_per_point,
                           seed=seed, client=dask, segments=segments)
    if output.endswith(".json"):
        text = table.to_json(orient="records", indent=1) + "\n"
    else:
        text = table.to_csv(index=False)
    if plot_path is not None:
        import matplotlib

        matplotlib.use("Agg")
        from ..plotting import plot_coverage_curve

        x = "cap" if table["cap"].nunique(dropna=False) > 1 or table["budget"].nunique(dropna=False) <= 1 \
            else "budget"
        ax = plot_coverage_curve(table, x=x)  # type: ignore[arg-type]
        from matplotlib.figure import Figure

        figure = ax.get_figure(root=True)
        assert isinstance(figure, Figure)
        picture = io.BytesIO()
        figure.savefig(picture, format="png", dpi=120)
        _write_bytes_atomic(Path(plot_path), picture.getvalue())
    write_output(output, text)


def _write_bytes_atomic(target: Path, data: bytes) -> None:
    """Like :func:`ambassade_opt.files.write_text_atomic`, for a binary file (a PNG)."""
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
