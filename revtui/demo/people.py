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


class Streets:
    """Hands out addresses street by street in each area: 20 to 80 homes a street."""

    def __init__(self, pool: NamePool, rng: random.Random, postcode_area: str) -> None:
        self._pool = pool
        self._rng = rng
        self._area_letters = postcode_area
        self._current: dict[str, list] = {}
        self._used: set[str] = set()
        self._postcodes: set[str] = set()

    def _new_street(self, area: str) -> list:
        rng = self._rng
        name = rng.choice(self._pool.streets)
        while (name, area) in self._used:
            name = f"{rng.choice(self._pool.streets).split()[0]} {rng.choice(('Close', 'Way', 'Gardens', 'Rise', 'Lane'))}"
        self._used.add((name, area))
        # [street name, next house number, homes left, postcode, homes on this postcode]
        return [name, 1, rng.randrange(20, 81), self._postcode(area), 0]

    def _postcode(self, area: str) -> str:
        rng = self._rng
        while True:
            code = (f"{self._area_letters}{rng.choice(_DISTRICTS.get(area, (9,)))} "
                    f"{rng.randrange(1, 10)}{rng.choice(_UNIT_LETTERS)}{rng.choice(_UNIT_LETTERS)}")
            if code not in self._postcodes:
                self._postcodes.add(code)
                return code

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
