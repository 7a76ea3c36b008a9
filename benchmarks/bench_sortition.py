"""Benchmark: our leximin/maximin sortition core against the peer ``sortition-algorithms``.

    .venv/bin/python -m benchmarks.bench_sortition [--peer-b] [--peer-timeout SEC] [--quick]

Two pools, built the same way for both libraries (one value per feature, as the peer needs):
  (a) 400 people, 8 seats, quotas on region, language, sector, role;
  (b) 2,000 people, 12 seats, the same plus a rare group (58 people, 2.9 %) that needs >= 1 seat.
Quotas are proportional: a value held by a share ``p`` of the pool gets ``[floor(p k), ceil(p k)]``
seats. Both libraries run in this one process, one after the other, single-threaded solvers.
The peer's maximin on (b) takes many minutes, so it runs only with ``--peer-b`` (in a child
process, killed after ``--peer-timeout`` seconds). The peer's leximin needs Gurobi (commercial)
and is only asked whether it runs.

Writes benchmarks/results/sortition.json and sortition.md.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing as mp
import platform
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from ambassade_opt.governance.sortition import FairLottery, PoolMember, fair_lottery

RESULTS = Path(__file__).parent / "results"

REGIONS = (("BXL", 0.25), ("VL", 0.45), ("WAL", 0.30))
LANGUAGES = {"BXL": (("fr", 0.55), ("nl", 0.25), ("en", 0.20)), "VL": (("nl", 0.85), ("en", 0.15)),
             "WAL": (("fr", 0.85), ("en", 0.10), ("de", 0.05))}
SECTORS = (("music", 0.20), ("performing_arts", 0.15), ("visual_arts", 0.12), ("audiovisual", 0.12),
           ("design", 0.10), ("digital", 0.10), ("education", 0.08), ("events", 0.13))
ROLES = (("artist", 0.5), ("technician", 0.3), ("freelancer", 0.2))
FEATURES = ("region", "language", "sector", "role")


def _pick(rng: np.random.Generator, table: tuple[tuple[str, float], ...]) -> str:
    values, weights = zip(*table, strict=True)
    p = np.array(weights) / sum(weights)
    return str(values[int(rng.choice(len(values), p=p))])


def make_pool(n: int, seed: int, rare_count: int = 0) -> list[dict[str, str]]:
    """``n`` people with one value per feature; ``rare_count`` of them in the rare group."""
    rng = np.random.default_rng(seed)
    rare = set(rng.choice(n, size=rare_count, replace=False).tolist()) if rare_count else set()
    people = []
    for i in range(n):
        region = _pick(rng, REGIONS)
        person = {"id": f"p{i:04d}", "region": region, "language": _pick(rng, LANGUAGES[region]),
                  "sector": _pick(rng, SECTORS), "role": _pick(rng, ROLES)}
        if rare_count:
            person["rare"] = "yes" if i in rare else "no"
        people.append(person)
    return people


def make_quotas(people: list[dict[str, str]], seats: int) -> dict[str, dict[str, tuple[int, int]]]:
    features = [f for f in people[0] if f != "id"]
    quotas: dict[str, dict[str, tuple[int, int]]] = {}
    for f in features:
        counts = Counter(p[f] for p in people)
        if f == "rare":
            quotas[f] = {"yes": (1, seats), "no": (0, seats - 1)}
            continue
        quotas[f] = {v: (math.floor(c / len(people) * seats), math.ceil(c / len(people) * seats))
                     for v, c in sorted(counts.items())}
    return quotas


def ours(people: list[dict[str, str]], quotas: dict[str, dict[str, tuple[int, int]]], seats: int,
         objective: str) -> tuple[dict[str, Any], FairLottery]:
    pool = [PoolMember.of(p["id"], {f: p[f] for f in quotas}) for p in people]
    t0 = time.perf_counter()
    fair = fair_lottery(pool, quotas, seats, objective=objective)  # type: ignore[arg-type]
    seconds = time.perf_counter() - t0
    probs = fair.marginals
    profile = sorted(probs.values())
    tl = fair.type_lottery
    return {
        "seconds": round(seconds, 3), "min_probability": min(profile),
        "distinct_levels": sorted({round(p, 9) for p in profile}),
        "panels": len(fair.lottery.panels),
        "types": tl.pool.n_types if tl else None,
        "rounds": tl.stats.rounds if tl else None,
        "pricing_calls": tl.stats.pricing_calls if tl else None,
        "type_panels": int(tl.panels.shape[0]) if tl else None,
        "profile_deciles": [profile[int(q * (len(profile) - 1))] for q in np.linspace(0, 1, 11)],
    }, fair


# -- the peer ---------------------------------------------------------------------------------


Quotas = dict[str, dict[str, tuple[int, int]]]


def _peer_inputs(people: list[dict[str, str]], quotas: Quotas) -> tuple[Any, Any]:
    from requests.structures import CaseInsensitiveDict
    from sortition_algorithms.features import FeatureValueMinMax
    from sortition_algorithms.people import People

    features: Any = CaseInsensitiveDict()
    for f, table in quotas.items():
        values: Any = CaseInsensitiveDict()
        for v, (lo, hi) in table.items():
            values[v] = FeatureValueMinMax(min=lo, max=hi)
        features[f] = values
    peer_people = People(columns_to_keep=[])
    for row, p in enumerate(people):
        peer_people.add(p["id"], {f: p[f] for f in quotas}, features, row)
    return features, peer_people


def _summarise_peer(committees: list[frozenset[str]], probabilities: list[float],
                    ids: list[str]) -> dict[str, Any]:
    marg = dict.fromkeys(ids, 0.0)
    for c, p in zip(committees, probabilities, strict=True):
        for x in c:
            marg[x] += p
    profile = sorted(marg.values())
    return {"min_probability": profile[0], "panels": sum(1 for p in probabilities if p > 0),
            "distinct_levels": len({round(p, 9) for p in profile}),
            "profile_deciles": [profile[int(q * (len(profile) - 1))] for q in np.linspace(0, 1, 11)]}


def peer(people: list[dict[str, str]], quotas: Quotas, seats: int,
         algorithm: str) -> dict[str, Any]:
    """The peer's maximin (or leximin) on the same pool, timed like ours (inputs built first)."""
    import logging

    from sortition_algorithms.committee_generation import find_distribution_leximin, find_distribution_maximin
    from sortition_algorithms.utils import set_random_provider

    logging.disable(logging.WARNING)
    set_random_provider(2027)
    features, peer_people = _peer_inputs(people, quotas)
    fn = find_distribution_maximin if algorithm == "maximin" else find_distribution_leximin
    t0 = time.perf_counter()
    try:
        committees, probabilities, _ = fn(features, peer_people, seats, [])
    except Exception as exc:  # the peer's leximin refuses to run without Gurobi
        reason = exc.args[0] if exc.args else exc
        return {"status": "refused", "error": f"{type(exc).__name__}: {reason}",
                "seconds": round(time.perf_counter() - t0, 3)}
    seconds = time.perf_counter() - t0
    return {"status": "ok", "seconds": round(seconds, 3),
            **_summarise_peer(committees, probabilities, [p["id"] for p in people])}


