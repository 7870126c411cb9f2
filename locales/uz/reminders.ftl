## Saqlangan hisoblar bo‘yicha oylik eslatmalar

reminder-owed = 🔔 { $account }: <b>{ $amount } so‘m</b> to‘lash kerak.
reminder-ask-day =
    🔔 <b>{ $name }</b> hisobini to‘lashni oyning qaysi kunida eslatay?

    O‘sha kuni soat 10:00 da (Toshkent vaqti) hisobni tekshiraman va faqat to‘lanadigan summa bo‘lsa, xabar yuboraman.
reminder-card-off = 🔕 Oylik eslatma: o‘chiq
reminder-card-on = 🔔 Oylik eslatma: { $when }, soat 10:00 da, to‘lanadigan summa bo‘lsa
reminder-on-day = har oyning { $day }-sanasida
reminder-on-last-day = har oyning oxirgi kunida
reminder-btn-on = 🔔 Har oy eslatib turish
reminder-btn-change-day = 🗓 Kunni o‘zgartirish
reminder-btn-off = 🔕 Eslatmani o‘chirish
reminder-btn-last-day = Oyning oxirgi kuni
reminder-turned-on = 🔔 Eslatma yoqildi: { $when }. Faqat to‘lanadigan summa bo‘lganda xabar beraman.
reminder-turned-off = 🔕 Eslatma o‘chirildi.
reminder-turned-off-here = 🔕 <b>{ $name }</b> uchun oylik eslatma o‘chirildi. Uni shu yerda yoki /accounts bo‘limidagi hisob kartasida qayta yoqishingiz mumkin.
reminder-not-available = Bu xizmat qarz miqdorini ko‘rsatmaydi, shuning uchun unga eslatma qo‘yib bo‘lmaydi.
