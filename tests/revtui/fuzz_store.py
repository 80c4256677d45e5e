"""A council store that fuzzed files are imported into through the services, one at a time, with the
store closed between inputs so its file can be compared byte for byte (shared with the script)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from revtui.imports.problems import ImportRejected
from revtui.imports.voa_schedule import parse_schedule
from revtui.records.payments import open_cash_records
from revtui.services.directdebit import import_addacs, import_arudd
from revtui.services.payments import import_payment_file
from revtui.services.session import open_session, set_council
from revtui.services.valuation import apply_schedule
from revtui.store import Store
from tests.revtui.import_fuzz import IMPORTERS, TODAY, VALID


class StoreUnderFuzz:
    def __init__(self, path: Path):
        from tests.revtui.services.conftest import billed_account

        self.path = Path(path)
        store = Store(self.path, user="fuzz")
        try:
            set_council(store, "demo-district")
            cash = open_cash_records(store)
            billed_account(cash, 1234)
            billed_account(cash, 1235)
        finally:
            store.close()
        for importer in IMPORTERS:  # every table an import opens exists before the first comparison
            self._import(importer, VALID[importer](lambda n: 0))

    def fingerprint(self) -> str:
        digest = hashlib.sha256(self.path.read_bytes())
        for suffix in ("-wal", "-journal"):
            extra = Path(f"{self.path}{suffix}")
            if extra.exists():
                digest.update(extra.read_bytes())
        return digest.hexdigest()

    def _import(self, importer: str, data: bytes) -> None:
        store = Store(self.path, user="fuzz")
        try:
            cash = open_cash_records(store)
            if importer in ("csv", "allpay"):
                import_payment_file(cash, "fuzz.dat", data, importer, today=TODAY, officer="fuzz")
            elif importer == "arudd":
                import_arudd(cash, "fuzz.xml", data, today=TODAY, officer="fuzz")
            elif importer == "addacs":
                import_addacs(cash, "fuzz.xml", data, today=TODAY, officer="fuzz")
            else:
                session = open_session(store, council="demo-district", today=TODAY)
                apply_schedule(session, parse_schedule("fuzz.csv", data, session.tariff.council.country,
                                                       today=TODAY))
        finally:
            store.close()

    def run(self, importer: str, data: bytes) -> str:
        """``"imported"`` or ``"refused"``; asserts a refused file changed nothing; anything else propagates."""
        before = self.fingerprint()
        try:
            self._import(importer, data)
        except ImportRejected:
            assert self.fingerprint() == before, "a refused file changed the store"
            return "refused"
        return "imported"