def _peer_child(people: list[dict[str, str]], quotas: Quotas, seats: int,
                algorithm: str, queue: Any) -> None:
    queue.put(peer(people, quotas, seats, algorithm))


def peer_with_timeout(people: list[dict[str, str]], quotas: Quotas, seats: int,
                      algorithm: str, timeout: float) -> dict[str, Any]:
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_peer_child, args=(people, quotas, seats, algorithm, queue))
    t0 = time.perf_counter()
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.terminate()
        child.join()
        return {"status": "timeout", "seconds": round(time.perf_counter() - t0, 1),
                "note": f"stopped after {timeout:.0f} s without an answer"}
    result: dict[str, Any] = queue.get() if not queue.empty() else {"status": "crashed",
                                                                     "exitcode": child.exitcode}
    return result


# -- the run ----------------------------------------------------------------------------------

CASES: dict[str, dict[str, Any]] = {
    "a": {"people": 400, "seats": 8, "rare": 0, "label": "400 people, 8 seats, region+language+sector+role"},
    "b": {"people": 2000, "seats": 12, "rare": 58,
          "label": "2,000 people, 12 seats, the same + a rare group (58 = 2.9 %) needing >= 1 seat"},
}


def check_panels(people: list[dict[str, str]], quotas: Quotas,
                 panels: Any, seats: int) -> int:
    """How many of our panels break a quota or have the wrong size (must be 0)."""
    by_id = {p["id"]: p for p in people}
    bad = 0
    for panel in panels:
        ok = len(set(panel)) == seats
        for f, table in quotas.items():
            counts = Counter(by_id[x][f] for x in panel)
            ok &= all(lo <= counts.get(v, 0) <= hi for v, (lo, hi) in table.items())
        bad += not ok
    return bad


