"""The kinds of representation moment a year holds (school talks, debates, stands, hearings,
forums, ...) and the ranges their mission sheets are drawn from."""

from __future__ import annotations

from dataclasses import dataclass

from .calendar import (
    ANY_DAY,
    FESTIVAL_SEASON,
    MIDWEEK,
    NO_RECESS,
    SCHOOL_SEASON,
    SEASON,
    WEEKDAYS_ONLY,
    WEEKEND,
)


@dataclass(frozen=True)
class Kind:
    """A recurring kind of representation moment and the ranges its sheets are drawn from."""

    name: str
    share: float  # of the ordinary (non-special) missions
    intervention: str
    venues: tuple[str, ...]
    audiences: tuple[str, ...]
    levels: tuple[str, ...]
    axes: tuple[str, ...]
    hours: tuple[float, ...]
    starts: tuple[float, ...]
    preparation: tuple[float, ...]
    seats: tuple[tuple[int, int], ...]
    pair_share: float
    pair_services: tuple[str, ...]
    priorities: tuple[int, ...]
    months: tuple[float, ...]
    weekdays: tuple[float, ...]
    titles: tuple[str, ...]


ORDINARY_KINDS: tuple[Kind, ...] = (
    Kind("school_talk", 0.12, "talk", ("conference", "other"), ("students",), ("local",),
         ("promote", "inform"), (1.5, 2.0, 2.0), (9.0, 10.0, 13.5, 14.0), (1.0, 2.0, 2.0, 3.0),
         ((1, 1),), 0.0, (), (1, 2, 2, 3), SCHOOL_SEASON, WEEKDAYS_ONLY,
         ("Guest talk at the art school ({city})", "Guest talk at a secondary school ({city})",
          "Talk for conservatory students ({city})", "Talk at the design academy ({city})",
          "Guest lecture at the university ({city})")),
    Kind("conference_talk", 0.12, "talk", ("conference",), ("professionals", "partners"),
         ("sector", "regional", "national"), ("inform", "promote"), (1.0, 1.5, 2.0, 3.0),
         (9.5, 10.0, 14.0, 15.0), (2.0, 3.0, 4.0, 5.0), ((1, 1), (1, 2)), 0.15, ("communication",),
         (2, 3, 3, 4), SEASON, WEEKDAYS_ONLY,
         ("Talk on {theme} at a {sector} conference ({city})", "Keynote on {theme} ({city})")),
    Kind("debate", 0.11, "debate", ("conference", "other"), ("professionals", "general_public", "partners"),
         ("sector", "regional", "national"), ("defend", "promote", "inform"), (2.0, 2.5, 3.0),
         (18.0, 19.0, 19.5, 20.0), (2.0, 3.0, 4.0), ((1, 1), (1, 2), (2, 3)), 0.1,
         ("strategy", "communication"), (2, 3, 4, 5), SEASON, WEEKDAYS_ONLY,
         ("Debate on {theme} ({city})", "Panel on {theme} in the {sector} sector ({city})")),
    Kind("workshop", 0.11, "workshop", ("smart_premises", "other"), ("professionals", "students"),
         ("local", "sector"), ("inform", "promote"), (2.0, 3.0, 3.0, 4.0), (9.5, 10.0, 13.5, 14.0),
         (2.0, 3.0, 4.0), ((1, 1), (1, 2)), 0.05, ("advice",), (1, 2, 3), SEASON, ANY_DAY,
         ("Workshop: {theme} for {sector} freelancers ({city})",
          "Workshop on invoicing and {theme} ({city})")),
    Kind("info_session", 0.12, "one_to_one", ("smart_premises", "one_to_one"), ("professionals",),
         ("local",), ("inform",), (2.0, 3.0), (10.0, 14.0, 17.0), (0.0,), ((1, 1), (1, 2), (2, 2)),
         0.1, ("advice", "operations"), (1, 2, 3), SEASON, WEEKDAYS_ONLY,
         ("One-to-one info session on SMart services ({city})", "Newcomers' consultations ({city})")),
    Kind("meetup", 0.12, "informal", ("smart_premises", "other"), ("professionals", "general_public"),
         ("local", "sector"), ("promote",), (2.0, 2.5, 3.0), (17.5, 18.0, 18.5, 19.0), (0.0,),
         ((1, 2), (1, 3), (2, 3)), 0.05, ("communication",), (1, 2, 3), SEASON, ANY_DAY,
         ("{Sector} members' meetup ({city})", "Members' drink on {theme} ({city})")),
    Kind("stand", 0.08, "booth", ("other",), ("general_public",), ("local",), ("promote",),
         (4.0, 5.0, 6.0, 8.0), (10.0, 11.0, 12.0, 13.0), (0.0,), ((1, 2), (2, 3)), 0.0, (),
         (1, 2, 3), FESTIVAL_SEASON, WEEKEND,
         ("Festival stand ({city})", "Stand at the artists' market ({city})", "Street-fair stand ({city})")),
    Kind("webinar", 0.05, "talk", ("online",), ("professionals",), ("regional", "national"),
         ("inform",), (1.0, 1.5), (12.5, 13.0, 18.5, 19.0), (1.0, 2.0), ((1, 1),), 0.0, (),
         (1, 2, 3), SEASON, WEEKDAYS_ONLY, ("Webinar: {theme}", "Online Q&A on {theme}")),
    Kind("partner_meeting", 0.06, "institutional", ("official", "smart_premises"),
         ("partners", "institutions"),
         ("regional", "national"), ("defend",), (1.5, 2.0), (9.5, 10.0, 14.0, 15.0), (1.0, 2.0, 3.0),
         ((1, 1),), 1.0, ("strategy", "advice", "direction"), (3, 4, 5), NO_RECESS, WEEKDAYS_ONLY,
         ("Meeting with a {sector} federation on {theme} ({city})",
          "Consultation with the regional administration on {theme} ({city})")),
    Kind("media", 0.06, "media", ("other", "online"), ("general_public", "press"), ("regional", "national"),
         ("inform", "defend"), (1.0, 1.0, 1.5), (7.5, 8.0, 12.0, 18.0, 19.0), (0.5, 1.0, 2.0),
         ((1, 1),), 0.0, ("communication",), (2, 3, 4), SEASON, ANY_DAY,
         ("Radio interview on {theme}", "TV debate on {theme}", "Podcast on {theme}",
          "Press interview on {theme}")),
)
HEARING = Kind(
    "hearing", 0.0, "institutional", ("official",), ("institutions",), ("regional", "national"), ("defend",),
    (2.0, 2.5, 3.0, 4.0), (9.0, 9.5, 10.0, 14.0), (3.0, 4.0, 5.0, 6.0), ((1, 1), (1, 2)), 1.0,
    ("strategy", "direction"), (4, 5), NO_RECESS, MIDWEEK, ("{parliament} hearing on {theme}",))
