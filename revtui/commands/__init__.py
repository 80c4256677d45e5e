"""Batch and officer commands, each module giving ``register(subparsers)`` for ``revtui.cli``."""
