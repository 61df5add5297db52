"""Exceptions the CLI turns into a one-line message and exit code 2 (never a traceback)."""


class DoctorError(Exception):
    """Base for every error the user can fix by changing the input or the command line."""


class InputError(DoctorError):
    """The error text, log or file given to us cannot be used."""


class NotAnErrorText(InputError):
    """The input is a LiteLLM config, given where an error text or a log is read (pastedconfig.not_an_error)."""


class RuleError(DoctorError):
    """A rule file is malformed: the message names the file and the field."""


class UsageError(DoctorError):
    """The command line itself is wrong (options that cannot go together, a bad value)."""
