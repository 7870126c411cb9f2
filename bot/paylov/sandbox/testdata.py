"""What a person needs to try the sandbox: known accounts and test cards, for the shell banner."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from bot.paylov.sandbox.accounts import labelled
from bot.paylov.sandbox.cards import CardBook
from bot.paylov.sandbox.catalogue import Catalogue, KnownAccount, Note, ServiceData

# What a service's flags mean for the person trying it.
_INACTIVE = Note(en="service inactive", ru="услуга неактивна", uz="xizmat faol emas")
_NOT_PAYABLE = Note(en="payments closed", ru="оплата недоступна", uz="to‘lov yopiq")
_NOT_ENABLED = Note(
    en="not enabled for the merchant", ru="не подключена мерчанту", uz="merchantga ulanmagan"
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)
    __test__ = False  # "Test..." names: keep pytest from collecting these classes


class TestAccount(_Frozen):
    service_id: str
    service_name: str
    category: str
    account: dict[str, str]  # field name -> value, as info/create take it
    shown: dict[str, str]  # field title -> what the person picks or types
    info: dict[str, str]  # response title -> value, as info shows it (postfix included)
    note: str = ""


class TestCard(_Frozen):
    number: str
    expiry: str  # MM/YY, as printed on the card
    expire_date: str  # YYMM, as the API wants it
    otp: str
    balance: int  # tiyin, now
    owner: str
    vendor: str
    note: str = ""


class TestData(_Frozen):
    accounts: list[TestAccount]
    cards: list[TestCard]

    def lines(self) -> list[str]:
        """A plain-text summary for a console banner (`python -m bot sandbox`; the shell
        words its own in the shell's language)."""
        out = ["Sandbox test accounts:"]
        for item in self.accounts:
            typed = ", ".join(f"{title}: {value}" for title, value in item.shown.items())
            note = f"  ({item.note})" if item.note else ""
            out.append(f"  {item.service_name} — {typed}{note}")
        out.append("Sandbox test cards (number, expiry MM/YY, SMS code, balance):")
        for card in self.cards:
            balance = f"{card.balance // 100:,}".replace(",", " ")
            note = f"  ({card.note})" if card.note else ""
            out.append(f"  {card.number}  {card.expiry}  {card.otp}  {balance} so'm{note}")
        return out


def build_test_data(catalogue: Catalogue, cards: CardBook, language: str = "en") -> TestData:
    """Notes in `language` (uz, ru or en)."""
    accounts = [
        _test_account(catalogue, service, known, language)
        for service in catalogue.services
        for known in service.accounts
    ]
    return TestData(
        accounts=accounts,
        cards=[
            TestCard(
                number=bank.data.number,
                expiry=f"{bank.data.expire[2:]}/{bank.data.expire[:2]}",
                expire_date=bank.data.expire,
                otp=bank.data.otp,
                balance=bank.balance,
                owner=bank.data.owner,
                vendor=bank.data.vendor,
                note=bank.data.note.text(language) if bank.data.note else "",
            )
            for bank in cards.bank_cards()
        ],
    )


def _test_account(
    catalogue: Catalogue, service: ServiceData, known: KnownAccount, language: str
) -> TestAccount:
    shown: dict[str, str] = {}
    for field in service.fields:
        value = known.account.get(field.name)
        if value is not None:
            option = field.value_for(value)
            shown[field.title] = option.title if option else value
    info = dict(labelled(service, name, value) for name, value in known.info.items())
    return TestAccount(
        service_id=service.service_id,
        service_name=service.name,
        category=catalogue.category(service.category).name,
        account=dict(known.account),
        shown=shown,
        info=info,
        note="; ".join(
            note.text(language) for note in [known.note, *_service_state(service)] if note
        ),
    )


def _service_state(service: ServiceData) -> list[Note]:
    notes = []
    if not service.is_active:
        notes.append(_INACTIVE)
    if not service.payment_available:
        notes.append(_NOT_PAYABLE)
    if not service.enabled_for_merchant:
        notes.append(_NOT_ENABLED)
    return notes
