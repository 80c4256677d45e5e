"""Find: one search box over account reference, name, address, postcode and UPRN.

Every kind of account is found (:data:`revtui.accounts.KINDS`): council tax by reference, name,
address, postcode and UPRN; the others by reference or name, after the council tax accounts.

A person (a debtor linked across accounts, ``DBT0000007``) is found by their reference or their
National Insurance number; their line's ``kind`` is :data:`PERSON`.

Each keystroke runs a few prefix look-ups on the store's indexes, never a scan, and reads the
matching documents as they are stored (no conversion to objects): a hit needs only the names,
the address and the balance, and 100,000 accounts must answer in well under 100 ms.
"""

from __future__ import annotations

import re

from revcore.money import ZERO
from revcore.references import KINDS as REFERENCE_PREFIXES
from revtui.records.ctax import Records
from revtui.records.persons import PERSON_PREFIX, persons
from revtui.accounts import COUNCIL_TAX, Summary, find_by_reference_or_name
from revtui.store import normalise_postcode, once_per_store

__all__ = ["Hit", "find", "MIN_LENGTH", "LIMIT", "PERSON"]

MIN_LENGTH = 2
LIMIT = 20

_REFERENCE = re.compile(r"^[A-Za-z]\d{3,}[Xx]?$")  # check digit X = 10
_POSTCODE = re.compile(r"^[A-Za-z]{1,2}\d[A-Za-z\d]?(\s*\d[A-Za-z]{0,2})?$")
_UPRN = re.compile(r"^\d{5,}$")
_SHORT_REFERENCE = re.compile(r"^[A-Za-z]\d{1,2}$")  # "C0": a reference begun, or a postcode ("N1")
_PERSON = re.compile(rf"^{PERSON_PREFIX}\d*$", re.IGNORECASE)
_NI_NUMBER = re.compile(r"^[A-Za-z]{2}\d{6}[A-Da-d]$")  # as typed; stored without spaces, upper case
PERSON = "person"
"""The ``kind`` of a line that is a person, not an account: opening it shows the person."""
_persons = once_per_store(persons)


def _reference_begun(text: str) -> bool:
    """A kind's letter and its first digits: Find lists references as the box asks for two characters."""
    return bool(_SHORT_REFERENCE.match(text)) and text[0].upper() in REFERENCE_PREFIXES


Hit = Summary
"""One account found (:class:`revtui.accounts.Summary`): a ``doc_id`` of None is a dwelling
nobody has been liable for yet; ``kind`` says whose table the ``doc_id`` is in."""


def find(records: Records, text: str, *, limit: int = LIMIT) -> list[Hit]:
    """Accounts matching ``text``: by the kind of thing it looks like, then by name and address."""
    text = " ".join(text.split())
    if len(text) < MIN_LENGTH:
        return []
    if _PERSON.match(text) or _NI_NUMBER.match(text.replace(" ", "")):
        return _person_hits(records, text, limit)
    accounts = records.accounts.table
    properties = records.properties.table
    ix_accounts = records.accounts.indexes
    ix_properties = records.properties.indexes
    account_docs: list = []
    property_docs: list = []
    if _REFERENCE.match(text):
        account_docs = accounts.search(ix_accounts["reference"].prefix(text), limit=limit)
    elif _UPRN.match(text):
        property_docs = properties.search(ix_properties["uprn"].prefix(text), limit=limit)
    else:
        if _POSTCODE.match(text):
            property_docs = properties.search(ix_properties["postcode"].prefix(normalise_postcode(text)), limit=limit)
        if text[0].isdigit():
            property_docs += properties.search(ix_properties["address"].prefix(text), limit=limit)
        else:
            account_docs = accounts.search(ix_accounts["name"].prefix(text), limit=limit)
            if _reference_begun(text) and len(account_docs) < limit:
                account_docs += accounts.search(ix_accounts["reference"].prefix(text), limit=limit - len(account_docs))
            if len(account_docs) < limit:
                property_docs += properties.search(ix_properties["address"].prefix(text), limit=limit)
    hits: dict[int, Hit] = {}
    addresses: dict[str, dict] = {doc["reference"]: doc for doc in property_docs}
    for doc in account_docs:
        prop = addresses.get(doc["property_reference"])
        if prop is None:
            prop = properties.search(ix_properties["reference"].equals(doc["property_reference"]), limit=1)
            prop = prop[0] if prop else None
        hits[doc.doc_id] = _hit(doc, prop)
    for prop in property_docs:
        if len(hits) >= limit:
            break
        at = accounts.search(ix_accounts["property"].equals(prop["reference"]))
        for doc in sorted(at, key=lambda d: d["liability"]["start"], reverse=True):
            hits.setdefault(doc.doc_id, _hit(doc, prop))
        if not at:
            hits[-prop.doc_id] = Hit(None, prop["reference"], "(nobody liable yet)", ", ".join(prop["address"]["lines"]),
                                     prop["address"]["postcode"], ZERO, False, prop["reference"])
    ordered = sorted(hits.values(), key=lambda h: (not h.current, h.names.casefold()))
    found = ordered[:limit] if account_docs else list(hits.values())[:limit]
    by_reference = bool(_REFERENCE.match(text)) or _reference_begun(text)
    if len(found) < limit and (by_reference or not (_UPRN.match(text) or text[0].isdigit())):
        found += find_by_reference_or_name(records.store, text, by_reference=by_reference, limit=limit - len(found))
    return found


def _hit(doc, prop) -> Hit:  # noqa: ANN001 - stored documents
    return COUNCIL_TAX.summary(doc, prop)


def _person_hits(records: Records, text: str, limit: int) -> list[Hit]:
    """Persons by reference (begun) or NI number, read as stored: the name and how many accounts."""
    repository = _persons(records.store)
    if _PERSON.match(text):
        query = repository.indexes["reference"].prefix(text.upper())
    else:
        query = repository.indexes["ni_number"].equals(text.replace(" ", "").upper())
    hits = []
    for doc in repository.table.search(query, limit=limit):
        linked = len(doc["links"])
        hits.append(Hit(doc.doc_id, doc["reference"], doc["name"], f"person: {linked} account{'s' if linked != 1 else ''}",
                        "", ZERO, True, kind=PERSON))
    return hits
