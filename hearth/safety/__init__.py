"""Safety: pure rules and data, no Django (docs/safety.md explains the whole app).

- ``rules``: ``evaluate(signals) -> RiskOutcome`` (actions + stable reason codes, no wording).
- ``resources``: places to turn to per region (crisis, abuse, sexual violence, emergency)
  from operator-editable TOML files, one dialable number per field, checked dates.
- ``coercion``: the private relationship check (HARK, Sohal, Eldridge & Feder 2007).
- ``plan``: the six safety-plan steps (Stanley & Brown 2012) in plain words.
"""
