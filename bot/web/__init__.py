"""The bot's HTTP side: ``/healthz`` and ``/metrics`` (and, in webhook mode, the webhook route
the caller adds to the same app).

Typical use::

    metrics = Metrics()  # the process's, also given to create_bot and create_services
    jobs = lambda: dp.workflow_data.get("background_jobs")  # noqa: E731
    probes = {**standard_probes(bot), "polling": polling_probe(metrics),
              "background": background_jobs_probe(jobs)}
    server = WebServer(create_web_app(metrics, probes), settings.web_host, settings.listen_port)
    await server.start()
    ...
    await server.stop()

Modules: ``probes`` (the checks), ``backends`` (the resolver chains' checks), ``health``
(running them, the JSON), ``application`` (the routes), ``server`` (start/stop).
"""

from bot.web.application import HEALTH_PATH, METRICS_PATH, create_web_app
from bot.web.backends import backend_probes, chain_probe
from bot.web.health import check_health, run_probe
from bot.web.probes import (
    BotApiProbe,
    Probe,
    ProbeResult,
    background_jobs_probe,
    database_probe,
    job_probe,
    last_update_probe,
    polling_probe,
    shared_state_probe,
    standard_probes,
    task_probe,
)
from bot.web.server import WebServer

__all__ = [
    "HEALTH_PATH",
    "METRICS_PATH",
    "BotApiProbe",
    "Probe",
    "ProbeResult",
    "WebServer",
    "background_jobs_probe",
    "backend_probes",
    "chain_probe",
    "check_health",
    "create_web_app",
    "database_probe",
    "job_probe",
    "last_update_probe",
    "polling_probe",
    "run_probe",
    "shared_state_probe",
    "standard_probes",
    "task_probe",
]