FORUM = Kind(
    "forum", 0.0, "debate", ("conference",), ("institutions", "partners"), ("european",), ("defend",),
    (2.0, 3.0, 4.0, 6.0, 8.0), (9.0, 9.5, 10.0, 14.0), (3.0, 4.0, 5.0, 6.0), ((1, 1), (1, 2)), 1.0,
    ("strategy", "direction"), (4, 5), NO_RECESS, WEEKDAYS_ONLY,
    ("European forum panel on {theme}", "EU social-economy conference: {theme}",
     "European Parliament round table on {theme}"))
# The June general assembly's roles: title, intervention, start hour, hours, language, pair services.
ASSEMBLY_ROLES: tuple[tuple[str, str, float, float, str, list[str]], ...] = (
    ("General assembly: welcome desk", "informal", 8.5, 4.0, "fr", ["communication"]),
    ("General assembly: welcome desk (NL)", "informal", 8.5, 4.0, "nl", ["communication"]),
    ("General assembly: members' testimonies", "talk", 10.0, 2.0, "fr", []),
    ("General assembly: workshop hosts", "workshop", 13.5, 3.5, "fr", []),
    ("General assembly: international guests", "informal", 9.0, 8.0, "en", []),
)
FAIR_NAMES: tuple[str, ...] = (
    "Creative Industries Fair", "Music Industry Days", "Design Week", "Book Fair", "Performing Arts Market",
    "Audiovisual Expo", "Crafts Salon", "Digital Creators Fair", "Freelance Forum", "Art Fair",
)
