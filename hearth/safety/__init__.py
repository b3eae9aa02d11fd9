"""Safety: pure rules and data, no Django.

- ``rules``: ``evaluate(signals) -> RiskOutcome`` (actions + stable reason codes, no wording).
- ``resources``: crisis resources per region from operator-editable TOML files.
- ``coercion``: the private relationship safety check (project-written, not validated).
- ``plan``: the six safety-plan steps (Stanley & Brown 2012) in plain words.
"""
