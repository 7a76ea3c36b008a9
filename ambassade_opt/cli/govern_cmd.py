"""``ambassade-opt govern``: the support group and every meeting's guests (DOMAIN.md section 5)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError
from ..governance import govern
from ..model import Instance
from ..plan import Plan
from .app import input_path, main, write_output


@main.command("govern")
@click.argument("instance", callback=input_path)
@click.option("--plan", "plan_path", default=None,
              help="year plan: guests cannot be on an overlapping mission")
@click.option("-o", "--output", required=True, help="governance JSON to write, - for stdout")
@click.option("--seed", type=int, default=None, help="master seed (default: policy.sortition.seed, else 0)")
@click.option("--objective", type=click.Choice(["leximin", "maximin"]), default="leximin", show_default=True,
              help="fairness of the sortition lottery")
@click.option("--relax-quotas", is_flag=True, default=False,
              help="when a meeting's candidates cannot meet the quotas, apply the smallest relaxation "
                   "instead of stopping (the drawn panel then breaks the written quotas)")
def govern_command(instance: Path, plan_path: str | None, output: str, seed: int | None, objective: str,
                   relax_quotas: bool) -> None:
    """Compose the support group and choose the guests of every meeting of INSTANCE."""
    inst = Instance.load(instance)
    plan = None
    if plan_path is not None:
        if not Path(plan_path).exists():
            raise InputError([("--plan", f"{plan_path}: no such file")])
        plan = Plan.load(plan_path)
    result = govern(inst, plan, seed, objective="maximin" if objective == "maximin" else "leximin",
                    relax_quotas=relax_quotas)
    for record in result.meetings:
        if record.audit is not None and record.audit.relaxations:
            click.echo(f"warning: meeting {record.meeting}: quotas relaxed: "
                       + "; ".join(record.audit.relaxations), err=True)
    write_output(output, result.to_json())
    if output != "-":
        click.echo(f"{output}: support group of {len(result.support_group.members)}, "
                   f"{len(result.meetings)} meeting record(s)", err=True)
