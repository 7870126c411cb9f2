"""Typed account fields: ASCII digits for numbers, a default maximum length."""

from __future__ import annotations

from bot.paylov.models import Category, ServiceField, ServiceFields
from bot.payments.form import DEFAULT_MAX_LENGTH, AccountForm, FieldProblem


def _form(*fields: ServiceField) -> AccountForm:
    service = ServiceFields(
        service_id="svc", name="Service", category=Category(id=1, name="C"), fields=list(fields)
    )
    return AccountForm(service)


def _field(**kwargs: object) -> ServiceField:
    return ServiceField.model_validate({"field_id": "1", "name": "f", "title": "F", **kwargs})


def test_number_fields_take_ascii_digits_only() -> None:
    field = _field(content="number")
    form = _form(field)
    assert form.check_text(field, "1234") is None
    for typed in ("²²²", "12²", "٣٣٣", "１２３"):  # the audit case was "²²²"
        assert form.check_text(field, typed) is FieldProblem.DIGITS_ONLY, typed


def test_validation_rules_read_digits_as_ascii() -> None:
    field = _field(validation=r"^[A-Z]{2}\d{7}$")
    form = _form(field)
    assert form.check_text(field, "AB1234567") is None
    assert form.check_text(field, "AB١٢٣٤٥٦٧") is FieldProblem.PATTERN


def test_a_field_without_length_holds_at_most_the_default() -> None:
    assert DEFAULT_MAX_LENGTH == 64
    field = _field()  # no length, no validation: was unlimited (~4000 characters)
    form = _form(field)
    assert form.max_length(field) == 64
    assert form.check_text(field, "x" * 64) is None
    assert form.check_text(field, "x" * 65) is FieldProblem.TOO_LONG
    assert form.check_text(field, "x" * 4000) is FieldProblem.TOO_LONG


def test_the_service_length_wins_over_the_default() -> None:
    short, long = _field(length=10), _field(name="g", length=200)
    form = _form(short, long)
    assert form.max_length(short) == 10 and form.max_length(long) == 200
    assert form.check_text(short, "x" * 11) is FieldProblem.TOO_LONG
    assert form.check_text(long, "x" * 200) is None


def test_a_capitals_rule_takes_what_was_typed_in_lower_case() -> None:
    fine = _field(validation=r"^[A-Z]{2}\d{7}$")
    login = _field(validation=r"^[a-z0-9_.]{3,32}$")
    free = _field()
    form = _form(fine, login, free)
    assert form.normalize_text(fine, " ka1234567 ") == "KA1234567"
    assert form.check_text(fine, form.normalize_text(fine, "ka1234567")) is None
    assert form.normalize_text(login, "sarkor_user1") == "sarkor_user1"  # passes as typed
    assert form.normalize_text(free, "Abc") == "Abc"
    assert form.normalize_text(fine, "k1234567") == "k1234567"  # wrong either way: untouched


# --- re-entering the account ----------------------------------------------------------------------


def _select(name: str, **kwargs: object) -> ServiceField:
    values = [{"id": f"{name}-1", "value": "1", "title": "One"}]
    return _field(name=name, type="select", values=values, **kwargs)


def test_reentry_keeps_the_selects_and_drops_what_was_typed() -> None:
    form = _form(_select("region"), _select("soato", dependency_of="region"), _field(name="code"))
    answers = {"region": "1", "soato": "1", "code": "1000000"}
    assert form.answers_for_reentry(answers) == {"region": "1", "soato": "1"}
    assert form.answers_for_reentry({"region": "1"}) == {"region": "1"}


def test_reentry_of_typed_fields_only_starts_from_nothing() -> None:
    form = _form(_field(name="account"), _field(name="phone"))
    assert form.answers_for_reentry({"account": "1", "phone": "2"}) == {}


def test_reentry_of_an_all_select_form_asks_everything_again() -> None:
    form = _form(_select("region"), _select("district"))
    # Keeping every answer would ask nothing: the same preview again.
    assert form.answers_for_reentry({"region": "1", "district": "1"}) == {}
    assert form.answers_for_reentry({"region": "1"}) == {"region": "1"}


def test_reentry_drops_answers_the_form_does_not_ask() -> None:
    form = _form(_select("region"), _field(name="code"))
    assert form.answers_for_reentry({"region": "1", "code": "7", "old": "x"}) == {"region": "1"}
    assert form.answers_for_reentry({}) == {}
