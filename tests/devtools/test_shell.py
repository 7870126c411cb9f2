"""run_shell on a piped script: a readable transcript with numbered, pressable buttons."""

from __future__ import annotations

import io
from pathlib import Path

from bot.devtools.shell import run_shell
from bot.devtools.standin import FakeUser, TelegramStandIn


async def run_script(standin: TelegramStandIn, user: FakeUser, script: str, files_dir: Path) -> str:
    out = io.StringIO()
    await run_shell(
        standin,
        user,
        stdin=io.StringIO(script),
        stdout=out,
        banner="paybot shell (test)",
        is_tty=False,
        files_dir=files_dir,
        settle=0.01,
        final_wait=0.2,
    )
    return out.getvalue()


def files_in(folder: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in folder.iterdir()}


async def test_transcript_with_numbered_buttons(
    standin: TelegramStandIn, alice: FakeUser, tmp_path: Path
) -> None:
    transcript = await run_script(standin, alice, "/start\n1\n2\n/quit\n/start\n", tmp_path)

    assert transcript.splitlines() == [
        "paybot shell (test)",
        "> /start",
        "bot: Hello, Alice 👋",
        "     Choose:",
        "  [1] 💳 Pay  [2] History",
        "  [3] Same again",
        "> 1",
        "  [notice] Let's pay",
        "bot (edited #2): Choose an amount",
        "  [1] 10 000 UZS  [2] 50 000 UZS",
        "  [3] Site",
        "> 2",
        "bot (edited #2): Paying 50000 UZS",
        "> /quit",
        "(end of chat)",
    ]
    assert standin.last_bot_message(alice).plain == "Paying 50000 UZS"  # type: ignore[union-attr]


async def test_reply_keyboard_contact_numbers_and_files(
    standin: TelegramStandIn, alice: FakeUser, tmp_path: Path
) -> None:
    script = "/phone\n1\n/contact +998971112233\n8600123412345678\n\\5\n/receipt\n/echo 1 < 2\n"
    transcript = await run_script(standin, alice, script, tmp_path)

    assert "  keyboard: [1] 📱 Share phone\n            [2] Cancel\n" in transcript
    assert "> 1\nbot: Phone +998901234567 saved\n  (keyboard removed)\n" in transcript
    assert "bot: Phone +998971112233 saved" in transcript
    assert "  (bot deleted your message #" in transcript
    assert "> \\5\n  (no handler took this update)\n" in transcript
    assert standin.chat(alice).user_messages[-3].plain == "5"
    [(saved, data)] = files_in(tmp_path).items()
    assert data == b"%PDF-1.4 receipt"
    assert f"bot: [document saved: {saved}]\n     Receipt\n" in transcript
    assert (
        "(!) bot error: TelegramBadRequest" in transcript and "can't parse entities" in transcript
    )
    assert transcript.endswith("(end of chat)\n")


async def test_background_messages_after_end_of_input(
    standin: TelegramStandIn, alice: FakeUser, tmp_path: Path
) -> None:
    transcript = await run_script(standin, alice, "/later", tmp_path)
    assert transcript.splitlines()[-3:] == [
        "bot: Checking the payment…",
        "bot: Payment confirmed ✅",
        "(end of chat)",
    ]


async def test_numbers_survive_plain_messages(
    standin: TelegramStandIn, alice: FakeUser, tmp_path: Path
) -> None:
    transcript = await run_script(standin, alice, "/start\n/typing\n1\n", tmp_path)
    # "/typing" showed no buttons, so [1] still means "💳 Pay" on the menu
    assert "  (typing…)\nbot: Done typing\n> 1\n  [notice] Let's pay\n" in transcript


async def test_numbers_of_edited_away_buttons_are_forgotten(
    standin: TelegramStandIn, alice: FakeUser, tmp_path: Path
) -> None:
    transcript = await run_script(standin, alice, "/start\n1\n3\n1\n3\n", tmp_path)

    assert "> 3\n  (!) inline button 'Site' on #2 is not a callback button" in transcript
    # pressing "10 000 UZS" removed the keyboard: "3" is now just text
    assert transcript.endswith(
        "bot (edited #2): Paying 10000 UZS\n> 3\n  (no handler took this update)\n(end of chat)\n"
    )


async def test_terminal_mode_prompts_without_echo(
    standin: TelegramStandIn, alice: FakeUser, tmp_path: Path
) -> None:
    out = io.StringIO()
    await run_shell(
        standin,
        alice,
        stdin=io.StringIO("/later\n"),
        stdout=out,
        banner="hi",
        is_tty=True,
        files_dir=tmp_path,
        final_wait=0.2,
        poll=0.01,
    )
    text = out.getvalue()
    assert text.startswith("hi\n> bot: Checking the payment…\n")
    assert "> /later" not in text and "bot: Payment confirmed ✅" in text


async def test_a_superscript_digit_is_sent_as_text_not_read_as_a_button_number(
    standin: TelegramStandIn, alice: FakeUser, tmp_path: Path
) -> None:
    # "²".isdigit() is True but int("²") fails: only ASCII digits press buttons.
    transcript = await run_script(standin, alice, "/start\n²\n١\n1\n", tmp_path)

    assert "(!)" not in transcript
    assert "> ²\n  (no handler took this update)\n" in transcript
    assert "> ١\n  (no handler took this update)\n" in transcript
    assert [m.plain for m in standin.chat(alice).user_messages] == ["/start", "²", "١"]
    assert "> 1\n  [notice] Let's pay\n" in transcript  # [1] still presses "💳 Pay"
