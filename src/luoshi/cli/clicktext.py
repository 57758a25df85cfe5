"""Click's and Typer's own words, in the language luoshi speaks.

The Click inside Typer writes its words as English literals ("Usage: ", "No such option: …",
"Got unexpected extra argument(s) (…)"); Typer's core passes a few through the stdlib's
`gettext` ("Options", "[default: …]", "No such command …"). Their msgids are listed here,
exactly as Click and Typer write them, so `make messages` puts them in luoshi's catalogue.
Three hooks make them follow `--lang`:
- `install()` points Typer's module-level `_` at luoshi's catalogue;
- the help formatter and the command classes (cli/helpformat.py) write the headings, the
  usage prefix and the help option's text through `_()`;
- `explain()` turns a usage error into its message in the chosen language, re-read from the
  exception's fields or from Click's English sentence, and says when an option meant for
  luoshi itself (--as, --db, --lang, --key) was given after the command.
A sentence Click words differently in a later release stays English (tests/cli/test_click_text.py
then fails); nothing is lost.
"""

from __future__ import annotations

import re

from typer._click.exceptions import BadParameter, MissingParameter, NoSuchOption, UsageError

from luoshi.i18n import N_, _

USAGE = N_("Usage: ")
ARGUMENTS = N_("Arguments")
OPTIONS = N_("Options")
COMMANDS = N_("Commands")
NO_SUCH_COMMAND = N_("No such command {name!r}.")

# The help of the options Click and Typer add to a command (help, shell completion).
OWN_HELP = frozenset((
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
    N_("Install completion for the specified shell."),
    N_("Show completion for the specified shell, to copy it or customize the installation."),
))

# What typer.core asks gettext for, besides the headings above (extracted, never read here).
TYPER_GETTEXT = (N_("default: {default}"), N_("required"), N_("env var: {var}"), N_("(dynamic)"),
                 N_("Aborted!"), N_("Missing command."))

# Click's usage errors that carry only their English sentence (patterns compiled on an error).
_SENTENCES = (
    (r"No such option: (?P<name>.*)", N_("No such option: {name}")),
    (r"Got unexpected extra argument\(s\) \((?P<args>.*)\)",
     N_("Got unexpected extra argument(s) ({args})")),
    (r"Option (?P<name>'.*') requires an argument\.", N_("Option {name} requires an argument.")),
    (r"Option (?P<name>'.*') requires (?P<n>\d+) arguments\.",
     N_("Option {name} requires {n} arguments.")),
    (r"Option (?P<name>'.*') does not take a value\.", N_("Option {name} does not take a value.")),
    (r"Argument (?P<name>'.*') takes (?P<n>\d+) values\.", N_("Argument {name} takes {n} values.")),
)
_MISSING = {"option": N_("Missing option {name}."), "argument": N_("Missing argument {name}.")}
_SHELL_SPECIAL = r"[\s'\"\\$`!*?&;|<>(){}\[\]#~]"


def install() -> None:
    """Typer's own gettext calls read luoshi's catalogue (in the language chosen per run)."""
    import typer.core

    typer.core._ = _


def argument_name(param) -> str:
    """How an argument is named in usage lines, help rows and errors: its metavar (ID, FILE…)."""
    name = param.metavar or param.name.upper()
    return name + "..." if param.nargs != 1 else name


def _param_hint(param) -> str:
    if param.param_type_name == "argument":
        return f"'{argument_name(param)}'"
    return " / ".join(f"'{opt}'" for opt in param.opts)


def _message(exc: UsageError) -> str:
    if isinstance(exc, MissingParameter) and exc.param is not None and not exc.message:
        kind = exc.param_type or exc.param.param_type_name
        return _(_MISSING.get(kind, N_("Missing parameter {name}."))).format(
            name=_param_hint(exc.param))
    if isinstance(exc, BadParameter) and not isinstance(exc, MissingParameter):
        if exc.param_hint is None and exc.param is None:
            return _("Invalid value: {message}").format(message=exc.message)
        hint = exc.param_hint if exc.param_hint is not None else _param_hint(exc.param)
        if not isinstance(hint, str):
            hint = " / ".join(repr(x) for x in hint)
        return _("Invalid value for {name}: {message}").format(name=hint, message=exc.message)
    for pattern, msgid in _SENTENCES:
        found = re.fullmatch(pattern, exc.message, re.S)
        if found:
            return _(msgid).format(**found.groupdict())
    return exc.format_message()


def _global_options(exc: UsageError) -> set[str]:
    """The root's options that take a value, when `exc` is one of them given after a command."""
    if not isinstance(exc, NoSuchOption) or exc.ctx is None or exc.ctx.parent is None:
        return set()
    root = exc.ctx.find_root().command
    names = {opt for param in root.params
             if param.param_type_name == "option" and not getattr(param, "is_flag", False)
             for opt in param.opts}
    return names if exc.option_name.partition("=")[0] in names else set()


def _shell_word(word: str) -> str:
    import shlex

    return word if word and not re.search(_SHELL_SPECIAL, word) else shlex.quote(word)


def _moved_before_the_command(args: list[str], names: set[str]) -> str:
    """The command line with every global option after the command moved before it."""
    i = 0
    while i < len(args) and args[i].startswith("-") and args[i] != "--":
        i += 2 if args[i] in names else 1
    moved, kept = [], []
    rest = args[i:]
    j = 0
    while j < len(rest):
        word = rest[j]
        if word == "--":
            kept += rest[j:]
            break
        if j and word in names and j + 1 < len(rest):
            moved += rest[j:j + 2]
            j += 2
            continue
        (moved if j and word.partition("=")[0] in names and "=" in word else kept).append(word)
        j += 1
    return " ".join(["luoshi", *map(_shell_word, [*args[:i], *moved, *kept])])


def explain(exc: UsageError, args: list[str]) -> tuple[str, str | None]:
    """A usage error's message in the chosen language, and a hint when there is a better one
    than "see … --help"."""
    names = _global_options(exc)
    if names:
        example = _moved_before_the_command(args, names)
        return (_message(exc),
                _("global options go before the command: {example}").format(example=example))
    message = _message(exc)
    if isinstance(exc, NoSuchOption) and exc.possibilities:
        message = _("{message} (Possible options: {options})").format(
            message=message, options=", ".join(sorted(exc.possibilities)))
    return message, None


def suggest_commands(exc: UsageError, args: list[str], names: list[str]) -> None:
    """Add "Did you mean …?" to a "No such command" error, in the chosen language."""
    from difflib import get_close_matches

    if not args or type(exc) is not UsageError:
        return
    matches = get_close_matches(args[0], names)
    if matches and exc.message == _(NO_SUCH_COMMAND).format(name=args[0]):
        exc.message = _("No such command {name!r}. Did you mean {names}?").format(
            name=args[0], names=", ".join(repr(m) for m in matches))
