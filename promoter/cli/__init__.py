"""The ``promoted-images`` command line: parses options and calls the core; nothing else lives here.

``promoted-images PATH...`` is short for ``promoted-images show PATH...``; the other subcommands sit beside it.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import stat
import sys
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NoReturn, Protocol, TypeVar

import click

from promoter import __version__

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from promoter.analysis import ConfigResult
    from promoter.engine import OutcomeCache
    from promoter.findings import Finding
    from promoter.limits import Limits
    from promoter.outputmemo import Recorder
    from promoter.stepregistry import Registry

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
DEFAULT_COMMAND = "show"
MAX_FILE_SIZE_LIMIT = 1 << 30


def fail(message: str) -> NoReturn:
    """The one way a command reports a usage or environment error: one ``Error:`` line, as click ends its own, exit 2.

    Findings in configs are not errors of the command line; they are printed by :mod:`promoter.render.findings`.
    """
    from promoter.render import visible  # noqa: PLC0415

    # A path or revision from the command line may hold control characters: shown, never acted on.
    click.echo(f"Error: {visible(message)}", err=True)
    raise SystemExit(EXIT_USAGE)


def _wrap_help(text: str, width: int, indent: str = "") -> str:
    """Click's paragraph wrapping, except that a URL, host or path is never broken at a hyphen or mid-token."""
    import textwrap  # noqa: PLC0415 - for help text only

    paragraphs: list[str] = []
    for block in text.expandtabs().split("\n\n"):
        lines = block.splitlines()
        if lines and lines[0].strip() == "\b":
            paragraphs.append("\n".join(indent + line for line in lines[1:]))
            continue
        paragraphs.append(
            textwrap.fill(
                " ".join(line.strip() for line in lines),
                width=width,
                initial_indent=indent,
                subsequent_indent=indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return "\n\n".join(paragraphs)


class _HelpFormatter(click.HelpFormatter):
    """Help text wrapped by :func:`_wrap_help`: a URL in a help text is copied as written."""

    def write_text(self, text: str) -> None:
        self.write(_wrap_help(text, self.width, " " * self.current_indent) + "\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((len(first) for first, _ in rows), default=0), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if len(first) <= first_col - col_spacing:
                self.write(" " * (first_col - len(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = _wrap_help(second, max(self.width - first_col - 2, 10)).splitlines() or [""]
            self.write(f"{lines[0]}\n")
            self.write("".join(f"{'':>{first_col + self.current_indent}}{line}\n" for line in lines[1:]))


class _Context(click.Context):
    formatter_class = _HelpFormatter


class _UsageError(click.ClickException):
    """A usage error click found (an unknown option, a bad value), printed as :func:`fail` prints ours."""

    exit_code = EXIT_USAGE

    def show(self, file: Any = None) -> None:
        fail(self.format_message())


def _one_line(error: click.UsageError) -> click.ClickException:
    # Help shown for a missing command is help, not an error to shorten.
    return error if isinstance(error, click.exceptions.NoArgsIsHelpError) else _UsageError(error.format_message())


class _DefaultCommandGroup(click.Group):
    """A group whose first argument, when it is an existing path, goes to the default command.

    A first word that is neither a command nor a path is a mistyped command (``lnit``), not a path to report as
    missing: it is a usage error that suggests the nearest commands. Every usage error, click's own too, is the one
    ``Error:`` line of :func:`fail`, without click's usage and hint lines.
    """

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as error:
            raise _one_line(error) from error

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            raise _one_line(error) from error

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_SUBCOMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in _SUBCOMMANDS:
            module, attribute = _SUBCOMMANDS[cmd_name]
            command: click.Command = getattr(importlib.import_module(module), attribute)
            command.context_class = _Context
            command.params.append(_help_option())
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in _SUBCOMMANDS and args[0] not in ("--help", "-h", "--version"):
            first = args[0]
            if first != "-" and not first.startswith("-") and not os.path.lexists(first):
                fail(f"{first!r} is neither a command nor an existing path{_suggestion(first, _SUBCOMMANDS)}")
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)


def _suggestion(word: str, commands: Iterable[str]) -> str:
    if word.lower() in ("help", "-help"):
        return "; did you mean: --help"
    import difflib  # noqa: PLC0415 - only for a mistyped command

    close = difflib.get_close_matches(word.lower(), sorted(commands), n=3, cutoff=0.6)
    if close:
        return f"; did you mean: {', '.join(close)}"
    return f"; commands: {', '.join(sorted(commands))}"


def require_paths(paths: tuple[str, ...]) -> None:
    """Exit 2 with one line when PATH names nothing to read: the one rule of every command that reads PATH.

    None given, one that does not exist, or a directory without a config is a usage error, reported before anything
    is read or written.
    """
    from promoter.files import path_problem  # noqa: PLC0415

    if not paths:
        fail("give at least one PATH (a config file, a directory such as ci-operator/config, or - for standard input)")
    for path in paths:
        problem = path_problem(path)
        if problem is not None:
            fail(f"{path}: {problem}")


class _HasFindings(Protocol):
    @property
    def findings(self) -> tuple[Finding, ...]: ...


def require_configs(results: Iterable[ConfigResult], *, color: bool = False) -> None:
    """When not one file under PATH is a config, print why (the findings) and exit 1 without any output."""
    results = list(results)
    require_any_config(any(result.config is not None for result in results), results, color=color)


def require_any_config(any_config: bool, files: Iterable[_HasFindings], *, color: bool = False) -> None:
    """:func:`require_configs` for a command that keeps only part of each config.

    ``any_config`` says whether one of the files is a config; ``files`` (analysed configs, or what the command made
    of them) have the findings.
    """
    from promoter.findings import sorted_findings  # noqa: PLC0415
    from promoter.render.findings import render_findings  # noqa: PLC0415

    if any_config:
        return
    findings = sorted_findings(finding for file in files for finding in file.findings)
    click.echo(render_findings(findings, color=color), nl=False, err=True, color=color)
    raise SystemExit(EXIT_FINDINGS)


# click's own --help and --version options, and its Path type, look up the translation of their texts as they are
# made (gettext), which imports locale and searches for message catalogues: 1.5% of a lint of one config. These
# options are the same (their text, their place last in the help, what they print), made with the texts as written.
HELP_OPTION_NAMES = ("-h", "--help")


def _show_help(context: click.Context, _parameter: click.Parameter, value: bool) -> None:
    if value and not context.resilient_parsing:
        click.echo(context.get_help(), color=context.color)
        context.exit()


def _help_option() -> click.Option:
    """``-h, --help``: as click adds it to every command (one that has it, click adds no other)."""
    return click.Option(
        HELP_OPTION_NAMES,
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_show_help,
        help="Show this message and exit.",
    )


def _show_version(context: click.Context, _parameter: click.Parameter, value: bool) -> None:
    if value and not context.resilient_parsing:
        click.echo(f"promoted-images, version {__version__}", color=context.color)
        context.exit()


@click.group(
    cls=_DefaultCommandGroup,
    context_settings={"help_option_names": list(HELP_OPTION_NAMES), "max_content_width": 100},
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="Show the version and exit.",
)
def main() -> None:
    """What ci-operator configs promote, and where to pull it.

    `promoted-images PATH...` is short for `promoted-images show PATH...`.
    """


def require_color_applies(choice: str, output_format: str, coloured: tuple[str, ...]) -> None:
    """Exit 2 when ``--color always`` asks for colour that ``--format`` cannot have.

    ``never`` and ``auto`` are what such a format does anyway, so a script may pass them with every format.
    """
    if choice == "always" and output_format not in coloured:
        formats = " and ".join(coloured)
        fail(f"--color always colours --format {formats}; --format {output_format} has no colour: leave --color out")


def use_color(choice: str, stream: Any = None) -> bool:
    """Resolve ``--color auto|always|never``; auto means a terminal and no NO_COLOR in the environment."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    target = stream if stream is not None else sys.stdout
    return bool(getattr(target, "isatty", lambda: False)()) and not os.environ.get("NO_COLOR")


def limits_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options that bound what one hostile file can cost: --max-file-size, --max-nodes, --max-depth."""
    decorators = [
        click.option(
            "--max-file-size",
            # Bounded above so that a mistyped limit is a usage error rather than an allocation that fails.
            type=click.IntRange(min=1, max=MAX_FILE_SIZE_LIMIT),
            help="Largest config file read, in bytes [default: 8388608, at most 1 GiB]; a larger file is a finding"
            " (LD-1).",
        ),
        click.option(
            "--max-nodes",
            type=click.IntRange(min=1, max=10**9),
            help="Most YAML nodes a file may expand to, aliases included [default: 1000000] (LD-8).",
        ),
        click.option(
            "--max-depth", type=click.IntRange(min=1), help="Deepest nesting of a file [default: 200] (LD-8)."
        ),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Worker processes for reading and checking files [default: the number of cores; at most one per 64 files"
    " and 64].",
)


def cache_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options of the lint cache, shared by every command that reads it: --cache-dir and --no-cache."""
    command = click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")(command)
    return click.option(
        "--cache-dir",
        metavar="DIRECTORY",
        callback=_directory(exists=False),
        shell_complete=_complete_directory,
        help="Where to keep results of unchanged files [default: $XDG_CACHE_HOME/promoter].",
    )(command)


def _directory(*, exists: bool) -> Callable[[click.Context, click.Parameter, str | None], str | None]:
    """A check of an option naming a directory, made by ``click.Path(file_okay=False)`` when the option is given.

    Made when used rather than with the option (see HELP_OPTION_NAMES): the messages are click's own. A readable
    directory, or a missing one where that is allowed, passes without making one: ``click.Path`` looks its name up
    in gettext's translations as it is made, which imports locale and searches the locale directories.
    """

    def check(context: click.Context, parameter: click.Parameter, value: str | None) -> str | None:
        if value is None:
            return None
        if _plainly_a_directory(value, exists=exists):
            return value
        click.Path(exists=exists, file_okay=False).convert(value, parameter, context)  # the path as given, or fails
        return value

    return check


def _plainly_a_directory(value: str, *, exists: bool) -> bool:
    """Whether ``click.Path(exists=exists, file_okay=False)`` certainly accepts ``value``.

    That is a readable directory, or nothing there when it need not exist; anything else is left to click, which
    accepts or explains it.
    """
    try:
        mode = os.stat(value).st_mode
    except OSError:
        return not exists
    except ValueError:  # a NUL in the path: click's own message
        return False
    return stat.S_ISDIR(mode) and os.access(value, os.R_OK)


def _complete_directory(_context: click.Context, _parameter: click.Parameter, incomplete: str) -> list[Any]:
    """Directories complete an option that names one, as for ``click.Path(file_okay=False)``."""
    from click.shell_completion import CompletionItem  # noqa: PLC0415 - only when completing

    return [CompletionItem(incomplete, type="dir")]


def analyse(
    paths: Iterable[str],
    *,
    limits: Limits,
    jobs: int | None,
    cache_dir: str | None,
    no_cache: bool,
    commit: str | None = None,
) -> list[ConfigResult]:
    """Every config under ``paths`` analysed, through the cache unless --no-cache: what show, graph and docs read."""
    from promoter import engine  # noqa: PLC0415

    with _cache(paths, cache_dir=cache_dir, no_cache=no_cache) as cache:
        return engine.analyse_paths(paths, commit=commit, jobs=resolve_jobs(jobs), cache=cache, limits=limits)


_T = TypeVar("_T")


def analyse_rendered(
    paths: Iterable[str],
    render: Callable[[ConfigResult], _T],
    *,
    encode: Callable[[_T], Any],
    decode: Callable[[Any], _T],
    file: Callable[[_T], str],
    variant: str,
    limits: Limits,
    jobs: int | None,
    cache_dir: str | None,
    no_cache: bool,
    decode_new: Callable[[Any], _T] | None = None,
    few_cached: bool = False,
) -> list[_T]:
    """What ``render`` makes of every config under ``paths``, through the cache unless --no-cache.

    For a command that prints only part of each config: see :func:`promoter.engine.rendered_paths`. With
    ``few_cached``, a few files named one by one are looked up in the cache too (files of a tree the run has read,
    asked for again), so that a warm run does not analyse them.
    """
    from promoter import engine  # noqa: PLC0415

    with _cache(paths, cache_dir=cache_dir, no_cache=no_cache, few=few_cached) as cache:
        return engine.rendered_paths(
            paths,
            render,
            encode=encode,
            decode=decode,
            file=file,
            variant=variant,
            jobs=resolve_jobs(jobs),
            cache=cache,
            limits=limits,
            decode_new=decode_new,
        )


@contextlib.contextmanager
def _cache(
    paths: Iterable[str], *, cache_dir: str | None, no_cache: bool, few: bool = False
) -> Iterator[OutcomeCache | None]:
    """The cache for a run on ``paths``, open while the run reads it: none with --no-cache (or for a few files)."""
    from promoter import engine  # noqa: PLC0415

    if no_cache or (not few and few_files(paths)):
        yield None
        return
    cache = engine.OutcomeCache(cache_dir or engine.default_cache_dir())
    try:
        yield cache
    finally:
        cache.close()


# The options of every command that reads a config tree, for memoized's ``pure``.
READING_OPTIONS = frozenset({"paths", "max_file_size", "max_nodes", "max_depth", "jobs", "cache_dir", "no_cache"})
# Options that change nothing in what a command prints: how the work is done, and where the cache is.
_NOT_OUTPUT = frozenset({"jobs", "cache_dir", "no_cache"})


# What any command's output may depend on in the environment besides the options: colour, GitHub Actions.
_OUTPUT_ENVIRONMENT = ("NO_COLOR", "GITHUB_ACTIONS")


def memoized(
    *, pure: frozenset[str], unless_environment: tuple[str, ...] = ()
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Replay what the command printed before for the same options on the same tree (see promoter.outputmemo).

    ``pure`` names the options that, with the configs under ``paths``, are all the command reads (the rule
    selection among them, with the config file it came from). With any other option given (a file to write or
    compare, a step registry), a step registry found beside the tree, standard input, --no-cache, or one of the
    variables ``unless_environment`` set (one that makes the command write a file), the command just runs.
    """

    def decorate(function: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(function)
        def run(**params: Any) -> None:
            started = time.perf_counter()
            if any(os.environ.get(name) for name in unless_environment):
                function(**params)
                return
            try:
                key = _memo_key(params, pure)
                if key is None:
                    function(**params)
                    return
                run_memoized(functools.partial(function, **params), params.get("cache_dir"), key, started=started)
            finally:
                # Only a run that computed a key has something to forget; one file never imports the engine.
                if "promoter.engine" in sys.modules:
                    sys.modules["promoter.engine"].forget_identified()

        return run

    return decorate


# Below this many files named one by one, opening the cache costs more than analysing them.
FEW_FILES = 20


def few_files(paths: Iterable[str]) -> bool:
    """Whether ``paths`` are a few files named one by one (no directory): a run the cache cannot speed up."""
    named = list(paths)
    return len(named) < FEW_FILES and all(os.path.isfile(path) for path in named)


def _memo_key(params: dict[str, Any], pure: frozenset[str]) -> str | Callable[[], str | None] | None:
    """The memo key of a run, None when it has none; a function giving it after the run when that finds it."""
    from promoter import engine  # noqa: PLC0415
    from promoter.files import STDIN  # noqa: PLC0415

    paths = params.get("paths") or ()
    context = click.get_current_context()
    given = {
        name
        for name in params
        if name not in pure and context.get_parameter_source(name) not in (None, click.core.ParameterSource.DEFAULT)
    }
    selection = params.get("selection")
    if (
        params.get("no_cache")
        or not paths
        or few_files(paths)
        or STDIN in paths
        or given
        or (selection is not None and "selection" not in pure and not selection.is_default)
        or params.get("step_registry") is not None
        or not all(hasattr(stream, "buffer") for stream in (sys.stdout, sys.stderr))
        or ("step_registry" in params and _registry_beside(paths))
    ):
        return None
    limits = make_limits(params.get("max_file_size"), params.get("max_nodes"), params.get("max_depth"))
    cache = engine.OutcomeCache(params.get("cache_dir") or engine.default_cache_dir())
    try:
        tree = engine.tree_key(paths, cache, limits, defer=True)
    finally:
        cache.close()
    if tree is None:
        return None
    options = sorted((name, repr(value)) for name, value in params.items() if name in pure - _NOT_OUTPUT)
    material = _output_material(context.command_path, options)
    if tree == engine.DEFERRED:
        # A cold run: the tree's key is that of what the run reads, known once it is done.
        def key_of_run() -> str | None:
            ran = engine.ran_tree_key(paths, limits)
            return None if ran is None else _output_key(material, ran)

        return key_of_run
    return _output_key(material, tree)


def output_key(command: str, options: object, inputs: str) -> str:
    """The memo key of a command's output: the command, its options, what it read, and what else decides the bytes.

    Besides the options and the inputs (``inputs``, a hash of them), that is: colour (a terminal, the environment),
    GitHub Actions, the streams' encodings, and the working directory (paths are printed as given).
    """
    return _output_key(_output_material(command, options), inputs)


def _output_material(command: str, options: object) -> str:
    """What :func:`output_key` hashes besides the inputs: taken before the command runs and records its streams."""
    streams = (
        [(stream.isatty(), stream.encoding, stream.errors) for stream in (sys.stdout, sys.stderr)],
        [(name, os.environ.get(name)) for name in _OUTPUT_ENVIRONMENT],
        os.getcwd(),
    )
    return f"{command}\0{options!r}\0{streams!r}"


def _output_key(material: str, inputs: str) -> str:
    import hashlib  # noqa: PLC0415 - a run of a few files has no memo, and needs no hashing at all

    return hashlib.blake2b(f"{material}\0{inputs}".encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()


def _registry_beside(paths: Iterable[str]) -> bool:
    from promoter.files import default_registry  # noqa: PLC0415

    return default_registry(list(paths)) is not None


def run_memoized(
    function: Callable[[], None],
    cache_dir: str | None,
    key: str | Callable[[], str | None],
    *,
    started: float,
) -> None:
    """Replay the memo of ``key`` if there is one; else run ``function`` and keep what it printed under ``key``.

    ``started`` is when the command started (``time.perf_counter()``): a replay states its own time. A ``key``
    found only by the run (a function called after it, None when it has none) is never replayed.
    """
    from promoter import engine, outputmemo  # noqa: PLC0415

    directory = cache_dir or engine.default_cache_dir()
    if callable(key):
        recorder = outputmemo.Recorder(outputmemo.memo_path(directory, "run"))
        _record(
            function, recorder, lambda: None if (found := key()) is None else outputmemo.memo_path(directory, found)
        )
        return
    path = outputmemo.memo_path(directory, key)
    status = outputmemo.replay(path, sys.stdout.buffer, sys.stderr.buffer, started=started)
    if status is not None:
        raise SystemExit(status)
    _record(function, outputmemo.Recorder(path), lambda: path)


def _record(function: Callable[[], None], recorder: Recorder, path: Callable[[], str | None]) -> None:
    """Run ``function`` while ``recorder`` records, and keep its memo at ``path()`` when it did its job."""
    status = None
    try:
        with recorder.active():
            try:
                function()
                status = EXIT_OK
            except SystemExit as exit_:
                status = exit_.code if isinstance(exit_.code, int) else None
                raise
    finally:
        # Only a run that did its job is replayed: not a usage error, an interruption or a traceback.
        kept = path() if status in (EXIT_OK, EXIT_FINDINGS) else None
        if status is not None and kept is not None:
            recorder.keep(status, kept)
        else:
            recorder.discard()


def echo_parts(parts: Iterator[str]) -> None:
    """Write a document to standard output as its renderer makes it, never holding all of it."""
    from promoter.render.jsontext import chunked  # noqa: PLC0415

    for chunk in chunked(parts):
        click.echo(chunk, nl=False)


def resolve_jobs(jobs: int | None) -> int:
    """The number of worker processes: the option, or every core this process may use."""
    if jobs is not None:
        return jobs
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)  # pragma: no cover - platforms without affinity


def make_limits(max_file_size: int | None, max_nodes: int | None, max_depth: int | None) -> Limits:
    """Limits from the options, with the defaults for those not given."""
    from promoter.limits import Limits  # noqa: PLC0415

    defaults = Limits()
    return Limits(
        max_bytes=max_file_size or defaults.max_bytes,
        max_nodes=max_nodes or defaults.max_nodes,
        max_depth=max_depth or defaults.max_depth,
    )


list_files_option = click.option(
    "--list-files",
    is_flag=True,
    help="Only print the files that PATH would read, one per line (and FN-5 for stray files), and exit.",
)


def print_files(paths: tuple[str, ...]) -> NoReturn:
    """``--list-files``: the config files a walk of ``paths`` reads, then the files it skips as FN-5 findings."""
    from promoter.files import discover  # noqa: PLC0415
    from promoter.render import visible  # noqa: PLC0415
    from promoter.render.findings import render_findings  # noqa: PLC0415

    files, problems = discover(paths)
    click.echo("".join(f"{visible(file)}\n" for file in files), nl=False)
    click.echo(render_findings(problems), nl=False, err=True)
    raise SystemExit(EXIT_OK)


color_option = click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text output; auto colours a terminal unless NO_COLOR is set; always is an error with a format"
    " that has no colour.",
)


step_registry_option = click.option(
    "--step-registry",
    "step_registry",
    metavar="DIR",
    callback=_directory(exists=True),
    shell_complete=_complete_directory,
    help="The step registry to resolve multi-stage tests against (ci-operator/step-registry, or a checkout of"
    " openshift/release) [default: the one beside PATH when PATH is in an openshift/release checkout's"
    " ci-operator/config].",
)


def open_step_registry(prog: str, paths: tuple[str, ...], directory: str | None, limits: Limits) -> Registry | None:
    """The registry named by --step-registry, or found beside PATH; says on standard error which one is used."""
    from promoter.files import default_registry  # noqa: PLC0415
    from promoter.render import plural, visible  # noqa: PLC0415

    if directory is None:
        directory = default_registry(paths)
        if directory is None:
            return None
    from promoter.stepregistry import load_registry  # noqa: PLC0415 - only with a registry: see lint.combine

    registry = load_registry(directory, limits=limits)
    tables = ((registry.refs, "ref"), (registry.chains, "chain"), (registry.workflows, "workflow"))
    counts = ", ".join(plural(len(table), kind) for table, kind in tables)
    click.echo(f"{prog}: step registry {visible(str(registry.root))}: {counts}", err=True)
    return registry


def note_without_registry(prog: str, tests: int, what: str) -> None:
    """Say once that the checks or facts needing the step registry were left out, never that they passed."""
    from promoter.render import plural  # noqa: PLC0415

    if tests:
        click.echo(
            f"{prog}: no step registry: {plural(tests, 'multi-stage test')} {what} (give --step-registry DIR)",
            err=True,
        )


# Every subcommand: its name, and the module and attribute that define it. A command's module is imported only
# when that command runs, is completed, or is listed in --help, so that one command does not pay for the others.
_SUBCOMMANDS = {
    "show": ("promoter.cli.show", "show"),
    "lint": ("promoter.cli.lint", "lint"),
    "rules": ("promoter.cli.rules", "rules"),
    "schema": ("promoter.cli.schema", "schema"),
    "registries": ("promoter.cli.buildfarm", "registries"),
    "testrun-image": ("promoter.cli.buildfarm", "testrun_image"),
    "login": ("promoter.cli.buildfarm", "login"),
    "doctor": ("promoter.cli.doctor", "doctor"),
    "docs": ("promoter.cli.docs", "docs"),
    "diff": ("promoter.cli.diff", "diff"),
    "graph": ("promoter.cli.graph", "graph"),
    "explain": ("promoter.cli.graph", "explain"),
}
main.context_class = _Context
main.params.append(_help_option())


def subcommands() -> dict[str, click.Command]:
    """Every subcommand by name, each module imported: for what walks them all (tests, generated docs)."""
    context = click.Context(main)
    return {name: command for name in main.list_commands(context) if (command := main.get_command(context, name))}