def run(peer_b: bool, peer_timeout: float, quick: bool) -> dict[str, Any]:
    warm = make_pool(30, 1)
    ours(warm, make_quotas(warm, 3), 3, "leximin")  # imports and solver start-up, outside the timings
    out: dict[str, Any] = {"cases": {}}
    for name, spec in CASES.items():
        people = make_pool(spec["people"], 2027, spec["rare"])
        quotas = make_quotas(people, spec["seats"])
        case: dict[str, Any] = {"label": spec["label"], "quotas": {f: {v: list(b) for v, b in t.items()}
                                                                  for f, t in quotas.items()}}
        for objective in ("maximin", "leximin"):
            result, fair = ours(people, quotas, spec["seats"], objective)
            result["panels_breaking_quotas"] = check_panels(people, quotas, fair.lottery.panels,
                                                            spec["seats"])
            case[f"ours_{objective}"] = result
        if spec["rare"]:
            n_common = spec["people"] - spec["rare"]
            case["known_optimum_min"] = (spec["seats"] - 1) / n_common
            case["known_optimum_text"] = f"{spec['seats'] - 1}/{n_common}"
        if name == "a" or peer_b:
            if quick and name == "a":
                case["peer_maximin"] = {"status": "skipped (--quick)"}
            elif name == "a":
                case["peer_maximin"] = peer(people, quotas, spec["seats"], "maximin")
            else:
                case["peer_maximin"] = peer_with_timeout(people, quotas, spec["seats"], "maximin",
                                                         peer_timeout)
        else:
            case["peer_maximin"] = {"status": "not run (pass --peer-b: ~800 s here)"}
        case["peer_leximin"] = peer(people, quotas, spec["seats"], "leximin") if name == "a" else \
            {"status": "not run (refuses on (a) already)"}
        pm = case["peer_maximin"]
        if pm.get("status") == "ok":
            ours_max, ours_lex = case["ours_maximin"], case["ours_leximin"]
            case["peer_over_ours_maximin_time"] = round(pm["seconds"] / ours_max["seconds"], 1)
            case["peer_over_ours_leximin_time"] = round(pm["seconds"] / ours_lex["seconds"], 1)
            case["min_prob_ours_minus_peer"] = ours_max["min_probability"] - pm["min_probability"]
        elif pm.get("status") == "timeout":
            case["peer_over_ours_leximin_time"] = (
                f"> {round(pm['seconds'] / case['ours_leximin']['seconds'], 1)} (peer stopped at timeout)")
        out["cases"][name] = case
    return out


def environment() -> dict[str, Any]:
    from importlib.metadata import version

    return {"python": platform.python_version(), "machine": platform.machine(),
            "cpus": mp.cpu_count(), "ortools": version("ortools"), "highspy": version("highspy"),
            "sortition-algorithms": version("sortition-algorithms")}


def markdown(result: dict[str, Any], command: str) -> str:
    lines = ["# Sortition benchmark: ambassade_opt vs sortition-algorithms", "",
             f"Command: `{command}`", "", f"Environment: {json.dumps(result['environment'])}", ""]
    for name, case in result["cases"].items():
        lines += [f"## ({name}) {case['label']}", ""]
        lines += ["| run | status | seconds | min probability | panels | distinct levels |",
                  "|---|---|---|---|---|---|"]
        for key in ("ours_maximin", "ours_leximin", "peer_maximin", "peer_leximin"):
            r = case[key]
            levels = r.get("distinct_levels")
            n_levels = len(levels) if isinstance(levels, list) else levels
            lines.append(f"| {key} | {r.get('status', 'ok')} | {r.get('seconds', '')} | "
                         f"{r.get('min_probability', '')} | {r.get('panels', '')} | {n_levels or ''} |")
        lines.append("")
        for key in ("known_optimum_text", "known_optimum_min",
                    "peer_over_ours_maximin_time",
                    "peer_over_ours_leximin_time", "min_prob_ours_minus_peer"):
            if key in case:
                lines.append(f"- {key}: {case[key]}")
        lx = case["ours_leximin"]
        lines.append(f"- our leximin levels: {lx['distinct_levels']}")
        if case["peer_leximin"].get("error"):
            lines.append(f"- peer leximin: {case['peer_leximin']['error']}")
        if case["peer_maximin"].get("note"):
            lines.append(f"- peer maximin: {case['peer_maximin']['note']}")
        lines.append("")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--peer-b", action="store_true", help="also run the peer's maximin on (b)")
    parser.add_argument("--peer-timeout", type=float, default=300.0,
                        help="seconds before the peer on (b) is stopped")
    parser.add_argument("--quick", action="store_true", help="skip the peer on (a) too (smoke run)")
    args = parser.parse_args()
    command = "python -m benchmarks.bench_sortition" + (" --peer-b" if args.peer_b else "") + \
        (f" --peer-timeout {args.peer_timeout:g}" if args.peer_b else "") + (" --quick" if args.quick else "")
    result = run(args.peer_b, args.peer_timeout, args.quick)
    result["environment"] = environment()
    result["command"] = command
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "sortition.json").write_text(json.dumps(result, indent=1) + "\n")
    (RESULTS / "sortition.md").write_text(markdown(result, command))
    print(markdown(result, command))


if __name__ == "__main__":
    main()
