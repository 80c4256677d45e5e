"""Which screen shows an account Find lists (or an account of a person's): one place for the
kind -> screen mapping, used by Find and the person screen alike."""

from __future__ import annotations

from textual.app import App

from revcore.money import ZERO
from revtui.services.search import Hit

__all__ = ["open_hit", "open_account_reference"]


def open_hit(app: App, hit: Hit) -> None:
    """Show ``hit``'s account in its kind's own view, or (a dwelling nobody is liable for yet) the
    move-in form. A person's line is Find's to open (the person screen uses this module)."""
    if hit.kind == "business rates":
        from revtui.ui.screens.rates import RatesAccountScreen

        app.push_screen(RatesAccountScreen(hit.doc_id))
        return
    if hit.kind == "sundry debt":
        from revtui.ui.screens.sundry import SundryAccountScreen

        app.push_screen(SundryAccountScreen(hit.doc_id))
        return
    if hit.kind != "council tax":
        from revtui.ui.screens.other import OtherAccountScreen

        app.push_screen(OtherAccountScreen(hit.kind, hit.doc_id))
        return
    if hit.doc_id is not None:
        app.open_account(hit.doc_id)
        return
    # a dwelling nobody is liable for yet: the only thing to do is a move in
    from revtui.ui.actions import move_in_at
    from revtui.ui.screens.form import ActionForm

    prop = app.session.records.properties.find_one("reference", hit.property_reference).value
    app.push_screen(ActionForm(move_in_at(prop), None), lambda saved: app.open_account(saved) if saved else None)


def open_account_reference(app: App, reference: str) -> bool:
    """Show the account ``reference`` in its kind's view (False when it is not in the store)."""
    from revtui.accounts import kind_of_reference

    kind = kind_of_reference(reference)
    stored = kind.repository(app.session.store).find_one("reference", reference)
    if stored is None:
        return False
    open_hit(app, Hit(stored.doc_id, reference, "", "", "", ZERO, True, kind=kind.name))
    return True
