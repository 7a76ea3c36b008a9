"""The profiles to recruit (R1, "vraag en aanbod definiëren"): missions nobody can take.

A mission is a *recruitment gap* when fewer ambassadors than its ``seats_min`` could ever take
it: speak its language, have its intervention among their competences, be available on its
dates and weekdays, and not have declined it. The charter and trainings are left out on
purpose: those the cooperative can give its own people (see :mod:`.candidates`). A mission that
needs a staff pair and has no staff member who could go (service, language, availability) is a
gap too, of staff.

Gaps are grouped by the profile that is needed — ``language``, ``competence`` (the
intervention), ``region`` (where the missions are: a recruit living there travels least) and
``sector`` (the mission's first sector, ``None`` for any) — and by ``missing``, what no current
ambassador offers: ``language`` (nobody speaks it), ``competence`` (nobody has it), both (each
exists but never in one person), ``availability`` (the people exist but too few are free or
willing) or ``staff``. Groups come by total priority, highest first.
"""

from __future__ import annotations

from collections import defaultdict

from pydantic import BaseModel, ConfigDict

from ..model import Instance, Mission, is_available

Key = tuple[str, str, str, str | None, tuple[str, ...]]


class RecruitProfile(BaseModel):
    """Missions nobody can take, grouped by the profile they need."""

    model_config = ConfigDict(extra="forbid")

    language: str
    competence: str
    region: str
    sector: str | None
    missing: list[str]
    missions: list[str]
    total_priority: int


def _missing(instance: Instance, m: Mission) -> tuple[str, ...]:
    people = instance.ambassadors
    speakers = [a for a in people if m.language in a.languages]
    able = [a for a in people if m.intervention in a.competences]
    both = [a for a in speakers if m.intervention in a.competences]
    missing: list[str] = []
    if not speakers:
        missing.append("language")
    if not able:
        missing.append("competence")
    if speakers and able and not both:
        missing += ["language", "competence"]
    if not missing:
        free = [a for a in both if is_available(a, m.start, m.end) and a.interests.get(m.id) != -2]
        if len(free) < m.seats_min:
            missing.append("availability")
    if m.needs_staff_pair and not any(
            (not m.staff_services or s.service in m.staff_services) and m.language in s.languages
            and is_available(s, m.start, m.end) for s in instance.staff):
        missing.append("staff")
    return tuple(missing)


def profiles_to_recruit(instance: Instance) -> list[RecruitProfile]:
    """The recruitment gaps of the year, grouped (see the module docstring)."""
    groups: dict[Key, list[Mission]] = defaultdict(list)
    for m in instance.missions:
        if m.origin == "ambassador_initiative" and not m.approved:
            continue
        missing = _missing(instance, m)
        if missing:
            key = (m.language, m.intervention, m.region, m.sectors[0] if m.sectors else None, missing)
            groups[key].append(m)
    out = [RecruitProfile(language=k[0], competence=k[1], region=k[2], sector=k[3], missing=list(k[4]),
                          missions=[m.id for m in sorted(ms, key=lambda m: (m.start, m.id))],
                          total_priority=sum(m.priority for m in ms))
           for k, ms in groups.items()]
    return sorted(out, key=lambda p: (-p.total_priority, p.language, p.competence, p.region,
                                      p.sector or "", p.missing))
