"""gunicorn settings of one Vestnik app server: `gunicorn -c deploy/gunicorn.conf.py config.wsgi`.

Behind deploy/nginx/vestnik.conf: the address, the number of workers and the proxy's address
come from the environment (GUNICORN_BIND, GUNICORN_WORKERS, GUNICORN_FORWARDED_ALLOW_IPS).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Sync workers: a page is CPU and database work, no long polling. Two per core and one more.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
# The admin's slowest answer (an upload, an import started) within nginx's 120 s for the admin.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
# A worker is replaced now and then, so that no slow leak grows for weeks.
max_requests = 2000
max_requests_jitter = 200
# Who may say the request came over HTTPS (nginx on this machine, or the balancer's address).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
# No gunicornc control socket: its one default path would be shared by every server on the
# machine, and restarts go through systemd (or a signal) instead.
control_socket_disable = True
