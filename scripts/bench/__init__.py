"""The load benchmark (`scripts/bench_load.py`), one module per phase.

    config       sizes, targets, the seeded users' addresses
    settings     Django settings (`bench.settings`) and `urls`, `templates/` of the baseline
    client       the HTTP client of one user (cookies, CSRF, forms, log in with TOTP)
    measuring    users in threads, samples, percentiles
    flow         the partner's submit flow through the real forms
    data         seeding (once, kept), vacuum, removing what a run submitted
    processes    redis-server, gunicorn, the local PostgreSQL cluster
    setup        the environment and the services a run starts, in order
    pages        phase 1: each page at 8 users beside the baseline
    submissions  phase 2: 50 partners submit 1,000 requests at once
    outage       phase 3: the broker stops and PostgreSQL restarts under load
    report       the page table, the e-mails-exactly-once check, the summary

scripts/ is on the Python path (the entry script's folder), so the package is `bench`.
"""
