# Paylov's catalogue in English: keys are built from Paylov's names by bot/telegram/catalogue_texts.py
# (docs/catalogue-texts.md). A name without a message here is shown as Paylov titles it.


## Categories (by Paylov's name)
catalogue-category-mobilnye-operatory = Mobile operators
catalogue-category-kommunalnye-uslugi = Utilities
catalogue-category-internet-i-televidenie = Internet and TV
catalogue-category-gosudarstvennye-uslugi = Government services

## Service names: only those Paylov describes in Russian; brand names stay as they are
catalogue-service-plata-za-elektroenergiyu = Electricity
catalogue-service-hududgaztaminot-prirodnyy-gaz = Hududgaztaminot — natural gas
catalogue-service-kholodnaya-voda-suvsoz = Cold water (Suvsoz)
catalogue-service-goryachaya-voda-i-otoplenie = Hot water and heating
catalogue-service-toza-hudud-vyvoz-musora = Toza Hudud — waste collection
catalogue-service-evo-4g-internet = EVO (4G internet)
catalogue-service-shtrafy-gubdd-po-nomeru-postanovleniya = Traffic fines (by ruling number)
catalogue-service-detskie-sady-roditelskaya-plata = Kindergartens (parents’ fee)

## Account fields: by Paylov's field name; name--title where the title says more
catalogue-field-region = Region
catalogue-field-soato = District
catalogue-field-soato--rayon-esp = District (power grid office)
catalogue-field-district = District
catalogue-field-customer_code = Personal account
catalogue-field-account = Account number
catalogue-field-account--litsevoy-schet = Personal account
catalogue-field-account--litsevoy-schet-8-tsifr = Personal account (8 digits)
catalogue-field-account--litsevoy-schet-9-tsifr = Personal account (9 digits)
catalogue-field-account--litsevoy-schet-10-tsifr = Personal account (10 digits)
catalogue-field-personal_account = Personal account
catalogue-field-personal_account--litsevoy-schet-do-9-tsifr = Personal account (up to 9 digits)
catalogue-field-phone = Phone number
catalogue-field-phone--nomer-telefona-9-tsifr-bez-998 = Phone number (9 digits, without +998)
catalogue-field-login = Login
catalogue-field-contract = Contract number
catalogue-field-card--nomer-smart-karty = Smart card number
catalogue-field-protocol = Ruling number
catalogue-field-protocol--nomer-postanovleniya-2-bukvy-i-7-tsifr = Ruling number (2 letters and 7 digits)
catalogue-field-child_id = Child’s PINFL
catalogue-field-child_id--pinfl-rebenka-14-tsifr = Child’s PINFL (14 digits)
catalogue-field-pinfl = PINFL
catalogue-field-inn = Taxpayer number (INN)

## What `info` answers (response fields): by name; name--title where the title says more
catalogue-info-time = Checked at
catalogue-info-fio = Full name
catalogue-info-fio--abonent = Subscriber
catalogue-info-fio--narushitel = Offender
catalogue-info-fio--rebenok = Child
catalogue-info-full_name = Full name
catalogue-info-address = Address
catalogue-info-saldo = Balance
catalogue-info-saldo--k-oplate = To pay
catalogue-info-balance = Balance
catalogue-info-debt = Debt
catalogue-info-last_paid = Last payment
catalogue-info-last_paid_date = Last payment date
catalogue-info-pokcob = Meter reading
catalogue-info-dateob = Reading date
catalogue-info-bypass_indication = Inspector’s meter reading
catalogue-info-kwn = Charged, kWh
catalogue-info-tariff_price = Rate
catalogue-info-tariff = Plan
catalogue-info-gas_m3 = Used, m³
catalogue-info-residents = Registered residents
catalogue-info-heated_area = Heated area, m²
catalogue-info-violation = Violation
catalogue-info-violation_date = Violation date
catalogue-info-kindergarten = Kindergarten

## Units after a value
catalogue-postfix-uzs = sum
