"""``ambassade-opt govern``: the support group and every meeting's guests (DOMAIN.md section 5)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError
from ..governance import govern, year_with_quotas_applied
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
@click.option("--instance-out", type=OutputFile(), default=None,
              help="with --relax-quotas: also write the year with the quotas the draws met, against which "
                   "the governance file passes the quota checks")
@click.option("-q", "--quiet", is_flag=True, help="no progress and no summary on stderr (warnings stay)")
def govern_command(instance: Path, plan_path: Path | None, output: str, seed: int | None, objective: str,
                   relax_quotas: bool, instance_out: str | None, quiet: bool) -> None:
    """Compose the support group and choose the guests of every meeting of INSTANCE.

    With --relax-quotas, a meeting whose candidates cannot meet the quotas is drawn under the
    smallest relaxation; its record lists it (``quota_relaxations``) and --instance-out writes the
    year with those quotas. A meeting with fewer guests than seats says why (``reason``).
    """
    if instance_out is not None and not relax_quotas:
        raise InputError([("--instance-out", "is the year with relaxed quotas: give it with --relax-quotas")])
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
            changes = "; ".join(change.describe() for change in record.audit.relaxations)
            where = "" if instance_out is not None else (
                " (recorded in the file; --instance-out writes the year with those quotas to check it)")
            click.echo(f"warning: meeting {record.meeting}: quotas relaxed: {changes}{where}", err=True)
    if instance_out is not None:
        write_text_output(instance_out, year_with_quotas_applied(inst, result).to_json())
    write_text_output(output, result.to_json())
    if output != "-" and not quiet:
        click.echo(f"{output}: support group of {len(result.support_group.members)}, "
                   f"{len(result.meetings)} meeting record(s)", err=True)
