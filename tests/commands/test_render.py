"""`reader render`: the output contract (it is how the engine is checked)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "articles" / "000_a322a2262cb437ac.txt"
GOLDEN = ROOT / "tests" / "data" / "golden"


def render(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["render", *args])
    out, err = capsys.readouterr()
    return code, out, err


def run_render(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "reader", "render", *args],
        capture_output=True,
        cwd=ROOT,
        check=False,
    )


@pytest.mark.parametrize("width", [20, 40, 60, 80])
def test_seed_matches_the_golden_file(width: int) -> None:
    result = run_render(str(SEED), "--width", str(width))
    assert result.returncode == 0
    expected = (GOLDEN / f"seed_w{width}.txt").read_bytes()
    assert result.stdout == expected


def test_structure_title_block_blank_paragraphs() -> None:
    lines = run_render(str(SEED), "--width", "80").stdout.decode("utf-8").split("\n")
    assert lines[-1] == ""  # ends with a newline
    lines = lines[:-1]
    # Title block: the title (one line at 80), the date/credit line, the caption; then a blank.
    assert lines[0].strip().endswith("ﻲﻤﻇﺎﻜﻟﺍ")  # the title's first word, at the right end
    assert lines[1].strip() == "Getty · 2021 ﻞﻳﺮﺑﺍ 18"
    assert (
        lines[2].strip() == '"ﺶﻋﺍﺩ" ﺔﻬﺟﺍﻮﻤﻟ ﺔﻴﻗﺍﺮﻌﻟﺍ ﺕﺍﻮﻘﻟﺍ ﺔﻳﺰﻫﺎﺟ ﻦﻠﻌﻳ ﻲﻤﻇﺎﻜﻟﺍ'
    )  # caption, credit moved
    assert lines[3] == ""
    assert "ﻂﺨﻟﺍ" not in "\n".join(lines)  # the `+ الخط -` residue is dropped
    assert lines[-1] != ""  # nothing after the last paragraph
    assert all(line == line.rstrip(" ") for line in lines)
    assert all(len(line) <= 80 for line in lines)
    # Paragraphs are separated by exactly one blank line.
    assert "\n\n\n" not in "\n".join(lines)


def test_default_width_is_80_when_not_a_terminal() -> None:
    default = run_render(str(SEED))
    assert default.stdout == (GOLDEN / "seed_w80.txt").read_bytes()


def test_no_escape_codes_when_not_a_terminal(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        "عنوان\x1b]52;c;ZXZpbA==\x07 خبيث\n\n"
        "فقرة \x1b[2J\x1b]8;;http://x\x1b\\رابط\x9b31m و\u202eمعكوس\n",
        encoding="utf-8",
    )
    result = run_render(str(hostile))
    assert result.returncode == 0
    assert b"\x1b" not in result.stdout and b"\xc2\x9b" not in result.stdout
    assert "\u202e".encode() not in result.stdout


def test_terminal_mode_is_logical(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_render(str(SEED), "--bidi", "terminal", "--width", "200")
    first = result.stdout.decode("utf-8").splitlines()[0].strip()
    assert first == "الكاظمي: نجحنا بفرض آليات قانونية وزمنية لانسحاب التحالف الدولي"


def test_harakat_strip(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("عنوان\nبِسْمِ اللَّهِ\n", encoding="utf-8")
    keep = run_render(str(article)).stdout.decode()
    strip = run_render(str(article), "--harakat", "strip").stdout.decode()
    assert "\u0650" in keep and "\u0650" not in strip


def test_missing_file_exits_1_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = render(capsys, "/nonexistent/article.txt")
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_binary_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    code, _, err = render(capsys, str(binary))
    assert code == 1 and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args", [[], ["x.txt", "--width", "0"], ["x.txt", "--width", "abc"], ["x", "--bidi", "nope"]]
)
def test_bad_usage_exits_2(args: list[str]) -> None:
    result = run_render(*args)
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr


def test_top_level_main_and_module_entry_points() -> None:
    for command in ([sys.executable, "."], [sys.executable, "-m", "reader"]):
        result = subprocess.run(
            [*command, "render", str(SEED), "--width", "40"],
            capture_output=True,
            cwd=ROOT,
            check=False,
        )
        assert result.returncode == 0
        assert result.stdout == (GOLDEN / "seed_w40.txt").read_bytes()


def test_contributors_form_one_final_block(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "عنوان الخبر\n\nفقرة أولى.\nفقرة ثانية (AFP) بنسبة 10%.\n\n"
        "المساهمون\nأحمد علي\nسارة محمد\n",
        encoding="utf-8",
    )
    lines = run_render(str(article), "--width", "60").stdout.decode("utf-8").splitlines()
    assert lines[-2] == ""
    # "المساهمون: أحمد علي، سارة محمد", right to left, each name isolated.
    assert lines[-1].strip() == "ﺪﻤﺤﻣ ﺓﺭﺎﺳ ،ﻲﻠﻋ ﺪﻤﺣﺃ :ﻥﻮﻤﻫﺎﺴﻤﻟﺍ"
    assert lines[-3].strip() == ".%10 ﺔﺒﺴﻨﺑ (AFP) ﺔﻴﻧﺎﺛ ﺓﺮﻘﻓ"


def _render_on_a_pty(extra_env: dict[str, str]) -> bytes:
    import os
    import pty

    env = {k: v for k, v in os.environ.items() if k != "KONSOLE_VERSION"} | extra_env
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.chdir(ROOT)
        os.execve(
            sys.executable,
            [sys.executable, "-m", "reader", "render", str(SEED), "--width", "40"],
            env,
        )
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    os.close(fd)
    return out


def test_on_a_terminal_reordering_terminals_are_asked_to_stand_down() -> None:
    out = _render_on_a_pty({})
    # BDSM explicit mode before the visual text, implicit mode restored after it.
    assert out.startswith(b"\x1b[8l") and out.endswith(b"\x1b[8h")
    body = out[len(b"\x1b[8l") : -len(b"\x1b[8h")].replace(b"\r\n", b"\n")
    assert body == (GOLDEN / "seed_w40.txt").read_bytes()


def test_under_konsole_no_request_is_sent() -> None:
    out = _render_on_a_pty({"KONSOLE_VERSION": "230800"})
    assert b"\x1b" not in out


def test_under_mlterm_its_own_request_is_sent_too() -> None:
    out = _render_on_a_pty({"MLTERM": "3.9"})
    assert out.startswith(b"\x1b[8l\x1b]5379;use_ctl=false\x07")
    assert out.endswith(b"\x1b[8h\x1b]5379;use_ctl=true\x07")
