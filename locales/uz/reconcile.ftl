## /reconcile va kunlik solishtirish (bot/payments/reconcile.py)

cmd-reconcile = Kunni Paylov bilan solishtirish

reconcile-usage =
    Shakli: <code>/reconcile [YYYY-MM-DD]</code>
    Misol: <code>/reconcile 2024-05-01</code>
    Sanasiz — kecha, Toshkent vaqti bilan. Bugun ham bo‘ladi (hozirgacha bo‘lgan qismi).
reconcile-bad-date = ❌ Bu sana emas: <code>{ $token }</code>. Kunni YYYY-MM-DD ko‘rinishida yozing.
reconcile-date-out-of-range = ❌ <code>{ $token }</code> ni solishtirib bo‘lmaydi: { $earliest } dan bugungacha ({ $today }) bo‘lgan kunni kiriting.
reconcile-unavailable = ❌ Paylov javob bermayapti: { $day } ni solishtirib bo‘lmadi. Keyinroq urinib ko‘ring.

reconcile-matched = ✅ <b>{ $day } solishtiruvi</b>: hammasi mos.
reconcile-title = ⚠️ <b>{ $day } solishtiruvi</b>: { $count } ta nomuvofiqlik
reconcile-totals = Bizda to‘langan: { $local } · Paylov da to‘langan: { $paylov } · tekshirilgan ochiq to‘lovlar: { $open }
reconcile-kind-missing-locally = • Paylov da to‘langan, bizda to‘lov yo‘q: { $count }
reconcile-kind-amount-differs = • Summalar farq qiladi: { $count }
reconcile-kind-missing-in-paylov = • Bizda to‘langan, Paylov ro‘yxatida yo‘q: { $count }
reconcile-kind-not-paid-locally = • Paylov da to‘langan, bizda to‘lanmagan deb yozilgan: { $count }
reconcile-kind-unsettled = • Bizda yakunlanmagan, Paylov dan holati so‘raldi: { $count }
reconcile-held-back = ⚠️ Paylov yana { $count } ta tranzaksiyani ko‘rsatmadi: tekshiruv to‘liq bo‘lmasligi mumkin.
reconcile-fixed = Tuzatildi: { $paid } tasi to‘langan deb yozildi (mijozlarga xabar berildi), { $failed } tasi to‘lanmagan deb. Qolgani CSV da.
reconcile-nothing-fixed = O‘zi tuzatadigan darajada aniq narsa bo‘lmadi: CSV ga qarang.
