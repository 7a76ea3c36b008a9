"""``ambassade-opt govern``: the support group and every meeting's guests (DOMAIN.md section 5)."""

from __future__ import annotations

from pathlib import Path

import click

from ..governance import govern
from ..model import Instance
from ..plan import Plan
from .app import main
from .outputs import InputPath, OutputFile, write_text_output
from .params import SEED
from .progress import ProgressDisplay


@main.command("govern")
@click.argument("instance", type=InputPath())
@click.option("--plan", "plan_path", type=InputPath(dir_okay=False), default=None,
              help="year plan: guests cannot be on an overlapping mission")
@click.option("-o", "--output", type=OutputFile(), required=True,
              help="governance JSON to write, - for stdout")
@click.option("--seed", type=SEED, default=None, help="master seed (default: policy.sortition.seed, else 0)")
@click.option("--objective", type=click.Choice(["leximin", "maximin"]), default="leximin", show_default=True,
              help="fairness of the sortition lottery")
@click.option("--relax-quotas", is_flag=True, default=False,
              help="when a meeting's candidates cannot meet the quotas, apply the smallest relaxation "
                   "instead of stopping (the drawn panel then breaks the written quotas)")
@click.option("-q", "--quiet", is_flag=True, help="no progress and no summary on stderr (warnings stay)")
def govern_command(instance: Path, plan_path: Path | None, output: str, seed: int | None, objective: str,
                   relax_quotas: bool, quiet: bool) -> None:
    """Compose the support group and choose the guests of every meeting of INSTANCE."""
    with ProgressDisplay("govern", quiet=quiet) as display:
        display.step(f"reading {instance}")
        inst = Instance.load(instance)
        plan = None
        if plan_path is not None:
            display.step(f"reading {plan_path}")
            plan = Plan.load(plan_path)
        display.step(f"composing the support group and the guests of {len(inst.meetings)} meeting(s)")
        result = govern(inst, plan, seed, objective="maximin" if objective == "maximin" else "leximin",
                        relax_quotas=relax_quotas)
    for record in result.meetings:
        if record.audit is not None and record.audit.relaxations:
            click.echo(f"warning: meeting {record.meeting}: quotas relaxed: "
                       + "; ".join(record.audit.relaxations), err=True)
    write_text_output(output, result.to_json())
    if output != "-" and not quiet:
        click.echo(f"{output}: support group of {len(result.support_group.members)}, "
                   f"{len(result.meetings)} meeting record(s)", err=True)
