"""gunicorn's configuration for one app server of the portal (docs/deploy/README.md).

Used by kpportal.service: `gunicorn --config docs/deploy/gunicorn.conf.py kpportal.wsgi:application`.
Where it listens and how many workers it runs come from the environment file (kpportal.env.example),
so that every app server runs this same file.
"""

import multiprocessing
import os

# The address nginx's upstream names for this server: 127.0.0.1 when nginx runs on the same machine,
# the private address when it does not (never a public one: the portal trusts nginx's headers).
bind = [address.strip() for address in os.environ.get("KP_GUNICORN_BIND", "127.0.0.1:8000").split(",")]

# Sync workers: nginx buffers slow clients, so a worker is busy only while it renders. A page takes
# the CPU for most of its time, so more workers than about twice the cores only queue.
workers = int(os.environ.get("KP_GUNICORN_WORKERS", str(2 * multiprocessing.cpu_count() + 1)))
worker_class = "sync"

# A worker silent for this long is killed and replaced; below nginx's proxy_read_timeout (60 s) so
# that a stuck request ends here, where it is logged, and nginx can try the other server.
timeout = 30
# On SIGTERM (systemctl stop, a deploy) workers finish the request they are serving, for at most
# this long; kpportal.service's TimeoutStopSec is longer.
graceful_timeout = 20
# nginx keeps connections to the upstream open between requests only if the server allows it.
keepalive = 5

# Several gunicorns may run on one machine: the control socket would be one path for all of them.
control_socket_disable = True
# The heartbeat file on memory, not disk: a slow disk must not make workers look dead.
worker_tmp_dir = "/dev/shm"
# New code is loaded by each new worker after `systemctl reload` (HUP) only without preloading.
preload_app = False
proc_name = "kpportal"

# Logs go to the journal (stdout/stderr). One access line per request: the reader's address as nginx
# forwarded it, the request, status, bytes, milliseconds, the upstream's view of the host.
accesslog = "-"
errorlog = "-"
loglevel = "warning"
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(B)s %(M)sms host=%({host}i)s pid=%(p)s'
# X-Forwarded-* are interpreted by the portal itself (DJANGO_TRUSTED_PROXY_COUNT), not by gunicorn.
forwarded_allow_ips = "127.0.0.1"
