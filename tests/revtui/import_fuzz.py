"""Valid files and hostile mutations of them, for every importer: shared by the fuzz tests and
``scripts/fuzz_imports.py`` (which runs 2,000 per importer and counts the outcomes).

Every generator takes ``choose(n) -> int in range(n)``: a Hypothesis draw in the tests (so a
failure shrinks), a seeded ``random.Random`` in the script. :func:`outcome` runs one input
through an importer's reader and says ``"imported"`` or ``"refused"``; anything else (a
traceback) propagates, and so fails the test or is counted as a crash by the script.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal

from revcore.council import Country
from revtui.imports.bacs_reports import parse_addacs, parse_arudd
from revtui.imports.payment_files import parse_payment_file
from revtui.imports.problems import ImportRejected
from revtui.imports.voa_schedule import parse_schedule

Choose = Callable[[int], int]
TODAY = dt.date(2026, 7, 1)
IMPORTERS = ("csv", "allpay", "arudd", "addacs", "voa")
REFERENCES = ("C00012343", "00012351", "C0001236X", "C00012344", "C00000426", "C00012343 ", "c00012343")


def pick(choose: Choose, items: Sequence):  # noqa: ANN201
    return items[choose(len(items))]


def _amount(choose: Choose, high: int = 500_000) -> Decimal:
    return (Decimal(choose(high) + 1) / 100).quantize(Decimal("0.01"))


def _day(choose: Choose) -> dt.date:
    return TODAY - dt.timedelta(days=choose(40))


def _text(choose: Choose) -> str:
    return pick(choose, ("", "POST", "cheque 100234", "Mr O'Brien, flat 2", 'said "thanks"', "£5 note", "Zoë"))


def csv_file(choose: Choose) -> bytes:
    rows, net = ["type,reference,amount,date,channel,narrative"], Decimal("0.00")
    for _ in range(choose(6) + 1):
        kind, amount = pick(choose, "PPPR"), _amount(choose)
        net += amount if kind == "P" else -amount
        narrative = _text(choose)
        quoted = '"' + narrative.replace('"', '""') + '"' if any(c in narrative for c in ',"') else narrative
        rows.append(f"{kind},{pick(choose, REFERENCES)},{amount},{_day(choose).isoformat()},{_text(choose)[:4]},{quoted}")
    rows.append(f"T,{len(rows) - 1},{net}")
    return ("\n".join(rows) + "\n").encode()


def allpay_file(choose: Choose) -> bytes:
    rows, net = [], Decimal("0.00")
    for _ in range(choose(6) + 1):
        channel, amount = pick(choose, "PTZNBCQ"), _amount(choose, 9_999_999)
        net += -amount if channel == "Q" else amount
        reference = pick(choose, REFERENCES).strip()
        field = ("BERN" + reference.ljust(12)) if choose(4) == 0 else reference.ljust(16)
        rows.append(f" {335610 + choose(9)}{field}{amount:>9}{channel}{_day(choose).strftime('%d/%m/%Y')}")
    rows += ["", f"Total Amount{'':22}{net:>17}", f"Total Transactions{'':22}{len(rows):>17}"]
    return ("\n".join(rows) + "\n").encode()


def arudd_file(choose: Choose) -> bytes:
    items, total = [], Decimal("0.00")
    for _ in range(choose(4) + 1):
        amount = _amount(choose)
        total += amount
        code = pick(choose, ("0", "1", "2", "6", "B", "1012"))
        items.append(f'<ReturnedDebitItem ref="{pick(choose, REFERENCES).strip()}" transCode="17" returnCode="{code}" '
                     f'returnDescription="REFER TO PAYER" originalProcessingDate="{_day(choose).isoformat()}" '
                     f'valueOf="{amount}" currency="GBP"/>')
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<BACSDocument>\n<Data>\n<ARUDD>\n'
            f'<Header reportType="REFT1027" adviceNumber="{choose(99999):05d}" '
            f'currentProcessingDate="{TODAY.isoformat()}"/>\n' + "\n".join(items)
            + f'\n<Totals numberOf="{len(items)}" valueOf="{total}" currency="GBP"/>\n</ARUDD>\n</Data>\n'
              f'</BACSDocument>\n').encode()


def addacs_file(choose: Choose) -> bytes:
    advices = []
    for _ in range(choose(4) + 1):
        code = pick(choose, ("0", "1", "2", "3", "B", "C", "D", "E", "R"))
        moved = f' payer-new-sort-code="{choose(999999):06d}" payer-new-account-number="{choose(10**8):08d}"' \
            if code in "3C" else ""
        advices.append(f'<MessagingAdvice user-number="123456" record-type="A" effective-date="{_day(choose).isoformat()}" '
                       f'reference="{pick(choose, REFERENCES).strip()}" reason-code="{code}"{moved}/>')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<BACSDocument>\n<Data>\n<MessagingAdvices>\n'
            f'<MessagingHeader report-type="REFT1019" advice-number="{choose(99999):05d}" '
            f'report-generation-date="{TODAY.isoformat()}"/>\n' + "\n".join(advices)
            + "\n</MessagingAdvices>\n</Data>\n</BACSDocument>\n").encode()


def voa_file(choose: Choose) -> bytes:
    rows = ["schedule_date,voa_reference,ba_reference,uprn,change_type,band,effective_date,address_1,address_2,"
            "address_3,address_4,postcode"]
    for number in range(choose(5) + 1):
        change = pick(choose, ("NEW", "AMENDED", "DELETED", "MINOR ADDRESS CHANGE", "HISTORIC AMENDED"))
        band = pick(choose, "ABCDEFGH") if change not in ("DELETED", "MINOR ADDRESS CHANGE") else ""
        effective = dt.date(1993, 4, 1) + dt.timedelta(days=choose(12_000))
        rows.append(f"{_day(choose).isoformat()},VOA{number},P{choose(2000)},{choose(10**12) if choose(2) else ''},"
                    f"{change},{band},{effective.strftime(pick(choose, ('%Y-%m-%d', '%d/%m/%Y')))},"
                    f"{number} High Street,Ashby Parva,,,DM1 1AA")
    return ("\n".join(rows) + "\n").encode()


VALID: dict[str, Callable[[Choose], bytes]] = {
    "csv": csv_file, "allpay": allpay_file, "arudd": arudd_file, "addacs": addacs_file, "voa": voa_file,
}

# What hostile or broken deliveries contain: separators, quotes, exponents, huge numbers, other scripts'
# digits, control and line-break characters, byte-order marks, bytes that are not UTF-8, XML declarations.
TOKENS = (
    b",", b'"', b"'", b"\n", b"\r\n", b"\r", b"\x00", b"\x1c", b"\xc2\x85", b"\xe2\x80\xa8", b"\t", b" " * 40,
    b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xa3", b"\xff", b"\xc3", b"1e3", b"1E-5", b"NaN", b"Infinity",
    b"9" * 40, b"-", b"+", b".", b"12,34", b"1,234.56", b"0.00", b"-0.00", "²".encode(), "٣".encode(),
    "１２".encode(), b"9999-12-31", b"1900-01-01", b"31/12/9999", b"29/02/2027", b"2026-02-30", b"T,", b"P,",
    b"R,", b"Total Amount", b"Total Transactions", b"<", b">", b"&", b"&amp;", b"&#0;", b"<!--", b"]]>",
    b"<!DOCTYPE BACSDocument [<!ENTITY a 'x'>]>", b'<?xml version="1.0" encoding="x-unknown"?>',
    b'<?xml version="1.0" encoding="UTF-16"?>', b'<?xml version="1.0" encoding="cp037"?>', b'valueOf="1e3"',
    b'numberOf="\xc2\xb2"', b'reason-code="Z"', b"HISTORIC NEW", b"MINOR ADDRESS CHANGE", b"I", b"Z",
)
_HUGE = b"x" * 140_000  # over the csv module's field size limit (131,072)


def mutate(choose: Choose, data: bytes) -> bytes:
    """``data`` with one to four random edits: tokens inserted or substituted, bytes flipped, cut,
    repeated or dropped, lines swapped or doubled, the file truncated."""
    for _ in range(choose(4) + 1):
        op = choose(10)
        at = choose(len(data) + 1)
        end = min(len(data), at + choose(40) + 1)
        if op <= 2:
            data = data[:at] + pick(choose, TOKENS) + data[at:]
        elif op == 3:
            data = data[:at] + pick(choose, TOKENS) + data[end:]
        elif op == 4 and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ (1 << choose(8))]) + data[at + 1:]
        elif op == 5:
            data = data[:at] + data[end:]
        elif op == 6:
            data = data[:end] + data[at:]
        elif op == 7:
            data = data[:at]
        elif op == 8:
            lines = data.split(b"\n")
            i, j = choose(len(lines)), choose(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            if choose(2):
                lines.insert(i, lines[j])
            data = b"\n".join(lines)
        else:
            data = data[:at] + (_HUGE if choose(4) == 0 else b'"' + _HUGE[: choose(200)] + b'"') + data[at:]
    return data


def outcome(importer: str, data: bytes, name: str = "fuzz.dat") -> str:
    """``"imported"`` or ``"refused"`` (a clear refusal: file, line >= 1, field and message); other
    exceptions propagate."""
    try:
        if importer in ("csv", "allpay"):
            parse_payment_file(name, data, importer, today=TODAY)
        elif importer == "arudd":
            parse_arudd(name, data, today=TODAY)
        elif importer == "addacs":
            parse_addacs(name, data, today=TODAY)
        else:
            parse_schedule(name, data, Country.ENGLAND, today=TODAY)
    except ImportRejected as rejected:
        assert rejected.problems, "a refusal names at least one problem"
        for problem in rejected.problems:
            assert problem.file == name and problem.line >= 1 and problem.field and problem.message, problem
        return "refused"
    return "imported"
