"""Bearer auth, the OAuth2 token endpoint, token expiry."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from sandbox_helpers import Monotonic, ok

from bot.paylov.sandbox import PaylovSandbox

TOKEN_PATH = "merchant/oauth2/token/"
CLIENT = ("sandbox-key", "sandbox-secret")
PASSWORD_GRANT = {"grant_type": "password", "username": "merchant", "password": "sandbox-password"}


def unauthorized(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.json()["error"]["code"] == "unauthorized"


async def test_missing_or_wrong_bearer_is_401(anon: httpx.AsyncClient) -> None:
    unauthorized(await anon.get("servicePayment/list/"))
    unauthorized(await anon.get("servicePayment/list/", headers={"Authorization": "Bearer nope"}))
    unauthorized(
        await anon.get("servicePayment/list/", headers={"Authorization": "Basic c2FuZGJveA=="})
    )


@pytest.mark.parametrize("path", ["servicePayment/list/", "servicePayment/list"])
async def test_static_token_works_with_and_without_trailing_slash(
    api: httpx.AsyncClient, path: str
) -> None:
    assert ok(await api.get(path))["services"]


async def test_password_grant_issues_a_working_token(
    anon: httpx.AsyncClient, sandbox: PaylovSandbox
) -> None:
    answer = await anon.post(TOKEN_PATH, json=PASSWORD_GRANT, auth=CLIENT)

    assert answer.status_code == 200, answer.text
    token = answer.json()
    assert token["token_type"] == "Bearer"
    assert token["expires_in"] == 60
    assert token["refresh_expires_in"] == 7 * 24 * 3600
    assert sandbox.token_grants == 1
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    assert ok(await anon.get("servicePayment/list/", headers=headers))["services"]


async def test_token_endpoint_takes_a_form_body_too(
    anon: httpx.AsyncClient, sandbox: PaylovSandbox
) -> None:
    answer = await anon.post(TOKEN_PATH.rstrip("/"), data=PASSWORD_GRANT, auth=CLIENT)

    assert answer.status_code == 200, answer.text
    assert answer.json()["access_token"]
    assert sandbox.token_grants == 1


async def test_wrong_client_is_invalid_client(anon: httpx.AsyncClient) -> None:
    for auth in [("sandbox-key", "wrong"), ("other", "sandbox-secret")]:
        answer = await anon.post(TOKEN_PATH, json=PASSWORD_GRANT, auth=auth)
        assert answer.status_code == 401
        assert answer.json() == {"error": "invalid_client"}
    answer = await anon.post(TOKEN_PATH, json=PASSWORD_GRANT)
    assert answer.status_code == 401


async def test_bad_grants_are_oauth_errors(anon: httpx.AsyncClient, sandbox: PaylovSandbox) -> None:
    wrong_password = {**PASSWORD_GRANT, "password": "guess"}
    bad_refresh = {"grant_type": "refresh_token", "refresh_token": "nope"}
    for body in (wrong_password, bad_refresh):
        answer = await anon.post(TOKEN_PATH, json=body, auth=CLIENT)
        assert answer.status_code == 400
        assert answer.json()["error"] == "invalid_grant"
        assert isinstance(answer.json()["error_description"], str)
    answer = await anon.post(TOKEN_PATH, json={"grant_type": "magic"}, auth=CLIENT)
    assert answer.status_code == 400
    assert answer.json()["error"] == "unsupported_grant_type"
    assert sandbox.token_grants == 0


async def test_refresh_grant_issues_a_new_access_token(
    anon: httpx.AsyncClient, sandbox: PaylovSandbox
) -> None:
    first = (await anon.post(TOKEN_PATH, json=PASSWORD_GRANT, auth=CLIENT)).json()
    refresh = {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}

    answer = await anon.post(TOKEN_PATH, json=refresh, auth=CLIENT)

    assert answer.status_code == 200, answer.text
    second = answer.json()
    assert second["access_token"] != first["access_token"]
    assert sandbox.token_grants == 2
    headers = {"Authorization": f"Bearer {second['access_token']}"}
    assert (await anon.get("servicePayment/list/", headers=headers)).status_code == 200


async def test_access_token_expires_after_its_ttl(
    anon: httpx.AsyncClient, monotonic: Monotonic
) -> None:
    token = (await anon.post(TOKEN_PATH, json=PASSWORD_GRANT, auth=CLIENT)).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}

    monotonic.value += 59
    assert (await anon.get("servicePayment/list/", headers=headers)).status_code == 200
    monotonic.value += 2
    unauthorized(await anon.get("servicePayment/list/", headers=headers))


async def test_refresh_token_expires_after_its_ttl(
    anon: httpx.AsyncClient, monotonic: Monotonic
) -> None:
    token = (await anon.post(TOKEN_PATH, json=PASSWORD_GRANT, auth=CLIENT)).json()
    refresh = {"grant_type": "refresh_token", "refresh_token": token["refresh_token"]}

    monotonic.value += 7 * 24 * 3600 + 1
    answer = await anon.post(TOKEN_PATH, json=refresh, auth=CLIENT)

    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"


async def test_real_elapsed_time_expires_tokens() -> None:
    sandbox = PaylovSandbox(access_token_ttl=1.0)  # roomy: a loaded CI machine is slow
    url = await sandbox.start()
    try:
        async with httpx.AsyncClient(base_url=url) as client:
            answer = await client.post(TOKEN_PATH, json=PASSWORD_GRANT, auth=CLIENT)
            token = answer.json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            assert (await client.get("servicePayment/list/", headers=headers)).status_code == 200
            await asyncio.sleep(1.1)
            unauthorized(await client.get("servicePayment/list/", headers=headers))
    finally:
        await sandbox.stop()


async def test_expire_access_tokens_spares_the_static_token_and_refresh(
    anon: httpx.AsyncClient, api: httpx.AsyncClient, sandbox: PaylovSandbox
) -> None:
    token = (await anon.post(TOKEN_PATH, json=PASSWORD_GRANT, auth=CLIENT)).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}

    sandbox.expire_access_tokens()

    unauthorized(await anon.get("servicePayment/list/", headers=headers))
    assert (await api.get("servicePayment/list/")).status_code == 200
    refresh = {"grant_type": "refresh_token", "refresh_token": token["refresh_token"]}
    renewed = (await anon.post(TOKEN_PATH, json=refresh, auth=CLIENT)).json()
    headers = {"Authorization": f"Bearer {renewed['access_token']}"}
    assert (await anon.get("servicePayment/list/", headers=headers)).status_code == 200


async def test_token_expiry_through_the_control_api(
    anon: httpx.AsyncClient, sandbox: PaylovSandbox
) -> None:
    token = (await anon.post(TOKEN_PATH, json=PASSWORD_GRANT, auth=CLIENT)).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}

    assert (await anon.post("_sandbox/expire-tokens")).status_code == 200

    unauthorized(await anon.get("servicePayment/list/", headers=headers))
