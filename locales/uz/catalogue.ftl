# Paylov katalogi o‘zbekcha: kalitlar Paylov nomlaridan bot/telegram/catalogue_texts.py da tuziladi
# (docs/catalogue-texts.md). Bu yerda matni yo‘q nom Paylov bergan sarlavha bilan ko‘rsatiladi.


## Categories (by Paylov's name)
catalogue-category-mobilnye-operatory = Mobil aloqa
catalogue-category-kommunalnye-uslugi = Kommunal xizmatlar
catalogue-category-internet-i-televidenie = Internet va televideniye
catalogue-category-gosudarstvennye-uslugi = Davlat xizmatlari

## Service names: only those Paylov describes in Russian; brand names stay as they are
catalogue-service-plata-za-elektroenergiyu = Elektr energiyasi
catalogue-service-hududgaztaminot-prirodnyy-gaz = Hududgaztaminot — tabiiy gaz
catalogue-service-kholodnaya-voda-suvsoz = Sovuq suv (Suvsoz)
catalogue-service-goryachaya-voda-i-otoplenie = Issiq suv va isitish
catalogue-service-toza-hudud-vyvoz-musora = Toza Hudud — chiqindi olib ketish
catalogue-service-evo-4g-internet = EVO (4G internet)
catalogue-service-shtrafy-gubdd-po-nomeru-postanovleniya = YHXX jarimalari (qaror raqami bo‘yicha)
catalogue-service-detskie-sady-roditelskaya-plata = Bolalar bog‘chalari (ota-ona to‘lovi)

## Account fields: by Paylov's field name; name--title where the title says more
catalogue-field-region = Viloyat
catalogue-field-soato = Tuman
catalogue-field-soato--rayon-esp = Tuman (elektr tarmoqlari korxonasi)
catalogue-field-district = Tuman
catalogue-field-customer_code = Shaxsiy hisob raqami
catalogue-field-account = Hisob raqami
catalogue-field-account--litsevoy-schet = Shaxsiy hisob raqami
catalogue-field-account--litsevoy-schet-8-tsifr = Shaxsiy hisob raqami (8 ta raqam)
catalogue-field-account--litsevoy-schet-9-tsifr = Shaxsiy hisob raqami (9 ta raqam)
catalogue-field-account--litsevoy-schet-10-tsifr = Shaxsiy hisob raqami (10 ta raqam)
catalogue-field-personal_account = Shaxsiy hisob raqami
catalogue-field-personal_account--litsevoy-schet-do-9-tsifr = Shaxsiy hisob raqami (9 tagacha raqam)
catalogue-field-phone = Telefon raqami
catalogue-field-phone--nomer-telefona-9-tsifr-bez-998 = Telefon raqami (9 ta raqam, +998 siz)
catalogue-field-login = Login
catalogue-field-contract = Shartnoma raqami
catalogue-field-card--nomer-smart-karty = Smart-karta raqami
catalogue-field-protocol = Qaror raqami
catalogue-field-protocol--nomer-postanovleniya-2-bukvy-i-7-tsifr = Qaror raqami (2 ta harf va 7 ta raqam)
catalogue-field-child_id = Bolaning JShShIR raqami
catalogue-field-child_id--pinfl-rebenka-14-tsifr = Bolaning JShShIR raqami (14 ta raqam)
catalogue-field-pinfl = JShShIR
catalogue-field-inn = STIR

## What `info` answers (response fields): by name; name--title where the title says more
catalogue-info-time = So‘rov vaqti
catalogue-info-fio = F.I.Sh.
catalogue-info-fio--abonent = Abonent
catalogue-info-fio--narushitel = Huquqbuzar
catalogue-info-fio--rebenok = Bola
catalogue-info-full_name = F.I.Sh.
catalogue-info-address = Manzil
catalogue-info-saldo = Balans
catalogue-info-saldo--k-oplate = To‘lanishi kerak
catalogue-info-balance = Balans
catalogue-info-debt = Qarz
catalogue-info-last_paid = Oxirgi to‘lov
catalogue-info-last_paid_date = Oxirgi to‘lov sanasi
catalogue-info-pokcob = Hisoblagich ko‘rsatkichi
catalogue-info-dateob = Ko‘rsatkich sanasi
catalogue-info-bypass_indication = Nazoratchi olgan ko‘rsatkich
catalogue-info-kwn = Hisoblangan, kVt·soat
catalogue-info-tariff_price = Tarif
catalogue-info-tariff = Tarif rejasi
catalogue-info-gas_m3 = Iste’mol qilingan, m³
catalogue-info-residents = Ro‘yxatdagi kishilar soni
catalogue-info-heated_area = Isitiladigan maydon, m²
catalogue-info-violation = Huquqbuzarlik
catalogue-info-violation_date = Huquqbuzarlik sanasi
catalogue-info-kindergarten = Bog‘cha

## Units after a value
catalogue-postfix-uzs = so‘m
