"""Running the portal in production: the checks that refuse an unsafe set-up, health and
readiness endpoints, metrics, request ids in the logs and the optional error reporting."""
