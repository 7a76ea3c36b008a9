"""The re-plan benchmark's results as markdown: the targets and the measured frontier of kept
promises against coverage over the seeds, then each seed's details (used by
:mod:`benchmarks.bench_replan`)."""

from __future__ import annotations

from typing import Any

KEPT_TARGET = 0.95  # share of the untouched assignments a default re-plan keeps (issue 14)
COVERAGE_TARGET = 0.975  # share of a fresh plan's coverage value a default re-plan reaches (issue 14)


def ok(met: bool) -> str:
    return "yes" if met else "**NO**"


def pct(ratio: float | None) -> str:
    return "-" if ratio is None else f"{100 * ratio:.2f} %"


def _signed(gap: float) -> str:
    """A shortfall as a signed difference: −1.20 % behind, +0.16 % ahead."""
    return f"{-100 * gap + 0.0:+.2f} %".replace("-", "−")  # + 0.0: no "−0.00 %"


def summary_markdown(result: dict[str, Any]) -> str:
    """The whole benchmark: targets per seed, the measured frontier, then each seed."""
    runs, summary = result["runs"], result["summary"]
    first = runs[0]
    lines = [
        f"# Re-plan benchmark — size {first['size']} ({first['ambassadors']} ambassadors × "
        f"{first['missions']} missions), seeds {', '.join(str(r['seed']) for r in runs)}",
        "",
        f"Command: `{result['command']}` ({result['when']}, OR-Tools {first['machine']['ortools']}, "
        f"time limit {first['time_limit']:g} s per solve, workers {first['workers']}).",
        "",
        f"Each seed: plan the year, cancel {100 * first['cancel_share']:g} % of the active ambassadors for "
        f"{first['cancelled']['range']} (now = {first['cancelled']['now']}), re-plan with the default "
        "settings and with each other coverage tolerance, and compare with a fresh plan of the changed "
        "year. Untouched assignments: the published future (mission, person) pairs whose mission no "
        "change touched.",
        "",
        f"Targets of issue 14, default settings: ≥ {pct(KEPT_TARGET)} of the untouched assignments kept, "
        f"≥ {pct(COVERAGE_TARGET)} of a fresh plan's coverage value, no violation.",
        "",
        "| seed | cancelled | default tolerance | violations | untouched kept | coverage / fresh plan's "
        "| both targets |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        d = r["replans"][0]
        kept, cov = d["untouched_pairs_kept_ratio"], d["coverage_of_fresh"]
        lines.append(
            f"| {r['seed']} | {r['cancelled']['ambassadors']} of {r['cancelled']['active']} | "
            f"{d['coverage_tolerance']:g} | {d['violations']} {ok(d['violations'] == 0)} | "
            f"{d['untouched_pairs_kept']}/{d['untouched_pairs']} = {pct(kept)} {ok(kept >= KEPT_TARGET)} | "
            f"{d['coverage_value']}/{r['fresh']['coverage_value']} = {pct(cov)} "
            f"{ok(cov >= COVERAGE_TARGET)} | "
            f"{ok(d['violations'] == 0 and kept >= KEPT_TARGET and cov >= COVERAGE_TARGET)} |")
    lines += ["", *_frontier_lines(summary, runs), ""]
    for r in runs:
        lines += [run_markdown(r), ""]
    return "\n".join(lines)


def _frontier_lines(summary: dict[str, Any], runs: list[dict[str, Any]]) -> list[str]:
    seeds = [r["seed"] for r in runs]
    head = " | ".join(f"seed {s}" for s in seeds)
    lines = [
        "Measured frontier: untouched assignments kept against coverage (share of the fresh plan's), "
        "per coverage tolerance; the default settings first. Each cell: kept / coverage.",
        "",
        f"| setting | tolerance | {head} | mean kept | mean coverage | worst kept | worst coverage |",
        "|---|---|" + "---|" * len(seeds) + "---|---|---|---|",
    ]
    for point in summary["frontier"]:
        cells = " | ".join(f"{pct(s['kept'])} / {pct(s['coverage_of_fresh'])}" for s in point["seeds"])
        lines.append(
            f"| {point['setting']} | {point['coverage_tolerance']:g} | {cells} | {pct(point['kept_mean'])} | "
            f"{pct(point['coverage_of_fresh_mean'])} | {pct(point['kept_min'])} | "
            f"{pct(point['coverage_of_fresh_min'])} |")
    return lines


def run_markdown(r: dict[str, Any]) -> str:
    """One seed: every re-plan, the bounds on what any re-plan can reach, suggestions, halves."""
    fr, past = r["fresh"], r["fresh_same_past"]
    lines = [
        f"## Seed {r['seed']}",
        "",
        f"Published plan: {r['plan']['status']} in {r['plan']['seconds']} s, coverage "
        f"{r['plan']['coverage_value']} of {r['plan']['coverage_value_max']}. Cancelled "
        f"{r['cancelled']['ambassadors']} of {r['cancelled']['active']} active ambassadors. Fresh plan of "
        f"the changed year (may re-plan the first half, with hindsight): {fr['coverage_value']} "
        f"({fr['status']}, {fr['violations']} violations); with the same frozen past: "
        f"{past['coverage_value']}. Frozen past: {r['past_pairs']} published pairs, kept by construction.",
        "",
        "| setting | tolerance | violations | untouched pairs kept | frozen past counted "
        "| untouched missions identical | coverage | vs fresh plan | vs fresh plan, same past | seconds |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for rp in r["replans"]:
        lines.append(
            f"| {rp['setting']} | {rp['coverage_tolerance']:g} | {rp['violations']} | "
            f"{rp['untouched_pairs_kept']}/{rp['untouched_pairs']} = "
            f"{pct(rp['untouched_pairs_kept_ratio'])} | "
            f"{pct(rp['untouched_with_past_kept_ratio'])} | {rp['untouched_missions_kept']}/"
            f"{rp['untouched_missions']} = {pct(rp['untouched_missions_kept_ratio'])} | "
            f"{rp['coverage_value']} | {_signed(rp['coverage_gap_vs_fresh'])} | "
            f"{_signed(rp['coverage_gap_vs_fresh_same_past'])} | {rp['seconds']} |")
    lines += ["", *_bound_lines(r), *_suggest_lines(r), ""]
    for rp in r["replans"]:
        setting = rp["setting"]
        if setting == "default":
            setting += f" (tolerance {rp['coverage_tolerance']:g})"
        lines += [f"Re-plan, {setting}: {rp['status']} in "
                  f"{rp['seconds']} s (build {rp['build_seconds']} s), {rp['frozen_missions']} missions "
                  f"frozen, {rp['missions_in_diff']} in the diff; pairs kept {rp['pairs']['kept']}, moved "
                  f"{rp['pairs']['moved']}, added {rp['pairs']['added']}, dropped {rp['pairs']['dropped']}; "
                  "passes: " + ", ".join(f"{p['name']} ({p['coverage_value']}, {p['stability_cost']})"
                                          for p in rp["passes"]) + ".", ""]
    return "\n".join(lines)


def _bound_lines(r: dict[str, Any]) -> list[str]:
    b = r.get("bounds")
    if b is None:
        return ["No bounds on what any re-plan can reach (run with --bound-seconds > 0).", ""]
    fresh_cov, past_cov = r["fresh"]["coverage_value"], r["fresh_same_past"]["coverage_value"]
    lines = [
        "What any re-plan keeping the frozen past can reach (upper bounds on its coverage value, HiGHS on "
        f"the rules' matrix; MIP dual bounds after {b['seconds']:g} s), with at least a share of the "
        "untouched pairs kept — the bound frontier:",
        "",
        "| re-plans considered | bound | of the fresh plan's coverage | of the same-past plan's |",
        "|---|---|---|---|",
    ]
    rows: list[tuple[str, float | None]] = [("keeping the frozen past (LP relaxation)", b.get("lp")),
                                            ("keeping the frozen past (MIP)", b.get("mip"))]
    for point in b.get("mip_keep", []):
        label = f"keeping the frozen past and ≥ {pct(point['share'])} of the untouched pairs (MIP)"
        rows.append((label, point["bound"]))
    for label, bound in rows:
        cells = [pct(None if bound is None or not ref else bound / ref) for ref in (fresh_cov, past_cov)]
        lines.append(f"| {label} | {bound} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _suggest_lines(r: dict[str, Any]) -> list[str]:
    sg = r["suggest"]
    lines = []
    if sg["calls"]:
        lines += [f"Suggestions on the default re-plan: p50 / p95 / max {sg['p50_ms']:.1f} / "
                  f"{sg['p95_ms']:.1f} / {sg['max_ms']:.1f} ms over {sg['calls']} calls; feasible first "
                  "suggestions valid when "
                  f"applied: {sg['first_feasible_valid_when_applied']}/{sg['first_feasible']}.", ""]
    h1, h2 = r["first_half"], r["second_half"]
    lines += [f"Coverage value before / from {r['cancelled']['now'][:10]} (published, default re-plan, "
              f"fresh): {h1['published']} / {h2['published']}, {h1['replan']} / {h2['replan']}, "
              f"{h1['fresh']} / {h2['fresh']}; active ambassadors {r['active']['published']}, "
              f"{r['active']['replan']}, {r['active']['fresh']} (group cap {r['group_cap']})."]
    return lines
