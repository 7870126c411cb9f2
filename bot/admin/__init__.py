"""The merchant's reports for admins: argument grammar, filters, totals, CSV and the chart.

Plain Python (no Telegram here): `bot/telegram/routers/admin.py` calls it.
"""
