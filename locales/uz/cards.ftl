## Karta xavfsizligi va telefon qadami

card-number-deleted = Xavfsizligingiz uchun karta raqami yozilgan xabar o‘chirildi. Karta raqamini faqat bot so‘raganda yozing.
card-phone-not-uzbek = ⚠️ Bu O‘zbekiston telefon raqami emas. Uzcard va Humo kartalari uchun O‘zbekiston raqami kerak: +998 va 9 ta raqam. Telegram faqat shu akkauntning o‘z raqamini yuboradi, shuning uchun kartani SMS-xabarlar keladigan O‘zbekiston raqamli Telegram akkauntidan qo‘shing.
card-phone-not-match = ⚠️ Bankning ma’lumotiga ko‘ra, bu karta boshqa telefon raqamiga biriktirilgan. Quyidagi tugma orqali karta bo‘yicha SMS-xabarlar keladigan raqamni yuboring. Telegram faqat shu akkauntning o‘z raqamini yuboradi: agar karta SMS-xabarlari boshqa raqamga kelsa, kartani o‘sha raqamli Telegram akkauntidan qo‘shing yoki bankdan kartani shu raqamga biriktirishni so‘rang.
card-too-many-codes = Noto‘g‘ri kodlar juda ko‘p: kartani qo‘shish to‘xtatildi. Pul yechilmadi. Qaytadan boshlash uchun kartaning amal qilish muddatini kiriting.
