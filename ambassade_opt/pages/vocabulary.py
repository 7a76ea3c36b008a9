"""Readable, translatable words for the fixed vocabularies of DOMAIN.md (levels, axes, ...)."""

from __future__ import annotations

from .i18n import N_, PageLocale

WORDS: dict[str, str] = {
    # levels
    "local": N_("local"),
    "sector": N_("sector"),
    "regional": N_("regional"),
    "national": N_("national"),
    "european": N_("European"),
    # axes
    "promote": N_("promote"),
    "inform": N_("inform"),
    "defend": N_("defend"),
    # interventions
    "informal": N_("informal"),
    "talk": N_("talk"),
    "debate": N_("debate"),
    "media": N_("media"),
    "booth": N_("booth"),
    "one_to_one": N_("one-to-one"),
    "institutional": N_("institutional"),
    "workshop": N_("workshop"),
    # audiences
    "general_public": N_("general public"),
    "professionals": N_("professionals"),
    "students": N_("students"),
    "institutions": N_("institutions"),
    "partners": N_("partners"),
    "press": N_("press"),
    # venues
    "fair": N_("fair"),
    "conference": N_("conference"),
    "official": N_("official venue"),
    "smart_premises": N_("SMart premises"),
    "online": N_("online"),
    "other": N_("other venue"),
    # plan status
    "optimal": N_("optimal"),
    "feasible": N_("feasible"),
    "infeasible": N_("infeasible"),
    "unknown": N_("unknown"),
    # agenda status
    "CONFIRMED": N_("confirmed"),
    "TENTATIVE": N_("not staffed yet"),
    "CANCELLED": N_("cancelled"),
}

GROUPINGS: dict[str, str] = {
    "axis": N_("Coverage per axis"),
    "level": N_("Coverage per level"),
    "region": N_("Coverage per region"),
}


def word(loc: PageLocale, key: str) -> str:
    """The translated word for a vocabulary value; an unknown value (a region code, a sector)
    is shown as written, with underscores as spaces."""
    known = WORDS.get(key)
    return loc.gettext(known) if known is not None else key.replace("_", " ")


# The kinds of reason a mission is left out, as the report groups them
# (:func:`ambassade_opt.report.report_data`'s ``unassigned_summary``). A kind not listed here (one
# that names a language or a service) is shown as written.
REASON_KINDS: frozenset[str] = frozenset({
    N_("all eligible ambassadors are busy"),
    N_("all eligible ambassadors are at their yearly maximum"),
    N_("all eligible ambassadors are at their monthly maximum"),
    N_("all eligible ambassadors are at their remuneration cap"),
    N_("group cap reached"),
    N_("nobody eligible"),
    N_("too few eligible"),
    N_("proposer cannot take it"),
    N_("unapproved initiative"),
    N_("not covered"),
    N_("annual budget exhausted"),
    N_("Q1 budget exhausted"),
    N_("Q2 budget exhausted"),
    N_("Q3 budget exhausted"),
    N_("Q4 budget exhausted"),
})


def reason_kind(loc: PageLocale, kind: str) -> str:
    """The translated kind of reason; an unknown kind is shown as written (in English)."""
    return loc.gettext(kind) if kind in REASON_KINDS else kind
