"""Safety: risk rules, help files, the relationship check and the safety plan
(docs/safety.md explains the whole app; docs/clinical.md#safety-routing the clinical basis).

The engines below are pure, with no Django import (tests/test_project.py checks it); the app
around them is ordinary Django: ``models`` (risk events, screenings, the plan), ``actions``
(``respond`` and the other changes), ``boxes`` (the help shown on pages), ``views``,
``checks`` (start-up checks of the help files) and ``export``.

- ``rules``: ``evaluate(signals) -> RiskOutcome`` (actions + stable reason codes, no wording).
- ``resources``: places to turn to per region (crisis, abuse, sexual violence, emergency)
  from operator-editable TOML files, one dialable number per field, checked dates.
- ``coercion``: the private relationship check (HARK, Sohal, Eldridge & Feder 2007).
- ``plan``: the six safety-plan steps (Stanley & Brown 2012) in plain words.
"""
