"""Only the trainer moves the training clock, and every session follows it (issue 20 item 8):
on a training store everyone works with the trainer's role, but the day is the whole class's."""

import datetime as dt
from pathlib import Path

import pytest

from revtui.clock import set_training_date, today
from revtui.services.permissions import PermissionRefused, require
from revtui.services.session import open_session
from revtui.store import Store
from revtui.ui.app import RevenuesApp
from revtui.ui.screens.training import TrainingSummary
from council_fixtures import council_file, store  # noqa: F401  (fixtures)

pytestmark = pytest.mark.asyncio

ROLES = '[roles.users]\nasmith = "officer"\ntrainer1 = "trainer"\n'


def bar_of(app):
    return str(app.screen.query_one("#officer-bar").render())


@pytest.fixture()
def classroom(store):
    """A training store on 23 November with a roles file naming one trainer."""
    set_training_date(store, dt.date(2026, 11, 23), reason="training scenario")
    (Path(store.path).parent / "roles.toml").write_text(ROLES)
    return store


async def test_an_officer_in_training_cannot_move_the_clock(classroom):
    session = open_session(classroom, officer="asmith", groups=())
    assert "trainer" in session.roles  # works as a trainer may (approvals, runs)...
    with pytest.raises(PermissionRefused, match="trainer named in the roles file"):
        require(session, "training.clock")  # ...but the class's day is not theirs to move
    app = RevenuesApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        assert not isinstance(app.screen, TrainingSummary)
        assert any("trainer named in the roles file" in n.message for n in app._notifications)
    assert today(classroom) == dt.date(2026, 11, 23)


async def test_the_trainer_moves_it_and_another_officers_session_follows(classroom):
    officer = RevenuesApp(open_session(classroom, officer="asmith", groups=()))
    trainer_store = Store(classroom.path, user="trainer1")
    trainer = open_session(trainer_store, officer="trainer1", groups=())
    assert trainer.trainer
    async with officer.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"C00000019", "enter")
        await pilot.pause()
        assert "Mon 23 Nov 2026" in bar_of(officer)
        # the trainer, in their own session, moves the class on a day
        async with RevenuesApp(trainer).run_test(size=(80, 24)) as trainer_pilot:
            await trainer_pilot.press("f6")
            await trainer_pilot.pause()
            assert isinstance(trainer_pilot.app.screen, TrainingSummary)
        assert today(classroom) == dt.date(2026, 11, 24)
        await pilot.press("1")  # the officer's next key works on the new day
        await pilot.pause()
        assert officer.session.today == dt.date(2026, 11, 24)
        assert "Tue 24 Nov 2026" in bar_of(officer)
        assert any("today is now Tue 24 Nov 2026" in n.message for n in officer._notifications)
    trainer_store.close()


async def test_without_a_roles_file_whoever_runs_the_training_store_is_its_trainer(store):
    set_training_date(store, dt.date(2026, 11, 23), reason="make demo")
    assert open_session(store, officer="someone", groups=()).trainer
    assert not open_session(store, officer="someone", groups=(), roles=["officer"]).trainer
    set_training_date(store, dt.date(2026, 11, 23), reason="same day")


async def test_the_training_command_moves_the_clock_for_the_trainer_only(classroom, capsys):
    from revtui import training
    from revtui.identity import os_user

    path = str(classroom.path)
    classroom.close()
    assert training.main(["step", "--store", path, "--day"]) == 1  # this user is not named trainer
    assert "for the trainer named in the roles file" in capsys.readouterr().err
    (Path(path).parent / "roles.toml").write_text(ROLES + f'"{os_user()}" = "trainer"\n')
    assert training.main(["step", "--store", path, "--day"]) == 0
    assert "today is now 2026-11-24" in capsys.readouterr().out
