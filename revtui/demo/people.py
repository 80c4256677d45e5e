"""Invented names and addresses for the demo council: Faker (en_GB) pools, drawn from with the
build's seeded random source.

Faker is asked once for pools of first names, surnames and street names (seeded, so the same
every build); each person or street then draws from the pools, which is fast and deterministic.
Postcodes use an invented postcode area, so no demo address is a real one.
"""

from __future__ import annotations

import random

from faker import Faker

from revcore.ctax import Address

__all__ = ["NamePool", "Streets", "TOWNS"]

# The towns and villages of the invented district, by charging area.
TOWNS = {"UNP": "Demoton", "ASH": "Ashby Parva", "BRK": "Brookfield", "CDL": "Coldale"}
# Postcode districts of each area (invented area letters from the settings).
_DISTRICTS = {"UNP": (1, 2, 3, 4), "BRK": (5, 6), "ASH": (7,), "CDL": (8,)}
_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_BLOCKS = ("Court", "House", "Mews", "Lodge")


class NamePool:
    """First names and surnames from Faker en_GB, seeded."""

    def __init__(self, seed: int) -> None:
        fake = Faker("en_GB")
        fake.seed_instance(seed)
        self.female = sorted({fake.first_name_female() for _ in range(600)})
        self.male = sorted({fake.first_name_male() for _ in range(600)})
        self.surnames = sorted({fake.last_name() for _ in range(1500)})
        self.companies = sorted({f"{fake.last_name()} {fake.random_element(('Properties', 'Estates', 'Lettings', 'Homes'))} Ltd"
                                 for _ in range(200)})
        self.streets = sorted({fake.street_name() for _ in range(3000)})

    def person(self, rng: random.Random, surname: str | None = None) -> str:
        first = rng.choice(self.female if rng.random() < 0.5 else self.male)
        title = ""
        if rng.random() < 0.25:
            title = rng.choice(("Mr ", "Mrs ", "Ms ", "Miss ", "Dr "))
        return f"{title}{first} {surname or rng.choice(self.surnames)}"

    def surname(self, rng: random.Random) -> str:
        return rng.choice(self.surnames)

    def company(self, rng: random.Random) -> str:
        return rng.choice(self.companies)


_STREET_KINDS = ("Road", "Street", "Lane", "Close", "Avenue", "Drive", "Way", "Gardens", "Crescent", "Rise", "Grove",
                 "Place")
_STREET_WORDS = ("Oak", "Mill", "Church", "Station", "Orchard", "Meadow", "Willow", "Chapel", "Bridge", "Park", "Manor",
                 "Kings", "Queens", "Victoria", "Albert", "Beech", "Ash", "Elm", "Holly", "Hazel", "Brook", "Market")


def street_names(pool: NamePool, seed: int, part: int, parts: int) -> list[str]:
    """Street names for one part of the district: every part draws from its own share of all the
    names (a surname or a place word, and a kind of street), so no two parts share a street."""
    bases = sorted({name.split()[-1] for name in pool.surnames} | set(_STREET_WORDS))
    every = [f"{base} {kind}" for base in bases for kind in _STREET_KINDS]
    random.Random(f"{seed}:streets").shuffle(every)
    return every[part::parts]


def postcodes(postcode_area: str, area: str, seed: int, part: int, parts: int) -> list[str]:
    """The postcodes one part of the district may use in a charging area, likewise its own share."""
    every = [f"{postcode_area}{district} {sector}{first}{second}" for district in _DISTRICTS.get(area, (9,))
             for sector in range(1, 10) for first in _UNIT_LETTERS for second in _UNIT_LETTERS]
    random.Random(f"{seed}:postcodes:{area}").shuffle(every)
    return every[part::parts]


class Streets:
    """Hands out addresses street by street in each area: 20 to 80 homes a street, about 15 a postcode.

    ``names`` and ``codes`` (by area) are the street names and postcodes this part of the
    district may use; they are used up in order.
    """

    def __init__(self, names: list[str], codes: dict[str, list[str]], rng: random.Random) -> None:
        self._names = list(reversed(names))
        self._all = list(names)
        self._codes = {area: list(reversed(found)) for area, found in codes.items()}
        self._rng = rng
        self._current: dict[str, list] = {}
        self._spare = 0

    def _new_street(self, area: str) -> list:
        if self._names:
            name = self._names.pop()
        else:  # a part bigger than its share of names: mews off its own streets, still unique to it
            name = f"{self._all[self._spare % len(self._all)]} Mews" + (f" {self._spare // len(self._all) + 1}"
                                                                           if self._spare >= len(self._all) else "")
            self._spare += 1
        # [street name, next house number, homes left, postcode, homes on this postcode]
        return [name, 1, self._rng.randrange(20, 81), self._postcode(area), 0]

    def _postcode(self, area: str) -> str:
        codes = self._codes[area]
        return codes.pop() if len(codes) > 1 else codes[0]

    def address(self, area: str, flat: bool) -> Address:
        street = self._current.get(area)
        if street is None or street[2] <= 0:
            street = self._current[area] = self._new_street(area)
        name, number, _, postcode, on_code = street
        if on_code >= 15:  # about 15 homes share a postcode
            street[3] = postcode = self._postcode(area)
            street[4] = 0
        street[1] += 1
        street[2] -= 1
        street[4] += 1
        town = TOWNS.get(area, "Demoton")
        if flat:
            block = f"{name.split()[0]} {self._rng.choice(_BLOCKS)}"
            return Address((f"Flat {self._rng.randrange(1, 13)}", f"{number} {block}", name, town), postcode)
        return Address((f"{number} {name}", town), postcode)
