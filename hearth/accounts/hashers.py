"""How passwords are stored: Argon2id with fixed, documented parameters.

Django's default Argon2 settings use 100 MiB of memory for every hash, on every sign-in
and sign-up. That single allocation was most of a server process's peak memory
(bench/bench_http.py). We use the first of the equally strong settings the OWASP Password
Storage Cheat Sheet lists for Argon2id: 46 MiB of memory, 1 pass, 1 lane (m=47104 KiB, t=1,
p=1). Hashes made with other settings still check; Django stores the new settings on the
person's next successful sign-in.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class HearthArgon2Hasher(Argon2PasswordHasher):
    # Same algorithm name as Django's: stored hashes stay readable by either class.
    memory_cost = 47104  # KiB (46 MiB)
    time_cost = 1
    parallelism = 1
