"""One Settings object for every mode; every field can be set as BILL_SANDBOX_<NAME>."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_PORT = 7431


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BILL_SANDBOX_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    data_dir: Path = Path(".bill-sandbox")
    database_url: str | None = None
    public_url: str | None = None
    workers: int = 1
    session_idle_minutes: float = 35.0
    # A session's last-seen time is written at most this often (sandbox seconds); reads in between
    # only check it. Keeps GETs write-free at the cost of expiring up to this much early.
    session_touch_seconds: float = 10.0
    login_max_failures: int = 5
    login_failure_window_minutes: float = 15.0
    login_lock_minutes: float = 15.0
    # The MFA token every setup/challenge "sends" (BILL-RULES §7.4); "random" issues a fresh code each
    # time (read it from GET /_sandbox/mfa/last-code).
    mfa_code: str = "111111"
    # How long a rememberMeId (challenge validated with rememberMe) keeps logins trusted.
    remember_days: int = 30
    # The status of a fully paid invoice (BILL-RULES §6 #4): BILL's current docs say PAID_IN_FULL;
    # "PAID" (seen in older answers) for clients written against those.
    invoice_paid_status: str = "PAID_IN_FULL"
    max_body_bytes: int = 1_048_576
    argon2_time_cost: int = 2
    argon2_memory_kib: int = 19_456
    log_level: str = "warning"
    # How often each serve process's scheduler looks for due work (wall seconds), and how long
    # its leadership lease lasts before another process may take over.
    scheduler_interval_seconds: float = 0.2
    scheduler_lease_seconds: float = 5.0
    # Run the background scheduler (and webhook delivery) in this process. Tests that drive the
    # app in-process without lifespan apply due work through the clock control plane instead.
    background: bool = True
    # Webhook retries wait 2, 4, 8 and 16 wall seconds divided by this (tests use e.g. 100).
    webhook_retry_divisor: float = 1.0
    # How long a worker owns a delivery it is sending (wall seconds; at least the 10 s timeout
    # plus one): after a crash, another process sends it again once this lease has expired.
    webhook_lease_seconds: float = 30.0
    # Spend & Expense: a missing or unknown apiToken answers the gateway's 401
    # {"message":"Unauthorized"} ("gateway", DEFAULT) or BILL's error array ("bdc").
    spend_auth_errors: str = "gateway"
    # An extra per-process cap on Spend & Expense calls per minute per apiToken (429 {"message":
    # "Too Many Requests"}); 0 (default): none. BILL's own 60 per minute is enforced, shared by
    # every worker, with ``limits="bill"`` (``limit_spend_per_minute``).
    spend_rate_limit_per_minute: int = 0
    # BILL's request limits (BILL-RULES §5.19, §5.19b): "off" (default) or "bill" (enforced, counters
    # in the database so that every worker shares them). The numbers are BILL's; tests lower them.
    limits: str = "off"
    limit_status: int = 422  # BILL-RULES §6 #14 (BILL does not document the status)
    limit_requests_per_hour: int = 20_000
    limit_logins_per_hour: int = 200
    limit_concurrent: int = 3
    limit_messages_per_minute: int = 5
    limit_spend_per_minute: int = 60
    # Which of BILL's production-only rules apply: "production" (default: strict, so that code
    # that passes here passes there) or "sandbox" (BILL's sandbox leniency). See README.
    rules: str = "production"

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'sandbox.db').resolve()}"

    def base_url(self) -> str:
        if self.public_url:
            return self.public_url.rstrip("/")
        return f"http://{self.host}:{self.port}/connect"
