"""The command line: `python -m sheets [--lang vi|en] COMMAND`.

A thin layer over the store and sheets.transfer: it opens the configured store, runs one
command and prints what happened in the chosen language. Every failure is a plain message
(one line per reason) and exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TextIO

from sqlalchemy.exc import SQLAlchemyError

from reform.i18n import DEFAULT_LANGUAGE, LANGUAGES, catalog, describe_problem, t
from reform.plan_import import PlanImportError, parse_plan_docx, parse_plan_text
from sheets import open_kind, open_store
from sheets.carry_forward import copy_recurring_tasks, error_key
from sheets.plans import import_plan
from sheets.settings import load_settings
from sheets.store import Store, StoreError, ValidationError
from sheets.transfer import ImportReport, copy_store, export_xlsx, import_xlsx
from sheets.values import Problem

PROG = "python -m sheets"
STORE_KINDS = ("local", "google")
COMMANDS = (
    "init",
    "check",
    "export",
    "import",
    "copy",
    "import-plan",
    "copy-tasks",
    "clear-demo",
    "report",
)
REPORT_AREAS = ("tasks", "activities", "surveys", "feedback", "dossiers", "indices")


class _Parser(argparse.ArgumentParser):
    """An argument parser whose own messages come from the catalog."""

    def __init__(self, *args: Any, lang: str = DEFAULT_LANGUAGE, **kwargs: Any) -> None:
        kwargs.setdefault("add_help", False)
        kwargs.setdefault("formatter_class", _formatter(lang))
        super().__init__(*args, **kwargs)
        self.lang = lang

    def error(self, message: str) -> NoReturn:
        """Print the usage and the reason, then exit with status 2."""
        self.print_usage(sys.stderr)
        self.exit(2, t("cli.error.usage", self.lang, prog=self.prog, message=message) + "\n")


def _formatter(lang: str) -> Callable[[str], argparse.HelpFormatter]:
    """A help formatter that says "usage" in this language."""

    class Formatter(argparse.HelpFormatter):
        def _fill_text(self, text: str, width: int, indent: str) -> str:
            # Each line of a description or epilog is wrapped on its own: examples stay.
            return "\n".join(
                textwrap.fill(line, width, initial_indent=indent, subsequent_indent=indent)
                for line in text.splitlines()
            )

        def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: Any = None) -> None:
            if prefix is None:  # argparse passes "" when it builds a command's prog
                prefix = t("cli.usage", lang) + " "
            super().add_usage(usage, actions, groups, prefix)

    return Formatter


def _options(parser: argparse.ArgumentParser, lang: str) -> argparse._ArgumentGroup:
    """The options group, holding -h/--help, with translated titles."""
    group = parser.add_argument_group(t("cli.options", lang))
    group.add_argument(
        "-h", "--help", action="help", default=argparse.SUPPRESS, help=t("cli.help", lang)
    )
    return group


def build_parser(lang: str) -> argparse.ArgumentParser:
    """The parser for every command, its help texts in this language."""
    parser = _Parser(
        prog=PROG, description=t("cli.description", lang), epilog=t("cli.epilog", lang), lang=lang
    )
    options = _options(parser, lang)
    options.add_argument("--lang", choices=LANGUAGES, help=t("cli.lang", lang))
    commands = parser.add_subparsers(
        dest="command", title=t("cli.commands", lang), metavar="COMMAND", parser_class=_Parser
    )
    for name in COMMANDS:
        key = name.replace("-", "_")
        command = commands.add_parser(
            name,
            help=t(f"cli.{key}.help", lang),
            description=t(f"cli.{key}.description", lang),
            lang=lang,
        )
        command_options = _options(command, lang)
        command_options.add_argument(
            "--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=t("cli.lang", lang)
        )
        if name == "init":
            command_options.add_argument(
                "--demo", action="store_true", help=t("cli.init.demo", lang)
            )
        if name in ("export", "import"):
            arguments = command.add_argument_group(t("cli.arguments", lang))
            arguments.add_argument("file", metavar="FILE.xlsx", help=t(f"cli.{key}.file", lang))
        if name == "import-plan":
            arguments = command.add_argument_group(t("cli.arguments", lang))
            arguments.add_argument("file", metavar="FILE", help=t("cli.import_plan.file", lang))
            command_options.add_argument("--number", help=t("cli.import_plan.number", lang))
            command_options.add_argument("--year", type=int, help=t("cli.import_plan.year", lang))
        if name == "copy":
            command_options.add_argument(
                "--from",
                dest="source",
                required=True,
                choices=STORE_KINDS,
                help=t("cli.copy.from", lang),
            )
            command_options.add_argument(
                "--to",
                dest="target",
                required=True,
                choices=STORE_KINDS,
                help=t("cli.copy.to", lang),
            )
        if name == "copy-tasks":
            command_options.add_argument(
                "--from-year",
                type=int,
                required=True,
                metavar="YEAR",
                help=t("cli.copy_tasks.from_year", lang),
            )
            command_options.add_argument(
                "--to-year",
                type=int,
                required=True,
                metavar="YEAR",
                help=t("cli.copy_tasks.to_year", lang),
            )
            command_options.add_argument(
                "--number", required=True, help=t("cli.copy_tasks.number", lang)
            )
            command_options.add_argument("--title", help=t("cli.copy_tasks.title", lang))
        if name == "report":
            command_options.add_argument(
                "--period", required=True, metavar="PERIOD", help=t("cli.report.period", lang)
            )
            command_options.add_argument(
                "--out", required=True, metavar="FILE.docx", help=t("cli.report.out", lang)
            )
            command_options.add_argument(
                "--date", metavar="DD/MM/YYYY", help=t("cli.report.date", lang)
            )
        if name in ("import", "copy", "import-plan", "copy-tasks", "clear-demo"):
            command_options.add_argument(
                "--actor", default=_default_actor(), help=t("cli.actor", lang)
            )
    return parser


def _default_actor() -> str:
    """Who the audit log names for writes from the command line."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _language(argv: list[str]) -> str:
    """The language asked for with --lang, else the configured one."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang")
    known, _ = pre.parse_known_args(argv)
    if known.lang in LANGUAGES:
        return known.lang
    try:
        configured = str(load_settings().language)
    except (OSError, ValueError):  # an unreadable secrets.toml should not stop the help
        configured = DEFAULT_LANGUAGE
    return configured if configured in LANGUAGES else DEFAULT_LANGUAGE


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _language(argv)
    parser = build_parser(lang)
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, or a usage error already printed
        return stop.code if isinstance(stop.code, int) else 0 if stop.code is None else 2
    if args.command is None:
        parser.print_help()
        return 2
    handler = _HANDLERS[args.command]
    try:
        return handler(args, lang)
    except ValidationError as error:
        _print_problems(error.problems, lang, sys.stderr)
        return 1
    except StoreError as error:
        _err(error_text(error, lang))
        return 1
    except SQLAlchemyError as error:
        _err(t("cli.error.database", lang, reason=_first_line(error)))
        return 1
    except OSError as error:
        _err(
            t(
                "cli.error.file",
                lang,
                path=error.filename or "",
                reason=error.strerror or str(error),
            )
        )
        return 1


# -- output -------------------------------------------------------------------------------


def _out(text: str) -> None:
    print(text, file=sys.stdout)


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def error_text(error: StoreError, lang: str) -> str:
    """One sentence for a StoreError, from its kind and parameters."""
    params = {"path": "", "tab": "", "column": "", "record_id": "", "reason": "", **error.params}
    for key in (f"cli.error.{error.kind}", f"error.{error.kind}"):
        if key in catalog(lang) or key in catalog(DEFAULT_LANGUAGE):
            return t(key, lang, **params)
    return t("cli.error.generic", lang, message=str(error))


def problem_line(problem: Problem, lang: str) -> str:
    """One line for a problem: its severity, then where it is and what was expected."""
    return f"{t(f'problem.severity.{problem.severity}', lang)}: {describe_problem(problem, lang)}"


def _print_problems(problems: list[Problem], lang: str, stream: TextIO) -> None:
    for problem in problems:
        print(problem_line(problem, lang), file=stream)


def _tab_name(store: Store, key: str) -> str:
    return store.tabs[key].name if key in store.tabs else key


# -- commands -----------------------------------------------------------------------------


def _open(require_tabs: bool = True) -> Store:
    """The configured store; StoreError("not_initialized") when it has no tabs yet."""
    store = open_store(load_settings(), create=False)
    if require_tabs:
        names = [s.name for s in store.tabs.values()]
        if all(raw is None for raw in store.backend.read_tabs(names).values()):
            raise StoreError("not_initialized", "the store has no tabs; run init first")
    return store


def _init(args: argparse.Namespace, lang: str) -> int:
    store = _open(require_tabs=False)
    names = [s.name for s in store.tabs.values()]
    existing = {name for name, raw in store.backend.read_tabs(names).items() if raw is not None}
    created = store.init(demo=args.demo)
    for key, count in created.items():
        tab = _tab_name(store, key)
        if tab not in existing:
            _out(t("cli.init.created_tab", lang, tab=tab))
        if count:
            _out(t("cli.init.demo_rows", lang, tab=tab, count=count))
    if not created:
        _out(t("cli.init.nothing", lang))
    return 0


def _check(args: argparse.Namespace, lang: str) -> int:
    store = _open()
    book = store.load(force=True)
    problems = book.problems
    _print_problems(problems, lang, sys.stdout)
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    if not problems:
        _out(t("cli.check.ok", lang))
    _out(t("cli.check.summary", lang, errors=errors, warnings=warnings))
    return 1 if errors else 0


def _export(args: argparse.Namespace, lang: str) -> int:
    store = _open()
    counts = export_xlsx(store, args.file)
    for key, rows in counts.items():
        _out(t("cli.export.tab", lang, tab=_tab_name(store, key), rows=rows))
    _out(t("cli.export.done", lang, path=args.file, rows=sum(counts.values()), tabs=len(counts)))
    return 0


def _import(args: argparse.Namespace, lang: str) -> int:
    try:
        store = _open()
        report = import_xlsx(store, args.file, actor=args.actor)
    except ValidationError as error:
        _err(t("cli.import.refused", lang, path=args.file))
        _print_problems(error.problems, lang, sys.stderr)
        _err(t("cli.import.nothing_changed", lang))
        return 1
    except StoreError as error:
        _err(error_text(error, lang))
        _err(t("cli.import.nothing_changed", lang))
        return 1
    _print_report(store, report, lang)
    return 0


def _copy(args: argparse.Namespace, lang: str) -> int:
    if args.source == args.target:
        _err(t("cli.copy.same", lang))
        return 2
    settings = load_settings()
    try:
        source, target = open_kind(args.source, settings), open_kind(args.target, settings)
        report = copy_store(source, target, actor=args.actor)
    except ValidationError as error:
        _err(t("cli.copy.refused", lang))
        _print_problems(error.problems, lang, sys.stderr)
        _err(t("cli.import.nothing_changed", lang))
        return 1
    except StoreError as error:
        _err(error_text(error, lang))
        return 1
    _print_report(target, report, lang)
    return 0


def _import_plan(args: argparse.Namespace, lang: str) -> int:
    path = Path(args.file)
    try:
        if path.suffix.lower() == ".docx":
            plan = parse_plan_docx(path)
        else:
            plan = parse_plan_text(path.read_text("utf-8"))
    except FileNotFoundError:
        _err(t("cli.import_plan.no_file", lang, path=args.file))
        return 1
    except PlanImportError as error:
        _err(error.message_vi if lang == "vi" else error.message_en)
        return 1
    for assumption in plan.assumptions:
        _out("  ! " + (assumption.message if lang == "vi" else assumption.message_en))
    try:
        store = _open()
        report = import_plan(store, plan, actor=args.actor, number=args.number, year=args.year)
    except StoreError as error:
        _err(error_text(error, lang))
        return 1
    for key in ("plans", "tasks"):
        _out(
            t(
                "cli.import.tab",
                lang,
                tab=_tab_name(store, key),
                added=report.added[key],
                updated=report.updated[key],
                unchanged=report.unchanged[key],
            )
        )
    return 0


def _copy_tasks(args: argparse.Namespace, lang: str) -> int:
    try:
        store = _open()
        report = copy_recurring_tasks(
            store,
            args.from_year,
            args.number,
            args.to_year,
            title=args.title,
            actor=args.actor,
        )
    except StoreError as error:
        if isinstance(error, ValidationError):
            raise  # main prints each problem
        key = error_key(error)
        known = key in catalog(lang) or key in catalog(DEFAULT_LANGUAGE)
        _err(t(key, lang, **error.params) if known else error_text(error, lang))
        return 1
    plan = {"number": args.number.strip(), "year": args.to_year, "title": report.plan_title}
    if report.added["plans"]:
        _out(t("cli.copy_tasks.plan_added", lang, **plan))
    else:
        _out(t("cli.copy_tasks.plan_exists", lang, **plan))
    if report.copied:
        refs = ", ".join(report.copied)
        _out(t("cli.copy_tasks.copied", lang, count=len(report.copied), refs=refs))
    if report.existing:
        refs = ", ".join(report.existing)
        _out(t("cli.copy_tasks.existing", lang, count=len(report.existing), refs=refs))
    for ref, notes in report.notes.items():
        for note in notes:
            detail = t(
                f"carry.note.{note.kind}",
                lang,
                original=note.original,
                shifted=note.shifted,
                year=note.year,
            )
            _out(f"  ! {ref}: {detail}")
    _out(
        t(
            "cli.copy_tasks.done",
            lang,
            added=report.added["tasks"],
            unchanged=report.unchanged["tasks"],
        )
    )
    return 0


def _print_report(store: Store, report: ImportReport, lang: str) -> None:
    for key, counts in report.tabs.items():
        _out(
            t(
                "cli.import.tab",
                lang,
                tab=_tab_name(store, key),
                added=counts.added,
                updated=counts.updated,
                unchanged=counts.unchanged,
            )
        )
    for tab in report.skipped:
        _out(t("cli.import.skipped", lang, tab=tab))
    _print_problems(report.warnings, lang, sys.stdout)
    _out(
        t(
            "cli.import.done",
            lang,
            added=report.added,
            updated=report.updated,
            unchanged=report.unchanged,
        )
    )


def _clear_demo(args: argparse.Namespace, lang: str) -> int:
    store = _open()
    removed = store.clear_demo(actor=args.actor)
    for key, count in removed.items():
        _out(t("cli.clear_demo.tab", lang, tab=_tab_name(store, key), count=count))
    if removed:
        _out(t("cli.clear_demo.done", lang, count=sum(removed.values())))
    else:
        _out(t("cli.clear_demo.nothing", lang))
    return 0


def _report_date(text: str | None) -> dt.date | None:
    """The report's date: dd/mm/yyyy (or yyyy-mm-dd); today when not given; None if unreadable."""
    if not text:
        return dt.date.today()
    for layout in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text.strip(), layout).date()
        except ValueError:
            continue
    return None


