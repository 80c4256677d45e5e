"""The actions on a business rates account: key, form fields and the service that proposes each
(:mod:`revtui.services.rates_actions`). The rates account screen binds these keys and lists them
in its help; the form and confirmation screens are council tax's (:mod:`revtui.ui.screens.form`).

Each saves itself (``opens_account``: the confirmation hands the save to the proposal), so the
confirmation's council tax save is never used for a rates account.
"""

from __future__ import annotations

from collections.abc import Callable

from revtui.services import rates_actions as rates
from revtui.services.changes import Proposal
from revtui.services.rates_actions import RATES_CHANGE, RatesChange, RatesFile
from revtui.services.session import Session
from revtui.ui.actions import ActionSpec, Field, Values

__all__ = ["RATES_ACTIONS"]

REASON = Field("reason", "Reason (for the audit)", "application form received")


def _today(session: Session, file: object) -> str:
    return session.today.strftime("%d/%m/%Y")


def _ratepayer(session: Session, file: RatesFile) -> str:
    return file.account.value.liability.ratepayer


def _spec(key: str, name: str, help: str, fields: tuple[Field, ...],
          make: Callable[[Session, RatesFile, Values], RatesChange]) -> ActionSpec:
    def propose(session: Session, file: object, values: Values) -> Proposal:
        assert isinstance(file, RatesFile)
        return rates.as_proposal(make(session, file, values))

    return ActionSpec(key, name, help, fields, propose, opens_account=True, permission=RATES_CHANGE)


RATES_ACTIONS: tuple[ActionSpec, ...] = (
    _spec("r", "Award relief", "Kind: sbrr (small business), charity or rhl (retail, hospitality and leisure, "
          "to 2025/26), figures from the tables; discretionary (a charity's top-up) or hardship at a percentage",
          (Field("kind", "Relief kind", "sbrr"),
           Field("day", "From", "01/04/2026", _today), Field("until", "Until (blank: open)", "31/03/2027"),
           Field("percent", "Percent (s.47, s.49 only)", "100"), REASON),
          lambda s, f, v: rates.propose_relief(s, f.account, v["kind"], v["day"], v["until"], v["percent"],
                                               v["reason"])),
    _spec("e", "End relief", "A relief in force ends on the last day it is given (kind: sbrr, charity, rhl, "
          "discretionary or hardship)",
          (Field("kind", "Relief kind", "sbrr"),
           Field("day", "Last day relieved", "31/03/2027", _today), REASON),
          lambda s, f, v: rates.propose_end_relief(s, f.account, v["kind"], v["day"], v["reason"])),
    _spec("s", "s.44A certificate", "Part unoccupied for a short time: the valuation officer's certificate of "
          "the occupied part's value (LGFA 1988 s.44A)",
          (Field("requested", "Apportionment asked on", "14/07/2026"),
           Field("day", "Part empty from", "01/07/2026"),
           Field("value", "Occupied part's RV (£)", "15500"),
           Field("until", "Until (blank: open)", "31/10/2026"), REASON),
          lambda s, f, v: rates.propose_part_occupation(s, f.account, v["requested"], v["day"], v["value"],
                                                        v["until"], v["reason"])),
    _spec("o", "Occupation ends", "The occupier leaves; the owner (blank: none here) is liable for it empty "
          "from the next day, after the free period (3 months, 6 industrial)",
          (Field("day", "Last day occupied", "30/11/2026", _today), Field("owner", "Owner liable empty",
                                                                          "Northgate Estates Ltd"), REASON),
          lambda s, f, v: rates.propose_occupation_end(s, f.account, v["day"], v["owner"], v["reason"])),
    _spec("i", "Occupation starts", "An empty property is occupied: the owner's liability ends the day before",
          (Field("day", "Occupied from", "01/12/2026", _today), Field("name", "Occupier", "Brookfield Bikes Ltd"),
           REASON),
          lambda s, f, v: rates.propose_occupation_start(s, f.account, v["day"], v["name"], v["reason"])),
    _spec("c", "Change of ratepayer", "Someone else is liable from a day: this account ends, a new one opens",
          (Field("day", "New ratepayer from", "01/12/2026", _today), Field("name", "New ratepayer",
                                                                           "Brookfield Bikes Ltd"), REASON),
          lambda s, f, v: rates.propose_change_of_ratepayer(s, f.account, v["day"], v["name"], v["reason"])),
    _spec("x", "Empty rate exclusion", "The empty property's owner is excluded from empty rate "
          "(bankrupt, winding-up, listed-building, charity-next-use ...)",
          (Field("code", "Exclusion", "winding-up"), Field("day", "From", "01/12/2026", _today), REASON),
          lambda s, f, v: rates.propose_empty_exclusion(s, f.account, v["code"], v["day"], v["reason"])),
)
