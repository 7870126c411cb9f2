# Каталог Paylov по-русски: ключи строятся из имён Paylov в bot/telegram/catalogue_texts.py
# (docs/catalogue-texts.md). Имя без сообщения здесь показывается так, как его называет Paylov.


## Categories (by Paylov's name)
catalogue-category-mobilnye-operatory = Мобильные операторы
catalogue-category-kommunalnye-uslugi = Коммунальные услуги
catalogue-category-internet-i-televidenie = Интернет и телевидение
catalogue-category-gosudarstvennye-uslugi = Государственные услуги

## Service names: only those Paylov describes in Russian; brand names stay as they are
catalogue-service-plata-za-elektroenergiyu = Плата за электроэнергию
catalogue-service-hududgaztaminot-prirodnyy-gaz = Hududgaztaminot — природный газ
catalogue-service-kholodnaya-voda-suvsoz = Холодная вода (Suvsoz)
catalogue-service-goryachaya-voda-i-otoplenie = Горячая вода и отопление
catalogue-service-toza-hudud-vyvoz-musora = Toza Hudud — вывоз мусора
catalogue-service-evo-4g-internet = EVO (4G интернет)
catalogue-service-shtrafy-gubdd-po-nomeru-postanovleniya = Штрафы ГУБДД (по номеру постановления)
catalogue-service-detskie-sady-roditelskaya-plata = Детские сады (родительская плата)

## Account fields: by Paylov's field name; name--title where the title says more
catalogue-field-region = Регион
catalogue-field-soato = Район
catalogue-field-soato--rayon-esp = Район (ЭСП)
catalogue-field-district = Район
catalogue-field-customer_code = Лицевой счёт
catalogue-field-account = Номер счёта
catalogue-field-account--litsevoy-schet = Лицевой счёт
catalogue-field-account--litsevoy-schet-8-tsifr = Лицевой счёт (8 цифр)
catalogue-field-account--litsevoy-schet-9-tsifr = Лицевой счёт (9 цифр)
catalogue-field-account--litsevoy-schet-10-tsifr = Лицевой счёт (10 цифр)
catalogue-field-personal_account = Лицевой счёт
catalogue-field-personal_account--litsevoy-schet-do-9-tsifr = Лицевой счёт (до 9 цифр)
catalogue-field-phone = Номер телефона
catalogue-field-phone--nomer-telefona-9-tsifr-bez-998 = Номер телефона (9 цифр, без +998)
catalogue-field-login = Логин
catalogue-field-contract = Номер договора
catalogue-field-card--nomer-smart-karty = Номер смарт-карты
catalogue-field-protocol = Номер постановления
catalogue-field-protocol--nomer-postanovleniya-2-bukvy-i-7-tsifr = Номер постановления (2 буквы и 7 цифр)
catalogue-field-child_id = ПИНФЛ ребёнка
catalogue-field-child_id--pinfl-rebenka-14-tsifr = ПИНФЛ ребёнка (14 цифр)
catalogue-field-pinfl = ПИНФЛ
catalogue-field-inn = ИНН

## What `info` answers (response fields): by name; name--title where the title says more
catalogue-info-time = Время запроса
catalogue-info-fio = ФИО
catalogue-info-fio--abonent = Абонент
catalogue-info-fio--narushitel = Нарушитель
catalogue-info-fio--rebenok = Ребёнок
catalogue-info-full_name = ФИО
catalogue-info-address = Адрес
catalogue-info-saldo = Баланс
catalogue-info-saldo--k-oplate = К оплате
catalogue-info-balance = Баланс
catalogue-info-debt = Задолженность
catalogue-info-last_paid = Последняя оплата
catalogue-info-last_paid_date = Дата последней оплаты
catalogue-info-pokcob = Показание счётчика
catalogue-info-dateob = Дата показания
catalogue-info-bypass_indication = Показание контролёра
catalogue-info-kwn = Начислено, кВт·ч
catalogue-info-tariff_price = Тариф
catalogue-info-tariff = Тариф
catalogue-info-gas_m3 = Потреблено, м³
catalogue-info-residents = Прописано человек
catalogue-info-heated_area = Отапливаемая площадь, м²
catalogue-info-violation = Нарушение
catalogue-info-violation_date = Дата нарушения
catalogue-info-kindergarten = Детский сад

## Units after a value
catalogue-postfix-uzs = сум