def _report(args: argparse.Namespace, lang: str) -> int:
    # Imported here: the report pulls in python-docx, Altair and vl-convert, which the other
    # commands do not need.
    from reform.report import ReportPeriod, ReportPeriodError
    from sheets.report import data_for, render_docx

    try:
        period = ReportPeriod.parse(args.period)
    except ReportPeriodError:
        _err(t("cli.report.bad_period", lang, period=args.period))
        return 2
    day = _report_date(args.date)
    if day is None:
        _err(t("cli.report.bad_date", lang, date=args.date))
        return 2
    settings = load_settings()
    book = _open().load(force=True)
    data = data_for(book, period, settings, day)
    Path(args.out).write_bytes(render_docx(book, data, settings, day))
    empty = [t(f"report.area.{key}", lang) for key in REPORT_AREAS if getattr(data, key) is None]
    if empty:
        _out(t("cli.report.no_data", lang, areas="; ".join(empty)))
    _out(t("cli.report.done", lang, path=args.out, period=period.label_in(lang)))
    return 0


_HANDLERS: dict[str, Callable[[argparse.Namespace, str], int]] = {
    "init": _init,
    "check": _check,
    "export": _export,
    "import": _import,
    "copy": _copy,
    "import-plan": _import_plan,
    "copy-tasks": _copy_tasks,
    "clear-demo": _clear_demo,
    "report": _report,
}
