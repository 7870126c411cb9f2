"""The local Paylov: the documented HTTP API with a catalogue from data, OTPs and faults.

The bot's embedded default Paylov and the peer of every test. See `server.PaylovSandbox`.
"""

from bot.paylov.sandbox.faults import Faults, FaultSpec
from bot.paylov.sandbox.ledger import Ledger
from bot.paylov.sandbox.server import PaylovSandbox, serve_forever
from bot.paylov.sandbox.testdata import TestAccount, TestCard, TestData

__all__ = [
    "FaultSpec",
    "Faults",
    "Ledger",
    "PaylovSandbox",
    "TestAccount",
    "TestCard",
    "TestData",
    "serve_forever",
]
