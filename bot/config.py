"""Settings, one section per concern, read from the environment and an optional `.env`.

Every variable is listed in `.env.example`. Secrets are `SecretStr` so they never print.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def _section(prefix: str) -> SettingsConfigDict:
    return SettingsConfigDict(
        env_prefix=prefix, env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )


class TelegramSettings(BaseSettings):
    model_config = _section("BOT_")

    token: SecretStr | None = None
    # A self-hosted Bot API server; empty means api.telegram.org.
    api_url: str | None = Field(
        default=None, validation_alias=AliasChoices("TELEGRAM_API_URL", "BOT_API_URL")
    )
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    # The bot's name on receipt cards; empty: its Telegram name and @username (getMe).
    display_name: str | None = None
    # Shown on the first main screen and in /help (e.g. "@paybot_support", "+998 71 200 00 00")
    # and the terms of service's address; empty: not shown.
    support_contact: str | None = None
    terms_url: str | None = None
    mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str | None = None  # public https URL Telegram posts updates to
    webhook_path: str = "/telegram/webhook"
    webhook_secret: SecretStr | None = None
    webhook_host: str = "0.0.0.0"  # noqa: S104 - a webhook server listens on all interfaces
    webhook_port: int = 8080
    # Telegram's limits on what the bot sends: messages a second overall, and how many at once
    # in one chat before it slows to one a second.
    rate_per_second: float = 30.0
    rate_per_chat: int = 3
    # Updates handled at once; the rest wait their turn, so an overload is waiting, not errors
    # (the database pools are sized for this many).
    updates_at_once: int = Field(default=50, ge=1)

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        # "1, 2 3" from the environment; a list from code.
        if isinstance(value, str):
            return [int(part) for part in value.replace(",", " ").split()]
        if isinstance(value, int):
            return [value]
        return value


class PaylovSettings(BaseSettings):
    model_config = _section("PAYLOV_")

    # true: start the embedded Paylov sandbox and talk to it (no credentials needed).
    sandbox: bool = False
    base_url: str = "https://gw.paylov.uz/"
    # Either a static Bearer token ...
    access_token: SecretStr | None = None
    # ... or OAuth2: consumer key/secret (Basic auth) with a username/password grant.
    consumer_key: SecretStr | None = None
    consumer_secret: SecretStr | None = None
    username: SecretStr | None = None
    password: SecretStr | None = None
    token_path: str = "merchant/oauth2/token/"
    token_body: Literal["json", "form"] = "json"
    # The documents disagree on this prefix; the overview's form is the default.
    transactions_all_path: str = "merchant/servicePayment/transaction/all/"
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    # GET requests retry transport failures this many times (POSTs never do).
    get_retries: int = 2
    retry_backoff: float = 0.5
    # Renew the access token this many seconds before it expires.
    token_refresh_margin: float = 60.0


class DatabaseSettings(BaseSettings):
    model_config = _section("DB_")

    url: str = "sqlite+aiosqlite:///paybot.sqlite3"
    echo: bool = False


class PaymentSettings(BaseSettings):
    model_config = _section("PAYMENTS_")

    # One published Paylov test card fails the Luhn check; sandboxes may relax it.
    luhn_check: bool = True
    # How often payments with an unknown outcome are rechecked, and for how long Paylov may go
    # on saying "created" after a lost `pay` answer before the payment counts as not paid.
    recheck_interval: float = 15.0
    recheck_give_up_after: float = 1800.0
    # A `pay` or `create` younger than this may still be waiting for its answer: the rechecker
    # leaves it to the update that sent it. Must exceed Paylov's connect + read timeouts.
    in_flight_grace: float = 120.0
    # A payment still waiting for its SMS code this long after `create` is cancelled (nothing
    # was charged: `pay` was never sent).
    code_wait_limit: float = 1800.0
    catalogue_ttl: float = 600.0
    # Paying an account again within this many seconds of a payment that went through asks
    # the customer to confirm they mean it (people do pay twice on purpose).
    repeat_guard: float = 6 * 3600.0
    # How often the outbox looks for notices owed (another process may have recorded them).
    outbox_interval: float = 1.0
    # The main screen's saved accounts: what each owes is kept this many seconds, and Paylov's
    # `info` gets this long to answer before the menu is shown without it.
    menu_debt_ttl: float = Field(default=120.0, ge=0.0)
    menu_debt_timeout: float = Field(default=1.5, gt=0.0)
    # Prefix of the userId the merchant sends to Paylov for a Telegram user.
    user_id_prefix: str = "tg"


class FsmSettings(BaseSettings):
    model_config = _section("FSM_")

    # database: conversations survive a restart (the bot's own database; the default).
    # memory: lost at restart. redis: shared state and events isolation across replicas.
    storage: Literal["database", "memory", "redis"] = "database"
    redis_url: str = "redis://localhost:6379/0"


class OpsSettings(BaseSettings):
    model_config = _section("OPS_")

    # /healthz, /readyz and /metrics in polling mode (webhook mode serves them on the webhook
    # server); port 0: no such server.
    host: str = "0.0.0.0"  # noqa: S104 - scraped from another host
    port: int = Field(default=9090, ge=0, le=65535)
    # /readyz asks Paylov at most once in this many seconds (a scrape storm must not hit it),
    # and gives each check this long to answer.
    ready_cache: float = 5.0
    ready_timeout: float = 5.0
    # Admin alerts: how often the conditions are looked at, and at most one message of a kind
    # to each admin in this many seconds (across replicas).
    alert_interval: float = 60.0
    alert_repeat: float = 1800.0
    # A `pay` still unsettled after this many seconds; Paylov (or its token) failing for this
    # long without one good answer; this many notices owed to customers and not yet delivered.
    alert_unsettled_after: float = 900.0
    alert_paylov_after: float = 180.0
    alert_outbox_depth: int = 100


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    log_level: str = "INFO"
    # text: one readable line per record; json: one JSON object per line with the ids as fields.
    log_format: Literal["text", "json"] = "text"
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    paylov: PaylovSettings = Field(default_factory=PaylovSettings)
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    payments: PaymentSettings = Field(default_factory=PaymentSettings)
    fsm: FsmSettings = Field(default_factory=FsmSettings)
    ops: OpsSettings = Field(default_factory=OpsSettings)

    @model_validator(mode="after")
    def _clocks_agree(self) -> Settings:
        """The money clocks (README, "Money safety"): a `pay` is left to the update that sent
        it for longer than Paylov may take to answer, and never given up on sooner."""
        paylov, payments = self.paylov, self.payments
        if payments.in_flight_grace <= paylov.connect_timeout + paylov.read_timeout:
            raise ValueError(
                "PAYMENTS_IN_FLIGHT_GRACE must exceed PAYLOV_CONNECT_TIMEOUT + PAYLOV_READ_TIMEOUT"
            )
        if payments.recheck_give_up_after < payments.in_flight_grace:
            raise ValueError(
                "PAYMENTS_RECHECK_GIVE_UP_AFTER must be at least PAYMENTS_IN_FLIGHT_GRACE"
            )
        return self
