"""The demo of `make run`: `data` holds what is seeded, `seed` builds it, `pdf/` its letters."""
