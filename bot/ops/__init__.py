"""What the operator sees: /healthz, /readyz and /metrics (http.py), the metrics themselves
(metrics.py), a log line per update (updates.py) and the admins' alerts in Telegram (alerts.py).
See docs/observability.md."""
