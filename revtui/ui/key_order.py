"""Keys typed ahead of the screen are held and replayed in order (issue 20 item 1).

Textual forwards each key to whatever has the focus when the application reads it. An officer
who types a reference, enter and an action key in one burst beats the screens: the action key
is read before enter has opened the account, so it lands in Find's box; keys typed into a form
before it has mounted and focused its first field reach nothing. Here a key is forwarded only
once everything the previous key set off has been done: every message queue on the screen (and
the application's, where focus changes are made) has been worked through, a pushed screen has
mounted and focused, and nothing on the screen is loading (a form filling itself in a worker
marks itself ``loading``). Keys that arrive meanwhile wait, in order. A key typed on its own,
after the screen has settled, goes straight through; only a burst waits, a few milliseconds a
key. The application's priority keys (``ctrl+q``) are never held.
"""

from __future__ import annotations

import asyncio
from collections import deque

from textual import events
from textual.app import App, ScreenStackError
from textual.message_pump import MessagePump

__all__ = ["KeysInOrder"]

ROUND_TIMEOUT = 2.0
"""Seconds a screen may take to work through its messages before held keys are let go anyway
(a screen stuck on something is better answered late than never)."""
LOADING_TIMEOUT = 60.0
"""Seconds keys wait for a screen still loading in a worker before they are let go anyway."""


class KeysInOrder(App):
    """The application's key handling, holding keys until the screen has caught up."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - App's own arguments
        super().__init__(*args, **kwargs)
        self._held_keys: deque[events.Key] = deque()
        self._settling: asyncio.Task[None] | None = None

    @property
    def keys_held(self) -> int:
        """How many keys are waiting for the screen to catch up."""
        return len(self._held_keys)

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key) or event.is_forwarded or self._is_priority(event.key):
            await super().on_event(event)
            return
        if self._settling is not None or self._loading():
            self._held_keys.append(event)
        else:
            await super().on_event(event)
        if self._settling is None:
            self._settling = asyncio.create_task(self._settle_then_release())

    def _is_priority(self, key: str) -> bool:
        """The application's own priority keys (ctrl+q) act at once; a screen's wait their turn."""
        return any(binding.priority for binding in self._bindings.key_to_bindings.get(key, ()))

    async def _settle_then_release(self) -> None:
        try:
            while True:
                await self._until_settled()
                if not self._held_keys:
                    return
                await super().on_event(self._held_keys.popleft())
        finally:  # also when the application closes under it
            self._settling = None

    def _pumps(self) -> list[MessagePump]:
        try:
            screen = self.screen
        except ScreenStackError:  # closing: nothing left to wait for
            return []
        # the screens underneath too: a dismissed screen's result is handled by the one that pushed it
        return [self, *self.screen_stack[:-1], *screen.walk_children(with_self=True)]

    async def _until_settled(self) -> None:
        """Until each pump has worked through its messages with none left, and nothing loads."""
        loading_since = None
        while True:
            pumps = self._pumps()
            if not pumps or self._closing or self._closed or not self.is_running:
                return
            await self._barrier(pumps)
            if any(_busy(pump) for pump in self._pumps()):
                continue
            loop = asyncio.get_running_loop()
            if not self._loading():
                return
            loading_since = loading_since or loop.time()
            if loop.time() - loading_since > LOADING_TIMEOUT:
                return
            await asyncio.sleep(0.02)

    def _loading(self) -> bool:
        """Something on the screen is being filled in by a worker (Textual's ``loading``)."""
        try:
            return any(getattr(widget, "loading", False) for widget in self.screen.walk_children(with_self=True))
        except ScreenStackError:
            return False

    @staticmethod
    async def _barrier(pumps: list[MessagePump]) -> None:
        """Until every pump has handled the messages queued in it now (a callback behind them)."""
        waiting = []
        for pump in pumps:
            done = asyncio.Event()
            if pump.call_later(done.set):
                waiting.append(done.wait())
        if not waiting:
            await asyncio.sleep(0.01)  # nothing can take a callback (closing): never spin
            return
        try:
            await asyncio.wait_for(asyncio.gather(*waiting), ROUND_TIMEOUT)
        except TimeoutError:
            pass


def _busy(pump: MessagePump) -> bool:
    if pump._closing or pump._closed:
        return False
    return bool(pump._message_queue.qsize() or pump._pending_message is not None or pump._next_callbacks)
