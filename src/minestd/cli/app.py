"""The Typer application and its one-line error handling (no tracebacks, exit codes per the contract)."""
from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

try:  # recent typer vendors click as typer._click; older typer depends on click itself
    from typer._click import exceptions as cx  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - depends on the installed typer
    from click import exceptions as cx  # type: ignore[no-redef]

_ABORTS = tuple({typer.Abort, getattr(cx, "Abort", typer.Abort)})
_EXITS = tuple({typer.Exit, getattr(cx, "Exit", typer.Exit)})

from ..errors import MinestdError
from ..language import in_language
from .helpfix import install as _install_help_fixes

_install_help_fixes()


def _error_language() -> str:
    """MINESTD_LANG=zh or en: errors in that language only (the message and fix; default both)."""
    from .common import env_language

    return env_language()


#: Click's usage errors (English, from Click) and what they are in Chinese: the Chinese goes in front.
_USAGE_ZH = (("No such option", "没有此选项"), ("No such command", "没有此命令"), ("Invalid value", "参数值无效"),
             ("Missing argument", "缺少参数"), ("Missing option", "缺少选项"), ("Got unexpected extra", "多余的参数"),
             ("requires an argument", "选项缺少参数值"))


def _usage_message(message: str, command: str) -> str:
    """A usage error in the message language: Click's English with a Chinese name for the kind of mistake."""
    zh = next((z for en, z in _USAGE_ZH if en in message), "用法错误")
    return in_language(_error_language(), f"{zh}：{message}（见 '{command} --help'）",
                       f"{message} (see '{command} --help')", f"{zh} / {message} (see '{command} --help')")


def _say_error(message: str) -> None:
    prefix = in_language(_error_language(), "错误", "error")
    typer.echo(f"{prefix}: {message}", err=True)


class OneLineErrors(TyperGroup):
    """Turn every failure into one clear line on stderr and the contract's exit code."""

    def main(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D401
        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except cx.UsageError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":   # the help was printed when the error was raised
                sys.exit(0)
            command = exc.ctx.command_path if exc.ctx else "minestd"
            _say_error(_usage_message(exc.format_message(), command))
            sys.exit(2)
        except cx.ClickException as exc:
            _say_error(exc.format_message())
            sys.exit(exc.exit_code)
        except _ABORTS:
            _say_error("aborted")
            sys.exit(1)
        except _EXITS as exc:
            sys.exit(exc.exit_code)
        except MinestdError as exc:
            _say_error(exc.one_line(_error_language()))
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            _say_error("interrupted")
            sys.exit(130)
        except BrokenPipeError:  # output piped into `head`: stop quietly
            sys.exit(0)
        except Exception as exc:  # a bug: still one line, never a traceback
            _say_error(f"internal error {type(exc).__name__}: {exc} — please report it with the command you ran")
            sys.exit(3)
        sys.exit(result if isinstance(result, int) else 0)


app = typer.Typer(
    cls=OneLineErrors,
    name="minestd",
    help="矿山安全标准体系工具 / Mine Safety Standard System toolkit (矿安〔2024〕144号).\n\n"
         "Examples:  minestd tree --depth 1   ·   minestd show 05.02   ·   minestd search 瓦斯",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"minestd {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                                help="显示版本号并退出 / Print the version and exit.")] = False,
          verbose: Annotated[bool, typer.Option(
              "--verbose", "-v", envvar="MINESTD_VERBOSE",
              help="过程信息 / Say on stderr what each step read, decided and wrote, with timings (before the command: "
                   "minestd -v gaps 目录.xlsx).")] = False) -> None:
    """矿山安全标准体系工具 / Mine Safety Standard System toolkit."""
    from .common import set_message_language, set_verbose

    set_verbose(verbose)
    set_message_language(None)


#: What a narrow console gets for the characters it cannot show (others: '?').
FALLBACK = {"›": ">", "█": "#", "▓": "=", "▒": "+", "░": ".", "★": "*", "·": "-", "—": "-", "→": "->", "≥": ">=",
            "…": "...", "✓": "v", "✗": "x"}


def _fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start:error.end]
    return "".join(FALLBACK.get(ch, "?") for ch in text), error.end


def _safe_streams() -> None:
    """A console or redirected file in a narrow encoding (GBK on Chinese Windows) cannot hold every character
    minestd prints (›, ▒, ★ …): print a fallback (>, +, *) or '?' instead of failing."""
    import codecs

    codecs.register_error("minestd-fallback", _fallback)
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding and encoding not in ("utf8", "utf16", "utf32") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="minestd-fallback")


def _exit_quietly_on_broken_pipe(console_class: Any) -> None:
    """`minestd gaps | head`: the reader stopped reading — exit 0, as plain output does (rich's consoles exit 1)."""
    import os

    def on_broken_pipe(self: Any) -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(0)

    console_class.on_broken_pipe = on_broken_pipe


class _RichConsoleHook:
    """Patches rich's Console when (and only if) a command imports it: no start-up cost for the others."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != "rich.console":
            return None
        import importlib.machinery

        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            original = spec.loader.exec_module

            def exec_module(module: Any) -> None:
                original(module)
                _exit_quietly_on_broken_pipe(module.Console)

            spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def _closed_pipe_is_not_an_error() -> None:
    if "rich.console" in sys.modules:
        _exit_quietly_on_broken_pipe(sys.modules["rich.console"].Console)
    elif not any(isinstance(f, _RichConsoleHook) for f in sys.meta_path):
        sys.meta_path.insert(0, _RichConsoleHook())


def main() -> None:
    _safe_streams()
    _closed_pipe_is_not_an_error()
    app()
