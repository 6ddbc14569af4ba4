"""Exceptions for problems that stop a whole conversion (usage and I/O), not one record."""

from __future__ import annotations


class CiteshiftError(Exception):
    """A problem the user can fix; the CLI prints it on one line and exits 2."""


class UnknownFormatError(CiteshiftError):
    pass


class DetectionError(CiteshiftError):
    pass


class InputError(CiteshiftError):
    pass
