"""The network's geography and vocabulary: regions (languages, cities, parliaments), national
days, services, sectors, themes, trainings, first names and motivations."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RegionProfile:
    """A region of the network: who lives there, what they speak, where missions happen."""

    code: str
    country: str
    # Languages of missions held here, with their shares.
    mission_languages: tuple[tuple[str, float], ...]
    # First language of people living here, with shares.
    native_languages: tuple[tuple[str, float], ...]
    # Chance that someone living here also speaks each further language.
    extra_languages: tuple[tuple[str, float], ...]
    cities: tuple[str, ...]
    weight: float  # share of people and missions, relative to the other regions of a year
    parliament: str


REGIONS: dict[str, RegionProfile] = {
    "BXL": RegionProfile(
        "BXL", "BE", (("fr", 0.55), ("nl", 0.33), ("en", 0.12)), (("fr", 0.65), ("nl", 0.35)),
        (("en", 0.55), ("nl", 0.45), ("fr", 0.45)),
        ("Brussels", "Anderlecht", "Schaerbeek", "Ixelles", "Molenbeek", "Saint-Gilles", "Etterbeek"),
        0.36, "Brussels Parliament"),
    "VL": RegionProfile(
        "VL", "BE", (("nl", 0.94), ("en", 0.06)), (("nl", 1.0),),
        (("en", 0.5), ("fr", 0.3)),
        ("Gent", "Antwerpen", "Leuven", "Brugge", "Hasselt", "Kortrijk", "Mechelen"),
        0.34, "Flemish Parliament"),
    "WAL": RegionProfile(
        "WAL", "BE", (("fr", 0.96), ("de", 0.04)), (("fr", 0.96), ("de", 0.04)),
        (("en", 0.4), ("nl", 0.15), ("de", 0.03)),
        ("Liège", "Namur", "Charleroi", "Mons", "Tournai", "Arlon", "Louvain-la-Neuve"),
        0.30, "Parliament of Wallonia"),
    "FR": RegionProfile(
        "FR", "FR", (("fr", 1.0),), (("fr", 1.0),), (("en", 0.5), ("es", 0.08)),
        ("Paris", "Lyon", "Lille", "Nantes", "Marseille", "Bordeaux"), 0.30, "Assemblée nationale"),
    "ES": RegionProfile(
        "ES", "ES", (("es", 0.92), ("en", 0.08)), (("es", 1.0),), (("en", 0.45), ("fr", 0.12)),
        ("Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao"), 0.20, "Congreso de los Diputados"),
    "IT": RegionProfile(
        "IT", "IT", (("it", 1.0),), (("it", 1.0),), (("en", 0.45), ("fr", 0.15)),
        ("Milano", "Roma", "Torino", "Bologna", "Napoli"), 0.16, "Camera dei deputati"),
    "DE": RegionProfile(
        "DE", "DE", (("de", 0.93), ("en", 0.07)), (("de", 1.0),), (("en", 0.6), ("fr", 0.1)),
        ("Berlin", "Köln", "Hamburg", "München", "Leipzig"), 0.18, "Bundestag"),
    "NL": RegionProfile(
        "NL", "NL", (("nl", 0.9), ("en", 0.1)), (("nl", 1.0),), (("en", 0.75), ("de", 0.2)),
        ("Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "Den Haag"), 0.16, "Tweede Kamer"),
}
BELGIAN_REGIONS: tuple[str, ...] = ("BXL", "VL", "WAL")
EAST_BELGIAN_CITIES: tuple[str, ...] = ("Eupen", "Sankt Vith")

# National days of the sister cooperatives' countries (month, day), on top of the common ones.
NATIONAL_DAYS: dict[str, tuple[tuple[int, int], ...]] = {
    "FR": ((5, 8), (7, 14), (11, 11)),
    "ES": ((10, 12), (12, 6), (12, 8)),
    "IT": ((4, 25), (6, 2), (12, 8)),
    "DE": ((10, 3), (12, 26)),
    "NL": ((4, 27), (12, 26)),
}

SERVICES: tuple[str, ...] = ("communication", "strategy", "operations", "advice", "direction")
SECTORS: tuple[str, ...] = (
    "music", "performing_arts", "visual_arts", "audiovisual", "design", "digital", "education",
    "events", "consulting", "crafts", "writing", "translation",
)
THEMES: tuple[str, ...] = (
    "artist_status", "cooperative_model", "freelance_work", "smart_services", "social_economy",
    "future_of_work", "mutualisation", "social_protection",
)
TRAININGS: tuple[str, ...] = ("initial", "public_speaking", "media")
LINK_FIELDS: tuple[str, ...] = ("institutional", "political", "commercial", "associative")
LINK_SCOPES: tuple[str, ...] = ("regional", "national", "international")

# How common each competence is among volunteers (same order as INTERVENTIONS).
COMPETENCE_POPULARITY: dict[str, float] = {
    "informal": 0.17, "talk": 0.15, "debate": 0.11, "media": 0.07, "booth": 0.16,
    "one_to_one": 0.13, "institutional": 0.07, "workshop": 0.14,
}

FIRST_NAMES: dict[str, tuple[str, ...]] = {
    "nl": ("Lotte", "Jonas", "Pieter", "Sofie", "Wout", "Lien", "Arne", "Femke", "Bram", "Elke",
           "Joris", "Nele", "Stijn", "Griet", "Tom", "Annelies", "Koen", "Hanne", "Thijs", "Ine",
           "Sander", "Marieke", "Dries", "Eline", "Yasmina", "Ilias"),
    "fr": ("Claire", "Hugo", "Amina", "Mehdi", "Camille", "Julien", "Élise", "Nicolas", "Manon",
           "Laurent", "Chloé", "Maxime", "Aurélie", "Sébastien", "Inès", "Cédric", "Margaux",
           "Olivier", "Salma", "Yannick", "Fatou", "Thibault", "Noémie", "Karim"),
    "de": ("Lukas", "Anna", "Jonas", "Lena", "Felix", "Marie", "Jan", "Sarah", "Tobias", "Hannah",
           "Moritz", "Katrin"),
    "es": ("Lucía", "Javier", "Carmen", "Pablo", "Marta", "Diego", "Laura", "Sergio", "Elena", "Álvaro"),
    "it": ("Giulia", "Marco", "Chiara", "Luca", "Francesca", "Matteo", "Sara", "Davide", "Elena", "Paolo"),
}
INITIALS = "ABCDEFGHIJKLMNOPRSTVWZ"

MOTIVATIONS: tuple[str, ...] = (
    "I want other freelancers to know that a cooperative can work for them.",
    "SMart helped me through a hard year; I want to give something back.",
    "I like speaking in public and defending the status of artists.",
    "I know my sector well and can explain how mutualisation works in practice.",
    "Ik wil collega's in mijn sector vertellen hoe de coöperatie werkt.",
    "Je veux porter la voix des membres auprès des institutions.",
)
